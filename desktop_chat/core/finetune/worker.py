"""The training process: `python -m desktop_chat.core.finetune.worker runs/<id>/spec.json`.

It reads the spec, validates and tokenises the data, trains with transformers' Trainer (LoRA via
peft, or full fine-tuning; mixed precision on GPU; gradient accumulation; length-grouped batches
with dynamic padding), and reports as JSON lines, one object per line, on stdout and appended to
runs/<id>/events.jsonl (so a window that reopens can catch up). A file `runs/<id>/cancel` asks it
to save a checkpoint and stop. At the end it registers the result in the library and checks that
the new model stops at its end-of-turn token. It runs unchanged under `accelerate launch`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput, DesktopChatError
from desktop_chat.core.finetune.spec import RunSpec, dpo_available
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, translate

log = logging.getLogger("desktop_chat.finetune")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_CANCELLED = 0, 1, 2, 3
# The runner clears a stale cancel request before it starts us, so a Cancel clicked while this
# process starts up is not lost.
STARTED_BY_RUNNER = "DESKTOP_CHAT_FINETUNE_RUNNER"
SMOKE_PROMPTS = ["Hello! Who are you?", "Give me one tip for writing clear emails."]


class Events:
    """JSON-lines events to stdout and events.jsonl (only the main process writes, under accelerate)."""

    def __init__(self, run_dir: Path):
        self.path = run_dir / "events.jsonl"
        self.main = int(os.environ.get("RANK", "0")) == 0

    def emit(self, event: str, **fields: Any) -> None:
        if not self.main:
            return
        line = json.dumps({"event": event, "time": round(time.time(), 3), **fields}, ensure_ascii=False)
        print(line, flush=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()

    def say(self, event: str, template: str, *values: object, **fields: Any) -> None:
        """An event with a message a person reads: in English, and as the template and values the window
        translates (core/i18n.py: `carried_message`)."""
        self.emit(event, message=fill(template, *values), template=template, values=[str(v) for v in values],
                  **fields)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 1:
        print("usage: python -m desktop_chat.core.finetune.worker runs/<id>/spec.json", file=sys.stderr)
        return EXIT_BAD_INPUT
    spec_path = Path(argv[0]).resolve()
    run_dir = spec_path.parent
    events = Events(run_dir)
    (run_dir / "worker.pid").write_text(str(os.getpid()))
    if STARTED_BY_RUNNER not in os.environ:  # launched by hand (accelerate): an old Cancel does not apply
        (run_dir / "cancel").unlink(missing_ok=True)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        spec = RunSpec.load(spec_path).validate()
        return train(spec, run_dir, events)
    except BadInput as exc:
        events.emit("error", **exc.record(), kind="bad_input")
        return EXIT_BAD_INPUT
    except BaseException as exc:  # noqa: BLE001 - every failure becomes an event the window shows
        from desktop_chat.core.inference.devices import is_out_of_memory

        if is_out_of_memory(exc):
            record = DesktopChatError(QT_TRANSLATE_NOOP(
                "Core", "out of memory while training: lower the batch size or the max sequence length, turn on "
                "gradient checkpointing, or use LoRA")).record()
        elif isinstance(exc, DesktopChatError):
            record = exc.record()
        else:
            record = {"message": f"{type(exc).__name__}: {exc}"}
        traceback.print_exc()
        events.emit("error", **record, kind="failed")
        return EXIT_FAILED


def _precision(spec: RunSpec, device: Any) -> str:
    import torch

    if device.type != "cuda":
        return "fp32"  # mixed precision training is a GPU feature here
    if spec.precision != "auto":
        return spec.precision
    # Emulated bf16 (T4, V100) is slow: those GPUs train in fp16 with loss scaling.
    return "bf16" if torch.cuda.is_bf16_supported(including_emulation=False) else "fp16"


def train(spec: RunSpec, run_dir: Path, events: Events) -> int:
    from desktop_chat.core.finetune.data import (
        DataOptions, load_training_tokenizer, prepare, prepare_preferences, read_data,
    )
    from desktop_chat.core.finetune.spec import check_trainable
    from desktop_chat.core.hfutil import quiet_transformers
    from desktop_chat.core.inference.devices import free_device_memory, resolve_device
    from desktop_chat.core.inference.threads import apply_threads
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.settings import load_settings

    quiet_transformers()
    import torch
    from transformers import AutoModelForCausalLM, DataCollatorForSeq2Seq

    library = Library()
    base = library.get(spec.base)
    check_trainable(base)
    if base.kind != "local":
        raise BadInput(translate("Core", "'%1' is a %2 model; fine-tune a model whose weights are installed here"),
                       spec.base, base.kind)
    if library.has(spec.out) and not (spec.resume and _registered_by(run_dir) == spec.out):
        raise BadInput(translate("Core", "a model named '%1' is already installed; choose another output name"),
                       spec.out)
    device = resolve_device(spec.device)
    precision = _precision(spec, device)
    threads = apply_threads(load_settings().cpu_threads)
    log.info("training with %s", threads.reason)
    events.say("stage", QT_TRANSLATE_NOOP("Core", "reading the data and the %1 tokenizer"), spec.base)
    tokenizer = load_training_tokenizer(base.path)
    read = read_data([Path(p) for p in spec.data], DataOptions(spec.prompt_column, spec.response_column,
                                                               spec.system_prompt))
    if spec.dpo:
        _require_trl()
    data = (prepare_preferences if spec.dpo else prepare)(tokenizer, read, spec.max_seq_len, spec.eval_fraction,
                                                          spec.seed)
    if data.report.problems:
        raise BadInput(translate("Core", "the data has problems:\n%1"), "\n".join(data.report.problems))
    if not data.train:
        raise BadInput(translate("Core", "no training examples in the data"))
    events.emit("data", report=data.report.to_dict(), eval_prompts=data.eval_prompts[:PROMPTS_REPORTED],
                train_prompts=data.train_prompts)
    if spec.validate_only:
        events.emit("validated", train_examples=len(data.train), eval_examples=len(data.eval))
        return EXIT_OK

    events.say("stage", QT_TRANSLATE_NOOP("Core", "loading %1 on %2 (%3)"), spec.base, device, precision)
    # LoRA keeps the frozen base in the compute precision (the adapters train in fp32); full
    # fine-tuning keeps fp32 master weights and autocasts.
    load_dtype = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(precision, torch.float32) \
        if spec.method == "lora" else torch.float32
    model: Any = AutoModelForCausalLM.from_pretrained(base.path, dtype=load_dtype,
                                                 trust_remote_code=base.trust_remote_code)
    if spec.keep_knowledge and read.chats and not spec.dpo:  # the base model answers general questions first
        _add_keep_knowledge(spec, model, tokenizer, data, device, events)
    if spec.gradient_checkpointing:
        model.config.use_cache = False
    if spec.method == "lora":
        from peft import LoraConfig, get_peft_model

        targets: Any = "all-linear" if spec.lora_targets == "all-linear" else \
            [t.strip() for t in spec.lora_targets.split(",") if t.strip()]
        model = get_peft_model(model, LoraConfig(r=spec.lora_r, lora_alpha=spec.lora_alpha,
                                                 lora_dropout=spec.lora_dropout, target_modules=targets,
                                                 task_type="CAUSAL_LM"))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())

    if spec.dpo:
        trainer, reporter = _preference_trainer(spec, run_dir, model, tokenizer, data, device, precision, events)
    else:
        trainer, reporter = _trainer(spec, run_dir, model, tokenizer, data, device, precision, events,
                                     DataCollatorForSeq2Seq)
    resume_from = None
    if spec.resume:
        from desktop_chat.core.finetune.runner import last_complete_checkpoint

        checkpoint = last_complete_checkpoint(run_dir / "checkpoints")
        resume_from = str(checkpoint) if checkpoint else None
    resumed_step = int(Path(resume_from).name.removeprefix("checkpoint-")) if resume_from else 0
    events.emit("start", max_steps=trainer.state.max_steps or _planned_steps(spec, len(data.train)),
                trainable_params=trainable, total_params=total, device=str(device), precision=precision,
                resumed_from=Path(resume_from).name if resume_from else None, resumed_step=resumed_step,
                warmup_ratio=spec.warmup_ratio, preset=spec.preset, plan=spec.plan, objective=spec.objective)
    result = trainer.train(resume_from_checkpoint=resume_from)
    speed = reporter.overall_tokens_per_s(reporter.seen(trainer.state))
    if (run_dir / "cancel").exists():
        events.say("cancelled", QT_TRANSLATE_NOOP("Core", "stopped; a checkpoint was saved, Resume continues from it"),
                   step=trainer.state.global_step)
        return EXIT_CANCELLED
    eval_loss = None
    if data.eval:  # the evaluation at the last step if there was one, else one now
        last = [h for h in trainer.state.log_history if "eval_loss" in h and h.get("step") == trainer.state.global_step]
        eval_loss = last[-1]["eval_loss"] if last else trainer.evaluate().get("eval_loss")
    if trainer.accelerator.num_processes > 1:  # under accelerate launch: the main process saves
        trainer.accelerator.wait_for_everyone()
        if not trainer.accelerator.is_main_process:
            return EXIT_OK
    events.say("stage", QT_TRANSLATE_NOOP("Core", "saving %1 into the library"), spec.out)
    steps, train_loss = trainer.state.global_step, result.training_loss
    info = _register(spec, run_dir, trainer.model, tokenizer, library, base)
    # Training memory (model, optimiser state, activations) goes before the smoke test loads the result.
    del trainer, model, result
    free_device_memory(device)
    from desktop_chat.core.inference.engine import Engine

    # The checks run in the precision the model trained in (fp32 on the CPU), not the machine's
    # measured chat precision: their verdicts then do not depend on which precision a probe chose.
    engine = Engine(library, device=str(device.type), dtype="fp32" if device.type == "cpu" else "auto")
    try:
        comparison = _compare(spec, run_dir, info.name, data, engine, events)
        smoke = _smoke_test(info.name, engine)  # the new model is the one loaded now
    except Exception as exc:  # noqa: BLE001 - the model is saved; a failed check is a warning, not a failed run
        comparison, smoke = None, []
        events.say("stage", QT_TRANSLATE_NOOP("Core", "warning: the checks of the new model could not run (%1); %2 is "
                                      "saved, try it in a chat"), f"{type(exc).__name__}: {exc}", info.name)
    finally:
        engine.shutdown()
    if comparison:
        events.emit("compare", **comparison)
    if smoke:
        events.emit("smoke", results=smoke)
    events.emit("done", model=info.name, kind=info.kind, steps=steps,
                train_loss=round(train_loss, 4), eval_loss=round(eval_loss, 4) if eval_loss else None,
                stops_cleanly=all(r["stopped"] for r in smoke) if smoke else None,
                tokens_per_s=round(speed, 1) if speed else None, device_type=device.type, objective=spec.objective)
    return EXIT_OK


PROMPTS_REPORTED = 10


def _add_keep_knowledge(spec: RunSpec, model: Any, tokenizer: Any, data: Any, device: Any, events: Events) -> None:
    """The base model's own answers to general questions, added to the training set (core/finetune/replay.py)."""
    from desktop_chat.core.finetune.data import tokenize_chat
    from desktop_chat.core.finetune.replay import replay_examples

    events.say("stage", QT_TRANSLATE_NOOP("Core", "asking %1 %2 general questions, so that it keeps what it knows"),
               spec.base, spec.keep_knowledge)
    model.to(device)  # where it trains (a no-op on the CPU): generating there is as fast as it gets
    added = 0
    for example in replay_examples(model, tokenizer, spec.keep_knowledge, spec.system_prompt):
        features, _cut, _problem = tokenize_chat(tokenizer, example, spec.max_seq_len)
        if features is not None:
            data.train.append(features)
            added += 1
    events.say("stage", QT_TRANSLATE_NOOP("Core", "Its own answers trained on with the data: %1."), added)


def _compare(spec: RunSpec, run_dir: Path, model: str, data: Any, engine: Any, events: Events) -> dict[str, Any]:
    """Base and new model side by side on held-out and the user's prompts (also saved as compare.json)."""
    from desktop_chat.core.finetune.compare import FILE_NAME, compare_models, comparison_prompts
    from desktop_chat.core.fsutil import atomic_write_json

    prompts = comparison_prompts(data.eval_prompts, spec.compare_prompts, data.train_prompts)
    events.say("stage", QT_TRANSLATE_NOOP("Core", "comparing %1 and %2 (questions: %3)"), spec.base, model,
               len(prompts))
    result = {"run": run_dir.name, **compare_models(spec.base, model, prompts, system_prompt=spec.system_prompt,
                                                    engine=engine)}
    atomic_write_json(run_dir / FILE_NAME, result)
    return result


def _registered_by(run_dir: Path) -> str | None:
    """The model an earlier attempt of this run registered (a resumed run may replace only that)."""
    try:
        return (run_dir / "result").read_text().strip() or None
    except OSError:
        return None


def _planned_steps(spec: RunSpec, examples: int) -> int:
    if spec.max_steps > 0:
        return spec.max_steps
    per_epoch = max(1, -(-examples // (spec.batch_size * spec.grad_accum)))
    return int(per_epoch * spec.epochs)


def _trainer(spec: RunSpec, run_dir: Path, model: Any, tokenizer: Any, data: Any, device: Any, precision: str,
             events: Events, collator_class: Any) -> tuple[Any, Any]:
    """The Trainer for the run, and its reporting callback (which measures the run's speed)."""
    import torch
    from transformers import EarlyStoppingCallback, Trainer, TrainingArguments

    class ListDataset(torch.utils.data.Dataset):
        def __init__(self, rows: list[dict[str, list[int]]]):
            self.rows = rows

        def __len__(self) -> int:
            return len(self.rows)

        def __getitem__(self, index: int) -> dict[str, list[int]]:
            return self.rows[index]

    has_eval = bool(data.eval)
    arguments = TrainingArguments(
        **_training_arguments(spec, run_dir, device, precision, has_eval),
        train_sampling_strategy="group_by_length",
        include_num_input_tokens_seen="non_padding",
        remove_unused_columns=False,
    )
    reporter = _reporter(run_dir, events)
    callbacks: list[Any] = [reporter]
    if spec.early_stopping_patience and has_eval:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=spec.early_stopping_patience))
    collator = collator_class(tokenizer, padding=True, label_pad_token_id=-100,
                              pad_to_multiple_of=8 if device.type == "cuda" else None)
    return Trainer(model=model, args=arguments, train_dataset=ListDataset(data.train),
                   eval_dataset=ListDataset(data.eval) if has_eval else None, data_collator=collator,
                   callbacks=callbacks), reporter


def _training_arguments(spec: RunSpec, run_dir: Path, device: Any, precision: str, has_eval: bool) -> dict[str, Any]:
    """The Trainer settings a run's spec decides, the same for supervised and preference training."""
    eval_every = spec.eval_every or spec.save_every
    return dict(
        output_dir=str(run_dir / "checkpoints"),
        per_device_train_batch_size=spec.batch_size,
        per_device_eval_batch_size=spec.batch_size,
        gradient_accumulation_steps=spec.grad_accum,
        learning_rate=spec.lr,
        num_train_epochs=spec.epochs,
        max_steps=spec.max_steps if spec.max_steps > 0 else -1,
        lr_scheduler_type=spec.scheduler,
        warmup_steps=spec.warmup_ratio,
        logging_steps=1,
        eval_strategy="steps" if has_eval else "no",
        eval_steps=eval_every if has_eval else None,
        save_strategy="steps",
        save_steps=spec.save_every,
        save_total_limit=spec.keep_checkpoints,
        load_best_model_at_end=bool(spec.early_stopping_patience and has_eval),
        metric_for_best_model="eval_loss" if spec.early_stopping_patience and has_eval else None,
        fp16=precision == "fp16",
        bf16=precision == "bf16",
        gradient_checkpointing=spec.gradient_checkpointing,
        seed=spec.seed,
        report_to="none",
        disable_tqdm=True,
        use_cpu=device.type == "cpu",
        dataloader_pin_memory=device.type == "cuda",
        save_only_model=False,
    )


def _require_trl() -> None:
    if not dpo_available():
        raise BadInput(translate("Core", "preference training (DPO) needs the trl package, which is not installed "
                                 "here: pip install 'desktop-chat[dpo]', or train on the chosen answers (SFT)"))


def _preference_trainer(spec: RunSpec, run_dir: Path, model: Any, tokenizer: Any, data: Any, device: Any,
                        precision: str, events: Events) -> tuple[Any, Any]:
    """trl's DPOTrainer for the run's preference pairs, with the same events as supervised training. The
    reference model is the base itself: the LoRA adapter switched off (no second copy in memory)."""
    from datasets import Dataset
    from transformers import EarlyStoppingCallback
    from trl import DPOConfig, DPOTrainer

    has_eval = bool(data.eval)
    arguments = DPOConfig(**_training_arguments(spec, run_dir, device, precision, has_eval), beta=spec.dpo_beta,
                          max_length=spec.max_seq_len)
    per_example = data.report.total_tokens / max(data.report.examples, 1)
    reporter = _reporter(run_dir, events, per_example * spec.batch_size * spec.grad_accum)
    callbacks: list[Any] = [reporter]
    if spec.early_stopping_patience and has_eval:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=spec.early_stopping_patience))
    trainer = DPOTrainer(model=model, ref_model=None, args=arguments, train_dataset=Dataset.from_list(data.train),
                         eval_dataset=Dataset.from_list(data.eval) if has_eval else None,
                         processing_class=tokenizer, callbacks=callbacks)
    return trainer, reporter


def _reporter(run_dir: Path, events: Events, tokens_per_step: float | None = None) -> Any:
    """The callback that turns the Trainer's logs into step / eval / checkpoint events, measures tokens
    per second, and stops at a cancel request (the same for supervised and preference training).

    A trainer that does not count the tokens it sees (trl's DPOTrainer) is measured by `tokens_per_step`,
    the data's mean tokens per example times the examples per step."""
    from transformers import TrainerCallback

    class Reporter(TrainerCallback):
        """Step / eval / checkpoint events, tokens per second, and the cancel request."""

        def __init__(self) -> None:
            self.last_time = self.begin_time = time.monotonic()
            self.last_tokens = self.begin_tokens = 0

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if (run_dir / "cancel").exists():
                control.should_save = True
                control.should_training_stop = True

        def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, float] | None = None,
                   **kwargs: Any) -> None:
            logs = logs or {}
            if "loss" in logs:
                now = time.monotonic()
                seen = self.seen(state)
                rate = (seen - self.last_tokens) / (now - self.last_time) if now > self.last_time else 0.0
                self.last_time, self.last_tokens = now, seen
                # DPO: how often, and by how much, the chosen answer beats the rejected one
                preference = {"reward_accuracy": _round(logs.get("rewards/accuracies")),
                              "reward_margin": _round(logs.get("rewards/margins"))} \
                    if "rewards/margins" in logs else {}
                events.emit("step", step=state.global_step, max_steps=state.max_steps, loss=round(logs["loss"], 5),
                            lr=logs.get("learning_rate"), grad_norm=_round(logs.get("grad_norm")),
                            epoch=round(state.epoch or 0, 4), tokens_per_s=round(rate, 1), tokens_seen=seen,
                            **preference)
            if "eval_loss" in logs:
                events.emit("eval", step=state.global_step, eval_loss=round(logs["eval_loss"], 5))

        def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            events.emit("checkpoint", step=state.global_step,
                        path=str(Path(args.output_dir) / f"checkpoint-{state.global_step}"))

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self.last_time, self.last_tokens = time.monotonic(), self.seen(state)
            self.begin_time, self.begin_tokens = self.last_time, self.last_tokens

        def seen(self, state: Any) -> int:
            if state.num_input_tokens_seen or not tokens_per_step:
                return int(state.num_input_tokens_seen)
            return int(state.global_step * tokens_per_step)

        def overall_tokens_per_s(self, tokens_seen: int) -> float | None:
            """This attempt's training speed, evaluations and checkpoints included (what a plan costs)."""
            elapsed = time.monotonic() - self.begin_time
            return (tokens_seen - self.begin_tokens) / elapsed if elapsed > 0 else None

    return Reporter()


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 5)


def _register(spec: RunSpec, run_dir: Path, model: Any, tokenizer: Any, library: Any, base: Any) -> Any:
    """Save the result as a library model: a LoRA adapter that names its base, or a standalone model."""
    from desktop_chat.core.fsutil import atomic_write_json
    from desktop_chat.core.library.importers import write_manifest

    staging = library.partial_root / spec.out
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    adapter = spec.method == "lora" and not spec.merge
    if spec.method == "lora" and spec.merge:
        model = model.merge_and_unload()
    if not adapter and base.dtype in ("float16", "bfloat16"):
        import torch

        # Trained in fp32 (master weights); stored like the base, at half the size.
        model = model.to(getattr(torch, base.dtype))
    model.save_pretrained(staging, safe_serialization=True)
    tokenizer.save_pretrained(staging)
    if adapter:
        # An adapter folder has no config.json of its own; the manifest says what it is and its base.
        atomic_write_json(staging / "manifest.json", {
            "kind": "adapter", "base": base.name, "source": f"finetune:{run_dir.name}", "license": base.license,
            "architecture": base.architecture, "context_length": base.context_length, "dtype": "float32",
            "params": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "size_bytes": sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        })
    else:
        write_manifest(staging, source=f"finetune:{run_dir.name}", license=base.license, base=base.name)
    final = library.folder(spec.out)
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)
    (run_dir / "result").write_text(spec.out)
    return library.get(spec.out)


def _smoke_test(name: str, engine: Any) -> list[dict[str, Any]]:
    """Greedy replies to fixed prompts: each must end at the end-of-turn token within the limit."""
    from desktop_chat.core.types import ChatRequest, GenParams, Message

    results = []
    for prompt in SMOKE_PROMPTS:
        reply = engine.chat(ChatRequest([Message("user", prompt)],
                                        GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=96)),
                            model=name).result()
        results.append({"prompt": prompt, "reply": reply.text[:300], "tokens": reply.stats.completion_tokens,
                        "stopped": reply.stats.finish_reason == "stop"})
    return results


if __name__ == "__main__":
    sys.exit(main())
