"""The engine with the real starter model: exact greedy output, prompt cancel, and cache reuse on a
long conversation (same answers, far less prefill)."""

import pytest

from desktop_chat.core.types import ChatRequest, GenParams, Message

pytestmark = pytest.mark.e2e
STARTER = "smollm2-135m-instruct"


def greedy(n: int) -> GenParams:
    return GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=n)


def test_greedy_engine_output_equals_bare_generate(engine):
    prompt = [Message("user", "Write a short poem about the sea.")]
    result = engine.chat(ChatRequest(prompt, greedy(48)), model=STARTER).result(120)

    def bare(loaded):
        import torch

        from desktop_chat.core.inference.generate import render_prompt

        ids = torch.tensor([render_prompt(loaded.tokenizer, prompt)])
        out = loaded.model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=48, do_sample=False)
        return out[0, ids.shape[1]:].tolist()

    expected = engine.call(bare, model=STARTER).result(120)
    assert result.token_ids == expected
    assert len(expected) > 10


def test_cancel_mid_stream_keeps_exactly_what_was_streamed(engine):
    prompt = [Message("user", "Write a long story about a dragon who learns to cook.")]
    full = engine.chat(ChatRequest(prompt, greedy(40)), model=STARTER).result(120)
    deltas: list[str] = []
    holder = {}

    def on_delta(delta):
        deltas.append(delta)
        if len(deltas) == 3:
            holder["job"].cancel()  # on the engine thread, between two tokens

    holder["job"] = engine.chat(ChatRequest(prompt, greedy(40)), on_delta, model=STARTER)
    result = holder["job"].result(120)
    assert result.stats.finish_reason == "cancelled"
    assert result.text == "".join(deltas) == "".join(deltas[:3])
    assert full.text.startswith(result.text)
    assert result.stats.completion_tokens <= 4  # the token in flight, at most one more
    answer = engine.chat(ChatRequest([Message("user", "What is the capital of France?")], greedy(16)),
                         model=STARTER).result(120)
    assert "Paris" in answer.text


def test_cache_reuse_same_answers_and_much_faster_second_turn(engine):
    notes = ("Here are my notes on the history of bridges, written over many evenings. " * 6 + "\n") * 17
    first_turn = [Message("system", "You are a helpful assistant."),
                  Message("user", notes + "Summarise my notes in one sentence.")]

    def two_turns(reuse: bool):
        a = engine.chat(ChatRequest(list(first_turn), greedy(24), reuse_cache=reuse), model=STARTER).result(300)
        second = [*first_turn, Message("assistant", a.text), Message("user", "Now give it a title.")]
        b = engine.chat(ChatRequest(second, greedy(16), reuse_cache=reuse), model=STARTER).result(300)
        return a, b

    reuse_a, reuse_b = two_turns(True)
    fresh_a, fresh_b = two_turns(False)
    assert reuse_a.stats.prompt_tokens > 1500
    assert (reuse_a.token_ids, reuse_b.token_ids) == (fresh_a.token_ids, fresh_b.token_ids)
    assert reuse_b.stats.cached_tokens >= 0.95 * reuse_b.stats.prompt_tokens
    assert fresh_b.stats.cached_tokens == 0
    # How much faster that makes the second turn (~0.2 s vs ~3.5 s here) is measured by `bench`.
