"""A compiled decode step: a static KV cache and `torch.compile`, prepared once and then reused.

Measured on this project's machine (SmolLM2-135M, fp16 with fp32 attention, 2 cores): a compiled
step decodes ~10 % faster than eager over a 512-position cache, but attends over every position of
a static cache, so a 2,048-position cache for a short chat was 20 % *slower* than eager. The cache is
therefore sized per reply, in steps of CACHE_STEP positions, and compiled with dynamic shapes: one
graph serves every size (a new size took 0.3 s, not a new compile). On a GPU the same step runs as
CUDA graphs (mode "reduce-overhead"), the larger lever there.

On the CPU the step is compiled with the weights frozen into the graph (inductor's `freezing`) and
its matrix products autotuned (`max_autotune`), which gives them inductor's C++ GEMM template: it
packs each frozen weight for the CPU's AMX / AVX-512 units once, at compile time. Measured on an
Intel Xeon (AMX, 2 cores), the starter decoding with its bf16 copy: 16-bit oneDNN/MKL calls cost
~40 µs each on its small layers (0.96× bare fp32 eager), inductor's own fused loops for one-row
products (its decompose_mm_pass, used before) 1.43–1.55×, the template ~1.9–2.0× (`bench`). Where
the weights decode in fp32 but a 16-bit copy reads prompts (precision.py), the compiled step runs on
that copy (`decoding_model`): 16-bit decoding is slower than fp32 uncompiled there, faster compiled.

Three things keep freezing correct and cached (each was seen to fail without it):
- transformers marks a static cache's tensors as static addresses (for CUDA graphs); a frozen graph
  then kept reading the *first* cache it saw, so the next reply's new cache was ignored. On the CPU
  the marks are removed (kv_cache.py).
- inductor's cache knows a frozen weight by its shape, not its values, but keeps the template's
  packed copy of it: a second model of the same architecture was answered with the first one's
  weights. The weights' SHA-256 goes into the cache key (`WeightsKey`).
- 16-bit linear layers are kept from oneDNN's weight packing, whose packed tensors cannot be pickled
  and so kept every start out of the cache (a cold compile each time).
Frozen weights are packed copies: the starter's step held ~0.7 GB beside the model (~0.2 GB before),
freed with the model. Each model is one more compile of the same code, which dynamo stops at
eight, so a model's step is dropped when it unloads (`forget_compiled_steps`).

Compiling takes 75–90 s cold on this CPU (the starter; the template's autotuning included), ~30 s
from the inductor cache, so it never happens while someone waits:
`python -m desktop_chat.core.inference.prepare` compiles in a low-priority child process, into the
data folder's cache, measures compiled against eager decoding on this machine and keeps the result
(PREPARED_FILE). A process that loads the model then compiles from that cache
between replies (`warm_up`), and uses the compiled step only where it measured faster.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_chat.core import paths
from desktop_chat.core.child import is_frozen
from desktop_chat.core.fsutil import atomic_write_json, read_json_object
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.library.compile_cache import cache_dir, recording

log = logging.getLogger(__name__)

PREPARED_FILE = "compiled-decode.json"
PREPARE_VERSION = 3  # 3: CPU weights frozen, products autotuned (C++ GEMM template); 2: fused loops
# 256, not 512: a short chat's step attends over half the positions (the frozen step decoded the starter
# 2.03-2.10x eager here against 1.93x); a longer one moves to a larger cache, keeping its prefix.
CACHE_STEP = 256
# The compiled step is used only when it decoded at least this much faster than eager here.
MIN_GAIN = 1.03
MEASURE_PROMPT = "Write a long story about a dragon who learns to cook."


@dataclass(frozen=True)
class Prepared:
    """What preparing measured on this machine for one model in one precision."""

    eager_tok_s: float
    compiled_tok_s: float
    compile_s: float
    version: int = PREPARE_VERSION

    @property
    def gain(self) -> float:
        return self.compiled_tok_s / self.eager_tok_s if self.eager_tok_s else 0.0

    @property
    def faster(self) -> bool:
        return self.gain >= MIN_GAIN


def compiled_mode(setting: str) -> str:
    """The compiled decode setting in effect: DESKTOP_CHAT_COMPILED (auto | on | off) overrides the
    Settings value (for test machines and scripts)."""
    value = os.environ.get("DESKTOP_CHAT_COMPILED", "").strip().lower()
    return value if value in ("auto", "on", "off") else setting


def use_cache_dir() -> None:
    """Point inductor at cache_dir() (before a compile in this process)."""
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = str(cache_dir())


def unavailable_reason(device_type: str) -> str | None:
    """Why a compiled step cannot be built here (a sentence), or None when it can."""
    if is_frozen():
        return translate("Core", "The packaged app cannot compile the decoding step (it has no compiler); replies "
                         "run uncompiled.")
    if device_type == "cpu":
        if not any(shutil.which(name) for name in ("g++", "c++", "clang++")):
            return translate("Core", "No C++ compiler was found, so the decoding step is not compiled; install g++ "
                             "to enable it.")
        return None
    if device_type == "cuda":
        if importlib.util.find_spec("triton") is None:
            return translate("Core", "Triton is not installed, so the decoding step is not compiled on the GPU.")
        return None
    return fill(translate("Core", "The decoding step is not compiled on %1."), device_type)


def model_key(loaded: Any) -> str:
    """What the prepared result depends on: the weights' files, precision, device, threads and torch."""
    import torch

    from desktop_chat.core.inference.precision import machine_key

    folder = Path(loaded.info.path).resolve()  # a library linked from elsewhere keeps what was prepared
    stamp = sorted((p.name, p.stat().st_size, int(p.stat().st_mtime)) for p in folder.glob("*.safetensors"))
    return json.dumps([str(folder), stamp, loaded.precision_label, loaded.device_label, loaded.threads,
                       torch.__version__, machine_key() if loaded.device.type == "cpu" else ""])


def prepared_path() -> Path:
    return paths.data_dir() / PREPARED_FILE


def read_prepared(key: str) -> Prepared | None:
    """The kept result for `key`, or None if this model was not prepared in this setup."""
    entry = read_json_object(prepared_path()).get(key)
    try:
        prepared = Prepared(**entry) if isinstance(entry, dict) else None
    except TypeError:
        return None
    return prepared if prepared is not None and prepared.version == PREPARE_VERSION else None


def write_prepared(key: str, prepared: Prepared) -> None:
    data = read_json_object(prepared_path())
    data[key] = asdict(prepared)
    atomic_write_json(prepared_path(), data)


def cache_length(needed: int, context_length: int) -> int:
    """The static cache's size for a reply that needs `needed` positions: the next CACHE_STEP, at most
    the model's context."""
    return min(context_length, -(-needed // CACHE_STEP) * CACHE_STEP)


def compile_config(loaded: Any) -> Any:
    """transformers' CompileConfig for `loaded`'s decode step: CUDA graphs on a GPU; on the CPU, frozen
    weights and autotuned products (the module's docstring)."""
    from transformers import CompileConfig

    if loaded.device.type == "cuda":
        config = CompileConfig(fullgraph=True, dynamic=True, mode="reduce-overhead")
    else:
        # freezing itself is set for the process (freeze_weights_in_cpu_steps)
        options = {"max_autotune": True, "post_grad_custom_post_pass": weights_key(loaded)}
        config = CompileConfig(fullgraph=True, dynamic=True, options=options)
        setattr(config, "mode", None)  # noqa: B010 - torch.compile takes options or a mode, not both
    setattr(config, "_compile_all_devices", True)  # noqa: B010 - transformers compiles on GPUs only unless told
    return config


_WEIGHT_DIGESTS: dict[tuple[str, int, int], str] = {}


def weights_digest(loaded: Any) -> str:
    """SHA-256 over the model's weight files (each file's digest kept for this process by its size and time)."""
    import hashlib

    from desktop_chat.core.fsutil import file_sha256

    total = hashlib.sha256()
    for path in sorted(Path(loaded.info.path).resolve().glob("*.safetensors")):
        stat = path.stat()
        stamp = (str(path), stat.st_size, stat.st_mtime_ns)
        if stamp not in _WEIGHT_DIGESTS:
            _WEIGHT_DIGESTS[stamp] = file_sha256(path)
        total.update(f"{path.name}:{_WEIGHT_DIGESTS[stamp]}\n".encode())
    return total.hexdigest()


_WEIGHTS_KEY_CLASS: Any = None


def weights_key(loaded: Any) -> Any:
    """A graph pass that changes nothing but puts the weights' digest (and their decoding type) into
    inductor's cache key: a frozen graph's cache entry holds packed copies of the weights it froze."""
    global _WEIGHTS_KEY_CLASS
    if _WEIGHTS_KEY_CLASS is None:
        from torch._inductor.custom_graph_pass import CustomGraphPass

        class WeightsKey(CustomGraphPass):
            def __init__(self, key: str):
                self.key = key

            def __call__(self, graph: Any) -> None:
                return None

            def uuid(self) -> str:
                return self.key

            # generate() copies the compile config every call and compiles anew unless the copy is equal
            def __eq__(self, other: object) -> bool:
                return isinstance(other, WeightsKey) and other.key == self.key

            def __hash__(self) -> int:
                return hash(self.key)

        _WEIGHTS_KEY_CLASS = WeightsKey
    return _WEIGHTS_KEY_CLASS(f"{weights_digest(loaded)}:{decoding_model(loaded).dtype}")


def decoding_model(loaded: Any) -> Any:
    """The copy of the weights the compiled step decodes with: a 16-bit copy that reads prompts beside
    fp32 weights (faster once compiled, precision.py), else the weights themselves."""
    import torch

    if loaded.prompt_model is not None and loaded.dtype == torch.float32:
        return loaded.prompt_model
    return loaded.model


def freeze_weights_in_cpu_steps() -> None:
    """Have inductor freeze the weights into CPU decode steps compiled from now on in this process.

    A global setting, not one of the step's compile options: dynamo reads it while tracing, to keep
    the weights as the graph's constants instead of its inputs. Also keeps the freezing passes from
    handing 16-bit linear layers to oneDNN with packed weights (the module's docstring): the C++ GEMM
    template packs them instead, into plain tensors that inductor's cache can keep (without that hook,
    under another torch, steps still compile correctly, only uncached).
    """
    import torch._inductor.config as inductor_config

    inductor_config.freezing = True
    try:
        from torch._inductor.fx_passes import mkldnn_fusion
    except ImportError:
        return
    for name in ("is_mkldnn_bf16_supported", "is_mkldnn_fp16_supported"):
        if hasattr(mkldnn_fusion, name):
            setattr(mkldnn_fusion, name, lambda device_type: False)


def forget_compiled_steps() -> None:
    """Drop every compiled step of this process. Each holds the weights frozen into it, which would
    outlive their model, and each model of an architecture is one more compile of the same code
    (dynamo stops at eight); a later warm-up compiles again, from inductor's cache."""
    import torch._dynamo

    torch._dynamo.reset()


class CompiledDecode:
    """The compiled step of one loaded model: off until `warm_up` has compiled it in this process."""

    def __init__(self, loaded: Any, prepared: Prepared | None = None):
        if loaded.device.type == "cpu":
            freeze_weights_in_cpu_steps()
        self.config = compile_config(loaded)
        self.model = decoding_model(loaded)
        self.prepared = prepared
        self.ready = False

    def warm_up(self, loaded: Any, tokens: int = 4) -> float:
        """Compile (from the inductor cache when it holds this graph) by generating a few tokens; seconds taken."""
        use_cache_dir()
        started = time.perf_counter()
        with recording(Path(loaded.info.path)):  # what a cold compile adds is the model's (removed with it)
            timed_decode(loaded, self.config, tokens)
        self.ready = True
        return time.perf_counter() - started


def timed_decode(loaded: Any, config: Any | None, tokens: int) -> float:
    """Seconds for bare `generate` to write `tokens` tokens after MEASURE_PROMPT: through a static
    cache by the compiled step's copy of the weights, compiled with `config`, or (None) eagerly by
    the weights that decode uncompiled replies."""
    import torch

    from desktop_chat.core.inference.generate import render_prompt
    from desktop_chat.core.inference.kv_cache import new_cache
    from desktop_chat.core.types import Message

    ids = torch.tensor([render_prompt(loaded.tokenizer, [Message("user", MEASURE_PROMPT)])], device=loaded.device)
    length = cache_length(ids.shape[1] + tokens, loaded.context_length)
    cache = new_cache(loaded.model.config, loaded.cache_dtype, length) if config is not None else \
        new_cache(loaded.model.config, loaded.cache_dtype)
    pad = loaded.stop_token_ids[0] if loaded.stop_token_ids else 0
    model = decoding_model(loaded) if config is not None else loaded.model
    started = time.perf_counter()
    with torch.inference_mode():
        model.generate(ids, attention_mask=torch.ones_like(ids), past_key_values=cache, max_new_tokens=tokens,
                       min_new_tokens=tokens, do_sample=False, pad_token_id=pad, compile_config=config,
                       disable_compile=config is None)
    if loaded.device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - started


def measure(loaded: Any, decode: CompiledDecode, tokens: int = 48, rounds: int = 3) -> tuple[float, float]:
    """(eager, compiled) decode tok/s, interleaved rounds, best of each (a compiled `decode`)."""
    best = {"eager": 0.0, "compiled": 0.0}
    for _ in range(rounds):
        for name, config in (("eager", None), ("compiled", decode.config)):
            first, whole = timed_decode(loaded, config, 1), timed_decode(loaded, config, tokens + 1)
            if whole > first:
                best[name] = max(best[name], tokens / (whole - first))
    return best["eager"], best["compiled"]


def prepare(loaded: Any, progress: Any = None) -> Prepared:
    """Compile `loaded`'s decode step into the cache, measure it against eager here and keep the result."""
    say = progress or (lambda text, fraction: None)
    say(translate("Core", "compiling the decoding step (a minute or two, once)"), 0.1)
    decode = CompiledDecode(loaded)
    compile_s = decode.warm_up(loaded)
    say(translate("Core", "measuring the compiled step against the uncompiled one"), 0.8)
    eager, compiled = measure(loaded, decode)
    prepared = Prepared(eager_tok_s=round(eager, 2), compiled_tok_s=round(compiled, 2), compile_s=round(compile_s, 1))
    write_prepared(model_key(loaded), prepared)
    log.info("compiled decoding prepared for %s: %.1f vs %.1f tok/s eager (compiled in %.0f s)", loaded.name,
             compiled, eager, compile_s)
    return prepared


def describe(prepared: Prepared) -> str:
    """A sentence for the status line and Settings: what preparing found."""
    if prepared.faster:
        return fill(translate("Core", "Compiled decoding measured %1× as fast as uncompiled on this computer, so "
                              "replies use it."), f"{prepared.gain:.2f}")
    return fill(translate("Core", "Compiled decoding measured %1× the uncompiled speed on this computer, so replies "
                          "stay uncompiled."), f"{prepared.gain:.2f}")
