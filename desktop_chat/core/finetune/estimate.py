"""A rough prediction of a fine-tuning run's peak memory and duration, shown before it starts.

memory = frozen weights (LoRA: the base in the load precision)
       + trainable parameters × 16 bytes (fp32 weights, gradients and Adam's two moments)
       + activations: batch × sequence × layers × hidden × 24 values (× 1/4 with gradient checkpointing)
       + logits and their gradient: batch × sequence × vocabulary × 8 bytes
       + 500 MB runtime overhead
time   = tokens to train × parameters × 4 (LoRA: forward + backward through the activations)
         or × 6 (full: weight gradients too) ÷ the device's useful FLOP/s

Calibrated here on the bench run (SmolLM2-135M, LoRA on all linear layers, batch 4, 512 tokens,
CPU fp32): 5.26 GB measured peak; the formula gives 5.22 GB. CPU speed: 80 GFLOP/s useful on this
2-core machine (149 tokens/s measured); GPU figures are conservative guesses until measured.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop_chat.core.finetune.presets import PRESETS, TrainingPlan, format_duration, plan
from desktop_chat.core.finetune.spec import RunSpec
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate
from desktop_chat.core.library.memory import gb, model_shape
from desktop_chat.core.types import ModelInfo

USEFUL_FLOPS = {"cpu": 80e9, "mps": 2e12, "cuda": 30e12}  # per second; CPU per 2 cores (scaled by cores)


@dataclass
class TrainingEstimate:
    memory_bytes: int
    seconds: float
    steps: int
    tokens: int
    trainable_params: int
    measured: bool = False  # the time comes from this machine's speed on an earlier run, not the formula

    def memory_sentence(self) -> str:
        return fill(translate("Core", "It needs about %1 of memory."), gb(self.memory_bytes))

    def line(self) -> str:
        if self.measured:
            one = QT_TRANSLATE_NOOP("Core", "About %Ln optimiser step over %1 tokens; needs ~%2 and roughly %3 "
                                    "(at the speed measured on this machine).")
            other = QT_TRANSLATE_NOOP("Core", "About %Ln optimiser steps over %1 tokens; needs ~%2 and roughly %3 "
                                      "(at the speed measured on this machine).")
        else:
            one = QT_TRANSLATE_NOOP("Core", "About %Ln optimiser step over %1 tokens; needs ~%2 and roughly %3 "
                                    "(a rough guess until the first steps are measured).")
            other = QT_TRANSLATE_NOOP("Core", "About %Ln optimiser steps over %1 tokens; needs ~%2 and roughly %3 "
                                      "(a rough guess until the first steps are measured).")
        template = plural(self.steps, one, other)
        return fill(template, f"{self.tokens:,}", gb(self.memory_bytes), format_duration(self.seconds))


def lora_parameters(shape: dict[str, int], rank: int, targets: str) -> int:
    """Adapter parameters: rank × (inputs + outputs) for each adapted linear layer."""
    hidden, mlp, layers = shape.get("hidden", 0), shape.get("intermediate", 0), shape.get("layers", 0)
    kv = shape.get("kv_heads", 0) * shape.get("head_dim", 0)
    linears = {"q_proj": (hidden, hidden), "k_proj": (hidden, kv), "v_proj": (hidden, kv), "o_proj": (hidden, hidden),
               "gate_proj": (hidden, mlp), "up_proj": (hidden, mlp), "down_proj": (mlp, hidden)}
    chosen = linears if targets == "all-linear" else {t.strip(): linears.get(t.strip(), (hidden, hidden))
                                                      for t in targets.split(",") if t.strip()}
    return layers * sum(rank * (a + b) for a, b in chosen.values())


def estimate_training(info: ModelInfo, spec: RunSpec, train_examples: int, train_tokens: int,
                      device: str, tokens_per_s: float | None = None) -> TrainingEstimate:
    """Memory and time for `spec`; the time from `tokens_per_s` (measured here) when given."""
    shape = model_shape(Path(info.path))
    vocab_size = shape.get("vocab") or 50_000
    params = info.params or 0
    gpu = device.startswith(("cuda", "mps"))
    load_bytes = 2 if gpu and spec.method == "lora" else 4
    trainable = lora_parameters(shape, spec.lora_r, spec.lora_targets) if spec.method == "lora" else params
    sequence = min(spec.max_seq_len, max(train_tokens // max(train_examples, 1), 1) * 2)
    per_token = shape.get("layers", 0) * shape.get("hidden", 0) * 24 * (2 if gpu else 4)
    if spec.gradient_checkpointing:
        per_token //= 4
    # DPO: each example is two sequences (chosen and rejected) in one batch, plus the reference model's
    # forward passes (the base, adapter switched off) without gradients.
    pairs = 2 if spec.dpo else 1
    activations = pairs * spec.batch_size * sequence * per_token
    logits = pairs * spec.batch_size * sequence * vocab_size * 8
    frozen = params * load_bytes if spec.method == "lora" else 0  # full: the weights are in the 16 bytes
    memory = frozen + trainable * 16 + activations + logits + 500_000_000
    epochs = spec.epochs if spec.max_steps <= 0 else None
    per_epoch_steps = max(1, -(-train_examples // (spec.batch_size * spec.grad_accum)))
    steps = spec.max_steps if spec.max_steps > 0 else int(per_epoch_steps * (epochs or 1))
    tokens = int(steps * spec.batch_size * spec.grad_accum * train_tokens / max(train_examples, 1))
    flops = USEFUL_FLOPS["cuda" if device.startswith("cuda") else "mps" if device == "mps" else "cpu"]
    if not gpu:
        flops *= max(1, (os.cpu_count() or 2)) / 2
    per_param = (6 if spec.dpo else 4) if spec.method == "lora" else 6
    seconds = tokens / tokens_per_s if tokens_per_s else tokens * per_param * params / flops
    return TrainingEstimate(int(memory), seconds, steps, tokens, trainable, measured=bool(tokens_per_s))


def measured_tokens_per_s(base: str, method: str, device: str, objective: str = "sft") -> float | None:
    """Training speed (tokens/s) of the newest finished run of `base` with `method` and `objective` on this
    kind of device."""
    from desktop_chat.core.finetune.runner import list_runs

    for run in list_runs()[:RUNS_CONSULTED]:
        try:
            spec = run.spec
        except (OSError, ValueError, TypeError):
            continue
        if spec.base != base or spec.method != method or spec.objective != objective:
            continue
        done = run.latest_event("done")
        if done and done.get("tokens_per_s") and done.get("device_type") == device:
            return float(done["tokens_per_s"])
    return None


RUNS_CONSULTED = 20


def plan_run(spec: RunSpec, info: ModelInfo, report: Any, device: str,
             keep: Iterable[str] = ()) -> tuple[RunSpec, TrainingEstimate | None]:
    """`spec` with its preset's plan for the checked data `report` (settings in `keep` stay as given),
    its estimate (from this machine's measured speed when known) and, in `spec.plan`, what was chosen."""
    if not report.examples:
        return spec, None
    planned: TrainingPlan | None = None
    keep = set(keep)
    if spec.preset in PRESETS:
        batches = (spec.batch_size, spec.grad_accum) if keep & {"batch_size", "grad_accum"} else None
        planned = plan(spec.preset, report.train_examples, spec.method, info.params or 0, report.eval_examples,
                       batches, spec.objective)
        spec = spec.with_plan(planned, keep)
    speed = measured_tokens_per_s(spec.base, spec.method, device, spec.objective)
    train_tokens = int(report.total_tokens * report.train_examples / max(report.examples, 1))
    estimate = estimate_training(info, spec, report.train_examples, train_tokens, device, speed)
    if planned is not None:
        # The sentence describes what will run: the plan's figures, or the user's where they kept their own.
        shown = replace(planned, steps=estimate.steps, batch_size=spec.batch_size, grad_accum=spec.grad_accum,
                        learning_rate=spec.lr)
        spec = replace(spec, plan=shown.describe(estimate.seconds, measured=estimate.measured))
    return spec, estimate
