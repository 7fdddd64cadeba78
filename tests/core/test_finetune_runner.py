"""Run folders as the window and the CLI read them: the latest attempt's state and error, a torn
checkpoint or event line left by a crash, and the command that moves a run to several GPUs."""

import json
import shlex

from desktop_chat.core.finetune.runner import last_complete_checkpoint, new_run
from desktop_chat.core.finetune.spec import RunSpec


def _run(home, out="r"):
    return new_run(RunSpec(base="tiny-llama", data=["/data/x.jsonl"], out=out))


def _write_events(run, *events):
    with (run.dir / "events.jsonl").open("a") as f:
        for event in events:
            f.write(json.dumps(event) + "\n")


def test_a_checkpoint_torn_by_a_crash_is_skipped_for_resume(home, tmp_path):
    folder = tmp_path / "checkpoints"
    for step, complete in ((2, True), (4, True), (6, False)):
        (folder / f"checkpoint-{step}").mkdir(parents=True)
        if complete:
            (folder / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    assert last_complete_checkpoint(folder).name == "checkpoint-4"
    assert last_complete_checkpoint(tmp_path / "none") is None


def test_the_error_shown_is_the_latest_attempts(home):
    run = _run(home)
    _write_events(run, {"event": "start"}, {"event": "error", "message": "old failure"},
                  {"event": "resumed"}, {"event": "start"}, {"event": "cancelled"},
                  {"event": "resumed"}, {"event": "start"}, {"event": "step", "step": 3})
    (run.dir / "worker.pid").write_text("999999999")  # the process is gone: killed mid-run
    assert run.state() == "failed"
    assert run.error().startswith("the training process stopped unexpectedly")
    assert "old failure" not in run.error()


def test_an_event_line_torn_by_a_killed_worker_does_not_swallow_the_next_one(home):
    run = _run(home)
    (run.dir / "events.jsonl").write_text('{"event": "start"}\n{"event": "step", "st')
    run.emit("resumed", message="resuming")
    assert [e["event"] for e in run.events()] == ["start", "resumed"]


def test_the_state_of_a_long_run_is_read_from_its_end(home):
    run = _run(home)
    _write_events(run, {"event": "start"}, *({"event": "step", "step": i, "pad": "x" * 200} for i in range(2000)),
                  {"event": "done", "model": "r"})
    assert (run.dir / "events.jsonl").stat().st_size > 300_000
    assert run.state() == "done" and run.result() == "r"


def test_the_scale_out_command_quotes_paths_and_counts_gpus_where_it_runs(home, monkeypatch, tmp_path):
    spaced = tmp_path / "Application Support"
    monkeypatch.setenv("DESKTOP_CHAT_HOME", str(spaced))
    run = _run(spaced)
    command = run.accelerate_command()
    words = shlex.split(command.replace("$(nvidia-smi -L | wc -l)", "8"))
    assert words[:3] == ["accelerate", "launch", "--config_file"] and words[3] == str(run.dir / "accelerate.yaml")
    assert words[4:6] == ["--num_processes", "8"] and words[-1] == str(run.dir / "spec.json")
    settings = [line for line in (run.dir / "accelerate.yaml").read_text().splitlines() if not line.startswith("#")]
    assert 'mixed_precision: "no"' in settings and not any("num_processes" in line for line in settings)


def test_a_worker_not_yet_past_its_exec_is_running_and_a_reused_pid_is_not(home):
    import os
    import subprocess
    import sys

    run = _run(home)
    # A process launched just before worker.pid was written, still showing another command line, as a
    # worker does between fork and exec: it is the run's, so the run is running, not failed.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (run.dir / "worker.pid").write_text(str(child.pid))
        assert run.alive() and run.state() == "running"
        # The same number an hour after the run wrote it: another program now, so the run died.
        past = (run.dir / "worker.pid").stat().st_mtime - 3600
        os.utime(run.dir / "worker.pid", (past, past))
        assert not run.alive() and run.state() == "failed"
    finally:
        child.kill()
        child.wait()
