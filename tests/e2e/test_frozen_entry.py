"""The packaged app's executable stands in for `python -m MODULE` (desktop_chat/frozen.py): the
fine-tuning worker started through it works, and it runs nothing but the app's own modules.

Here the stand-in is `python desktop_chat/frozen.py`, the script PyInstaller freezes; the bundle
itself is tested by `make package-test`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_chat.core.child import module_command

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
ENTRY = REPO / "desktop_chat" / "frozen.py"


def _entry(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(ENTRY), *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_entry_runs_the_command_line_and_the_apps_modules(home):
    assert _entry("--version", home=home).stdout.startswith("desktop-chat ")
    listed = _entry("-m", "desktop_chat", "models", "list", home=home)
    assert listed.returncode == 0 and "smollm2-135m-instruct" in listed.stdout
    usage = _entry("-m", "desktop_chat.core.finetune.worker", home=home)
    assert usage.returncode == 2 and "usage: python -m desktop_chat.core.finetune.worker" in usage.stderr


def test_the_entry_refuses_modules_that_are_not_the_apps(home):
    out = _entry("-m", "http.server", home=home)
    assert out.returncode == 2 and "runs the app's own modules" in out.stderr
    assert _entry("-m", home=home).returncode == 2


def test_a_fine_tuning_worker_started_through_the_entry_checks_its_data(home, tmp_path, monkeypatch):
    from desktop_chat.core.finetune.runner import Run
    from desktop_chat.core.finetune.spec import RunSpec

    bundle = tmp_path / "desktop-chat"  # what sys.executable is in the bundle: the app's own executable
    bundle.write_text(f"#!/bin/sh\nPYTHONPATH={REPO} exec {sys.executable} {ENTRY} \"$@\"\n")
    bundle.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bundle))
    assert module_command("desktop_chat.core.finetune.worker", "spec.json")[:3] == \
        [str(bundle), "-m", "desktop_chat.core.finetune.worker"]
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                             {"role": "assistant", "content": "Hello!"}]}) + "\n" +
                    "{not json\n")
    RunSpec(base="tiny-llama", data=[str(data)], out="never-made", eval_fraction=0,
            validate_only=True).save(run_dir / "spec.json")
    run = Run(run_dir)
    assert run.start().wait(300) == 2  # the worker read the file through the entry and refused its bad line
    assert "data.jsonl:2" in (run.error() or "")
    data.write_text(data.read_text().splitlines()[0] + "\n")
    assert run.start().wait(300) == 0
    assert run.latest_event("validated")["train_examples"] == 1
    assert not (home / "models" / "never-made").exists()
