"""A model kept as GGUF runs with llama.cpp under the engine's contract: its template and vocabulary
give the converted model's tokens, replies stream and cancel within one token, stop strings and
context fitting work, llama.cpp's own cache serves the next turn (its counters show that turn 10 is
not read again), and the memory estimate matches what loading it takes. Skipped without llama.cpp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_chat.core.errors import BadInput, ContextOverflow
from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.types import ChatRequest, GenParams, Message
from tests.conftest import REPO, STARTER, STARTER_GGUF

llama_cpp = pytest.importorskip("llama_cpp", reason="the llama.cpp runtime is not installed (make test GGUF=1 adds it)")

# The starter's Q4_1 file under llama.cpp (8-bit activations) leans another way than the converted
# model at some near-ties: "What is the capital of France?" alone starts "L'Étoile…". This one is firm.
CAPITAL = "Name the capital of France."


def greedy(n: int = 40, **kw) -> GenParams:
    return GenParams(temperature=0, max_new_tokens=n, **kw)


def ask(engine: Engine, messages: list[Message], params: GenParams | None = None, reuse_cache: bool = True,
        context_policy: str = "drop_oldest", **kw):
    request = ChatRequest(messages, params or greedy(), reuse_cache=reuse_cache, context_policy=context_policy)
    return engine.chat(request, model=STARTER_GGUF, **kw)


@pytest.fixture
def gguf_engine(gguf_home: Path):
    engine = Engine(threads=1)
    yield engine
    engine.shutdown()


def evaluated_tokens(engine: Engine) -> int:
    """Tokens llama.cpp has evaluated in the loaded context so far, by its own counters."""

    def count(loaded) -> int:
        data = llama_cpp.llama_perf_context(loaded.llama.ctx)
        return int(data.n_p_eval + data.n_eval)

    return engine.call(count, model=STARTER_GGUF).result(60)


def test_the_kept_model_says_how_it_runs_and_the_same_file_is_not_kept_twice(gguf_home: Path):
    from desktop_chat.core.inference.gguf_runtime import RUNTIME, gguf_path
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import already_imported, keep_gguf, starter_gguf_path

    library = Library()
    kept = library.get(STARTER_GGUF)
    assert kept.is_gguf and kept.runtime == RUNTIME and kept.quantization == "Q4_1" == kept.dtype
    assert kept.shape and kept.shape["layers"] == 30 and kept.shape["vocab"] == 49152
    assert gguf_path(kept).read_bytes()[:4] == b"GGUF" and kept.size_bytes == starter_gguf_path().stat().st_size
    assert already_imported(library, starter_gguf_path(), RUNTIME).name == STARTER_GGUF
    assert already_imported(library, starter_gguf_path()).name == STARTER  # the converted one
    with pytest.raises(BadInput, match=f"already in the library as '{STARTER_GGUF}'"):
        keep_gguf(starter_gguf_path(), "another-name", library=library)
    assert not library.has("another-name")


def test_its_template_and_vocabulary_give_the_converted_models_tokens(gguf_engine: Engine, model_cache):
    from transformers import AutoTokenizer

    reference = AutoTokenizer.from_pretrained(model_cache[STARTER])
    conversations = [
        [{"role": "user", "content": "Hello!"}],
        [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hi"},
         {"role": "assistant", "content": "Hello. How can I help?"}, {"role": "user", "content": "Tell me a joke."}],
        [{"role": "user", "content": "你好，请介绍一下北京。 Emoji: 🦊 and code: `x = {\"a\": 1}`"}],
    ]

    def tokens(loaded):
        ours = [loaded.tokenizer.apply_chat_template(c, add_generation_prompt=True, tokenize=True, return_dict=True)
                ["input_ids"] for c in conversations]
        carry = conversations[1][:3]
        ours.append(loaded.tokenizer.apply_chat_template(carry, continue_final_message=True, tokenize=True))
        decoded = loaded.tokenizer.decode(ours[2])
        return ours, decoded

    ours, decoded = gguf_engine.call(tokens, model=STARTER_GGUF).result(60)
    theirs = [list(reference.apply_chat_template(c, add_generation_prompt=True, tokenize=True, return_dict=True)
                   ["input_ids"]) for c in conversations]
    theirs.append(list(reference.apply_chat_template(conversations[1][:3], continue_final_message=True,
                                                     tokenize=True, return_dict=True)["input_ids"]))
    assert ours == theirs
    assert decoded == reference.decode(theirs[2], skip_special_tokens=True)


def test_replies_stream_with_the_engines_stats(gguf_engine: Engine):
    deltas: list[str] = []
    prompts: list[tuple[int, int]] = []
    result = ask(gguf_engine, [Message("user", CAPITAL)], on_delta=deltas.append,
                 on_prompt=lambda n, limit: prompts.append((n, limit))).result(120)
    assert "Paris" in result.text and len(deltas) > 3 and "".join(deltas) == result.text
    stats = result.stats
    assert (stats.model, stats.device, stats.dtype, stats.finish_reason) == (STARTER_GGUF, "cpu", "Q4_1", "stop")
    assert prompts == [(stats.prompt_tokens, 8192)] and stats.context_limit == 8192
    assert stats.completion_tokens == len(result.token_ids) and stats.decode_tok_s > 0
    status = gguf_engine.status
    assert status.precision == "Q4_1, llama.cpp" and "llama.cpp" in status.precision_reason and status.threads == 1


def short_chat(turns: int) -> list[Message]:
    """A chat of `turns` questions with scripted two-sentence answers (~45 tokens a turn)."""
    history = [Message("system", "You are a helpful assistant.")]
    for turn in range(turns):
        history += [Message("user", f"Tell me fact number {turn + 1} about rivers."),
                    Message("assistant", f"Fact {turn + 1}: rivers carry water from high ground to the sea. They "
                                         "shape valleys over thousands of years.")]
    return history


def test_turn_ten_reads_only_its_new_tokens_from_llama_cpps_cache(gguf_engine: Engine):
    history = short_chat(10)
    for turn in range(10):  # ask each question, then put the scripted answer into the cache
        before = evaluated_tokens(gguf_engine)
        result = ask(gguf_engine, history[: 2 + 2 * turn], greedy(1)).result(120)
        stats = result.stats
        new_tokens = stats.prompt_tokens - stats.cached_tokens
        assert evaluated_tokens(gguf_engine) - before == new_tokens  # by llama.cpp's own count
        if turn == 9:
            assert stats.prompt_tokens > 400 and new_tokens < 25
        ask(gguf_engine, history[: 3 + 2 * turn], greedy(1)).result(120)
    again = ask(gguf_engine, history[:20], greedy(1), reuse_cache=False).result(120)
    assert again.stats.cached_tokens == 0 and again.text == result.text
    assert evaluated_tokens(gguf_engine) - before - new_tokens >= again.stats.prompt_tokens  # all read again


def test_cancel_stops_within_one_token_and_the_next_reply_is_whole(gguf_engine: Engine):
    holder: dict = {}

    def first_delta(_text: str) -> None:
        holder["job"].cancel()

    job = ask(gguf_engine, [Message("user", "Write a long story about a dragon.")], greedy(200),
              on_delta=first_delta)
    holder["job"] = job
    cancelled = job.result(120)
    assert cancelled.stats.finish_reason == "cancelled" and cancelled.stats.completion_tokens <= 2
    fresh = ask(gguf_engine, [Message("user", CAPITAL)]).result(120)
    cold = ask(gguf_engine, [Message("user", CAPITAL)], reuse_cache=False).result(120)
    assert fresh.text == cold.text and "Paris" in fresh.text


def test_stop_strings_lengths_and_seeds(gguf_engine: Engine):
    stopped = ask(gguf_engine, [Message("user", CAPITAL)], greedy(stop=["Paris"])).result(120)
    assert "Paris" not in stopped.text and stopped.stats.finish_reason == "stop" and stopped.text.strip()
    short = ask(gguf_engine, [Message("user", CAPITAL)], greedy(3)).result(120)
    assert short.stats.finish_reason == "length" and short.stats.completion_tokens == 3
    at_least = ask(gguf_engine, [Message("user", CAPITAL)], greedy(60, min_new_tokens=40)).result(120)
    assert at_least.stats.completion_tokens >= 40
    poem = [Message("user", "Write a poem about the sea.")]
    sampled = [ask(gguf_engine, poem, GenParams(temperature=0.9, seed=seed, max_new_tokens=24)).result(120).text
               for seed in (5, 5, 6)]
    assert sampled[0] == sampled[1] != sampled[2]


def test_a_long_chat_is_fitted_into_the_context(gguf_engine: Engine):
    history = [Message("system", "You are terse.")]
    for i in range(6):
        history += [Message("user", f"Question {i}: " + "tell me more " * 40), Message("assistant", "Fine. " * 60)]
    history.append(Message("user", CAPITAL))
    params = greedy(8192 - 300, stop=["\n"])
    fitted = ask(gguf_engine, history, params).result(120)
    assert 0 < fitted.stats.dropped_messages < len(history) - 2 and fitted.stats.prompt_tokens <= 300
    with pytest.raises(ContextOverflow):
        ask(gguf_engine, history, params, context_policy="error").result(120)


def test_the_memory_estimate_matches_what_loading_and_a_long_chat_take(gguf_home: Path):
    """In a child process, so the resident memory it measures is the model's own."""
    code = (
        "import json\n"
        "from desktop_chat.core.bench import conversation\n"
        "from desktop_chat.core.inference.engine import Engine\n"
        "from desktop_chat.core.library.memory import process_memory\n"
        "from desktop_chat.core.types import ChatRequest, GenParams\n"
        f"engine = Engine(threads=1)\nbefore = process_memory()\nstatus = engine.load({STARTER_GGUF!r}).result(120)\n"
        "chat = engine.chat(ChatRequest(conversation(6)[:-1], GenParams(temperature=0, max_new_tokens=1)))\n"
        "tokens = chat.result(120).stats.prompt_tokens\n"
        "after = process_memory() - before\n"
        f"at_load, at_chat = (engine.estimate({STARTER_GGUF!r}, n).total_bytes for n in (1, tokens))\n"
        f"whole = engine.estimate({STARTER_GGUF!r})\n"
        "print(json.dumps([status.memory_bytes, at_load, after, at_chat, whole.kv_cache_bytes]))\n"
        "engine.shutdown()\n"
    )
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(gguf_home)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    measured_load, predicted_load, measured_chat, predicted_chat, kv = json.loads(done.stdout.strip().splitlines()[-1])
    assert kv == 2 * 30 * 3 * 64 * 8192 * 2  # fp16 keys and values for the whole context
    assert 0.8 * measured_load <= predicted_load <= 1.2 * measured_load, (measured_load, predicted_load)
    assert 0.8 * measured_chat <= predicted_chat <= 1.2 * measured_chat, (measured_chat, predicted_chat)
    assert measured_chat > measured_load + 20_000_000  # the cache fills as the chat grows


def test_fine_tuning_a_kept_model_says_to_convert_it_first(gguf_home: Path):
    from desktop_chat.core.finetune.spec import check_trainable
    from desktop_chat.core.library.catalog import Library

    with pytest.raises(BadInput, match=f"desktop-chat models convert {STARTER_GGUF}"):
        check_trainable(Library().get(STARTER_GGUF))
    check_trainable(Library().get(STARTER))  # a transformers model trains as it is


BATCH_VS_SINGLE = """
import json, sys
import numpy as np
import llama_cpp
llm = llama_cpp.Llama(sys.argv[1], n_ctx=512, n_threads=1, logits_all=True, verbose=False)
text = b"<|im_start|>user\\nExplain step by step how the gears of a bicycle make hills easier.<|im_end|>\\n" * 5
ids = llm.tokenize(text, add_bos=False, special=True)[:77]  # 2 x 32 rows for the tile kernels, and 13 more
llm.eval(ids)
batch = np.array(llm.scores[:len(ids)])
llm.reset()
for token in ids:
    llm.eval([token])
single = np.array(llm.scores[:len(ids)])
print(json.dumps([len(ids), float((batch.argmax(1) == single.argmax(1)).mean()),
                  float(np.median(np.abs(batch - single).max(axis=1)))]))
"""


def test_a_prompt_read_in_one_batch_gives_the_logits_of_reading_it_token_by_token(gguf_model_cache: Path):
    """Prompts and decoding go through different kernels (on AMX CPUs: int8 tiles for prompts, VNNI for one
    token); a miscompiled one either crashes or answers another model. In a child process, so a crash fails
    this test with its signal instead of ending the run."""
    from desktop_chat.core.inference.gguf_runtime import GGUF_FILE

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", BATCH_VS_SINGLE, str(gguf_model_cache / GGUF_FILE)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, f"llama.cpp failed reading a prompt (exit {done.returncode}): {done.stderr[-2000:]}"
    count, same_next_token, median_gap = json.loads(done.stdout.strip().splitlines()[-1])
    # 8-bit activations are rounded per batch, so logits differ a little (~0.6 on a scale of ~35)
    assert count == 77 and same_next_token >= 0.9 and median_gap < 2.0, (same_next_token, median_gap)


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags") for flag in line.split(":", 1)[1].split()}


@pytest.mark.skipif("amx_int8" not in _cpu_flags(), reason="this CPU has no AMX")
def test_on_a_cpu_with_amx_the_built_runtime_uses_its_kernels():
    """The Makefile's build keeps ggml's AMX kernels (twice the decode speed of its plain Q4_1 ones here)."""
    assert b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info()


CRASHING_PROBE = ("import os, resource, signal\nresource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
                  "os.kill(os.getpid(), signal.SIGSEGV)\n")


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process has not yet checked the llama.cpp build."""
    from desktop_chat.core.inference import gguf_check

    monkeypatch.setattr(gguf_check, "_READ_HERE", set())


@pytest.mark.skipif("amx_int8" not in _cpu_flags(), reason="only builds that use AMX are checked")
def test_a_build_that_reads_prompts_is_checked_once_and_remembered(home: Path, unchecked,
                                                                   monkeypatch: pytest.MonkeyPatch):
    from desktop_chat.core.inference import gguf_check

    gguf_check.check_build()  # a child reads a prompt with the starter's file
    verdicts = json.loads((home / gguf_check.VERDICTS_FILE).read_text(encoding="utf-8"))
    assert verdicts == {gguf_check.build_key(): "reads"}
    monkeypatch.setattr(gguf_check, "_READ_HERE", set())
    monkeypatch.setattr(gguf_check, "PROBE", CRASHING_PROBE)  # were it run again, it would "crash"
    gguf_check.check_build()


def test_a_build_that_crashes_reading_a_prompt_is_a_clear_load_error(gguf_home: Path, unchecked,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """A miscompiled AMX build cannot be made here: the child that reads a prompt dies the way it
    dies (SIGSEGV), and loading says what happened and how to rebuild, instead of the app crashing."""
    from desktop_chat.core.errors import ModelLoadError
    from desktop_chat.core.inference import gguf_check, gguf_runtime

    real_probe = gguf_check.PROBE
    monkeypatch.setattr(gguf_runtime, "uses_amx", lambda: True)
    monkeypatch.setattr(gguf_check, "PROBE", CRASHING_PROBE)
    engine = Engine(threads=1)
    try:
        with pytest.raises(ModelLoadError, match=r"crashes reading a prompt \(signal 11\), as its AMX .*-fno-dse"):
            engine.load(STARTER_GGUF).result(120)
        monkeypatch.setattr(gguf_check, "PROBE", real_probe)
        with pytest.raises(ModelLoadError, match="signal 11"):  # remembered for this build: not tried again
            engine.load(STARTER_GGUF).result(120)
        assert engine.status is None or engine.status.name != STARTER_GGUF
    finally:
        engine.shutdown()
