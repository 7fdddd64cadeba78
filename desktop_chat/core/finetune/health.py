"""Is the run learning? Read from its events (the same for the window and the command line):
too few steps planned, a loss that does not fall after the warm-up, an eval loss that rises while the
training loss falls (over-fitting), and a loss that diverges (NaN or infinite). Each finding says what
to change."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate

TOO_FEW_STEPS = 20  # fewer optimiser steps than this barely move a model
WINDOW = 5  # steps averaged at each end when comparing losses (one step's loss is noisy)
FLAT_RATIO = 0.97  # the loss must have fallen by at least 3 % …
MIN_STEPS_FOR_TREND = 12  # … once this many steps after the warm-up have run
OVERFIT_MARGIN = 1.05  # the eval loss is 5 % above its best …
OVERFIT_RISES = 2  # … and rose at this many evaluations in a row
# The loss of a handful of held-out examples swings with their wording: a dozen paraphrases of one fact
# hold out one, whose loss rises once its exact phrasing is not the one learned, while every held-out
# question gets the fact. Over-fitting is judged on at least this many.
OVERFIT_MIN_EVAL = 5


@dataclass(frozen=True)
class Finding:
    kind: str  # too_few_steps | not_learning | overfitting | diverged
    text: str
    fix: str = ""  # a setting that would help, when the window can offer it: "early_stopping"


def diagnose(events: Iterable[dict[str, Any]]) -> list[Finding]:
    """What is wrong with the latest attempt of a run, from its events so far."""
    start: dict[str, Any] | None = None
    eval_examples: int | None = None
    steps: list[dict[str, Any]] = []
    evals: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "start":  # a resumed attempt reports its steps again from the checkpoint
            start = event
            first = event.get("resumed_step") or 0
            steps = [s for s in steps if s["step"] <= first]
            evals = [e for e in evals if e["step"] <= first]
        elif kind == "step":
            steps.append(event)
        elif kind == "eval":
            evals.append(event)
        elif kind == "data":
            eval_examples = (event.get("report") or {}).get("eval_examples")
    findings = []
    for check in (_too_few_steps(start), _diverged(steps), _not_learning(start, steps),
                  _overfitting(steps, evals, eval_examples)):
        if check is not None:
            findings.append(check)
    return findings


def too_few_steps(planned: int) -> str | None:
    """The warning for a run of `planned` optimiser steps, if that is too few (before it starts, too)."""
    if not 0 < planned < TOO_FEW_STEPS:
        return None
    return plural(planned, QT_TRANSLATE_NOOP("Core", "This run has only %n optimiser step, too few to change what "
                                             "the model says. Choose the Quick, Balanced or Thorough preset, or "
                                             "raise the epochs."),
                  QT_TRANSLATE_NOOP("Core", "This run has only %n optimiser steps, too few to change what the model "
                                    "says. Choose the Quick, Balanced or Thorough preset, or raise the epochs."))


def _too_few_steps(start: dict[str, Any] | None) -> Finding | None:
    text = too_few_steps((start or {}).get("max_steps") or 0)
    return Finding("too_few_steps", text) if text else None


def _diverged(steps: list[dict[str, Any]]) -> Finding | None:
    bad = next((s for s in steps if not _finite(s.get("loss")) or
                (s.get("grad_norm") is not None and not _finite(s["grad_norm"]))), None)
    if bad is None:
        return None
    rate = next((s.get("lr") for s in reversed(steps) if s.get("lr")), None)
    if rate:
        text = fill(translate("Core", "The loss became infinite or not a number at step %1: the learning rate is too "
                              "high for this model; try %2, and start again."), bad["step"], f"{rate / 10:g}")
    else:
        text = fill(translate("Core", "The loss became infinite or not a number at step %1: the learning rate is too "
                              "high for this model; try a tenth of it, and start again."), bad["step"])
    return Finding("diverged", text)


def _not_learning(start: dict[str, Any] | None, steps: list[dict[str, Any]]) -> Finding | None:
    planned = (start or {}).get("max_steps") or (steps[-1].get("max_steps") if steps else 0) or 0
    warmup = max(1, round(planned * (start or {}).get("warmup_ratio", 0.05)))
    after = [s for s in steps if s["step"] > warmup and _finite(s.get("loss"))]
    if len(after) < max(MIN_STEPS_FOR_TREND, 2 * WINDOW):
        return None
    first = statistics.fmean(s["loss"] for s in after[:WINDOW])
    last = statistics.fmean(s["loss"] for s in after[-WINDOW:])
    if last < first * FLAT_RATIO:
        return None
    rate = next((s.get("lr") for s in reversed(steps) if s.get("lr")), None)
    if last <= first:
        template = translate("Core", "The training loss has not fallen since step %1 (%2 → %3): the model is not "
                             "learning. Raise the learning rate (it is %4 now), or check that the replies in the data "
                             "are what you want it to say.")
    else:
        template = translate("Core", "The training loss is rising since step %1 (%2 → %3): the model is not "
                             "learning. Raise the learning rate (it is %4 now), or check that the replies in the data "
                             "are what you want it to say.")
    # Every step event carries its learning rate; "?" only for hand-made events.
    return Finding("not_learning", fill(template, after[0]["step"], f"{first:.2f}", f"{last:.2f}",
                                        f"{rate:g}" if rate else "?"))


def _overfitting(steps: list[dict[str, Any]], evals: list[dict[str, Any]], eval_examples: int | None) -> Finding | None:
    if eval_examples is not None and eval_examples < OVERFIT_MIN_EVAL:
        return None
    losses = [e["eval_loss"] for e in evals if _finite(e.get("eval_loss"))]
    if len(losses) < OVERFIT_RISES + 1:
        return None
    best = min(losses)
    recent = losses[-(OVERFIT_RISES + 1):]
    rising = all(b > a for a, b in zip(recent, recent[1:], strict=False))
    if not (rising and losses[-1] > best * OVERFIT_MARGIN):
        return None
    best_step = next(e["step"] for e in evals if e.get("eval_loss") == best)
    train = [s["loss"] for s in steps if _finite(s.get("loss"))]
    train_falling = len(train) >= 2 * WINDOW and statistics.fmean(train[-WINDOW:]) < \
        statistics.fmean(train[-2 * WINDOW:-WINDOW])
    if not train_falling:
        return None
    text = fill(translate("Core", "The eval loss is rising (best %1 at step %2, now %3) while the training loss falls: "
                          "the model is memorising the examples instead of learning from them. Turn on early "
                          "stopping, or train for fewer steps."), f"{best:.2f}", best_step, f"{losses[-1]:.2f}")
    return Finding("overfitting", text, fix="early_stopping")


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)
