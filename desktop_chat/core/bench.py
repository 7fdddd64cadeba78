"""`desktop-chat bench`: load time, time to first token, decode speed (engine vs bare generate),
and time to first token late in a long conversation with and without KV-cache reuse.

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

from desktop_chat.core.inference.engine import Engine, ProgressCallback
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


def _chat(engine: Engine, messages: list[Message], params: GenParams, reuse: bool = True) -> GenResult:
    return engine.chat(ChatRequest(messages, params, reuse_cache=reuse)).result()


def _bare_decode(engine: Engine, tokens: int) -> tuple[float, float]:
    """Decode tokens/s and time to first token of plain `model.generate` with the engine's settings."""

    def measure(loaded: Any) -> tuple[float, float]:
        import torch

        from desktop_chat.core.inference.generate import render_prompt

        ids = torch.tensor([render_prompt(loaded.tokenizer, [Message("user", LONG_PROMPT)])], device=loaded.device)
        mask = torch.ones_like(ids)

        def timed(n: int) -> float:
            started = time.perf_counter()
            loaded.model.generate(ids, attention_mask=mask, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                                  eos_token_id=loaded.stop_token_ids, pad_token_id=loaded.stop_token_ids[0])
            if loaded.device.type == "cuda":
                torch.cuda.synchronize()
            return time.perf_counter() - started

        first = timed(1)
        whole = timed(tokens)
        return (tokens - 1) / (whole - first), first

    return engine.call(measure).result()


def conversation(turns: int) -> list[Message]:
    """A chat of `turns` short questions and ~170-token answers (~2k tokens after 10 turns)."""
    history = [Message("system", "You are a helpful assistant.")]
    for turn in range(turns):
        topic = TOPICS[turn % len(TOPICS)]
        history.append(Message("user", f"Can you explain {topic} to me? I am a beginner, so please keep it simple "
                                       f"and tell me why it matters today."))
        history.append(Message("assistant", f"Sure, here is an overview of {topic}. {REPLY_SENTENCES * 2}"))
    return history


def _conversation_ttft(engine: Engine, turns: int, reuse: bool) -> tuple[float, float, int]:
    """Time to first token at turn 1 and at the last turn of `conversation(turns)`; prompt tokens then.

    With reuse, every turn is asked in order, as in a real chat. The engine's cache then holds each
    answer, as it would after generating it: the scripted answer is put there by a prefill (a
    one-token request ending on it), which costs a fraction of generating ~170 tokens.
    """
    history = conversation(turns)
    prompts = [history[: 2 + 2 * t] for t in range(turns)]  # system + turns so far, ending on a question
    if not reuse:
        first = _chat(engine, prompts[0], _greedy(1), reuse=False).stats
        last = _chat(engine, prompts[-1], _greedy(1), reuse=False).stats
        return first.ttft_s, last.ttft_s, last.prompt_tokens
    _chat(engine, [Message("user", SHORT_PROMPT)], _greedy(1), reuse=False)  # a new chat: nothing cached
    ttfts, last_stats = [], None
    for t, prompt in enumerate(prompts):
        last_stats = _chat(engine, prompt, _greedy(1), reuse=True).stats
        ttfts.append(last_stats.ttft_s)
        if t + 1 < turns:
            _chat(engine, history[: 3 + 2 * t], _greedy(1), reuse=True)  # the answer, into the cache
    assert last_stats is not None
    return ttfts[0], ttfts[-1], last_stats.prompt_tokens


def run_bench(engine: Engine, model: str | None = None, quick: bool = False,
              progress: ProgressCallback | None = None) -> dict[str, Any]:
    """Run every measurement; returns a flat dict (the `bench --json` contract)."""
    report: dict[str, Any] = {}
    started = time.perf_counter()
    status = engine.load(model, progress=progress).result()
    report.update(model=status.name, device=status.device, dtype=status.dtype, load_s=round(status.load_s, 3),
                  load_total_s=round(time.perf_counter() - started, 3))

    def step(name: str, fraction: float) -> None:
        if progress is not None:
            progress(f"bench: {name}", fraction)

    reps, tokens = (1, 16) if quick else (3, 64)
    turns = 10

    step("warm-up", 0.05)
    _chat(engine, [Message("user", SHORT_PROMPT)], _greedy(4), reuse=False)

    step("time to first token", 0.1)
    short = [_chat(engine, [Message("user", SHORT_PROMPT)], _greedy(8), reuse=False) for _ in range(reps)]
    report["ttft_ms"] = round(statistics.median(r.stats.ttft_s for r in short) * 1000, 1)
    report["answer"] = short[0].text

    engine_speeds, bare_speeds = [], []
    for i in range(reps):  # interleaved, so drift in machine load hits both alike
        step("decode speed", 0.2 + 0.3 * i / reps)
        result = _chat(engine, [Message("user", LONG_PROMPT)], _greedy(tokens, tokens), reuse=False)
        engine_speeds.append(result.stats.decode_tok_s)
        bare_speeds.append(_bare_decode(engine, tokens)[0])
    report["decode_tokens"] = tokens
    report["decode_tok_s"] = round(statistics.median(engine_speeds), 2)
    report["bare_decode_tok_s"] = round(statistics.median(bare_speeds), 2)
    report["decode_ratio"] = round(report["decode_tok_s"] / report["bare_decode_tok_s"], 3)

    step("long conversation with cache reuse", 0.5)
    # Alternate the two modes so that drift in machine load hits both alike; report the median run.
    runs: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
    for _ in range(1 if quick else 3):
        for reuse in (True, False):
            runs[reuse].append(_conversation_ttft(engine, turns, reuse))
    median = {reuse: sorted(results, key=lambda r: r[1] / r[0])[len(results) // 2] for reuse, results in runs.items()}
    (first, last, tokens_at_last), (first_nr, last_nr, _) = median[True], median[False]
    report["conversation_turns"] = turns
    report["conversation_tokens"] = tokens_at_last
    report["ttft_turn1_ms"] = round(first * 1000, 1)
    report["ttft_turn10_ms"] = round(last * 1000, 1)
    report["ttft_turn_ratio"] = round(last / first, 3)
    report["ttft_turn1_no_reuse_ms"] = round(first_nr * 1000, 1)
    report["ttft_turn10_no_reuse_ms"] = round(last_nr * 1000, 1)
    report["ttft_turn_ratio_no_reuse"] = round(last_nr / first_nr, 3)
    step("the window: start-up and responsiveness", 0.9)
    report.update(gui_probes(status.name))
    report["bench_s"] = round(time.perf_counter() - started, 1)
    step("done", 1.0)
    return report


def _probe(home: Path, kind: str, timeout: float) -> tuple[dict[str, Any], float]:
    """Run `desktop-chat gui --probe KIND` in a child process; its JSON line and seconds to it."""
    env = {**os.environ, paths.HOME_ENV: str(home)}
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "desktop_chat", "gui", "--probe", kind],
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
        f"model        {report['model']} on {report['device']} ({report['dtype']})",
        f"load         {report['load_s']:.2f} s (weights + tokenizer; {report['load_total_s']:.2f} s with imports)",
        f"first token  {report['ttft_ms']:.0f} ms (short prompt)",
        f"decode       {report['decode_tok_s']:.1f} tok/s engine vs {report['bare_decode_tok_s']:.1f} tok/s bare "
        f"generate (ratio {report['decode_ratio']:.3f})",
        f"turn 10/1    first token {report['ttft_turn10_ms']:.0f} / {report['ttft_turn1_ms']:.0f} ms with cache reuse "
        f"(ratio {report['ttft_turn_ratio']:.2f}); {report['ttft_turn10_no_reuse_ms']:.0f} / "
        f"{report['ttft_turn1_no_reuse_ms']:.0f} ms without (ratio {report['ttft_turn_ratio_no_reuse']:.2f})",
    ]
    if "gui_max_stall_ms" in report:
        lines.append(f"window       first paint {report['startup_first_paint_s']:.2f} s after launch; longest stall "
                     f"{report['gui_max_stall_ms']:.0f} ms while a reply streams "
                     f"(p99 {report['gui_p99_stall_ms']:.0f} ms)")
    elif "gui_probe_error" in report:
        lines.append(f"window       not measured: {report['gui_probe_error']}")
    return "\n".join(lines)
