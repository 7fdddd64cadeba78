"""Generation parameters are checked before anything runs, each with a message naming the field."""

import math

import pytest

from desktop_chat.core.errors import BadInput
from desktop_chat.core.types import GenParams, GenStats, Message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("temperature", -0.1), ("temperature", 99.0), ("temperature", math.nan),
        ("top_p", 0.0), ("top_p", 1.5),
        ("top_k", -1), ("top_k", 2.5),
        ("repetition_penalty", 0.0), ("repetition_penalty", 100.0),
        ("max_new_tokens", 0), ("max_new_tokens", True),
        ("seed", -3),
        ("stop", [""]),
    ],
)
def test_absurd_parameters_name_the_field(field, value):
    params = GenParams(**{field: value})
    with pytest.raises(BadInput, match=field):
        params.validate()


def test_sensible_parameters_pass_and_zero_temperature_is_greedy():
    params = GenParams(temperature=0, top_p=1.0, top_k=0, max_new_tokens=1, seed=0).validate()
    assert params.greedy
    assert not GenParams().validate().greedy


def test_params_round_trip_through_dicts_ignoring_unknown_keys():
    params = GenParams(temperature=0.5, stop=["###"])
    assert GenParams.from_dict({**params.to_dict(), "unknown": 1}) == params


def test_message_from_dict_rejects_unknown_roles():
    assert Message.from_dict({"role": "user", "content": "hi"}) == Message("user", "hi")
    with pytest.raises(BadInput, match="role"):
        Message.from_dict({"role": "robot", "content": "hi"})
    with pytest.raises(BadInput, match="content"):
        Message.from_dict({"role": "user", "content": 3})


def test_stats_summary_mentions_dropped_messages_and_speed():
    stats = GenStats(model="m", device="cpu", dtype="fp32", prompt_tokens=10, completion_tokens=5,
                     decode_tok_s=12.5, dropped_messages=2, context_used=15, context_limit=512,
                     finish_reason="length")
    line = stats.summary()
    assert "the 2 oldest messages left out" in line
    assert "12.5 tok/s" in line
    assert "15 / 512" in line
    assert "length" in line


@pytest.mark.parametrize("count, text", [(None, "?"), (36_864, "37K"), (134_515_008, "135M"),
                                         (1_711_376_384, "1.7B")])
def test_parameter_counts_read_like_model_cards(count, text):
    from desktop_chat.core.library.memory import params_text

    assert params_text(count) == text  # an adapter's 37K trainable parameters are not shown as "0M"
