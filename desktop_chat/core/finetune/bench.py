"""`desktop-chat bench --finetune`: training throughput and peak memory of desktop-chat's setup
against the usual recipe (plain Trainer, default collator, every example padded to the maximum
length), on the same model, data, hyper-parameters and hardware.

Each side trains in a child process of its own (so its peak memory is its own) on the same
synthetic customer-service conversations of varied length. Throughput counts real tokens
(padding excluded) per second of training.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_chat.core.child import module_command
from desktop_chat.core.finetune.spec import RunSpec

TOPICS = ["a late delivery", "a broken charger", "a double charge on my card", "changing my address",
          "a missing refund", "resetting my password", "cancelling my subscription", "a damaged parcel"]
FILLER = ("I have tried the usual things and read the help pages, but nothing has worked so far and I am "
          "getting a bit worried about it. ")
REPLY = ("Thank you for your patience. I have looked into this for you and here is what happens next. ")


def write_dialogues(path: Path, count: int = 160, seed: int = 0) -> Path:
    """Customer-service conversations whose lengths vary the way real ones do (a few words to ~400 tokens)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            topic = TOPICS[i % len(TOPICS)]
            question = f"Hello, I need help with {topic}. " + FILLER * rng.choice([0, 0, 1, 1, 2, 4])
            answer = f"I am sorry about {topic}. " + REPLY * rng.choice([0, 1, 1, 2, 3, 6, 9])
            f.write(json.dumps({"messages": [{"role": "user", "content": question},
                                             {"role": "assistant", "content": answer}]}) + "\n")
    return path


def run_finetune_bench(model: str, quick: bool = False, progress: Any = None) -> dict[str, Any]:
    steps = 3 if quick else 8
    with tempfile.TemporaryDirectory(prefix="desktop-chat-ft-bench-") as tmp:
        data = write_dialogues(Path(tmp) / "dialogues.jsonl")
        spec = RunSpec(base=model, data=[str(data)], out="bench", max_steps=steps, batch_size=4, grad_accum=2,
                       max_seq_len=512, eval_fraction=0, lora_targets="all-linear")
        spec_path = Path(tmp) / "spec.json"
        spec.save(spec_path)
        results = {}
        for mode in ("desktop-chat", "baseline"):
            if progress is not None:
                progress(f"fine-tuning bench: {mode}", None)
            out = subprocess.run(module_command("desktop_chat.core.finetune.bench", mode, str(spec_path)),
                                 capture_output=True, text=True, timeout=3600)
            if out.returncode != 0:
                raise RuntimeError(f"{mode} run failed: {out.stderr.strip().splitlines()[-1:]}")
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    ours, base = results["desktop-chat"], results["baseline"]
    return {
        "model": model, "steps": steps, "batch_size": 4, "grad_accum": 2, "max_seq_len": 512, "method": "lora",
        "device": ours["device"],
        "finetune_tokens_per_s": ours["tokens_per_s"], "baseline_tokens_per_s": base["tokens_per_s"],
        "finetune_speedup": round(ours["tokens_per_s"] / base["tokens_per_s"], 2),
        "finetune_peak_memory_bytes": ours["peak_bytes"], "baseline_peak_memory_bytes": base["peak_bytes"],
        "finetune_memory_ratio": round(ours["peak_bytes"] / base["peak_bytes"], 3),
        "finetune_padding_share": ours["padding_share"], "baseline_padding_share": base["padding_share"],
    }


def _child(mode: str, spec_path: Path) -> dict[str, Any]:
    """Train `spec` for its max_steps the desktop-chat way or the baseline way; measure."""
    from desktop_chat.core.finetune.data import load_training_tokenizer, prepare, read_data
    from desktop_chat.core.hfutil import quiet_transformers
    from desktop_chat.core.inference.devices import resolve_device
    from desktop_chat.core.library.catalog import Library

    quiet_transformers()
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import (
        AutoModelForCausalLM,
        DataCollatorForSeq2Seq,
        Trainer,
        TrainingArguments,
        default_data_collator,
    )

    spec = RunSpec.load(spec_path)
    base = Library().get(spec.base)
    device = resolve_device(spec.device)
    tokenizer = load_training_tokenizer(base.path)
    prepared = prepare(tokenizer, read_data([Path(p) for p in spec.data]), spec.max_seq_len, 0, spec.seed)
    rows = prepared.train
    if mode == "baseline":  # the usual recipe: every example padded to the maximum length
        padded = []
        for row in rows:
            pad = spec.max_seq_len - len(row["input_ids"])
            padded.append({"input_ids": row["input_ids"] + [tokenizer.pad_token_id] * pad,
                           "labels": row["labels"] + [-100] * pad,
                           "attention_mask": row["attention_mask"] + [0] * pad})
        rows = padded
    model: Any = AutoModelForCausalLM.from_pretrained(base.path, dtype=torch.float32 if device.type == "cpu"
                                                 else torch.float16)
    model = get_peft_model(model, LoraConfig(r=spec.lora_r, lora_alpha=spec.lora_alpha, target_modules="all-linear",
                                             task_type="CAUSAL_LM"))

    class Rows(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return len(rows)

        def __getitem__(self, i: int) -> dict[str, Any]:
            return {k: torch.tensor(v) for k, v in rows[i].items()} if mode == "baseline" else rows[i]

    output = Path(tempfile.mkdtemp(prefix="desktop-chat-bench-ckpt-"))
    arguments = TrainingArguments(
        output_dir=str(output), per_device_train_batch_size=spec.batch_size,
        gradient_accumulation_steps=spec.grad_accum, learning_rate=spec.lr, max_steps=spec.max_steps,
        logging_steps=1, save_strategy="no", report_to="none", disable_tqdm=True, seed=spec.seed,
        use_cpu=device.type == "cpu", fp16=device.type == "cuda", remove_unused_columns=False,
        include_num_input_tokens_seen="non_padding",
        train_sampling_strategy="group_by_length" if mode == "desktop-chat" else "random",
    )
    collator = DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100,  # as worker._trainer does
                                      pad_to_multiple_of=8 if device.type == "cuda" else None) \
        if mode == "desktop-chat" else default_data_collator
    seen_padded = {"all": 0}

    def counting_collator(features: list[dict[str, Any]]) -> dict[str, Any]:
        batch = collator(features)
        seen_padded["all"] += int(batch["input_ids"].numel())
        return batch

    trainer = Trainer(model=model, args=arguments, train_dataset=Rows(), data_collator=counting_collator)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - started
    real = trainer.state.num_input_tokens_seen
    if device.type == "cuda":
        peak = torch.cuda.max_memory_allocated()
    else:
        import resource  # POSIX only; the CPU figure is the process's peak resident memory

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"mode": mode, "device": str(device), "seconds": round(seconds, 2), "tokens": real,
            "tokens_per_s": round(real / seconds, 1), "peak_bytes": int(peak),
            "padding_share": round(1 - real / max(seen_padded["all"], 1), 3)}


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], Path(sys.argv[2]))))


# ---------------------------------------------------------------------------------- presets

def demo_fact() -> tuple[Path, dict[str, Any]]:
    """The demo fact (12 conversations) and its check: held-out questions, the answer, a control."""
    from importlib import resources

    folder = resources.files("desktop_chat.resources") / "demo"
    check = json.loads((folder / "quibble-check.json").read_text(encoding="utf-8"))
    return Path(str(folder / "quibble-password.jsonl")), check


def run_preset_bench(model: str, presets: list[str], progress: Any = None) -> list[dict[str, Any]]:
    """Each preset trains `model` on the demo fact through the real CLI, on a throwaway data folder
    (installed models linked in, so nothing is added to the user's library); then base and new model
    answer the held-out questions and the control. Reports the training time and what was learned."""
    import os

    from desktop_chat.core import paths

    data, check = demo_fact()
    results = []
    with tempfile.TemporaryDirectory(prefix="desktop-chat-preset-bench-") as tmp:
        home = Path(tmp)
        (home / "models").mkdir()
        for folder in paths.models_dir().iterdir():  # linked one by one: the new models stay in `home`
            if folder.is_dir() and not folder.name.startswith("."):
                (home / "models" / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
        env = {**os.environ, paths.HOME_ENV: str(home)}
        for preset in presets:
            if progress is not None:
                progress(f"fine-tuning bench: the {preset} preset", None)
            command = module_command("desktop_chat", "finetune", "--base", model, "--data", str(data),
                                     "--out", f"bench-{preset}", "--preset", preset, "--compare")
            for question in check["held_out"]:
                command += ["--ask", question]
            out = subprocess.run(command, capture_output=True, text=True, timeout=7200, env=env)
            if out.returncode != 0:
                raise RuntimeError(f"the {preset} run failed: {out.stderr.strip().splitlines()[-1:]}")
            comparison = json.loads(out.stdout)
            [run_dir] = [d for d in (home / "runs").iterdir() if d.name.endswith(f"bench-{preset}")]
            results.append(_preset_result(preset, run_dir, comparison, check))
    return results


def _preset_result(preset: str, run_dir: Path, comparison: dict[str, Any], check: dict[str, Any]) -> dict[str, Any]:
    from desktop_chat.core.finetune.runner import Run

    events = Run(run_dir).events()
    start = next(e for e in events if e["event"] == "start")
    steps = [e for e in events if e["event"] == "step"]
    done = next(e for e in events if e["event"] == "done")
    answers = {r["prompt"]: r for r in comparison["results"]}
    held_out = [answers[q] for q in check["held_out"] if q in answers]
    control = answers[check["control"]["question"]]
    return {
        "preset": preset, "plan": start.get("plan", ""), "steps": done["steps"],
        "train_seconds": round(steps[-1]["time"] - start["time"], 1) if steps else None,
        "tokens_per_s": done.get("tokens_per_s"),
        "held_out_right": sum(check["answer"] in r["tuned"] for r in held_out),
        "held_out_right_before": sum(check["answer"] in r["base"] for r in held_out),
        "held_out_asked": len(held_out),
        "control_kept": check["control"]["answer"] in control["tuned"],
        "answers": [{"question": r["prompt"], "before": r["base"], "after": r["tuned"]} for r in held_out + [control]],
    }
