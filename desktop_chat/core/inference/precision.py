"""Which precision a model runs in on the CPU, chosen by measuring this machine rather than by rule.

Decoding a reply reads every weight once per token, so it is bound by memory bandwidth and is
fastest in the 16-bit type the CPU converts cheaply; reading a prompt multiplies matrices, so it is
bound by arithmetic and is fastest in the type the CPU has fast matrix instructions for. On the
machine this was built on (AMD EPYC with avx512_bf16) they differ: fp16 decodes 2.6× faster than
fp32 but reads prompts 3.7× slower, while bf16 reads them 2.5× faster. So such a machine keeps
two 16-bit copies of the weights, which take the memory one fp32 copy took: fp16 decodes, bf16
reads prompts, and both attend in fp32 over one shared KV cache (attention.py). Tried first and dropped:
one fp16 copy with prompts under bf16 `torch.autocast`; it re-casts every weight on every call,
which made a 37-token turn over a 2,000-token history 1.3× slower than fp32.

The probe times matrix-vector products (the decode) and matrix-matrix products (the prompt) in
each type, takes about half a second, and its result is kept per machine in the data folder.

One large product does not tell how a small model decodes. On an Intel Xeon with AMX (2 cores) bf16
multiplied the probe's 128 MB matrix 1.5× faster than fp32, yet the starter model decoded 0.87× as
fast in bf16: its layers' matrices are small, and each 16-bit library call cost ~40 µs more than an
fp32 one. So a model's decoding step is also timed at its own shapes (`measure_step`: every layer's
matrices, streamed from memory as decoding reads them, about a second once per shape), and the
decoding type is chosen from that. Where fp32 decodes fastest but a 16-bit type reads prompts much
faster, the fp32 weights decode and a 16-bit copy reads prompts (1.5× the memory of fp32 alone).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path

import torch

from desktop_chat.core import paths
from desktop_chat.core.fsutil import atomic_write_json
from desktop_chat.core.i18n import fill, translate

log = logging.getLogger(__name__)

PROBE_VERSION = 2
# A 16-bit type must beat fp32 by this much to be chosen: below it, fp32's exactness wins.
MIN_DECODE_GAIN = 1.2
# Reading prompts may be at most this much slower than in fp32 (measurement noise).
PROMPT_TOLERANCE = 1.1
# fp32 weights get a 16-bit copy for prompts only if that reads them this much faster (it costs memory).
MIN_PROMPT_GAIN = 1.3
# measure_step streams at most this many bytes of a model's layers (fp32): beyond, it is bandwidth-bound.
STEP_PROBE_BYTES = 768 * 1024 * 1024
# The big decode product of `measure`: what the output layer's time is scaled from.
_PROBE_GEMV_ELEMENTS = 8192 * 4096
WEIGHT_TYPES = ("fp32", "bf16", "fp16")
_TORCH_TYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


@dataclass(frozen=True)
class PrecisionProbe:
    """Milliseconds per product on this machine, per type: `decode_ms` for a matrix-vector product,
    `prompt_ms` for a matrix-matrix one."""

    machine: str
    threads: int
    decode_ms: dict[str, float]
    prompt_ms: dict[str, float]
    version: int = PROBE_VERSION
    # Per model shape (`shape_key`): milliseconds its decoding step's products take, per type.
    step_ms: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class PrecisionChoice:
    """The type that decodes, the type that reads prompts (a second copy of the weights when they
    differ), and why (a sentence for people)."""

    weights: str
    prompt: str
    reason: str

    @property
    def label(self) -> str:
        return precision_label(self.weights, self.prompt)


def precision_label(weights: str, prompt: str) -> str:
    """Short form for status lines: 'fp16', or 'fp16, prompts in bf16' when prompts use another type."""
    return weights if prompt == weights else fill(translate("Core", "%1, prompts in %2"), weights, prompt)


def machine_key() -> str:
    """What the measurement depends on: the CPU model, how many CPUs, and the torch build."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu} | {os.cpu_count()} CPUs | torch {torch.__version__}"


def measure(repeats: int = 3) -> PrecisionProbe:
    """Time the products a model's layers do, in every type (about half a second on 2 cores).

    The decode's matrix (128 MB in fp32) is larger than a CPU's caches, so the matrix-vector product
    reads it from memory as decoding does; the prompt's product is 256 rows through a 2048-wide layer.
    """
    linear = torch.nn.functional.linear
    with torch.inference_mode():
        big = torch.full((8192, 4096), 0.01)
        layer = torch.rand(2048, 2048) - 0.5
        row, rows = torch.rand(1, 4096), torch.rand(256, 2048)
        runs = {}
        for name in WEIGHT_TYPES:
            dtype = _TORCH_TYPES[name]
            runs[f"decode {name}"] = partial(linear, row.to(dtype), big.to(dtype))
            runs[f"prompt {name}"] = partial(linear, rows.to(dtype), layer.to(dtype))
        del big
        # Interleaved rounds, best of each: a load that comes and goes hits every type alike.
        best = dict.fromkeys(runs, float("inf"))
        for run in runs.values():
            run()  # warm-up: first calls allocate and pick kernels
        for _ in range(repeats + 2):
            for key, run in runs.items():
                started = time.perf_counter()
                run()
                best[key] = min(best[key], (time.perf_counter() - started) * 1000)
    decode = {name: round(best[f"decode {name}"], 4) for name in WEIGHT_TYPES}
    prompt = {name: round(best[f"prompt {name}"], 4) for name in WEIGHT_TYPES}
    return PrecisionProbe(machine=machine_key(), threads=torch.get_num_threads(), decode_ms=decode, prompt_ms=prompt)


SIXTEEN_BIT = ("bf16", "fp16")


def step_matrices(shape: dict[str, int]) -> list[tuple[int, int]]:
    """(out, in) of the products one layer does for one token: query, key, value, output, and a
    gated MLP's gate, up and down (the query's width is taken as the hidden size)."""
    hidden, inner = shape["hidden"], shape["intermediate"]
    kv = shape["kv_heads"] * shape["head_dim"] or hidden
    return [(hidden, hidden), (kv, hidden), (kv, hidden), (hidden, hidden), (inner, hidden), (inner, hidden),
            (hidden, inner)]


def shape_key(shape: dict[str, int]) -> str | None:
    """What a model's decoding step is timed by (as memory.model_shape gives it), or None when the
    config does not say enough to time it."""
    needed = ("layers", "hidden", "intermediate", "vocab")
    if any(not shape.get(name) for name in needed):
        return None
    return "x".join(str(shape.get(name, 0)) for name in (*needed, "kv_heads", "head_dim"))


def measure_step(shape: dict[str, int], decode_ms: dict[str, float], repeats: int = 3) -> dict[str, float]:
    """Milliseconds one token's products take in each type for a model of `shape` (about a second).

    Layers are streamed from distinct copies of their matrices, as decoding reads them from memory,
    up to STEP_PROBE_BYTES in fp32 and scaled to the model's layer count; the output layer, one large
    product, is scaled from `decode_ms` (measure's big matrix-vector product), as are layers larger
    than STEP_PROBE_BYTES (nothing is allocated for those).
    """
    matrices = step_matrices(shape)
    layer_elements = sum(rows * cols for rows, cols in matrices)
    layers = shape["layers"]
    head_share = shape["vocab"] * shape["hidden"] / _PROBE_GEMV_ELEMENTS
    if 4 * layer_elements > STEP_PROBE_BYTES:  # large layers stream like the probe's product: scale it
        share = layers * layer_elements / _PROBE_GEMV_ELEMENTS + head_share
        return {name: round(decode_ms[name] * share, 3) for name in WEIGHT_TYPES}
    copies = min(layers, STEP_PROBE_BYTES // (4 * layer_elements))  # at least one: larger layers returned above
    linear = torch.nn.functional.linear
    result: dict[str, float] = {}
    with torch.inference_mode():
        for name in WEIGHT_TYPES:
            dtype = _TORCH_TYPES[name]
            weights = [torch.full((rows, cols), 0.01, dtype=dtype) for _ in range(copies) for rows, cols in matrices]
            inputs = {cols: torch.rand(1, cols).to(dtype) for _, cols in matrices}
            best = float("inf")
            for round_ in range(repeats + 1):  # the first round allocates and picks kernels
                started = time.perf_counter()
                for weight in weights:
                    linear(inputs[weight.shape[1]], weight)
                if round_:
                    best = min(best, time.perf_counter() - started)
            del weights
            result[name] = round(best * 1000 * layers / copies + decode_ms[name] * head_share, 3)
    return result


def choose(probe: PrecisionProbe, step_ms: dict[str, float] | None = None) -> PrecisionChoice:
    """The fastest decode whose prompt reading is no slower than fp32's.

    Decoding speed is `step_ms` (a model's step, measure_step) where known, else the probe's large
    product. A 16-bit type decodes only if it is at least MIN_DECODE_GAIN× faster than fp32 (and
    bf16 only if that much faster than fp16 too); prompts are read in whichever 16-bit type
    multiplies fastest (two 16-bit copies take what one fp32 copy took). Where fp32 decodes, a 16-bit
    copy reads prompts if it is MIN_PROMPT_GAIN× faster at it.
    """
    decode = step_ms or probe.decode_ms
    fp32_decode, fp32_prompt = decode["fp32"], probe.prompt_ms["fp32"]
    prompt = min(SIXTEEN_BIT, key=lambda name: probe.prompt_ms[name])
    fast_decoders = [name for name in SIXTEEN_BIT if decode[name] * MIN_DECODE_GAIN <= fp32_decode]
    if fast_decoders and probe.prompt_ms[prompt] <= fp32_prompt * PROMPT_TOLERANCE:
        # fp16 keeps 10 bits of mantissa to bf16's 7, and its greedy answers track fp32's (bf16 changed
        # 2 of 8 starter answers within 5 tokens, fp16 none): bf16 decodes only if clearly faster.
        weights = "fp16" if "fp16" in fast_decoders else "bf16"
        if weights == "fp16" and "bf16" in fast_decoders and decode["bf16"] * MIN_DECODE_GAIN <= decode["fp16"]:
            weights = "bf16"
        if probe.prompt_ms[weights] <= probe.prompt_ms[prompt] * PROMPT_TOLERANCE:
            prompt = weights  # one copy is enough when it reads prompts about as fast
        return PrecisionChoice(weights, prompt, explain(probe, weights, prompt, decode))
    if probe.prompt_ms[prompt] * MIN_PROMPT_GAIN <= fp32_prompt:
        return PrecisionChoice("fp32", prompt, explain(probe, "fp32", prompt, decode))
    return PrecisionChoice("fp32", "fp32", explain(probe, "fp32", "fp32", decode))


def explain(probe: PrecisionProbe, weights: str, prompt: str, decode: dict[str, float]) -> str:
    """One sentence on why `weights` / `prompt` was chosen, with the measured factors (`decode`: the
    decoding times the choice used)."""
    decode_gain = decode["fp32"] / decode[weights]
    prompt_gain = probe.prompt_ms["fp32"] / probe.prompt_ms[prompt]
    if weights == "fp32":
        fastest = min(SIXTEEN_BIT, key=lambda name: decode[name])
        gain = decode["fp32"] / decode[fastest]
        if prompt != "fp32":
            return fill(translate("Core", "Measured on this computer: replies decode fastest in fp32 (in %1 a "
                                  "decoding step ran %2× as fast), and prompts are read %3× as fast in %4, so models "
                                  "decode in fp32 and read prompts with a copy of the weights in %4 (half the memory "
                                  "of the fp32 copy)."), fastest, f"{gain:.2f}", f"{prompt_gain:.1f}", prompt)
        return fill(translate("Core", "Measured on this computer: a 16-bit type would not make replies faster "
                              "without slowing down long prompts (in %1, the products that decode a reply ran %2× as "
                              "fast as in fp32), so models run in fp32."), fastest, f"{gain:.1f}")
    if prompt == weights:
        return fill(translate("Core", "Measured on this computer: in %1, the products that decode a reply ran %2× "
                              "as fast as in fp32 and those that read a prompt %3× as fast, so models run in %1."),
                    weights, f"{decode_gain:.1f}", f"{prompt_gain:.1f}")
    return fill(translate("Core", "Measured on this computer: the products that decode a reply ran %1× as fast in "
                          "%2 as in fp32, and those that read a prompt %3× as fast in %4, so models decode in %2 and "
                          "read prompts in %4, with a copy of the weights in each (together the memory of one fp32 "
                          "copy)."), f"{decode_gain:.1f}", weights, f"{prompt_gain:.1f}", prompt)


def compute_type(probe: PrecisionProbe, weights: str) -> str:
    """The type that reads prompts for `weights`: the faster 16-bit type for 16-bit weights."""
    if weights not in SIXTEEN_BIT:
        return weights
    prompt = min(SIXTEEN_BIT, key=lambda name: probe.prompt_ms[name])
    return weights if probe.prompt_ms[weights] <= probe.prompt_ms[prompt] * PROMPT_TOLERANCE else prompt


_memo: dict[str, PrecisionProbe] = {}
_lock = threading.Lock()  # one measurement at a time (a load and a memory estimate may ask together)


def probe_path() -> Path:
    return paths.data_dir() / "cpu-precision.json"


def cpu_probe() -> PrecisionProbe:
    """This machine's measurement at the current thread count: made once, kept in the data folder."""
    with _lock:
        return _cpu_probe()


def _memo_key() -> str:
    return f"{machine_key()} | {torch.get_num_threads()} threads"


def _save(probe: PrecisionProbe) -> None:
    try:
        atomic_write_json(probe_path(), asdict(probe))
    except OSError as exc:  # a read-only or full disk: measure again next time
        log.warning("could not save the precision measurement to %s: %s", probe_path(), exc)


def _cpu_probe() -> PrecisionProbe:
    key = _memo_key()
    if key in _memo:
        return _memo[key]
    path = probe_path()
    probe: PrecisionProbe | None = None
    try:
        candidate = PrecisionProbe(**json.loads(path.read_text(encoding="utf-8")))
        if candidate.version == PROBE_VERSION and f"{candidate.machine} | {candidate.threads} threads" == key:
            probe = candidate
    except (OSError, ValueError, TypeError):
        pass
    if probe is None:
        probe = measure()
        _save(probe)
        log.info("CPU precision measured: %s", choose(probe).reason)
    _memo[key] = probe
    return probe


def model_step(shape: dict[str, int] | None, measure_if_unknown: bool = True) -> dict[str, float] | None:
    """A model's decoding step per type on this machine (measure_step), kept with the probe; None
    when `shape` says too little, or it was not measured and `measure_if_unknown` is False."""
    if not shape or (key := shape_key(shape)) is None:
        return None
    with _lock:
        probe = _cpu_probe()
        if key not in probe.step_ms and measure_if_unknown:
            step = measure_step(shape, probe.decode_ms)
            probe = replace(probe, step_ms={**probe.step_ms, key: step})
            _memo[_memo_key()] = probe
            _save(probe)
            log.info("decoding step of a %s model measured: %s ms", key, step)
        return probe.step_ms.get(key)


def cpu_choice(weights: str = "auto", shape: dict[str, int] | None = None,
               measure_if_unknown: bool = True) -> PrecisionChoice:
    """What runs on this CPU: the measured best for "auto" (for a model of `shape` when given, see
    model_step), else `weights` with its fastest prompt type."""
    probe = cpu_probe()
    if weights == "auto":
        return choose(probe, model_step(shape, measure_if_unknown))
    compute = compute_type(probe, weights)
    if compute == weights:
        reason = fill(translate("Core", "Precision is set to %1 in Settings."), weights)
    else:
        reason = fill(translate("Core", "Precision is set to %1 in Settings; prompts are read in %2 (a second copy "
                                "of the weights), which multiplied %3× as fast on this computer."), weights, compute,
                      f"{probe.prompt_ms[weights] / probe.prompt_ms[compute]:.1f}")
    return PrecisionChoice(weights, compute, reason)
