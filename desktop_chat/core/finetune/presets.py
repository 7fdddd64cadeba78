"""Fine-tuning presets that scale with the data: a preset names an amount of learning (optimiser
steps, bounded by epochs), and `plan` turns it into concrete settings for a data set of a given size.

Why steps and not epochs: a dozen examples at 3 epochs is 5 optimiser steps, which teaches nothing,
while 12,000 examples at 3 epochs is hours of work. So a small set is repeated until it gets the
preset's steps (up to the epoch limit), a large one is seen at least `min_epochs` times (up to the
step cap), and no plan ever has fewer steps than the floor.

Measured on the starter model (SmolLM2-135M) on the 2-core CPU, 12 conversations teaching one
made-up fact (README, "Fine-tuning"): LoRA on every linear layer at lr 1e-3 learns it in ~40 steps
of 4 examples; 2 steps or lr 2e-4 do not move it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate

PRESET_NAMES = ("quick", "balanced", "thorough")
CUSTOM = "custom"


@dataclass(frozen=True)
class TrainingPreset:
    name: str
    title: str
    floor_steps: int  # never fewer optimiser steps than this
    target_steps: int  # what a small set is repeated towards
    min_epochs: float  # a large set is seen at least this often…
    max_epochs: float  # …and a small one at most this often (the floor wins if it needs more)
    cap_steps: int  # the most steps, whatever the data (the name is a promise about time)
    lora_r: int
    early_stopping: bool  # when the held-out set is big enough to be trusted


PRESETS: dict[str, TrainingPreset] = {
    "quick": TrainingPreset("quick", QT_TRANSLATE_NOOP("Core", "Quick"), floor_steps=40, target_steps=60,
                            min_epochs=1, max_epochs=15, cap_steps=400, lora_r=16, early_stopping=False),
    "balanced": TrainingPreset("balanced", QT_TRANSLATE_NOOP("Core", "Balanced"), floor_steps=80, target_steps=120,
                               min_epochs=2, max_epochs=30, cap_steps=2_000, lora_r=16, early_stopping=False),
    "thorough": TrainingPreset("thorough", QT_TRANSLATE_NOOP("Core", "Thorough"), floor_steps=160, target_steps=240,
                               min_epochs=3, max_epochs=60, cap_steps=20_000, lora_r=32, early_stopping=True),
}
# The RunSpec fields a plan decides (TrainingPlan.spec_values): editing one by hand makes the run Custom.
PLANNED_FIELDS = ("max_steps", "epochs", "batch_size", "grad_accum", "learning_rate", "lora_r", "lora_alpha",
                  "lora_targets", "eval_every", "save_every", "early_stopping_patience", "keep_knowledge")
EARLY_STOPPING_MIN_EVAL = 20  # fewer held-out examples: their loss is too noisy to stop on
BATCH_SIZE = 4
# Small sets teach more than their subject (the starter model answered every "What is the X of Y?" with
# the fact): the model's own answers to every general question in resources/keep-knowledge.json are
# trained alongside. Fewer were not enough: with 11 answers for 11 examples, 3 of 4 Quick runs on a
# 12-line fact left the starter looping on an unrelated prompt ("Clear Email: Clear Email: …"); with
# all 24, neither of 2 did, and the held-out loss fell from 1.6 to 1.1-1.25. Large sets are varied
# enough on their own.
KEEP_KNOWLEDGE = 24
KEEP_KNOWLEDGE_UP_TO = 1_000  # examples


# Preference training (DPO) pushes the rejected answers down as well as the chosen ones up; at the
# rates that teach a fact with SFT it wrecks a small model's wording, so it takes a tenth of them.
DPO_LR_FACTOR = 0.1


def base_learning_rate(method: str, params: int) -> float:
    """A learning rate known to work for the method and the model's size (fewer parameters take more)."""
    billions = params / 1e9
    if method == "lora":
        return 1e-3 if billions < 1 else 5e-4 if billions < 4 else 2e-4
    return 5e-5 if billions < 1 else 2e-5 if billions < 4 else 1e-5


def batches_for(examples: int) -> tuple[int, int]:
    """(batch size, gradient accumulation): small sets take small steps, so they get more of them."""
    if examples <= 64:
        return BATCH_SIZE, 1
    return (BATCH_SIZE, 2) if examples <= 2_000 else (BATCH_SIZE, 4)


@dataclass(frozen=True)
class TrainingPlan:
    preset: str
    train_examples: int
    steps: int
    batch_size: int
    grad_accum: int
    learning_rate: float
    lora_r: int
    lora_alpha: int
    eval_every: int
    save_every: int
    early_stopping_patience: int
    keep_knowledge: int = 0

    @property
    def per_epoch(self) -> int:
        """Optimiser steps in one pass over the data (the model's own answers included)."""
        return max(1, math.ceil((self.train_examples + self.keep_knowledge) / (self.batch_size * self.grad_accum)))

    @property
    def epochs(self) -> float:
        return self.steps / self.per_epoch

    def spec_values(self) -> dict[str, Any]:
        """The RunSpec fields this plan decides."""
        return {"max_steps": self.steps, "epochs": round(max(self.epochs, 0.01), 2), "batch_size": self.batch_size,
                "grad_accum": self.grad_accum, "learning_rate": self.learning_rate, "lora_r": self.lora_r,
                "lora_alpha": self.lora_alpha, "lora_targets": "all-linear", "eval_every": self.eval_every,
                "save_every": self.save_every, "early_stopping_patience": self.early_stopping_patience,
                "keep_knowledge": self.keep_knowledge}

    def describe(self, seconds: float | None = None, measured: bool = False) -> str:
        """What the preset chose, in one sentence: "12 examples × 15 epochs = 45 optimiser steps…"."""
        title = translate("Core", PRESETS[self.preset].title) if self.preset in PRESETS else self.preset.title()
        epochs = f"{self.epochs:.0f}" if abs(self.epochs - round(self.epochs)) < 0.05 else f"{self.epochs:.1f}"
        if self.keep_knowledge:  # "11 examples (+ 24 of the model's own answers)"
            examples = fill(plural(self.train_examples,
                                   QT_TRANSLATE_NOOP("Core", "%Ln example (+ %1 of the model's own answers)"),
                                   QT_TRANSLATE_NOOP("Core", "%Ln examples (+ %1 of the model's own answers)")),
                            self.keep_knowledge)
        else:
            examples = plural(self.train_examples, QT_TRANSLATE_NOOP("Core", "%Ln example"),
                              QT_TRANSLATE_NOOP("Core", "%Ln examples"))
        if self.epochs >= 1:  # a fraction has no singular: "1 epoch", "6.7 epochs"
            amount = fill(translate("Core", "%1 × 1 epoch") if epochs == "1" else translate("Core", "%1 × %2 epochs"),
                          examples, epochs)
        else:
            amount = fill(translate("Core", "%1 of %2 examples"), f"{self.steps * self.batch_size * self.grad_accum:,}",
                          f"{self.train_examples:,}")
        steps = plural(self.steps, QT_TRANSLATE_NOOP("Core", "%Ln optimiser step"),
                       QT_TRANSLATE_NOOP("Core", "%Ln optimiser steps"))
        if seconds is None:
            template = translate("Core", "%1: %2 = %3 of %4 examples each, learning rate %5.")
        elif measured:
            template = translate("Core", "%1: %2 = %3 of %4 examples each, learning rate %5, about %6 (measured here).")
        else:
            template = translate("Core", "%1: %2 = %3 of %4 examples each, learning rate %5, about %6 (a first guess "
                                 "until the first steps are measured).")
        return fill(template, title, amount, steps, self.batch_size * self.grad_accum, f"{self.learning_rate:g}",
                    format_duration(seconds or 0))


def plan(preset: str, train_examples: int, method: str, params: int, eval_examples: int = 0,
         batches: tuple[int, int] | None = None, objective: str = "sft") -> TrainingPlan:
    """The settings `preset` chooses for `train_examples` examples of a model with `params` parameters
    (with the batch size and accumulation in `batches` when the user chose them). Preference training
    (`objective` "dpo") has its reference model to keep it close: no replay of the model's own answers."""
    chosen = PRESETS[preset]
    batch, accum = batches or batches_for(train_examples)
    keep = KEEP_KNOWLEDGE if train_examples <= KEEP_KNOWLEDGE_UP_TO and objective == "sft" else 0
    per_epoch = max(1, math.ceil((train_examples + keep) / (batch * accum)))
    epochs = min(max(chosen.target_steps / per_epoch, chosen.min_epochs), chosen.max_epochs)
    steps = min(max(round(epochs * per_epoch), chosen.floor_steps), chosen.cap_steps)
    evaluations = 8  # enough points to see an eval curve turn, few enough to cost little
    eval_every = max(1, steps // evaluations) if eval_examples else 0
    # Checkpoints are a multiple of the evaluations (the best one is kept with early stopping);
    # a full model's checkpoint is its whole weights and optimiser state, so fewer of them.
    save_every = max(eval_every or 1, 1) * (2 if method == "lora" else 4) if eval_examples else \
        max(10, steps // (4 if method == "lora" else 2))
    patience = 3 if chosen.early_stopping and eval_examples >= EARLY_STOPPING_MIN_EVAL else 0
    return TrainingPlan(preset=preset, train_examples=train_examples, steps=steps, batch_size=batch,
                        grad_accum=accum,
                        learning_rate=base_learning_rate(method, params) * (DPO_LR_FACTOR if objective == "dpo" else 1),
                        lora_r=chosen.lora_r, lora_alpha=2 * chosen.lora_r, eval_every=eval_every,
                        save_every=save_every, early_stopping_patience=patience, keep_knowledge=keep)


def format_duration(seconds: float) -> str:
    """"40 s", "2 min", "1.5 h": how long something takes, to the precision a person plans with."""
    if seconds < 90:
        return fill(translate("Core", "%1 s"), f"{max(seconds, 1):.0f}")
    minutes = seconds / 60
    return fill(translate("Core", "%1 min"), f"{minutes:.0f}") if minutes < 120 else \
        fill(translate("Core", "%1 h"), f"{minutes / 60:.1f}")
