"""The engine streams, cancels within one token, reuses its cache without changing the output,
queues jobs in order, and reports errors to the caller while staying usable (tiny random model)."""

import threading
import time

import pytest

from desktop_chat.core.errors import BadInput, ContextOverflow, ModelNotFound
from desktop_chat.core.types import ChatRequest, GenParams, Message

TINY = "tiny-llama"


def greedy(n: int, minimum: int | None = None, **kw) -> GenParams:
    return GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=n,
                     min_new_tokens=n if minimum is None else minimum, **kw)


def ask(engine, text="Tell me a story.", params=None, **kw):
    return engine.chat(ChatRequest([Message("user", text)], params or greedy(20)), model=TINY, **kw)


def test_streamed_deltas_add_up_to_the_reply(engine):
    deltas: list[str] = []
    result = ask(engine, on_delta=deltas.append).result(60)
    assert deltas and "".join(deltas) == result.text
    assert result.stats.completion_tokens == 20 == len(result.token_ids)
    assert result.stats.finish_reason == "length"
    assert result.stats.model == TINY and result.stats.device == "cpu" and result.stats.dtype == "fp32"
    assert result.stats.context_limit == 512
    assert result.stats.context_used == result.stats.prompt_tokens + 20


def test_greedy_output_equals_bare_generate_token_for_token(engine):
    result = ask(engine, params=greedy(24, 0)).result(60)

    def bare(loaded):
        import torch

        from desktop_chat.core.inference.generate import render_prompt

        ids = torch.tensor([render_prompt(loaded.tokenizer, [Message("user", "Tell me a story.")])])
        out = loaded.model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=24, do_sample=False)
        return out[0, ids.shape[1]:].tolist()

    assert result.token_ids == engine.call(bare, model=TINY).result(60)


def test_cancel_before_the_first_token_stops_after_one_token(engine):
    holder = {}
    job = ask(engine, params=greedy(200), on_start=lambda: holder["job"].cancel())
    holder["job"] = job
    result = job.result(60)
    assert result.stats.finish_reason == "cancelled"
    assert result.stats.completion_tokens == 1


def test_cancel_mid_stream_stops_promptly_and_the_next_request_runs(engine):
    seen = threading.Event()
    count = []

    def on_delta(delta):
        count.append(delta)
        if len(count) >= 5:
            seen.set()

    job = ask(engine, params=greedy(400), on_delta=on_delta)
    assert seen.wait(60)
    job.cancel()
    result = job.result(30)
    assert result.stats.finish_reason == "cancelled"
    assert result.stats.completion_tokens < 400
    after = ask(engine, "Hello", params=greedy(5)).result(60)
    assert after.stats.completion_tokens == 5 and after.stats.finish_reason == "length"


def test_sampling_with_a_seed_repeats_and_different_seeds_differ(engine):
    params = dict(temperature=1.0, top_p=1.0, top_k=0, max_new_tokens=16, min_new_tokens=16)
    a = ask(engine, params=GenParams(seed=1, **params)).result(60)
    b = ask(engine, params=GenParams(seed=1, **params)).result(60)
    c = ask(engine, params=GenParams(seed=2, **params)).result(60)
    assert a.token_ids == b.token_ids != c.token_ids
    assert a.stats.seed == 1


def test_stop_strings_end_the_reply_before_the_stop_text(engine):
    full = ask(engine, params=greedy(40)).result(60).text
    stop = full[12:15]
    cut = full.find(stop)
    assert cut > 0
    result = ask(engine, params=greedy(40, stop=[stop])).result(60)
    assert result.text == full[:cut]
    assert result.stats.finish_reason == "stop"
    assert result.stats.completion_tokens < 40


def _three_turns(engine, reuse: bool):
    history = [Message("system", "You are terse.")]
    texts, stats = [], []
    for question in ("First question?", "And the second one?", "A third, longer question " * 5):
        history.append(Message("user", question))
        result = engine.chat(ChatRequest(list(history), greedy(12), reuse_cache=reuse), model=TINY).result(60)
        history.append(Message("assistant", result.text))
        texts.append(result.token_ids)
        stats.append(result.stats)
    return texts, stats


def test_cache_reuse_gives_the_same_output_and_prefills_only_new_tokens(engine):
    reused, reused_stats = _three_turns(engine, reuse=True)
    fresh, fresh_stats = _three_turns(engine, reuse=False)
    assert reused == fresh
    assert all(s.cached_tokens == 0 for s in fresh_stats)
    # Turn 2 finds turn 1's prompt and reply in the cache; only the new message is prefilled.
    assert reused_stats[1].cached_tokens >= reused_stats[0].prompt_tokens + len(reused[0]) - 1
    assert reused_stats[2].cached_tokens >= reused_stats[1].prompt_tokens


def test_overflowing_history_is_trimmed_and_reported(engine):
    history = []
    for i in range(12):
        history += [Message("user", f"message {i} " + "word " * 30), Message("assistant", "reply " * 10)]
    history.append(Message("user", "last question"))
    result = engine.chat(ChatRequest(history, greedy(64), system="Be brief."), model=TINY).result(60)
    stats = result.stats
    assert stats.dropped_messages > 0
    assert stats.dropped_indices == list(range(stats.dropped_messages))  # relative to the caller's list
    assert stats.prompt_tokens + 64 <= 512


def test_jobs_run_in_order_and_a_queued_job_can_be_cancelled(engine):
    order = []
    first = ask(engine, params=greedy(60), on_start=lambda: order.append("first"))
    second = ask(engine, on_start=lambda: order.append("second"))
    third = ask(engine, params=greedy(3), on_start=lambda: order.append("third"))
    assert second.waiting
    second.cancel()
    assert third.result(60).stats.completion_tokens == 3
    assert first.result(60).stats.completion_tokens == 60
    assert second.future.cancelled()
    assert order == ["first", "third"]


def test_errors_reach_the_caller_and_the_engine_keeps_working(engine):
    with pytest.raises(BadInput, match="empty"):
        engine.chat(ChatRequest([Message("user", "   ")]), model=TINY).result(60)
    with pytest.raises(ModelNotFound, match="tiny-llama"):
        engine.chat(ChatRequest([Message("user", "hi")]), model="not-installed").result(60)
    with pytest.raises(BadInput, match="top_p"):
        engine.chat(ChatRequest([Message("user", "hi")], GenParams(top_p=3)), model=TINY).result(60)
    assert ask(engine, params=greedy(2)).result(60).stats.completion_tokens == 2


def test_shutdown_cancels_queued_work_and_joins_the_thread(home):
    from desktop_chat.core.inference.engine import Engine

    engine = Engine()
    running = ask(engine, params=greedy(400))
    queued = ask(engine)
    while not running.started:
        time.sleep(0.01)
    engine.shutdown(timeout=120)
    assert queued.future.cancelled()
    assert running.result(1).stats.finish_reason == "cancelled"
    assert not any(t.name == "desktop-chat-engine" and t.is_alive() for t in threading.enumerate())


def test_continue_carries_on_a_partial_reply(engine):
    full = ask(engine, params=greedy(30)).result(60)
    partial_ids = full.token_ids[:10]

    def decode(loaded):
        return loaded.tokenizer.decode(partial_ids, skip_special_tokens=True)

    partial = engine.call(decode, model=TINY).result(60)
    request = ChatRequest([Message("user", "Tell me a story."), Message("assistant", partial)], greedy(20),
                          continue_last=True)
    rest = engine.chat(request, model=TINY).result(60)
    assert rest.stats.completion_tokens == 20
    # Greedy from the same prefix: the continuation is what the uninterrupted reply said next.
    assert rest.token_ids[:10] == full.token_ids[10:20]
    with pytest.raises(BadInput, match="nothing to continue"):
        engine.chat(ChatRequest([Message("user", "hi")], greedy(5), continue_last=True), model=TINY).result(60)


def test_a_reply_bound_can_shrink_to_the_room_the_prompt_leaves(engine):
    history = [Message("user", "word " * 300)]
    with pytest.raises(BadInput, match="latest message needs"):
        engine.chat(ChatRequest(history, greedy(400)), model=TINY).result(60)
    result = engine.chat(ChatRequest(history, greedy(400, 0), shrink_reply_to_fit=True), model=TINY).result(60)
    assert result.stats.prompt_tokens + result.stats.completion_tokens <= 512
    too_long = [Message("user", "word " * 700)]
    with pytest.raises(ContextOverflow):
        engine.chat(ChatRequest(too_long, greedy(10), shrink_reply_to_fit=True, context_policy="error"),
                    model=TINY).result(60)


def test_the_models_own_sampling_defaults_never_leak_in(home, model_cache):
    """A model whose generation_config.json says top_k=1 (always the top token) must still sample
    when the user turns top-k off; the user's settings are exactly what runs."""
    import json
    import shutil

    from desktop_chat.core.inference.engine import Engine

    folder = home / "models" / "opinionated"
    shutil.copytree(model_cache["tiny-llama"], folder)
    config = json.loads((folder / "generation_config.json").read_text())
    (folder / "generation_config.json").write_text(json.dumps({**config, "top_k": 1, "min_p": 0.9}))
    engine = Engine()
    try:
        params = dict(temperature=1.0, top_p=1.0, top_k=0, max_new_tokens=12, min_new_tokens=12)
        outputs = {tuple(engine.chat(ChatRequest([Message("user", "Tell me a story.")], GenParams(seed=s, **params)),
                                     model="opinionated").result(60).token_ids) for s in range(4)}
        assert len(outputs) > 1  # with the model's top_k=1 every seed would give the greedy reply
    finally:
        engine.shutdown()
