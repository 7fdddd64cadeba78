"""How much memory a model needs on a device, and how much there is: fits / tight / won't fit.

need = weights (parameters × bytes per value)
     + KV cache for the context (2 × layers × KV heads × head size × tokens × bytes)
     + prefill activations (tokens × (3 × MLP width + 8 × hidden size) × bytes)
     + overhead (15 % of the weights + 100 MB on the CPU; + 500 MB for a CUDA context on a GPU)

The CPU figures were calibrated here against the resident memory the starter model really used
(load, then prompts of 200 to 7,000 tokens: within 8 %). The GPU overhead is a conservative guess
until it is measured on one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate
from desktop_chat.core.types import ModelInfo

BYTES = {"fp32": 4, "fp16": 2, "bf16": 2}
CPU_OVERHEAD = 100_000_000
CUDA_CONTEXT = 500_000_000
TIGHT = 0.85  # more than this share of the free memory: "tight"
VERDICT_WORDS = {"fits": QT_TRANSLATE_NOOP("Core", "fits"), "tight": QT_TRANSLATE_NOOP("Core", "tight"),
                 "won't fit": QT_TRANSLATE_NOOP("Core", "won't fit"), "unknown": QT_TRANSLATE_NOOP("Core", "unknown")}


@dataclass
class MemoryEstimate:
    device: str
    dtype: str
    context_tokens: int
    weights_bytes: int
    kv_cache_bytes: int
    activations_bytes: int
    overhead_bytes: int
    available_bytes: int | None

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_cache_bytes + self.activations_bytes + self.overhead_bytes

    @property
    def verdict(self) -> str:
        """'fits', 'tight', "won't fit" or 'unknown'."""
        if not self.available_bytes:
            return "unknown"
        if self.total_bytes <= TIGHT * self.available_bytes:
            return "fits"
        return "tight" if self.total_bytes <= self.available_bytes else "won't fit"

    def need(self) -> str:
        """"needs ~1.2 GB on cpu in fp32 for a context of 2,048 tokens of 8 GB free" (translated)."""
        if self.available_bytes:
            template = plural(self.context_tokens,
                              QT_TRANSLATE_NOOP("Core", "needs ~%1 on %2 in %3 for a context of %Ln token of %4 free"),
                              QT_TRANSLATE_NOOP("Core", "needs ~%1 on %2 in %3 for a context of %Ln tokens of %4 free"))
        else:
            template = plural(self.context_tokens,
                              QT_TRANSLATE_NOOP("Core", "needs ~%1 on %2 in %3 for a context of %Ln token"),
                              QT_TRANSLATE_NOOP("Core", "needs ~%1 on %2 in %3 for a context of %Ln tokens"))
        return fill(template, gb(self.total_bytes), self.device, self.dtype, gb(self.available_bytes))

    def line(self) -> str:
        """What it needs and whether that fits, in one line (`need` and the verdict)."""
        return fill(translate("Core", "%1: %2"), self.need(), translate("Core", VERDICT_WORDS[self.verdict]))

    def breakdown(self) -> str:
        return fill(translate("Core", "weights %1 + KV cache %2 + activations %3 + overhead %4"),
                    gb(self.weights_bytes), gb(self.kv_cache_bytes), gb(self.activations_bytes),
                    gb(self.overhead_bytes))


def gb(n: int | float | None) -> str:
    if n is None:
        return "?"
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def params_text(n: int | None) -> str:
    """A parameter count as model cards write it: 1.7B, 135M, 37K ("?" when unknown)."""
    if not n:
        return "?"
    if n >= 1e9:
        return f"{n / 1e9:.1f}B"
    return f"{n / 1e6:.0f}M" if n >= 1e6 else f"{n / 1e3:.0f}K"


def model_shape(folder: Path) -> dict[str, int]:
    """Layer count, KV heads, head size, hidden and MLP width from config.json (0 where unknown)."""
    try:
        config: dict[str, Any] = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    config = config.get("text_config", config)  # multimodal configs nest the language model's
    heads = config.get("num_attention_heads") or config.get("n_head") or 0
    hidden = config.get("hidden_size") or config.get("n_embd") or 0
    return {
        "layers": config.get("num_hidden_layers") or config.get("n_layer") or 0,
        "kv_heads": config.get("num_key_value_heads") or heads,
        "head_dim": config.get("head_dim") or (hidden // heads if heads else 0),
        "hidden": hidden,
        "intermediate": config.get("intermediate_size") or 4 * hidden,
        "context": config.get("max_position_embeddings") or 0,
        "vocab": config.get("vocab_size") or 0,
    }


def estimate_memory(info: ModelInfo, device: str, dtype: str, context_tokens: int | None = None,
                    available_bytes: int | None = None) -> MemoryEstimate:
    """Predict the memory `info` needs on `device` ('cpu', 'cuda', 'mps') in `dtype` ('fp32', ...)."""
    shape = model_shape(Path(info.path))
    context = context_tokens or shape.get("context") or info.context_length or 2048
    return estimate_for_shape(info.params or 0, shape, device, dtype, context, available_bytes)


def estimate_for_shape(params: int, shape: dict[str, int], device: str, dtype: str, context: int,
                       available_bytes: int | None = None) -> MemoryEstimate:
    """The same prediction from a parameter count and a shape (as `model_shape` gives it), for a model
    that is not downloaded yet."""
    size = BYTES.get(dtype, 4)  # the KV cache and activations: fp32 beside two copies of the weights
    # Two copies (a label such as "fp32, prompts in bf16") take both types' bytes.
    weights = params * (sum(bytes_ for name, bytes_ in BYTES.items() if name in dtype) or size)
    kv = 2 * shape.get("layers", 0) * shape.get("kv_heads", 0) * shape.get("head_dim", 0) * context * size
    activations = context * (3 * shape.get("intermediate", 0) + 8 * shape.get("hidden", 0)) * size
    overhead = int(0.15 * weights) + (CUDA_CONTEXT if device.startswith("cuda") else CPU_OVERHEAD)
    return MemoryEstimate(device=device, dtype=dtype, context_tokens=context, weights_bytes=weights,
                          kv_cache_bytes=kv, activations_bytes=activations, overhead_bytes=overhead,
                          available_bytes=available_bytes)


# llama.cpp (a model kept as GGUF): the file is mapped as it is; the KV cache (fp16) is allocated for
# the whole context at load but becomes resident as the chat fills it; a compute buffer and an output
# buffer each hold a prompt batch's logits; where the build repacks the weights for its AMX kernels,
# they are held twice. Measured here with the starter's Q4_1 file (resident memory added), before
# AMX: 318 MB after loading, +68 MB at 2.3k tokens of chat, +221 MB at 7.3k; this predicted 334,
# +53 and +169 MB.
GGUF_KV_BYTES = 2
GGUF_OVERHEAD = 30_000_000


def estimate_gguf_memory(info: ModelInfo, context_tokens: int | None = None,
                         available_bytes: int | None = None) -> MemoryEstimate:
    """Predict the memory a model kept as GGUF takes in llama.cpp on the CPU with `context_tokens` of
    chat (default: its whole context, as far as desktop-chat opens it)."""
    from desktop_chat.core.inference.gguf_runtime import MAX_CONTEXT, PROMPT_BATCH, repacks_weights

    shape = info.shape or {}
    full = min(info.context_length or shape.get("context") or 2048, MAX_CONTEXT)
    context = min(context_tokens or full, full)
    weights = info.gguf_bytes or info.size_bytes
    if repacks_weights(info.quantization or ""):
        weights *= 2
    kv = 2 * shape.get("layers", 0) * shape.get("kv_heads", 0) * shape.get("head_dim", 0) * context * GGUF_KV_BYTES
    activations = 2 * PROMPT_BATCH * shape.get("vocab", 0) * 4
    overhead = GGUF_OVERHEAD + int(0.05 * weights)
    return MemoryEstimate(device="cpu", dtype=info.quantization or "GGUF", context_tokens=context,
                          weights_bytes=weights, kv_cache_bytes=kv, activations_bytes=activations,
                          overhead_bytes=overhead, available_bytes=available_bytes)


def available_memory(device: Any) -> int | None:
    """Free bytes on `device` (a torch.device): free VRAM on CUDA, available RAM otherwise."""
    import psutil

    if getattr(device, "type", str(device)) == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    return int(psutil.virtual_memory().available)


def process_memory() -> int:
    """Resident memory of this process, in bytes."""
    import psutil

    return int(psutil.Process().memory_info().rss)
