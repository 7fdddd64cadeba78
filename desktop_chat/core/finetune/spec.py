"""What a fine-tuning run does: a RunSpec, saved as runs/<id>/spec.json, read by the worker."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput
from desktop_chat.core.finetune.presets import CUSTOM, DPO_LR_FACTOR, PRESET_NAMES, TrainingPlan
from desktop_chat.core.i18n import translate
from desktop_chat.core.library.catalog import validate_name
from desktop_chat.core.types import ModelInfo


def dpo_available() -> bool:
    """Whether preference training can run here: trl and datasets installed (the `dpo` extra; not in the
    packaged app)."""
    import importlib.util

    return importlib.util.find_spec("trl") is not None and importlib.util.find_spec("datasets") is not None


def check_trainable(info: ModelInfo) -> None:
    """Raise BadInput, saying what to do, unless `info`'s weights are here in a form training can use."""
    if info.kind == "remote":
        raise BadInput(translate("Core", "'%1' is a remote model: its weights are not here; fine-tune a local "
                                 "model"), info.name)
    if info.is_embedding:
        raise BadInput(translate("Core", "'%1' is an embedding model, which searches documents and cannot chat; "
                                 "fine-tune a chat model"), info.name)
    if info.is_gguf:
        raise BadInput(translate("Core", "'%1' is kept as GGUF and runs with llama.cpp; fine-tuning needs a "
                                 "transformers copy: convert it first with `desktop-chat models convert %1` (the "
                                 "GGUF model stays)"), info.name)


@dataclass
class RunSpec:
    base: str
    data: list[str]
    out: str
    method: str = "lora"  # lora | full
    objective: str = "sft"  # sft: learn the answers | dpo: prefer the chosen answers of preference pairs (trl)
    dpo_beta: float = 0.1  # DPO: how far from the base model the preferences may pull (smaller: further)
    epochs: float = 3.0
    max_steps: int = 0  # > 0: stop after this many optimiser steps (overrides epochs)
    learning_rate: float | None = None  # None: 2e-4 for LoRA, 2e-5 for full fine-tuning
    batch_size: int = 4
    grad_accum: int = 2
    max_seq_len: int = 512
    eval_fraction: float = 0.1
    seed: int = 42
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    lora_targets: str = "all-linear"  # or a comma-separated list, e.g. q_proj,v_proj
    gradient_checkpointing: bool = False
    scheduler: str = "cosine"  # cosine | linear | constant
    warmup_ratio: float = 0.05
    early_stopping_patience: int = 0  # evaluations without improvement before stopping (0: off)
    save_every: int = 50
    eval_every: int = 0  # 0: as often as checkpoints
    keep_checkpoints: int = 2
    keep_knowledge: int = 0  # general questions the base model answers first, its answers trained on too (replay.py)
    merge: bool = False  # LoRA: register a merged standalone model instead of an adapter
    precision: str = "auto"  # auto (fp16/bf16 on GPU, fp32 on CPU) | fp16 | bf16 | fp32
    device: str = "auto"
    prompt_column: str | None = None
    response_column: str | None = None
    system_prompt: str | None = None
    resume: bool = False
    validate_only: bool = False  # read and check the data, report it, then exit without training (--self-test)
    preset: str = "custom"  # quick | balanced | thorough: which preset chose the settings (core/finetune/presets.py)
    plan: str = ""  # what the preset chose, in words (shown in the run's log)
    compare_prompts: list[str] = field(default_factory=list)  # the user's own questions for the before/after
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def lr(self) -> float:
        return self.learning_rate or (2e-4 if self.method == "lora" else 2e-5) * (DPO_LR_FACTOR if self.dpo else 1)

    @property
    def dpo(self) -> bool:
        return self.objective == "dpo"

    def validate(self) -> RunSpec:
        """BadInput naming the first setting out of range."""
        validate_name(self.out)

        def bad(name: str, value: Any, allowed: str) -> BadInput:
            return BadInput(f"{name} must be {allowed}, got {value!r}")

        if self.method not in ("lora", "full"):
            raise bad("method", self.method, "lora or full")
        if self.objective not in ("sft", "dpo"):
            raise bad("objective", self.objective, "sft or dpo")
        if self.dpo and self.method != "lora":
            raise BadInput(translate("Core", "preference training (DPO) trains a LoRA adapter, whose base model is "
                                     "the reference it is measured against; choose LoRA"))
        if self.dpo and not (math.isfinite(self.dpo_beta) and 0 < self.dpo_beta <= 10):
            raise bad("dpo_beta", self.dpo_beta, "between 0 and 10")
        if not self.data:
            raise BadInput("no training data: give at least one --data file or folder")
        if not (self.max_steps > 0 or (math.isfinite(self.epochs) and 0 < self.epochs <= 1000)):
            raise bad("epochs", self.epochs, "between 0 and 1000 (or set max steps)")
        if self.max_steps < 0:
            raise bad("max_steps", self.max_steps, "0 or more")
        if not (0 < self.lr <= 1):
            raise bad("learning rate", self.learning_rate, "between 0 and 1")
        if not 0 <= self.keep_knowledge <= 1000:
            raise bad("keep_knowledge", self.keep_knowledge, "between 0 and 1000")
        for name in ("batch_size", "grad_accum", "save_every", "keep_checkpoints", "lora_r"):
            if int(getattr(self, name)) < 1:
                raise bad(name, getattr(self, name), "1 or more")
        if not 16 <= self.max_seq_len <= 1_000_000:
            raise bad("max_seq_len", self.max_seq_len, "between 16 and 1,000,000")
        if not 0 <= self.eval_fraction < 0.5:
            raise bad("eval_fraction", self.eval_fraction, "at least 0 and below 0.5")
        if not 0 <= self.lora_dropout < 1:
            raise bad("lora_dropout", self.lora_dropout, "between 0 and 1")
        if self.scheduler not in ("cosine", "linear", "constant"):
            raise bad("scheduler", self.scheduler, "cosine, linear or constant")
        if self.precision not in ("auto", "fp16", "bf16", "fp32"):
            raise bad("precision", self.precision, "auto, fp16, bf16 or fp32")
        if self.preset not in (*PRESET_NAMES, CUSTOM):
            raise bad("preset", self.preset, "quick, balanced, thorough or custom")
        if self.eval_every < 0:
            raise bad("eval_every", self.eval_every, "0 or more")
        return self

    def with_plan(self, plan: TrainingPlan, keep: Iterable[str] = ()) -> RunSpec:
        """This spec with what `plan` decides, except the settings named in `keep` (given by the user)."""
        kept = set(keep)
        if "epochs" in kept:  # epochs chosen by hand: the plan's step count must not override them
            kept.add("max_steps")
        return replace(self, preset=plan.preset, **{k: v for k, v in plan.spec_values().items() if k not in kept})

    def save(self, path: Path) -> None:
        from desktop_chat.core.fsutil import atomic_write_json

        atomic_write_json(path, asdict(self))

    @classmethod
    def load(cls, path: Path) -> RunSpec:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

