"""`desktop-chat bench`: load time, time to first token, decode speed (engine vs bare generate),
and time to first token late in a long conversation with and without KV-cache reuse; the limits
they run against (the memory-bandwidth bound on decoding, the raw forward under turn 10's first
token); and `--compare`, every precision side by side in one run.

Everything runs in one process on one loaded model and device, so the numbers compare.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_chat.core import paths
from desktop_chat.core.child import module_command
from desktop_chat.core.inference.engine import Engine, ProgressCallback
from desktop_chat.core.inference.gguf_runtime import GgufModel, gguf_path
from desktop_chat.core.inference.threads import threads_phrase
from desktop_chat.core.types import ChatRequest, GenParams, GenResult, Message

SHORT_PROMPT = "What is the capital of France?"
LONG_PROMPT = "Write a long story about a dragon who learns to cook."
TOPICS = [
    "the printing press", "how bees make honey", "the water cycle", "building a wooden boat", "the rules of chess",
    "how volcanoes form", "baking sourdough bread", "lighthouse keepers", "how trains changed travel",
    "growing tomatoes on a balcony", "the phases of the moon", "how maps are made",
]
REPLY_SENTENCES = (
    "There are a few main ideas worth knowing here, and each of them builds on the one before. "
    "First, it helps to look at where it all started and which problems people were trying to solve. "
    "Second, the details changed a lot over time as tools, materials and knowledge improved. "
    "Third, many of the same principles are still used today, often in ways that are easy to overlook. "
    "If you want to go further, a good next step is to try a small hands-on example yourself. "
)


def _greedy(max_new_tokens: int, min_new_tokens: int = 0) -> GenParams:
    return GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=max_new_tokens,
                     min_new_tokens=min_new_tokens)


def read_bandwidth_gb_s(megabytes: int = 512, repeats: int = 5) -> float:
    """Measured memory read bandwidth: summing a buffer far larger than the CPU's caches."""
    import torch

    buffer = torch.ones(megabytes * (1 << 20) // 4)
    buffer.sum()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        buffer.sum()
        best = min(best, time.perf_counter() - started)
    return buffer.numel() * 4 / best / 1e9


def weight_bytes(model: Any) -> int:
    """Bytes of the weights one decode step reads (tied matrices count once)."""
    seen: set[int] = set()
    total = 0
    for parameter in model.parameters():
        if parameter.data_ptr() not in seen:
            seen.add(parameter.data_ptr())
            total += parameter.numel() * parameter.element_size()
    return total


def _bound(engine: Engine) -> dict[str, Any]:
    """Bandwidth and the decode bound it implies for the loaded weights (CPU: every token reads them all)."""

    def measure(loaded: Any) -> dict[str, Any]:
        if isinstance(loaded, GgufModel):  # llama.cpp reads the quantised file's tensors per token
            size, on_cpu = gguf_path(loaded.info).stat().st_size, not loaded.gpu_layers
        else:
            size, on_cpu = weight_bytes(loaded.decoder), loaded.device.type == "cpu"
        bandwidth = read_bandwidth_gb_s() if on_cpu else None
        result: dict[str, Any] = {"weights_bytes": size, "threads": loaded.threads, "precision": loaded.precision_label}
        if bandwidth is not None:
            result.update(read_bandwidth_gb_s=round(bandwidth, 2), decode_bound_tok_s=round(bandwidth * 1e9 / size, 1))
        return result

    return engine.call(measure).result()


def _raw_forward_floor(engine: Engine, messages: list[Message], cached: int, repeats: int = 3) -> dict[str, float]:
    """Seconds of the raw forwards a prompt's new tokens need over its cached prefix.

    The least any engine could spend before the first token of that turn: no template, no
    tokenising, no generate() setup. `floor_s` is the forwards the engine's precision does (with a
    prompt copy of the weights: that copy over all new tokens but the last, then the decoding copy
    over the last, whose logits give the first token); `one_forward_s` is one forward of them all.
    """

    def measure(loaded: Any) -> dict[str, float]:
        if isinstance(loaded, GgufModel):
            return _gguf_forward_floor(loaded, messages, cached, repeats)
        import torch

        from desktop_chat.core.inference.compiled import cache_length
        from desktop_chat.core.inference.generate import render_prompt
        from desktop_chat.core.inference.kv_cache import new_cache

        ids = render_prompt(loaded.tokenizer, messages)
        reader = loaded.prompt_model or loaded.model
        device = loaded.device
        # Over a cache that grows, and, with the compiled decode step, over the static cache its
        # replies use (compiled.py); the floor is the quicker.
        lengths: list[int | None] = [None]
        if loaded.compiled is not None and loaded.compiled.ready:
            lengths.append(cache_length(len(ids) + 1, loaded.context_length))

        def forwards(split: bool, static: int | None) -> float:
            times = []
            for _ in range(repeats):
                cache = new_cache(loaded.model.config, loaded.cache_dtype, static)
                reader(input_ids=torch.tensor([ids[:cached]], device=device), past_key_values=cache, use_cache=True,
                       logits_to_keep=1)
                started = time.perf_counter()
                if split:
                    reader(input_ids=torch.tensor([ids[cached:-1]], device=device), past_key_values=cache,
                           use_cache=True, logits_to_keep=1)
                    logits = loaded.model(input_ids=torch.tensor([ids[-1:]], device=device), past_key_values=cache,
                                          use_cache=True, logits_to_keep=1).logits
                else:
                    logits = reader(input_ids=torch.tensor([ids[cached:]], device=device), past_key_values=cache,
                                    use_cache=True, logits_to_keep=1).logits
                logits.argmax(-1).tolist()
                times.append(time.perf_counter() - started)
            return statistics.median(times)  # as the first tokens it is compared with

        with torch.inference_mode():
            one = min(forwards(False, static) for static in lengths)
            split = min(forwards(True, static) for static in lengths) if loaded.prompt_model is not None else one
        return {"floor_s": split, "one_forward_s": one}

    return engine.call(measure).result()


def _gguf_forward_floor(loaded: GgufModel, messages: list[Message], cached: int, repeats: int) -> dict[str, float]:
    """llama.cpp's own evaluation of the new tokens over the cached prefix (no template, tokenising or
    sampling): the floor under a GGUF model's first token late in a chat."""
    from desktop_chat.core.inference.prompt import render_prompt

    llama = loaded.llama
    ids = render_prompt(loaded.tokenizer, messages)
    llama.reset()
    llama.eval(ids[:cached])
    times = []
    for _ in range(repeats):
        llama.n_tokens = cached  # the next eval drops what follows the prefix
        started = time.perf_counter()
        llama.eval(ids[cached:])
        times.append(time.perf_counter() - started)
    llama.reset()
    floor = statistics.median(times)
    return {"floor_s": floor, "one_forward_s": floor}


def _chat(engine: Engine, messages: list[Message], params: GenParams, reuse: bool = True) -> GenResult:
    return engine.chat(ChatRequest(messages, params, reuse_cache=reuse)).result()


def _bare_generate_speed(model: Any, loaded: Any, messages: list[Message], tokens: int) -> tuple[float, float]:
    """Decode tokens/s and time to first token of plain `model.generate` (greedy, `tokens` new)."""
    import torch

    from desktop_chat.core.inference.generate import render_prompt

    ids = torch.tensor([render_prompt(loaded.tokenizer, messages)], device=loaded.device)
    mask = torch.ones_like(ids)

    def timed(n: int) -> float:
        started = time.perf_counter()
        with torch.inference_mode():
            model.generate(ids, attention_mask=mask, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                           eos_token_id=loaded.stop_token_ids, pad_token_id=loaded.stop_token_ids[0])
        if loaded.device.type == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - started

    first = timed(1)
    whole = timed(tokens) if tokens > 1 else first
    return ((tokens - 1) / (whole - first) if whole > first else 0.0), first


def _bare_llama_speed(loaded: GgufModel, messages: list[Message], tokens: int) -> tuple[float, float]:
    """Decode tokens/s and time to first token of llama-cpp-python's own `Llama.generate` (greedy)."""
    from desktop_chat.core.inference.prompt import render_prompt

    llama = loaded.llama
    ids = render_prompt(loaded.tokenizer, messages)
    llama.reset()
    started = time.perf_counter()
    first = last = started
    for count, _token in enumerate(llama.generate(ids, temp=0.0, top_k=0, top_p=1.0, min_p=0.0, repeat_penalty=1.0,
                                                  reset=True), start=1):
        last = time.perf_counter()
        if count == 1:
            first = last
        if count >= tokens:
            break
    llama.reset()
    return ((tokens - 1) / (last - first) if last > first else 0.0), first - started


def _bare_decode(engine: Engine, tokens: int) -> tuple[float, float]:
    """Plain `model.generate` (llama.cpp: `Llama.generate`) with the engine's loaded model: what the
    engine adds (or not)."""

    def measure(loaded: Any) -> tuple[float, float]:
        if isinstance(loaded, GgufModel):
            return _bare_llama_speed(loaded, [Message("user", LONG_PROMPT)], tokens)
        return _bare_generate_speed(loaded.model, loaded, [Message("user", LONG_PROMPT)], tokens)

    return engine.call(measure).result()


class Fp32Baseline:
    """An fp32 copy of the loaded model with stock attention: the app as it ran before its precision
    was chosen by measurement, timed in the same run as what replaced it (CPU only)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._model: Any = None

    def _copy(self, loaded: Any) -> Any:
        import copy

        import torch

        if self._model is None:
            if loaded.dtype == torch.float32 and loaded.prompt_model is None and loaded.cache_dtype is None:
                self._model = loaded.model
            else:
                self._model = copy.deepcopy(loaded.model).float().eval()
                self._model.set_attn_implementation("sdpa")
        return self._model

    def available(self) -> bool:
        return self.engine.call(lambda loaded: not isinstance(loaded, GgufModel)
                                and loaded.device.type == "cpu").result()

    def speed(self, messages: list[Message], tokens: int) -> tuple[float, float]:
        """(decode tok/s, time to first token in s) of bare fp32 `generate`."""
        return self.engine.call(lambda loaded: _bare_generate_speed(self._copy(loaded), loaded, messages,
                                                                    tokens)).result()

    def close(self) -> None:
        self._model = None


def passage_prompt() -> list[Message]:
    """A question about a ~500-token passage: time to first token on a long prompt."""
    return [Message("user", "Read this passage and tell me its main idea.\n\n" + REPLY_SENTENCES * 5)]


def conversation(turns: int) -> list[Message]:
    """A chat of `turns` short questions and ~170-token answers (~2k tokens after 10 turns)."""
    history = [Message("system", "You are a helpful assistant.")]
    for turn in range(turns):
        topic = TOPICS[turn % len(TOPICS)]
        history.append(Message("user", f"Can you explain {topic} to me? I am a beginner, so please keep it simple "
                                       f"and tell me why it matters today."))
        history.append(Message("assistant", f"Sure, here is an overview of {topic}. {REPLY_SENTENCES * 2}"))
    return history


def _conversation_ttft(engine: Engine, turns: int, reuse: bool) -> tuple[float, float, int, int]:
    """Time to first token at turn 1 and at the last turn of `conversation(turns)`; prompt tokens and
    cached tokens then.

    With reuse, every turn is asked in order, as in a real chat. The engine's cache then holds each
    answer, as it would after generating it: the scripted answer is put there by a prefill (a
    one-token request ending on it), which costs a fraction of generating ~170 tokens.
    """
    history = conversation(turns)
    prompts = [history[: 2 + 2 * t] for t in range(turns)]  # system + turns so far, ending on a question
    if not reuse:
        first = _chat(engine, prompts[0], _greedy(1), reuse=False).stats
        last = _chat(engine, prompts[-1], _greedy(1), reuse=False).stats
        return first.ttft_s, last.ttft_s, last.prompt_tokens, 0
    _chat(engine, [Message("user", SHORT_PROMPT)], _greedy(1), reuse=False)  # a new chat: nothing cached
    ttfts, last_stats = [], None
    for t, prompt in enumerate(prompts):
        last_stats = _chat(engine, prompt, _greedy(1), reuse=True).stats
        ttfts.append(last_stats.ttft_s)
        if t + 1 < turns:
            _chat(engine, history[: 3 + 2 * t], _greedy(1), reuse=True)  # the answer, into the cache
    assert last_stats is not None
    return ttfts[0], ttfts[-1], last_stats.prompt_tokens, last_stats.cached_tokens


def run_bench(engine: Engine, model: str | None = None, quick: bool = False,
              progress: ProgressCallback | None = None) -> dict[str, Any]:
    """Run every measurement; returns a flat dict (the `bench --json` contract)."""
    report: dict[str, Any] = {}
    started = time.perf_counter()
    status = engine.load(model, progress=progress).result()
    report.update(model=status.name, device=status.device, dtype=status.dtype, precision=status.precision,
                  precision_reason=status.precision_reason, threads=status.threads, load_s=round(status.load_s, 3),
                  load_total_s=round(time.perf_counter() - started, 3))

    def step(name: str, fraction: float) -> None:
        if progress is not None:
            progress(f"bench: {name}", fraction)

    reps, tokens = (1, 16) if quick else (3, 64)
    turns = 10

    step("warm-up", 0.05)
    _chat(engine, [Message("user", SHORT_PROMPT)], _greedy(4), reuse=False)

    # With compiled decoding prepared for this model (by the window or `serve`), the load queued its
    # warm-up before this reply: what follows measures the path the app takes.
    compiled_status = engine.status
    report["compiled"] = bool(compiled_status and compiled_status.compiled)

    step("time to first token", 0.1)
    short = [_chat(engine, [Message("user", SHORT_PROMPT)], _greedy(8), reuse=False) for _ in range(reps)]
    report["ttft_ms"] = round(statistics.median(r.stats.ttft_s for r in short) * 1000, 1)
    report["answer"] = short[0].text

    baseline = Fp32Baseline(engine)
    with_baseline = baseline.available()
    engine_speeds, bare_speeds, fp32_speeds, passage_ttfts, fp32_passage_ttfts = [], [], [], [], []
    passage_tokens = 0
    for i in range(reps):  # interleaved, so drift in machine load hits all alike
        step("decode speed", 0.2 + 0.3 * i / reps)
        result = _chat(engine, [Message("user", LONG_PROMPT)], _greedy(tokens, tokens), reuse=False)
        engine_speeds.append(result.stats.decode_tok_s)
        bare_speeds.append(_bare_decode(engine, tokens)[0])
        passage = _chat(engine, passage_prompt(), _greedy(1), reuse=False).stats
        passage_ttfts.append(passage.ttft_s)
        passage_tokens = passage.prompt_tokens
        if with_baseline:
            fp32_speeds.append(baseline.speed([Message("user", LONG_PROMPT)], tokens)[0])
            fp32_passage_ttfts.append(baseline.speed(passage_prompt(), 1)[1])
    baseline.close()
    report["decode_tokens"] = tokens
    report["decode_tok_s"] = round(statistics.median(engine_speeds), 2)
    report["bare_decode_tok_s"] = round(statistics.median(bare_speeds), 2)
    report["decode_ratio"] = round(report["decode_tok_s"] / report["bare_decode_tok_s"], 3)
    report["passage_prompt_tokens"] = passage_tokens
    report["ttft_passage_ms"] = round(statistics.median(passage_ttfts) * 1000, 1)
    if with_baseline:
        report["fp32_bare_decode_tok_s"] = round(statistics.median(fp32_speeds), 2)
        report["decode_vs_fp32"] = round(report["decode_tok_s"] / report["fp32_bare_decode_tok_s"], 3)
        report["fp32_ttft_passage_ms"] = round(statistics.median(fp32_passage_ttfts) * 1000, 1)
        report["ttft_passage_vs_fp32"] = round(report["ttft_passage_ms"] / report["fp32_ttft_passage_ms"], 3)
    report.update(_bound(engine))
    if "decode_bound_tok_s" in report:
        report["decode_fraction_of_bound"] = round(report["decode_tok_s"] / report["decode_bound_tok_s"], 3)

    step("long conversation with cache reuse", 0.5)
    # Alternate the two modes so that drift in machine load hits both alike; report the median run.
    runs: dict[bool, list[tuple[float, float, int, int]]] = {True: [], False: []}
    for _ in range(1 if quick else 3):
        for reuse in (True, False):
            runs[reuse].append(_conversation_ttft(engine, turns, reuse))
    median = {reuse: sorted(results, key=lambda r: r[1] / r[0])[len(results) // 2] for reuse, results in runs.items()}
    (first, last, tokens_at_last, cached_at_last), (first_nr, last_nr, _, _) = median[True], median[False]
    report["conversation_turns"] = turns
    report["conversation_tokens"] = tokens_at_last
    report["ttft_turn1_ms"] = round(first * 1000, 1)
    report["ttft_turn10_ms"] = round(last * 1000, 1)
    report["ttft_turn_ratio"] = round(last / first, 3)
    report["ttft_turn1_no_reuse_ms"] = round(first_nr * 1000, 1)
    report["ttft_turn10_no_reuse_ms"] = round(last_nr * 1000, 1)
    report["ttft_turn_ratio_no_reuse"] = round(last_nr / first_nr, 3)
    floor = _raw_forward_floor(engine, conversation(turns)[: 2 * turns], cached_at_last)
    report["conversation_cached_tokens"] = cached_at_last
    report["turn10_floor_ms"] = round(floor["floor_s"] * 1000, 1)
    report["turn10_one_forward_ms"] = round(floor["one_forward_s"] * 1000, 1)
    report["ttft_turn10_over_floor"] = round(last / floor["floor_s"], 3)
    step("the window: start-up and responsiveness", 0.9)
    report.update(gui_probes(status.name))
    report["bench_s"] = round(time.perf_counter() - started, 1)
    step("done", 1.0)
    return report


# (label, dtype, prompt precision, fp32 attention) for `bench --compare`.
COMPARE_VARIANTS = [
    ("fp32", "fp32", "same", True),
    ("bf16", "bf16", "same", True),
    ("fp16, 16-bit attention", "fp16", "same", False),
    ("fp16", "fp16", "same", True),
    ("fp16, prompts in bf16", "fp16", "bf16", True),
    ("fp32, prompts in bf16", "fp32", "bf16", True),
]


def _measure_variant(engine: Engine, model: str | None, reps: int, tokens: int) -> dict[str, Any]:
    status = engine.load(model).result()
    _chat(engine, [Message("user", SHORT_PROMPT)], _greedy(4), reuse=False)  # warm-up
    decode, passage, late = [], [], []
    chat = conversation(10)[:20]  # ~2,300 tokens of history, ending on a question
    for _ in range(reps):
        decode.append(_chat(engine, [Message("user", LONG_PROMPT)], _greedy(tokens, tokens), reuse=False)
                      .stats.decode_tok_s)
        passage.append(_chat(engine, passage_prompt(), _greedy(1), reuse=False).stats.ttft_s)
        late.append(_chat(engine, chat, _greedy(tokens // 2, tokens // 2), reuse=False).stats.decode_tok_s)
    return {"precision": status.precision, "threads": status.threads,
            "decode_tok_s": round(statistics.median(decode), 2),
            "decode_at_2k_tok_s": round(statistics.median(late), 2),
            "ttft_passage_ms": round(statistics.median(passage) * 1000, 1)}


def compiled_variant(library: Any, model: str | None, device: str, threads: int, reps: int,
                     tokens: int) -> dict[str, Any]:
    """The app's compiled decode step (compiled.py) in the default precision, measured like the other
    variants. Compiled code is kept in the data folder, so a second run compiles in seconds;
    `compile_s` is this run's time to compile."""
    from desktop_chat.core.inference import compiled

    engine = Engine(library, device=device, threads=threads, compiled_decode="off")  # compiled by hand below
    try:
        engine.load(model).result()

        def prepare(loaded: Any) -> float:
            loaded.compiled = compiled.CompiledDecode(loaded)
            return loaded.compiled.warm_up(loaded)

        compile_s = engine.call(prepare).result()
        row = _measure_variant(engine, model, reps, tokens)
    finally:
        engine.shutdown()
    return {**row, "precision": f"{row['precision']}, compiled", "compile_s": round(compile_s, 1)}


def gguf_source(library: Any, info: Any) -> Path | None:
    """The GGUF file a model was converted from, where it is still here (a GGUF model kept from the same
    file, the starter's wheel, or the imported file unchanged); None otherwise."""
    from desktop_chat.core.library.importers import STARTER_GGUF, starter_gguf_path

    if info.is_gguf:
        return gguf_path(info)
    if info.gguf_sha256:
        twin = next((m for m in library.list() if m.is_gguf and m.gguf_sha256 == info.gguf_sha256), None)
        if twin is not None:
            return gguf_path(twin)
    if info.source.endswith(STARTER_GGUF):
        try:
            return starter_gguf_path()
        except Exception:  # noqa: BLE001 - the starter's wheel was removed
            return None
    if info.source.startswith("gguf:"):
        path = Path(info.source.removeprefix("gguf:"))
        if path.is_file() and path.stat().st_size == info.gguf_bytes:
            return path
    return None


def gguf_variant(source: Path, device: str, threads: int, reps: int, tokens: int) -> dict[str, Any]:
    """The same GGUF file run as GGUF by llama.cpp, measured like the other variants (in a throwaway
    library, so nothing is added to the user's)."""
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import keep_gguf

    # Beside the user's library, so the file is hard-linked there, not copied (a tmpfs /tmp is memory).
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".bench-", dir=paths.data_dir()) as tmp:
        library = Library(Path(tmp) / "models")
        info = keep_gguf(source, "compare-gguf", library=library)
        engine = Engine(library, device=device, threads=threads)
        try:
            row = _measure_variant(engine, info.name, reps, tokens)
        finally:
            engine.shutdown()
    return {**row, "quantization": info.quantization}


def run_compare(library: Any, model: str | None = None, device: str = "auto", threads: int = 0, quick: bool = False,
                progress: ProgressCallback | None = None, compiled: bool = True) -> dict[str, Any]:
    """Every CPU precision side by side in one run: decode (short and ~2k-token context), time to first
    token on a ~500-token prompt, each against bare fp32 `generate` measured in the same run."""
    from desktop_chat.core.errors import BadInput

    name = model or library.default_name()
    if name and library.get(name).is_gguf:
        raise BadInput(f"bench --compare sets transformers precisions side by side with the GGUF file a model came "
                       f"from; '{name}' is kept as GGUF: compare its converted copy (`desktop-chat models convert "
                       f"{name}`), or run `desktop-chat bench -m {name}`")
    reps, tokens = (1, 16) if quick else (3, 64)
    rows: list[dict[str, Any]] = []
    compile_error: str | None = None
    fp32_bare = None
    default = Engine(library, device=device, threads=threads, compiled_decode="off")
    try:
        default_status = default.load(model).result()
    finally:
        default.shutdown()
    for index, (label, dtype, prompt, fp32_attention) in enumerate(COMPARE_VARIANTS):
        if progress is not None:
            progress(f"bench --compare: {label}", index / len(COMPARE_VARIANTS))
        engine = Engine(library, device=device, dtype=dtype, threads=threads, prompt_precision=prompt,
                        fp32_attention=fp32_attention, compiled_decode="off")  # uncompiled: the last row is
        try:
            row = {"variant": label, **_measure_variant(engine, model, reps, tokens)}
            if dtype == "fp32":
                fp32_bare = statistics.median(_bare_decode(engine, tokens)[0] for _ in range(reps))
        finally:
            engine.shutdown()
        row["default"] = fp32_attention and row["precision"] == default_status.precision
        rows.append(row)
    assert fp32_bare is not None
    if compiled:
        if progress is not None:
            progress("bench --compare: the compiled decode step (compiling takes a minute the first time)", 0.9)
        try:
            rows.append({"variant": f"{default_status.precision}, compiled decode step", "default": False,
                         **compiled_variant(library, default_status.name, device, threads, reps, tokens)})
        except Exception as exc:  # noqa: BLE001 - e.g. no C compiler, or the packaged app (no Python headers)
            compile_error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    gguf_note = _gguf_compare_row(library, default_status.name, device, threads, reps, tokens, rows, progress)
    first = rows[0]
    for row in rows:
        row["decode_vs_fp32_bare"] = round(row["decode_tok_s"] / fp32_bare, 2)
        if "ttft_passage_ms" in row:
            row["ttft_passage_vs_fp32"] = round(row["ttft_passage_ms"] / first["ttft_passage_ms"], 2)
    return {"model": default_status.name, "device": default_status.device, "threads": default_status.threads,
            "default_precision": default_status.precision, "default_reason": default_status.precision_reason,
            "fp32_bare_decode_tok_s": round(fp32_bare, 2), "variants": rows, "compile_error": compile_error,
            "gguf_note": gguf_note}


def _gguf_compare_row(library: Any, model: str, device: str, threads: int, reps: int, tokens: int,
                      rows: list[dict[str, Any]], progress: ProgressCallback | None) -> str | None:
    """Append the llama.cpp row for the model's GGUF file to `rows`; or say why there is none."""
    from desktop_chat.core.inference import gguf_runtime

    reason = gguf_runtime.unavailable_reason()
    source = gguf_source(library, library.get(model)) if reason is None else None
    if reason is not None:
        return reason
    if source is None:
        return f"{model} did not come from a GGUF file that is still here, so llama.cpp has nothing to run"
    if progress is not None:
        progress("bench --compare: the same GGUF file with llama.cpp", 0.95)
    row = gguf_variant(source, device, threads, reps, tokens)
    rows.append({**row, "variant": f"GGUF {row['quantization']}, llama.cpp", "default": False,
                 "precision": f"{row['quantization']}, llama.cpp"})
    return None


def format_compare(report: dict[str, Any]) -> str:
    """The `bench --compare` table."""
    width = max(len(row["variant"]) for row in report["variants"]) + 2
    lines = [f"{report['model']} on {report['device']}, {threads_phrase(report['threads'])}; bare fp32 generate "
             f"decodes {report['fp32_bare_decode_tok_s']:.1f} tok/s",
             f"{'variant':<{width}}{'decode':>10}{'× fp32':>8}{'at 2k':>10}{'1st token, 500':>16}{'× fp32':>8}"]
    for row in report["variants"]:
        mark = "  ← default" if row["default"] else ""
        if "compile_s" in row:
            mark = f"  (compiled in {row['compile_s']:.0f} s)"
        lines.append(f"{row['variant']:<{width}}{row['decode_tok_s']:>10.1f}{row['decode_vs_fp32_bare']:>8.2f}"
                     f"{row['decode_at_2k_tok_s']:>10.1f}{row['ttft_passage_ms']:>14.0f}ms"
                     f"{row['ttft_passage_vs_fp32']:>8.2f}{mark}")
    if report.get("compile_error"):
        lines.append(f"the compiled decode step could not be measured here ({report['compile_error']})")
    if report.get("gguf_note"):
        lines.append(f"no llama.cpp row: {report['gguf_note']}")
    lines.append(f"default: {report['default_precision']}. {report['default_reason']}")
    return "\n".join(lines)


def _probe(home: Path, kind: str, timeout: float) -> tuple[dict[str, Any], float]:
    """Run `desktop-chat gui --probe KIND` in a child process; its JSON line and seconds to it."""
    env = {**os.environ, paths.HOME_ENV: str(home), "DESKTOP_CHAT_COMPILED": "off"}  # the window, not a compile
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    child = subprocess.Popen(module_command("desktop_chat", "gui", "--probe", kind),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline() if child.stdout else ""
        elapsed = time.perf_counter() - started
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        raise
    if not line.strip():
        raise RuntimeError(f"the window did not report ({(child.stderr.read() if child.stderr else '')[-300:]})")
    return json.loads(line), elapsed


def gui_probes(model: str) -> dict[str, Any]:
    """Start-up time to first paint, and the longest GUI stall while a reply streams.

    Both run in a throwaway data home whose library links to the real one, so the user's chat
    history is not touched.
    """
    from desktop_chat.core.settings import Settings

    with tempfile.TemporaryDirectory(prefix="desktop-chat-bench-") as tmp:
        home = Path(tmp)
        (home / "models").symlink_to(paths.models_dir(), target_is_directory=True)
        Settings(default_model=model, welcome_shown=True).save(home / "settings.json")
        try:
            startup, spawn_to_paint = _probe(home, "startup", 120)
            stall, _ = _probe(home, "stall", 600)
        except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
            return {"gui_probe_error": str(exc)}
    if "error" in stall:
        return {"gui_probe_error": stall["error"]}
    return {
        "startup_first_paint_s": round(spawn_to_paint, 3),
        "startup_in_process_s": startup["first_paint_s"],
        "torch_imported_at_first_paint": startup["torch_imported"],
        "gui_max_stall_ms": stall["max_stall_ms"],
        "gui_p99_stall_ms": stall["p99_stall_ms"],
        "gui_stall_reply_tokens": stall["reply_tokens"],
        "gui_stall_ticks": stall["ticks"],
    }


def format_report(report: dict[str, Any]) -> str:
    """A human-readable table of `run_bench`'s results."""
    lines = [
        f"model        {report['model']} on {report['device']} ({report['precision']}, "
        f"{threads_phrase(report['threads'])}{', compiled decode step' if report.get('compiled') else ''})",
        f"load         {report['load_s']:.2f} s (weights + tokenizer; {report['load_total_s']:.2f} s with imports)",
        f"first token  {report['ttft_ms']:.0f} ms (short prompt)",
        f"decode       {report['decode_tok_s']:.1f} tok/s engine vs {report['bare_decode_tok_s']:.1f} tok/s bare "
        f"generate (ratio {report['decode_ratio']:.3f})",
        *([f"vs fp32      decode {report['decode_vs_fp32']:.2f}× bare fp32 generate "
           f"({report['fp32_bare_decode_tok_s']:.1f} tok/s); first token on a {report['passage_prompt_tokens']}-token "
           f"prompt {report['ttft_passage_ms']:.0f} ms vs {report['fp32_ttft_passage_ms']:.0f} ms in fp32 "
           f"({report['ttft_passage_vs_fp32']:.2f}×)"] if "decode_vs_fp32" in report else []),
        *([f"bound        {report['decode_bound_tok_s']:.0f} tok/s: {report['weights_bytes'] / 1e6:.0f} MB of weights "
           f"read per token at {report['read_bandwidth_gb_s']:.1f} GB/s; decode reaches "
           f"{report['decode_fraction_of_bound']:.0%} of it"] if "decode_bound_tok_s" in report else []),
        f"turn 10/1    first token {report['ttft_turn10_ms']:.0f} / {report['ttft_turn1_ms']:.0f} ms with cache reuse "
        f"(ratio {report['ttft_turn_ratio']:.2f}); {report['ttft_turn10_no_reuse_ms']:.0f} / "
        f"{report['ttft_turn1_no_reuse_ms']:.0f} ms without (ratio {report['ttft_turn_ratio_no_reuse']:.2f})",
        f"floor        the raw forwards of turn 10's "
        f"{report['conversation_tokens'] - report['conversation_cached_tokens']} new tokens take "
        f"{report['turn10_floor_ms']:.0f} ms (one forward of them all: {report['turn10_one_forward_ms']:.0f} ms); "
        f"turn 10's first token takes {report['ttft_turn10_over_floor']:.2f}× the floor",
    ]
    if "gui_max_stall_ms" in report:
        lines.append(f"window       first paint {report['startup_first_paint_s']:.2f} s after launch; longest stall "
                     f"{report['gui_max_stall_ms']:.0f} ms while a reply streams "
                     f"(p99 {report['gui_p99_stall_ms']:.0f} ms)")
    elif "gui_probe_error" in report:
        lines.append(f"window       not measured: {report['gui_probe_error']}")
    return "\n".join(lines)
