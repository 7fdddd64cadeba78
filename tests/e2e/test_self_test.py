"""`desktop-chat --self-test` from source: every check passes in a working data folder, and a
broken one is named and fails the run (the packaged app runs the same checks: make package-test)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.e2e

CHECKS = ("model", "history", "server", "fine-tune worker", "window")


def test_every_check_passes_and_is_reported_on_its_own_line(home):
    out = run_cli("--self-test", home=home, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith(("ok ", "FAIL"))]
    assert [line.split(":")[0].split(None, 1)[1] for line in lines] == list(CHECKS)
    assert all(line.startswith("ok ") for line in lines)
    assert "answered 'The capital of France" in lines[0]
    assert "checked 3 examples and exited" in lines[3]
    assert out.stdout.rstrip().endswith("self-test passed: 5 of 5 checks passed")
    assert not (home / "runs").exists() or not any((home / "runs").iterdir())  # no run left behind
    assert "self-test-check" not in run_cli("models", "list", home=home).stdout


def test_a_history_that_cannot_open_fails_the_run_and_says_which_check(home):
    (home / "chats.sqlite3").mkdir()  # a folder where the history file should be
    out = run_cli("--self-test", home=home, timeout=900)
    assert out.returncode == 1
    assert any(line.startswith("FAIL history: ") for line in out.stdout.splitlines()), out.stdout
    assert any(line.startswith("ok   model: ") for line in out.stdout.splitlines())
    assert "self-test FAILED" in out.stdout
    # The window says at once that the chats cannot be opened (it would retry for ever): no 120 s wait.
    assert any(line.startswith("FAIL window: RuntimeError: the window showed: Your chats cannot be opened yet")
               for line in out.stdout.splitlines()), out.stdout
