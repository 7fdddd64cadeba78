"""Which device and dtype a model runs in: CUDA → fp16 (bf16 selectable), MPS → fp16, and on the CPU
what measured fastest on this machine (precision.py)."""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass

import torch

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.inference.precision import cpu_choice, precision_label

_GQA_ENV = "TRANSFORMERS_SDPA_FORCE_GQA"
_gqa_env_is_ours = _GQA_ENV not in os.environ

DTYPES: dict[str, torch.dtype] = {
    "fp16": torch.float16,
    "float16": torch.float16,
    "bf16": torch.bfloat16,
    "bfloat16": torch.bfloat16,
    "fp32": torch.float32,
    "float32": torch.float32,
}
DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")
DTYPE_CHOICES = ("auto", "fp16", "bf16", "fp32")


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def resolve_device(preference: str = "auto") -> torch.device:
    """'auto' picks CUDA, then Apple MPS, then the CPU; an explicit device must exist."""
    pref = (preference or "auto").lower()
    if pref == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if pref == "cpu":
        return torch.device("cpu")
    if pref.startswith("cuda"):
        if not torch.cuda.is_available():
            build = "a CPU-only build" if torch.version.cuda is None else f"built for CUDA {torch.version.cuda}"
            raise BadInput(translate("Core", "device '%1' requested, but torch %2 (%3) sees no CUDA GPU; use --device "
                                     "cpu, or reinstall with a CUDA build (make run TORCH_SPEC=…)"), preference,
                           torch.__version__, build)
        try:
            device = torch.device(pref)
        except RuntimeError as exc:
            raise BadInput(f"invalid device '{preference}': {exc}") from None
        if device.index is not None and device.index >= torch.cuda.device_count():
            count = torch.cuda.device_count()
            raise BadInput(f"device '{preference}' does not exist: this computer has "
                           f"{'1 CUDA GPU' if count == 1 else f'{count} CUDA GPUs'} (cuda:0 to cuda:{count - 1})")
        return device
    if pref == "mps":
        if not _mps_available():
            raise BadInput(translate("Core", "device 'mps' requested, but Apple Metal is not available here; use "
                                     "--device cpu"))
        return torch.device("mps")
    raise BadInput(f"unknown device '{preference}': choose one of {', '.join(DEVICE_CHOICES)}")


def resolve_dtype(device: torch.device, preference: str = "auto") -> torch.dtype:
    """The weights' type: 'auto' is fp16 on CUDA and MPS, and on the CPU the type measured fastest here."""
    return resolve_precision(device, preference).weights


@dataclass(frozen=True)
class Precision:
    """The weights' type, the type prompts are multiplied in (bf16 through autocast, or the same), and why."""

    weights: torch.dtype
    prompt: torch.dtype
    reason: str

    @property
    def label(self) -> str:
        return precision_label(dtype_name(self.weights), dtype_name(self.prompt))


def memory_dtype(device: torch.device, preference: str = "auto", shape: dict[str, int] | None = None) -> str:
    """The precision to predict memory with: the weights' type, or the label of two copies (which
    memory.py counts by both types). With a model's `shape`, the choice kept for such a model, if
    one was measured (nothing is measured here)."""
    precision = resolve_precision(device, preference, shape, measure_if_unknown=False)
    return precision.label if precision.prompt != precision.weights else dtype_name(precision.weights)


def resolve_precision(device: torch.device, preference: str = "auto", shape: dict[str, int] | None = None,
                      measure_if_unknown: bool = True) -> Precision:
    """Weights' type and prompts' type for `device` and the user's choice ('auto', 'fp16', 'bf16', 'fp32');
    on the CPU, for a model of `shape` (memory.model_shape) when given (precision.cpu_choice)."""
    pref = (preference or "auto").lower()
    if pref != "auto" and pref not in DTYPES:
        raise BadInput(f"unknown dtype '{preference}': choose one of {', '.join(DTYPE_CHOICES)}")
    if device.type == "cpu":
        choice = cpu_choice(pref if pref == "auto" else dtype_name(DTYPES[pref]), shape, measure_if_unknown)
        return Precision(DTYPES[choice.weights], DTYPES[choice.prompt], choice.reason)
    if pref == "auto":
        return Precision(torch.float16, torch.float16, translate("Core", "fp16 is the fast type of GPUs."))
    dtype = DTYPES[pref]
    if dtype is torch.bfloat16 and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        raise BadInput(translate("Core", "this GPU (%1) does not support bf16; choose fp16"),
                       torch.cuda.get_device_name(device))
    return Precision(dtype, dtype, fill(translate("Core", "Precision is set to %1 in Settings."), dtype_name(dtype)))


def dtype_name(dtype: torch.dtype) -> str:
    return {torch.float16: "fp16", torch.bfloat16: "bf16", torch.float32: "fp32"}.get(dtype, str(dtype))


def is_out_of_memory(exc: BaseException) -> bool:
    """True for CUDA / MPS / CPU allocator failures."""
    if isinstance(exc, (torch.cuda.OutOfMemoryError, MemoryError)):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def free_device_memory(device: torch.device) -> None:
    """Return freed memory to the system after a model is dropped.

    On the CPU, glibc keeps freed tensor memory in its heap (measured here: unloading the starter
    model left +380 MB resident); malloc_trim hands it back (+130 MB left: imported code).
    """
    import gc

    gc.collect()
    if device.type == "cuda" and torch.cuda.is_available():
        torch.cuda.empty_cache()
    elif device.type == "mps" and _mps_available():
        torch.mps.empty_cache()
    elif device.type == "cpu" and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim
            pass


def configure_attention(device: torch.device) -> None:
    """Use SDPA's native grouped-query attention on the CPU even when a mask is present.

    transformers otherwise copies K/V to every query head (`repeat_kv`) for masked calls, which is
    what prefilling a new message after a cached history is; measured here at 2.3k tokens of
    context, native GQA made that prefill ~10 % faster with the same logits. On CUDA a masked GQA
    call falls back to the math kernel, so there it stays off. A value the user set is left alone.
    """
    if _gqa_env_is_ours:
        os.environ[_GQA_ENV] = "1" if device.type == "cpu" else "0"
