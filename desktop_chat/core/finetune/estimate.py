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
from dataclasses import dataclass
from pathlib import Path

from desktop_chat.core.finetune.spec import RunSpec
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

    def line(self) -> str:
        minutes = self.seconds / 60
        when = f"{self.seconds:.0f} s" if minutes < 2 else f"{minutes:.0f} min" if minutes < 120 else \
            f"{minutes / 60:.1f} h"
        return (f"about {self.steps} optimiser steps over {self.tokens:,} tokens; needs ~{gb(self.memory_bytes)} "
                f"and roughly {when} (a rough guess until the first steps are measured)")


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
                      device: str) -> TrainingEstimate:
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
    activations = spec.batch_size * sequence * per_token
    logits = spec.batch_size * sequence * vocab_size * 8
    frozen = params * load_bytes if spec.method == "lora" else 0  # full: the weights are in the 16 bytes
    memory = frozen + trainable * 16 + activations + logits + 500_000_000
    epochs = spec.epochs if spec.max_steps <= 0 else None
    per_epoch_steps = max(1, -(-train_examples // (spec.batch_size * spec.grad_accum)))
    steps = spec.max_steps if spec.max_steps > 0 else int(per_epoch_steps * (epochs or 1))
    tokens = int(train_tokens * (steps / per_epoch_steps))
    flops = USEFUL_FLOPS["cuda" if device.startswith("cuda") else "mps" if device == "mps" else "cpu"]
    if not gpu:
        flops *= max(1, (os.cpu_count() or 2)) / 2
    seconds = tokens * (4 if spec.method == "lora" else 6) * params / flops
    return TrainingEstimate(int(memory), seconds, steps, tokens, trainable)
