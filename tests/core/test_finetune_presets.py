"""Presets that scale with the data, the page's and the CLI's word on a run that is not learning, and the
estimate taken from this machine's measured speed."""

import json
import math

import pytest

from desktop_chat.core.finetune.estimate import measured_tokens_per_s
from desktop_chat.core.finetune.health import TOO_FEW_STEPS, diagnose
from desktop_chat.core.finetune.presets import PLANNED_FIELDS, PRESET_NAMES, PRESETS, plan
from desktop_chat.core.finetune.runner import new_run
from desktop_chat.core.finetune.spec import RunSpec

SMALL_MODEL = 135_000_000


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a_dozen_examples_get_tens_of_steps_and_many_epochs(preset):
    planned = plan(preset, 12, "lora", SMALL_MODEL)
    assert planned.steps >= PRESETS[preset].floor_steps >= 40
    assert planned.steps * planned.batch_size / 12 >= 10  # each example is seen at least 10 times
    assert planned.keep_knowledge == 24  # the model's own answers to all the general questions: it keeps what it knew
    assert planned.batch_size * planned.grad_accum <= 4  # small steps, so there are many of them
    assert planned.learning_rate >= 5e-4
    assert planned.spec_values()["lora_targets"] == "all-linear"


def test_more_learning_from_quick_to_thorough():
    steps = [plan(p, 12, "lora", SMALL_MODEL).steps for p in PRESET_NAMES]
    assert steps == sorted(steps) and len(set(steps)) == 3


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_large_sets_take_fewer_epochs_and_never_fewer_steps_than_the_floor(preset):
    small = plan(preset, 12, "lora", SMALL_MODEL)
    large = plan(preset, 12_000, "lora", SMALL_MODEL)
    corpus = plan(preset, 300_000, "lora", SMALL_MODEL)  # a large text corpus cut into 300,000 blocks
    assert large.epochs < small.epochs and corpus.epochs <= large.epochs
    assert large.batch_size * large.grad_accum > small.batch_size * small.grad_accum
    assert large.keep_knowledge == 0  # varied enough on its own
    for planned in (small, large, corpus, plan(preset, 1, "lora", SMALL_MODEL)):
        assert PRESETS[preset].floor_steps <= planned.steps <= PRESETS[preset].cap_steps
    assert large.epochs >= min(PRESETS[preset].min_epochs, PRESETS[preset].cap_steps / large.per_epoch)


def test_the_learning_rate_follows_the_method_and_the_model_size():
    lora_small = plan("balanced", 100, "lora", SMALL_MODEL).learning_rate
    lora_large = plan("balanced", 100, "lora", 7_000_000_000).learning_rate
    full_small = plan("balanced", 100, "full", SMALL_MODEL).learning_rate
    assert lora_small > lora_large and full_small < lora_small / 10


def test_early_stopping_only_with_enough_held_out_examples():
    assert plan("thorough", 12_000, "lora", SMALL_MODEL, eval_examples=1_200).early_stopping_patience > 0
    assert plan("thorough", 11, "lora", SMALL_MODEL, eval_examples=1).early_stopping_patience == 0
    with_eval = plan("quick", 90, "lora", SMALL_MODEL, eval_examples=10)
    assert with_eval.eval_every > 0 and with_eval.save_every % with_eval.eval_every == 0  # best checkpoint kept


def test_the_plan_says_what_it_chose_in_words_and_a_spec_takes_it_except_what_the_user_set():
    planned = plan("quick", 12, "lora", SMALL_MODEL)
    words = planned.describe(seconds=130, measured=True)
    assert words.startswith(f"Quick: 12 examples (+ 24 of the model's own answers) × {planned.epochs:.1f} epochs = "
                            f"{planned.steps} optimiser steps of 4 examples each, learning rate 0.001")
    assert "about 2 min (measured here)" in words
    assert tuple(planned.spec_values()) == PLANNED_FIELDS
    spec = RunSpec(base="m", data=["d"], out="o", learning_rate=3e-5, epochs=2).with_plan(
        planned, keep={"learning_rate", "epochs"})
    assert spec.learning_rate == 3e-5 and spec.epochs == 2 and spec.max_steps == 0  # epochs by hand: no step count
    assert spec.lora_r == planned.lora_r and spec.preset == "quick"


def _steps(losses, lr=1e-3, first=1):
    return [{"event": "step", "step": first + i, "max_steps": 40, "loss": loss, "lr": lr, "grad_norm": 1.0}
            for i, loss in enumerate(losses)]


def _kinds(events):
    return {finding.kind for finding in diagnose(events)}


def test_a_loss_that_does_not_fall_after_the_warm_up_is_reported_with_what_to_change():
    start = {"event": "start", "max_steps": 40, "warmup_ratio": 0.05}
    flat = [start, *_steps([3.3, 3.26, 3.3, 3.35, 3.28, 3.31, 3.4, 3.3, 3.36, 3.38, 3.41, 3.37, 3.4, 3.39, 3.42])]
    [finding] = diagnose(flat)
    assert finding.kind == "not_learning" and "Raise the learning rate (it is 0.001 now)" in finding.text
    falling = [start, *_steps([3.3 * 0.9 ** i for i in range(15)])]
    assert diagnose(falling) == []
    assert diagnose([start, *_steps([3.3, 3.4, 3.5])]) == []  # too early to say


def test_eval_loss_rising_while_train_loss_falls_offers_early_stopping():
    events = [{"event": "start", "max_steps": 40}, *_steps([2.0 * 0.9 ** i for i in range(20)])]
    events += [{"event": "eval", "step": s, "eval_loss": v} for s, v in ((5, 2.0), (10, 1.6), (15, 1.8), (20, 2.1))]
    [finding] = diagnose(events)
    assert finding.kind == "overfitting" and finding.fix == "early_stopping"
    assert "best 1.60 at step 10, now 2.10" in finding.text
    improving = events[:-2] + [{"event": "eval", "step": 15, "eval_loss": 1.5}]
    assert "overfitting" not in _kinds(improving)
    one_held_out = [{"event": "data", "report": {"eval_examples": 1}}, *events]  # its loss is its wording's
    assert "overfitting" not in _kinds(one_held_out)
    assert "overfitting" in _kinds([{"event": "data", "report": {"eval_examples": 40}}, *events])


def test_a_diverging_loss_and_too_few_steps_are_reported():
    nan = [{"event": "start", "max_steps": 40}, *_steps([3.0, 2.9, math.nan], lr=0.5)]
    [finding] = diagnose(nan)
    assert finding.kind == "diverged" and "step 3" in finding.text and "try 0.05" in finding.text
    # A NaN that came through events.jsonl (Python writes and reads NaN) is found too.
    assert _kinds(json.loads(json.dumps(nan))) == {"diverged"}
    few = [{"event": "start", "max_steps": 2}]
    assert _kinds(few) == {"too_few_steps"} and "only 2 optimiser steps" in diagnose(few)[0].text
    assert _kinds([{"event": "start", "max_steps": TOO_FEW_STEPS}]) == set()


def test_a_resumed_run_is_judged_on_its_steps_once(home):
    start = {"event": "start", "max_steps": 40}
    first = _steps([3.0 * 0.9 ** i for i in range(10)])
    again = {"event": "start", "max_steps": 40, "resumed_step": 6}
    # The steps after the checkpoint are logged again by the resumed attempt: they must not count twice.
    events = [start, *first, again, *_steps([3.0 * 0.9 ** i for i in range(6, 16)], first=7)]
    assert diagnose(events) == []


def test_the_time_estimate_uses_the_speed_this_machine_measured(home):
    assert measured_tokens_per_s("tiny-llama", "lora", "cpu") is None
    run = new_run(RunSpec(base="tiny-llama", data=["/x.jsonl"], out="measured"))
    (run.dir / "events.jsonl").write_text(json.dumps({"event": "done", "model": "measured", "tokens_per_s": 321.5,
                                                      "device_type": "cpu"}) + "\n")
    assert measured_tokens_per_s("tiny-llama", "lora", "cpu") == 321.5
    assert measured_tokens_per_s("tiny-llama", "full", "cpu") is None  # another method trains at another speed
    assert measured_tokens_per_s("tiny-llama", "lora", "cuda") is None


def test_preference_training_plans_a_tenth_of_the_rate_and_no_replay():
    sft = plan("quick", 12, "lora", 135_000_000)
    dpo = plan("quick", 12, "lora", 135_000_000, objective="dpo")
    assert sft.keep_knowledge == 24 and dpo.keep_knowledge == 0
    assert dpo.learning_rate == pytest.approx(sft.learning_rate / 10)
    assert RunSpec(base="b", data=["d"], out="o", objective="dpo").lr == pytest.approx(2e-5)
