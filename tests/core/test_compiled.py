"""The compiled decode step: static caches that keep a chat's prefix, compiled replies that match
uncompiled ones, preparation in a child process with the switch between replies, and the CLI
using what was prepared. The tiny model compiles in ~20 s cold; the inductor cache is shared by
these tests (conftest), so only the first compiles from scratch."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import torch
from torch._dynamo.utils import counters

from desktop_chat.core.inference import compiled
from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.inference.generate import generate_reply
from desktop_chat.core.inference.kv_cache import PrefixCache, static_length_of
from desktop_chat.core.inference.loader import load_model
from desktop_chat.core.library.catalog import Library
from desktop_chat.core.types import ChatRequest, GenParams, Message
from tests.conftest import TINY, run_cli

QUESTIONS = ["Hello there, who are you?", "Tell me about the sea.", "And about mountains, in detail please."]


def _greedy(tokens: int = 24) -> GenParams:
    return GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=tokens, min_new_tokens=tokens)


def _conversation(loaded: Any, cache: PrefixCache, tokens: int = 24) -> list[Any]:
    """Three turns with cache reuse; each reply's GenResult."""
    messages: list[Message] = []
    results = []
    for question in QUESTIONS:
        messages.append(Message("user", question))
        result = generate_reply(loaded, ChatRequest(list(messages), _greedy(tokens)), None, threading.Event(), cache)
        messages.append(Message("assistant", result.text))
        results.append(result)
    return results


def _generate(loaded: Any, config: Any, question: str, tokens: int = 10) -> Any:
    """Bare greedy `generate` of `tokens` tokens by the copy of the weights the compiled step decodes
    with, over a new 512-position static cache: compiled with `config`, or (None) uncompiled."""
    from desktop_chat.core.inference.generate import render_prompt
    from desktop_chat.core.inference.kv_cache import new_cache

    ids = torch.tensor([render_prompt(loaded.tokenizer, [Message("user", question)])])
    model = compiled.decoding_model(loaded)
    with torch.inference_mode():
        return model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=tokens, min_new_tokens=tokens,
                              past_key_values=new_cache(model.config, loaded.cache_dtype, 512), do_sample=False,
                              pad_token_id=0, compile_config=config, disable_compile=config is None,
                              output_logits=True, return_dict_in_generate=True)


def _first_step_logits(loaded: Any, config: Any) -> torch.Tensor:
    """Logits of the first decoding step after QUESTIONS[0] (the prompt is read uncompiled)."""
    return _generate(loaded, config, QUESTIONS[0], tokens=2).logits[1][0].float()


@pytest.fixture(autouse=True)
def _forget_compiled_steps() -> Any:
    """Each test's models are compiles of the same code: dropped after it, as the engine drops a
    model's step when it unloads (dynamo compiles one function at most eight times)."""
    yield
    compiled.forget_compiled_steps()


@pytest.fixture
def tiny(home: Path) -> Any:
    """fp32: compiled and uncompiled replies then decode with the same weights (with a 16-bit copy
    beside fp32 weights, the compiled step decodes with the copy: tested apart)."""
    return load_model(Library().get(TINY), "cpu", "fp32")


def test_a_chats_prefix_moves_into_a_static_cache_and_a_bigger_one(tiny: Any) -> None:
    """Switching to the compiled step mid-chat, a reply outgrowing its static cache, or switching back
    keeps the cached prefix: only the new token is read, and it gives what a fresh cache gives."""
    prompt = tiny.tokenizer.apply_chat_template([{"role": "user", "content": QUESTIONS[0]}],
                                                add_generation_prompt=True, tokenize=True, return_dict=True)
    ids = list(prompt["input_ids"])
    with torch.inference_mode():
        expected = int(tiny.model(input_ids=torch.tensor([[*ids, 42]])).logits[0, -1].argmax())
    cache = PrefixCache(tiny.cache_dtype)
    held, _ = cache.take(tiny.model, ids, reuse=False)
    with torch.inference_mode():
        tiny.model(input_ids=torch.tensor([ids]), past_key_values=held, use_cache=True)
    cache.remember(ids)
    for length in (64, 128, None):  # grows → static of 64 → static of 128 → grows again
        taken, kept = cache.take(tiny.model, [*ids, 42], reuse=True, static_length=length)
        assert kept == len(ids) and static_length_of(taken) == length
        with torch.inference_mode():
            logits = tiny.model(input_ids=torch.tensor([[42]]), past_key_values=taken, use_cache=True).logits
        assert int(logits[0, -1].argmax()) == expected
        cache.remember([*ids, 42])


def test_compiled_replies_start_like_uncompiled_ones_and_reuse_the_chat(tiny: Any) -> None:
    eager = _conversation(tiny, PrefixCache(tiny.cache_dtype))
    tiny.compiled = compiled.CompiledDecode(tiny)
    tiny.compiled.warm_up(tiny)
    compiles = counters["stats"]["unique_graphs"]
    fast = _conversation(tiny, PrefixCache(tiny.cache_dtype))
    # every reply runs the step warm_up compiled (generate copies the compile config each call: a copy
    # that compared unequal compiled the step again, for ~25 s a reply)
    assert counters["stats"]["unique_graphs"] == compiles
    for slow, quick in zip(eager, fast, strict=True):
        assert quick.stats.compiled and not slow.stats.compiled
        assert quick.token_ids[:12] == slow.token_ids[:12]  # greedy: the same start of every answer
        assert quick.stats.cached_tokens == slow.stats.cached_tokens
    assert fast[2].stats.cached_tokens > fast[1].stats.cached_tokens > 0


def test_every_new_static_cache_is_the_one_the_compiled_step_reads(tiny: Any) -> None:
    """A frozen step once kept reading the first static cache it saw, not the one passed in (kv_cache.py):
    from the second reply on, its answers were another prompt's."""
    tiny.compiled = compiled.CompiledDecode(tiny)
    tiny.compiled.warm_up(tiny)
    for question in QUESTIONS[:2]:
        expected = _generate(tiny, None, question).sequences.tolist()
        for _ in range(2):  # each time a new cache
            assert _generate(tiny, tiny.compiled.config, question).sequences.tolist() == expected


def test_beside_fp32_weights_the_16_bit_copy_decodes_compiled(home: Path) -> None:
    """Where fp32 weights decode and a bf16 copy reads prompts (precision.py), the compiled step runs
    on the copy (compiled.py): its replies are the bf16 model's, and the chat's fp32 cache is reused."""
    library = Library()
    layered = load_model(library.get(TINY), "cpu", "fp32", prompt_precision="bf16")
    assert layered.prompt_model is not None and layered.cache_dtype == torch.float32
    layered.compiled = compiled.CompiledDecode(layered)
    assert layered.compiled.model is layered.prompt_model
    layered.compiled.warm_up(layered)
    fast = _conversation(layered, PrefixCache(layered.cache_dtype), tokens=8)
    bf16 = load_model(library.get(TINY), "cpu", "bf16", prompt_precision="same")
    eager = _conversation(bf16, PrefixCache(bf16.cache_dtype), tokens=8)
    for slow, quick in zip(eager, fast, strict=True):
        assert quick.stats.compiled and quick.token_ids[:4] == slow.token_ids[:4]
    assert fast[2].stats.cached_tokens > fast[1].stats.cached_tokens > 0


def _twin_of_tiny(library: Library, folder: Path) -> Any:
    """TINY's architecture with other weights, imported as "tiny-twin"."""
    import shutil

    from safetensors.torch import load_file, save_file

    from desktop_chat.core.library.importers import import_folder

    shutil.copytree(library.get(TINY).path, folder, ignore=shutil.ignore_patterns("manifest.json"))
    generator = torch.Generator().manual_seed(1)
    for path in folder.glob("*.safetensors"):
        tensors = load_file(path)
        save_file({name: (t * (1 + 0.5 * torch.randn(t.shape, generator=generator))).to(t.dtype).contiguous()
                   for name, t in tensors.items()}, path, metadata={"format": "pt"})
    return import_folder(folder, "tiny-twin", library=library)


def test_two_models_of_one_architecture_decode_compiled_with_their_own_weights(home: Path, tmp_path: Path) -> None:
    """Inductor's cache knows a frozen weight by its shape and keeps its packed copy (16-bit weights: the
    C++ GEMM template's): a second model of the same architecture, compiled in the same process, must
    still decode with its own weights. (Logits, not tokens: the random twin's are full of near-ties.)"""
    library = Library()
    first = load_model(library.get(TINY), "cpu", "bf16", prompt_precision="same")
    first.compiled = compiled.CompiledDecode(first)
    first.compiled.warm_up(first)
    first_logits = _first_step_logits(first, first.compiled.config)
    twin = load_model(_twin_of_tiny(library, tmp_path / "twin"), "cpu", "bf16", prompt_precision="same")
    twin.compiled = compiled.CompiledDecode(twin)
    twin.compiled.warm_up(twin)
    eager = _first_step_logits(twin, None)
    fast = _first_step_logits(twin, twin.compiled.config)
    own, other = (fast - eager).abs().max(), (first_logits - eager).abs().max()
    # bf16 sums in another order (0.7 at most over 49k logits here); with the first model's packed
    # weights they were 9 off, and the two models' logits 10 apart
    assert own < 0.2 * other, (own, other)
    assert _conversation(twin, PrefixCache(twin.cache_dtype), tokens=4)[0].stats.compiled


class Events:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, Any]] = []
        self.finished = threading.Event()

    def __call__(self, kind: str, text: str, fraction: Any) -> None:
        self.seen.append((kind, text, fraction))
        if kind in ("ready", "slower", "failed", "unavailable"):
            self.finished.set()


def _ask(engine: Engine, question: str = QUESTIONS[0]) -> Any:
    return engine.chat(ChatRequest([Message("user", question)], _greedy(16)), model=TINY).result(timeout=300)


def test_the_engine_prepares_in_a_child_and_switches_between_replies(home: Path) -> None:
    events = Events()
    # fp32: the compiled step decodes with the same weights as the uncompiled replies it is compared with
    engine = Engine(dtype="fp32", prepare_compiled=True, compiled_decode="on", on_prepare=events)
    try:
        engine.load(TINY).result(timeout=300)
        child = engine._preparing
        states: list[str] = []

        def child_state(_delta: str) -> None:
            if child.poll() is None:  # "T": stopped while the reply is written
                states.append(Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0])

        first = engine.chat(ChatRequest([Message("user", QUESTIONS[0])], _greedy(16)), child_state,
                            model=TINY).result(timeout=300)  # at once, uncompiled, while the child compiles
        assert not first.stats.compiled
        assert states and set(states) == {"T"}, states
        assert events.finished.wait(600), events.seen
        assert events.seen[-1][0] == "ready", events.seen
        stages = [text for kind, text, _ in events.seen if kind == "preparing"]
        assert any("compiling" in text for text in stages)
        second = _ask(engine)
        assert second.stats.compiled and engine.status is not None and engine.status.compiled
        assert second.token_ids[:8] == first.token_ids[:8]
        kept = json.loads((home / compiled.PREPARED_FILE).read_text(encoding="utf-8"))
        (entry,) = kept.values()
        assert entry["compiled_tok_s"] > 0 and entry["eager_tok_s"] > 0
        engine.set_compiled_decode("off").result()
        assert not _ask(engine).stats.compiled
    finally:
        engine.shutdown()


def test_a_step_measured_slower_is_not_used_unless_asked(home: Path) -> None:
    """"auto" keeps replies uncompiled where preparing measured the compiled step slower, and says why."""
    loaded = load_model(Library().get(TINY), "cpu", "auto")
    compiled.write_prepared(compiled.model_key(loaded), compiled.Prepared(eager_tok_s=100, compiled_tok_s=80,
                                                                          compile_s=20))
    del loaded
    events = Events()
    engine = Engine(prepare_compiled=True, compiled_decode="auto", on_prepare=events)
    try:
        engine.load(TINY).result(timeout=300)
        assert events.finished.wait(60)
        kind, text, _ = events.seen[-1]
        assert kind == "slower" and "0.80×" in text
        assert not _ask(engine).stats.compiled
    finally:
        engine.shutdown()


def test_loading_another_model_stops_the_preparing_child(home: Path) -> None:
    events = Events()
    engine = Engine(prepare_compiled=True, on_prepare=events)
    try:
        engine.load(TINY).result(timeout=300)
        process = engine._preparing
        assert process is not None and process.poll() is None
        engine.unload().result(timeout=60)
        assert process.poll() is not None  # stopped, not left compiling
        assert not events.finished.is_set()
        assert not (home / compiled.PREPARED_FILE).exists()
    finally:
        engine.shutdown()


def test_the_command_line_uses_the_prepared_step(home: Path) -> None:
    """`ask --compiled on` compiles what was prepared (here: recorded as prepared, the compiled code
    is in the shared cache) before its reply; `--compiled off` does not."""
    threads = torch.get_num_threads()
    try:  # the key of a CLI child: one thread (OMP_NUM_THREADS=1 in tests)
        # fp32: in a 16-bit type a random model's answers part at near-ties sooner (bf16 on some CPUs)
        loaded = load_model(Library().get(TINY), "cpu", "fp32", threads=1)
        key = compiled.model_key(loaded)
    finally:
        torch.set_num_threads(threads)
    compiled.write_prepared(key, compiled.Prepared(eager_tok_s=100, compiled_tok_s=80, compile_s=20))
    args = ("-m", TINY, "--dtype", "fp32", "--temperature", "0", "--max-new-tokens", "12", "Hello")
    on = run_cli("ask", "--compiled", "on", *args, home=home, timeout=600)
    off = run_cli("ask", "--compiled", "off", *args, home=home)
    auto = run_cli("ask", *args, home=home)  # measured slower: not used
    assert on.returncode == off.returncode == auto.returncode == 0, on.stderr + off.stderr + auto.stderr
    assert "compiled decoding" in on.stderr
    assert "compiled decoding" not in off.stderr and "compiled decoding" not in auto.stderr
    assert on.stdout.split()[:4] == off.stdout.split()[:4]


def test_a_models_compiled_files_follow_a_rename_and_go_when_it_is_removed(home: Path, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch,
                                                                            model_cache: dict[str, Path]) -> None:
    """The frozen weights a cold compile leaves in the cache (as large as the model's bf16 weights)
    belong to the model: a rename keeps them, removing the model frees them."""
    import shutil

    from desktop_chat.core.library import compile_cache

    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", str(tmp_path / "compile-cache"))  # cold: this compile adds them
    shutil.copytree(model_cache[TINY], home / "models" / "tiny-own")  # the library's own copy, not a link
    library = Library()
    # 16-bit, as the step decodes on the CPU by default: inductor's cache does not keep fp32 steps (MKL's
    # packed weights cannot be pickled), so an fp32 step leaves no weights behind to free
    loaded = load_model(library.get("tiny-own"), "cpu", "bf16", prompt_precision="same")
    compiled.CompiledDecode(loaded).warm_up(loaded)
    weights = sum(p.stat().st_size for p in (home / "models" / "tiny-own").glob("*.safetensors"))
    owned = compile_cache.owned_files(home / "models" / "tiny-own")
    assert owned and sum(p.stat().st_size for p in owned) > weights / 3  # the packed bf16 copy of fp32 files
    del loaded
    compiled.forget_compiled_steps()

    library.rename("tiny-own", "tiny-renamed")
    assert compile_cache.owned_files(home / "models" / "tiny-renamed") == owned
    library.remove("tiny-renamed")
    assert not any(path.exists() for path in owned)
    assert compile_cache.owned_files(home / "models" / "tiny-renamed") == []
    library.remove(TINY)  # a linked model: unlinked, and what it compiled elsewhere is not touched
