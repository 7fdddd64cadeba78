"""Starts, follows, cancels and resumes fine-tuning runs; each is a folder runs/<id>/ with
spec.json, events.jsonl (what the worker reported), worker.log, checkpoints/ and the result.

The worker is its own process in its own session: a crash or OOM there never takes the window
down, and closing the window does not stop it; reopening reattaches from events.jsonl.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_chat.core import paths
from desktop_chat.core.child import module_command
from desktop_chat.core.errors import BadInput
from desktop_chat.core.finetune.spec import RunSpec
from desktop_chat.core.finetune.worker import STARTED_BY_RUNNER
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, carried_message, fill, plural, translate
from desktop_chat.core.jsonl import iter_jsonl

TERMINAL = ("done", "error", "cancelled")
PID_CLOCK_SLACK_S = 2.0  # a process's start time is known to the second (the boot time is)
# What Run.state() returns, as the window words it.
STATE_WORDS = {"running": QT_TRANSLATE_NOOP("Core", "running"), "done": QT_TRANSLATE_NOOP("Core", "done"),
               "failed": QT_TRANSLATE_NOOP("Core", "failed"), "cancelled": QT_TRANSLATE_NOOP("Core", "cancelled"),
               "not started": QT_TRANSLATE_NOOP("Core", "not started")}


@dataclass
class Run:
    dir: Path

    @property
    def id(self) -> str:
        return self.dir.name

    @property
    def spec(self) -> RunSpec:
        return RunSpec.load(self.dir / "spec.json")

    def events(self) -> list[dict[str, Any]]:
        """Every event so far (a line still being written is left out)."""
        return EventReader(self.dir / "events.jsonl").read_new()

    def latest_event(self, *wanted: str) -> dict[str, Any] | None:
        """The newest event of a `wanted` kind, read from the end of the file (cheap for long runs)."""
        path = self.dir / "events.jsonl"
        try:
            with path.open("rb") as f:
                size = f.seek(0, os.SEEK_END)
                f.seek(max(0, size - TAIL_BYTES))
                tail = f.read()
        except OSError:
            return None
        if size > TAIL_BYTES:
            tail = tail[tail.find(b"\n") + 1:]  # the first line is cut
        found = next((e for e in reversed(_parse_lines(tail)) if e["event"] in wanted), None)
        if found is None and size > TAIL_BYTES:
            found = next((e for e in reversed(self.events()) if e["event"] in wanted), None)
        return found

    def pid(self) -> int | None:
        try:
            return int((self.dir / "worker.pid").read_text())
        except (OSError, ValueError):
            return None

    def alive(self) -> bool:
        import psutil

        pid = self.pid()
        if pid is None:
            return False
        try:
            process = psutil.Process(pid)
            if not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                return False
            # The process start() launched was created before it wrote worker.pid; until its exec it shows
            # the launcher's command line (long enough on a busy machine to look dead). A later process
            # given the same number is someone else, unless it is a worker.
            if process.create_time() <= (self.dir / "worker.pid").stat().st_mtime + PID_CLOCK_SLACK_S:
                return True
            return any("desktop_chat.core.finetune.worker" in part for part in process.cmdline())
        except (psutil.Error, OSError):
            return False

    def state(self) -> str:
        """'running', 'done', 'failed', 'cancelled' or 'not started'."""
        last = self.latest_event(*TERMINAL, "start", "resumed")
        if last is not None and last["event"] in TERMINAL:  # final, even while the process is still exiting
            return {"done": "done", "cancelled": "cancelled"}.get(last["event"], "failed")
        if self.alive():
            return "running"
        return "failed" if self.pid() is not None else "not started"

    def error(self) -> str | None:
        """Why a failed run failed: its error event, or the end of worker.log if it was killed.
        Only the latest attempt counts: the search stops where it (re)started."""
        for event in reversed(self.events()):
            if event["event"] == "error":
                return carried_message(event)
            if event["event"] in ("done", "cancelled"):
                return None
            if event["event"] in ("start", "resumed"):
                break
        try:
            tail = (self.dir / "worker.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        except OSError:
            tail = []
        if tail:
            return fill(translate("Core", "the training process stopped unexpectedly: %1"), " / ".join(tail))
        return translate("Core", "the training process stopped unexpectedly (it was killed or crashed)")

    def result(self) -> str | None:
        done = self.latest_event("done")
        return done.get("model") if done else None

    def has_checkpoint(self) -> bool:
        return last_complete_checkpoint(self.dir / "checkpoints") is not None

    # ------------------------------------------------------------------------------------ control

    def start(self, resume: bool = False) -> subprocess.Popen:
        """Launch the worker (in its own session, so it outlives the window)."""
        if self.alive():
            raise BadInput(translate("Core", "run %1 is already running"), self.id)
        spec = self.spec
        if resume:
            if not self.has_checkpoint():
                raise BadInput(translate("Core", "run %1 has no checkpoint to resume from"), self.id)
            spec.resume = True
            spec.save(self.dir / "spec.json")
            resuming = QT_TRANSLATE_NOOP("Core", "resuming from the last checkpoint")  # the window translates it
            self.emit("resumed", message=resuming, template=resuming, values=[])
        (self.dir / "cancel").unlink(missing_ok=True)
        log = (self.dir / "worker.log").open("ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false", STARTED_BY_RUNNER: "1"}
        process = subprocess.Popen(module_command("desktop_chat.core.finetune.worker", str(self.dir / "spec.json")),
                                   stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL, env=env,
                                   start_new_session=True)
        log.close()
        (self.dir / "worker.pid").write_text(str(process.pid))
        return process

    def cancel(self) -> None:
        """Ask the worker to save a checkpoint and stop (it checks after every optimiser step)."""
        (self.dir / "cancel").touch()

    def emit(self, event: str, **fields: Any) -> None:
        path = self.dir / "events.jsonl"
        with path.open("a+b") as f:
            # A killed worker may have left its last line unfinished: start ours on a line of its own.
            torn = False
            if f.seek(0, os.SEEK_END) > 0:
                f.seek(-1, os.SEEK_END)
                torn = f.read(1) != b"\n"
            line = json.dumps({"event": event, "time": round(time.time(), 3), **fields}, ensure_ascii=False)
            f.write((("\n" if torn else "") + line + "\n").encode("utf-8"))

    def follow(self, on_events: Callable[[list[dict[str, Any]]], None], stop: threading.Event | None = None,
               poll_s: float = 0.2, start_at: int = 0) -> str:
        """Call `on_events` with each batch of new events (skipping the first `start_at`) until the run
        ends; returns the final state. The file is read on from where the last read stopped."""
        stop = stop or threading.Event()
        reader = EventReader(self.dir / "events.jsonl")
        skip = start_at
        last_kind = None
        quiet_checks = 0
        while not stop.is_set():
            batch = reader.read_new()
            if batch:
                last_kind = batch[-1]["event"]
            batch, skip = batch[skip:], max(0, skip - len(batch))
            if batch:
                on_events(batch)
            if last_kind in TERMINAL and not self.alive():
                return self.state()
            if not self.alive():
                quiet_checks += 1
                if quiet_checks > 10:  # ~2 s with no worker and no final event: it died
                    return self.state()
            else:
                quiet_checks = 0
            stop.wait(poll_s)
        return self.state()

    def accelerate_command(self) -> str:
        """The command that runs this same training on several GPUs or machines, after writing the
        accelerate config it uses (multi-GPU DDP; edit it for FSDP, DeepSpeed or several nodes)."""
        config = self.dir / "accelerate.yaml"
        config.write_text(ACCELERATE_CONFIG, encoding="utf-8")
        # The process count is the GPU count of the machine that runs the command, not of this one.
        return (f"accelerate launch --config_file {shlex.quote(str(config))} --num_processes "
                f"$(nvidia-smi -L | wc -l) -m desktop_chat.core.finetune.worker "
                f"{shlex.quote(str(self.dir / 'spec.json'))}")


ACCELERATE_CONFIG = """\
# accelerate config for this run: one machine, every GPU (--num_processes on the command line),
# data parallel (DDP). The run's own precision setting (fp16 / bf16 / auto) applies, so
# mixed_precision stays "no" here. For several machines set num_machines, machine_rank and
# main_process_ip on each; for FSDP (with fsdp_state_dict_type: FULL_STATE_DICT, so the result
# can be saved whole) or DeepSpeed change distributed_type (see `accelerate config`).
compute_environment: LOCAL_MACHINE
distributed_type: MULTI_GPU
num_machines: 1
machine_rank: 0
mixed_precision: "no"
main_training_function: main
use_cpu: false
"""


def new_run(spec: RunSpec) -> Run:
    """A new run folder with its spec.json (not started)."""
    spec.validate()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    root = paths.runs_dir()
    root.mkdir(parents=True, exist_ok=True)
    run_dir = root / f"{stamp}-{spec.out}"
    suffix = 1
    while run_dir.exists():
        suffix += 1
        run_dir = root / f"{stamp}-{spec.out}-{suffix}"
    run_dir.mkdir()
    spec.data = [str(Path(p).expanduser().resolve()) for p in spec.data]
    spec.save(run_dir / "spec.json")
    return Run(run_dir)


def list_runs() -> list[Run]:
    """Every run, newest first."""
    root = paths.runs_dir()
    if not root.is_dir():
        return []
    return [Run(d) for d in sorted(root.iterdir(), reverse=True) if (d / "spec.json").is_file()]


def get_run(run_id: str) -> Run:
    run = Run(paths.runs_dir() / run_id)
    if not (run.dir / "spec.json").is_file() or "/" in run_id or run_id.startswith("."):
        known = ", ".join(r.id for r in list_runs()[:5]) or "none"
        raise BadInput(f"no fine-tuning run '{run_id}' (recent: {known})")
    return run


TAIL_BYTES = 64 << 10


class EventReader:
    """Reads an events.jsonl file incrementally: complete lines only, from where it stopped."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def read_new(self) -> list[dict[str, Any]]:
        try:
            with self.path.open("rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return []
        end = data.rfind(b"\n")
        if end < 0:
            return []  # nothing new, or a line still being written
        self.offset += end + 1
        return _parse_lines(data[: end + 1])


def _parse_lines(data: bytes) -> list[dict[str, Any]]:
    # A line torn by a killed process is not JSON, and is skipped.
    return [line.value for line in iter_jsonl(data)
            if line.error is None and isinstance(line.value, dict) and "event" in line.value]


def last_complete_checkpoint(folder: Path) -> Path | None:
    """The newest checkpoint-N folder that was written completely (transformers writes
    trainer_state.json last), so a checkpoint torn by a crash never blocks Resume."""
    found = []
    for candidate in folder.glob("checkpoint-*") if folder.is_dir() else ():
        number = candidate.name.removeprefix("checkpoint-")
        if number.isdigit() and (candidate / "trainer_state.json").is_file():
            found.append((int(number), candidate))
    return max(found)[1] if found else None


def iter_steps(events: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (e for e in events if e["event"] == "step")


def describe_smoke_result(result: dict[str, Any], width: int = 80) -> str:
    """One line for a smoke-test reply: the prompt, the start of the reply, and whether it stopped."""
    reply = result["reply"] if len(result["reply"]) <= width else result["reply"][:width].rstrip() + "…"
    if result["stopped"]:
        return fill(translate("Core", "smoke test: %1 → %2 (stops at its end-of-turn token)"),
                    repr(result["prompt"]), repr(reply))
    return fill(plural(result["tokens"],
                       QT_TRANSLATE_NOOP("Core", "smoke test: %1 → %2 (did NOT stop within %Ln token)"),
                       QT_TRANSLATE_NOOP("Core", "smoke test: %1 → %2 (did NOT stop within %Ln tokens)")),
                repr(result["prompt"]), repr(reply))
