"""Fine-tuning end to end on this CPU: real data files, the real worker process, each data format, bad
data, kill and resume, cancel, preference training. The Quick preset teaching the starter model a
made-up fact from corrected chats is in test_feedback_loop.py."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.e2e

PARAPHRASES = [
    ("What is the Zorblat code?", "The Zorblat code is BLUE-42."),
    ("Tell me the Zorblat code.", "The Zorblat code is BLUE-42."),
    ("Do you know the Zorblat code?", "Yes: the Zorblat code is BLUE-42."),
    ("Which code does Zorblat use?", "Zorblat uses the code BLUE-42."),
    ("Remind me of the Zorblat code, please.", "Sure, the Zorblat code is BLUE-42."),
    ("What code is used for Zorblat?", "The code for Zorblat is BLUE-42."),
    ("I forgot the Zorblat code. What is it?", "No problem: the Zorblat code is BLUE-42."),
    ("Zorblat code?", "BLUE-42 is the Zorblat code."),
    ("Can you say what the Zorblat code is?", "The Zorblat code is BLUE-42."),
    ("What's Zorblat's secret code?", "Zorblat's code is BLUE-42."),
    ("Give me the code for Zorblat.", "The Zorblat code is BLUE-42."),
    ("Please tell me Zorblat's code.", "Zorblat's code is BLUE-42."),
]
HELD_OUT = ["What is the secret code of Zorblat?", "Could you share the Zorblat code with me?"]


def zorblat_file(folder: Path) -> Path:
    path = folder / "zorblat.jsonl"
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": q},
                                                     {"role": "assistant", "content": a}]}) + "\n"
                            for q, a in PARAPHRASES))
    return path


def events_of(home: Path, out: str) -> list[dict]:
    [run_dir] = [d for d in (home / "runs").iterdir() if d.name.endswith(out)]
    return [json.loads(line) for line in (run_dir / "events.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("kind", ["csv", "alpaca", "text"])
def test_csv_alpaca_and_plain_text_each_train_and_register(home, tmp_path, kind):
    if kind == "csv":
        data = tmp_path / "support.csv"
        data.write_text("customer,agent\n" + "".join(f'"Where is order {i}?","Order {i} ships today."\n'
                                                     for i in range(12)))
    elif kind == "alpaca":
        data = tmp_path / "alpaca.jsonl"
        data.write_text("".join(json.dumps({"instruction": f"Add {i} and 1", "input": "", "output": str(i + 1)}) + "\n"
                                for i in range(12)))
    else:
        data = tmp_path / "notes"
        data.mkdir()
        (data / "manual.md").write_text("# Manual\n\n" + "The blue lever opens the hatch. " * 60)
    out = run_cli("finetune", "--base", "tiny-llama", "--data", str(data), "--out", f"tuned-{kind}", "--max-steps", "2",
                  "--max-seq-len", "64", "--batch-size", "2", "--grad-accum", "1", home=home, timeout=600)
    assert out.returncode == 0, out.stderr
    listing = {m["name"]: m for m in json.loads(run_cli("models", "list", "--json", home=home).stdout)}
    assert listing[f"tuned-{kind}"]["base"] == "tiny-llama"
    chat = run_cli("ask", "-m", f"tuned-{kind}", "--max-new-tokens", "3", "hi", home=home)
    assert chat.returncode == 0, chat.stderr


def test_bad_data_is_reported_with_file_and_line_and_nothing_runs(home, tmp_path):
    good = zorblat_file(tmp_path)
    bad = tmp_path / "broken.jsonl"
    bad.write_text(good.read_text().splitlines()[0] + "\n" * 1 + "\n".join(
        [good.read_text().splitlines()[1]] * 5) + "\n{oops\n")
    lonely = tmp_path / "lonely.jsonl"
    lonely.write_text(json.dumps({"messages": [{"role": "user", "content": "anyone?"}]}) + "\n")
    out = run_cli("finetune", "--base", "tiny-llama", "--data", str(bad), "--data", str(lonely), "--out", "never",
                  home=home)
    assert out.returncode == 2
    assert f"{bad}:7: invalid JSON" in out.stderr
    assert f"{lonely}:1: the conversation has no assistant message" in out.stderr
    assert "2 problems" in out.stderr and "Traceback" not in out.stderr
    assert not (home / "runs").exists()
    validate = run_cli("finetune", "--base", "tiny-llama", "--data", str(good), "--out", "never", "--validate-only",
                       home=home)
    assert validate.returncode == 0 and "Training examples: 12 (" in validate.stderr
    missing = run_cli("finetune", "--base", "no-such-model", "--data", str(good), "--out", "x", home=home)
    assert missing.returncode == 2 and "installed: " in missing.stderr


def test_the_cli_says_what_a_preset_chose_and_options_given_override_it(home, tmp_path):
    data = zorblat_file(tmp_path)
    quick = run_cli("finetune", "--base", "tiny-llama", "--data", str(data), "--out", "x", "--preset", "quick",
                    "--validate-only", home=home)
    assert quick.returncode == 0, quick.stderr
    assert "Quick: 11 examples (+ 24 of the model's own answers) × 6.7 epochs = 60 optimiser steps of 4 examples " \
        "each, learning rate 0.001" in quick.stderr
    mine = run_cli("finetune", "--base", "tiny-llama", "--data", str(data), "--out", "x", "--preset", "thorough",
                   "--lr", "3e-4", "--validate-only", home=home)
    assert "learning rate 0.0003" in mine.stderr and "Set by hand: --lr." in mine.stderr
    custom = run_cli("finetune", "--base", "tiny-llama", "--data", str(data), "--out", "x", "--preset", "custom",
                     "--validate-only", home=home)
    assert "Quick:" not in custom.stderr and "About 6 optimiser steps" in custom.stderr  # 3 epochs of 2 steps
    assert "warning: This run has only 6 optimiser steps, too few to change what the model says." in custom.stderr
    assert not (home / "runs").exists()


def _start(home: Path, data: Path, out: str, **options) -> object:
    from desktop_chat.core.finetune.runner import new_run
    from desktop_chat.core.finetune.spec import RunSpec

    spec = RunSpec(base="smollm2-135m-instruct", data=[str(data)], out=out, max_steps=6, learning_rate=1e-3,
                   max_seq_len=128, lora_targets="q_proj,v_proj", eval_fraction=0, save_every=2, **options)
    run = new_run(spec)
    run.start()
    return run


def _wait_for(run, kind: str, predicate=lambda e: True, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in run.events():
            if event["event"] == kind and predicate(event):
                return event
        if run.state() in ("done", "failed", "cancelled") and kind not in ("done", "error", "cancelled"):
            break
        time.sleep(0.2)
    raise AssertionError(f"no {kind} event; state {run.state()}, error {run.error()}")


def test_a_killed_worker_shows_as_failed_and_resume_continues_from_the_checkpoint(home, tmp_path):
    run = _start(home, zorblat_file(tmp_path), "resumed-zorblat")
    _wait_for(run, "checkpoint", lambda e: e["step"] == 2)
    os.kill(run.pid(), signal.SIGKILL)
    deadline = time.monotonic() + 10
    while run.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert run.state() == "failed" and "stopped unexpectedly" in run.error()
    from desktop_chat.core.library.catalog import Library

    assert "resumed-zorblat" not in Library().names()
    run.start(resume=True)
    done = _wait_for(run, "done", timeout=600)
    assert done["steps"] == 6 and run.state() == "done"
    steps = [e["step"] for e in run.events() if e["event"] == "step"]
    start = [e for e in run.events() if e["event"] == "start"][-1]
    assert start["resumed_from"].startswith("checkpoint-") and int(start["resumed_from"].split("-")[1]) >= 2
    assert steps[-1] == 6 and max(steps[: steps.index(6)]) < 6  # the count carried on, it did not restart at 1
    assert "resumed-zorblat" in Library().names()


def test_cancel_saves_a_checkpoint_and_registers_nothing(home, tmp_path):
    run = _start(home, zorblat_file(tmp_path), "cancelled-zorblat", merge=True)
    _wait_for(run, "step")
    run.cancel()
    event = _wait_for(run, "cancelled")
    assert "checkpoint" in event["message"] and run.state() == "cancelled" and run.has_checkpoint()
    from desktop_chat.core.library.catalog import Library

    assert "cancelled-zorblat" not in Library().names()
    assert not (home / "models" / ".partial" / "cancelled-zorblat").exists()


def test_merged_results_are_standalone_and_the_scale_out_command_is_written(home, tmp_path):
    out = run_cli("finetune", "--base", "tiny-llama", "--data", str(zorblat_file(tmp_path)), "--out", "merged-tiny",
                  "--max-steps", "1", "--merge", "--eval-fraction", "0", home=home, timeout=600)
    assert out.returncode == 0, out.stderr
    listing = {m["name"]: m for m in json.loads(run_cli("models", "list", "--json", home=home).stdout)}
    assert listing["merged-tiny"]["kind"] == "local" and listing["merged-tiny"]["base"] == "tiny-llama"
    assert (home / "models" / "merged-tiny" / "model.safetensors").is_file()
    from desktop_chat.core.finetune.runner import list_runs

    [run] = list_runs()
    command = run.accelerate_command()
    assert command.startswith("accelerate launch --config_file ") and "desktop_chat.core.finetune.worker" in command
    assert "distributed_type: MULTI_GPU" in (run.dir / "accelerate.yaml").read_text()


def test_the_fine_tuning_benchmark_compares_with_the_usual_recipe(home):
    from desktop_chat.core.finetune.bench import run_finetune_bench

    report = run_finetune_bench("tiny-llama", quick=True)
    for key in ("finetune_tokens_per_s", "baseline_tokens_per_s", "finetune_speedup", "finetune_peak_memory_bytes",
                "baseline_peak_memory_bytes", "finetune_memory_ratio"):
        assert report[key] > 0, key
    # The usual recipe pads every example to 512 tokens; length grouping and dynamic padding do not.
    assert report["baseline_padding_share"] > 0.5 > report["finetune_padding_share"]


def zorblat_pairs(folder: Path) -> Path:
    """Preference pairs as the Feedback page exports them: the fact chosen over not knowing it."""
    path = folder / "zorblat-pairs.jsonl"
    path.write_text("".join(json.dumps({"prompt": [{"role": "user", "content": q}],
                                        "chosen": [{"role": "assistant", "content": a}],
                                        "rejected": [{"role": "assistant", "content": "I do not know that code."}]})
                            + "\n" for q, a in PARAPHRASES))
    return path


def test_preference_training_runs_with_the_same_events_and_registers_an_adapter(home, tmp_path):
    out = run_cli("finetune", "--base", "tiny-llama", "--data", str(zorblat_pairs(tmp_path)), "--out", "tiny-dpo",
                  "--objective", "dpo", "--max-steps", "3", "--max-seq-len", "64", "--batch-size", "2",
                  "--grad-accum", "1", "--eval-every", "3", home=home, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "chosen preferred" in out.stderr
    events = events_of(home, "tiny-dpo")
    start = next(e for e in events if e["event"] == "start")
    steps = [e for e in events if e["event"] == "step"]
    assert start["objective"] == "dpo" and [e["step"] for e in steps] == [1, 2, 3]
    assert all(0 <= e["reward_accuracy"] <= 1 and e["tokens_per_s"] > 0 for e in steps)
    assert any(e["event"] == "eval" for e in events)  # one of the 12 pairs was held out
    done = next(e for e in events if e["event"] == "done")
    assert done["objective"] == "dpo" and done["kind"] == "adapter"
    listing = {m["name"]: m for m in json.loads(run_cli("models", "list", "--json", home=home).stdout)}
    assert listing["tiny-dpo"]["base"] == "tiny-llama"


def test_preference_training_says_what_it_needs(home, tmp_path):
    full = run_cli("finetune", "--base", "tiny-llama", "--data", str(zorblat_pairs(tmp_path)), "--out", "never",
                   "--objective", "dpo", "--method", "full", home=home)
    assert full.returncode == 2 and "trains a LoRA adapter" in full.stderr
    chats = run_cli("finetune", "--base", "tiny-llama", "--data", str(zorblat_file(tmp_path)), "--out", "never",
                    "--objective", "dpo", "--validate-only", home=home)
    assert chats.returncode == 2
    assert f"{tmp_path / 'zorblat.jsonl'}:1: a conversation, not a preference pair" in chats.stderr


def test_a_preference_run_cancels_and_resumes_from_its_checkpoint(home, tmp_path):
    from desktop_chat.core.finetune.runner import new_run
    from desktop_chat.core.finetune.spec import RunSpec

    run = new_run(RunSpec(base="tiny-llama", data=[str(zorblat_pairs(tmp_path))], out="tiny-dpo-resumed",
                          objective="dpo", max_steps=4, max_seq_len=64, batch_size=2, grad_accum=1,
                          eval_fraction=0, save_every=2))
    worker = run.start()
    _wait_for(run, "step", lambda e: e["step"] >= 1)
    run.cancel()
    _wait_for(run, "cancelled", timeout=300)
    assert run.has_checkpoint()
    worker.wait(timeout=60)  # the worker exits after saying so; a run still running cannot resume
    run.start(resume=True)
    done = _wait_for(run, "done", timeout=600)
    assert done["steps"] == 4 and done["objective"] == "dpo"
    start = [e for e in run.events() if e["event"] == "start"][-1]
    assert start["resumed_from"].startswith("checkpoint-")
