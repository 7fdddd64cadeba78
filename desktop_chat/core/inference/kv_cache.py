"""KV-cache reuse across the turns of a conversation: keep the last cache and the tokens it holds,
and start the next reply from their longest common prefix, so only new tokens are prefilled.

A cache may store keys and values in another type than the weights compute them in (fp32 beside
16-bit weights on the CPU, where 16-bit attention over a long history is slow: attention.py).

(Tried here and dropped: a cache layer that grows in place instead of `torch.cat`-ing the whole
cache per token. It removed the copy, but SDPA read the strided views more slowly, and wall-clock
time per token at 2.3k context was unchanged.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def new_cache(config: Any, storage_dtype: Any = None, static_length: int | None = None) -> Any:
    """An empty DynamicCache laid out for `config` (sliding-window layers included); with
    `storage_dtype`, one that stores keys and values in that type whatever type computed them.

    With `static_length`, a StaticCache of that many positions instead: preallocated, so a compiled
    decode step sees the same tensors every token (compiled.py).
    """
    if static_length is not None:
        return _static_cache_class()(config=config, max_cache_len=static_length, storage_dtype=storage_dtype)
    if storage_dtype is None:
        from transformers import DynamicCache

        return DynamicCache(config=config)
    return _kept_type_cache_class()(config=config, storage_dtype=storage_dtype)


_CACHE_CLASSES: dict[str, Any] = {}


def _kept_type_cache_class() -> Any:
    if "dynamic" not in _CACHE_CLASSES:
        from transformers import DynamicCache

        class KeptTypeCache(DynamicCache):
            """A cache that converts what it stores to one type."""

            def __init__(self, *args: Any, storage_dtype: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.storage_dtype = storage_dtype

            def update(self, key_states: Any, value_states: Any, layer_idx: int, *args: Any, **kwargs: Any) -> Any:
                if key_states.dtype != self.storage_dtype:
                    key_states, value_states = key_states.to(self.storage_dtype), value_states.to(self.storage_dtype)
                return super().update(key_states, value_states, layer_idx, *args, **kwargs)

        _CACHE_CLASSES["dynamic"] = KeptTypeCache
    return _CACHE_CLASSES["dynamic"]


def _static_cache_class() -> Any:
    if "static" not in _CACHE_CLASSES:
        import torch
        from transformers import StaticCache

        class StepCache(StaticCache):
            """A StaticCache that may store keys and values in another type than computed them, and
            whose tensors on the CPU are not marked as static addresses: the marks serve CUDA graphs,
            and a graph compiled with frozen weights treated marked tensors as part of the model,
            reading the first cache it saw instead of the one passed in (compiled.py)."""

            def __init__(self, *args: Any, storage_dtype: Any = None, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.storage_dtype = storage_dtype

            def update(self, key_states: Any, value_states: Any, layer_idx: int, *args: Any, **kwargs: Any) -> Any:
                if self.storage_dtype is not None and key_states.dtype != self.storage_dtype:
                    key_states, value_states = key_states.to(self.storage_dtype), value_states.to(self.storage_dtype)
                result = super().update(key_states, value_states, layer_idx, *args, **kwargs)
                if key_states.device.type == "cpu" and not torch.compiler.is_compiling():
                    for value in vars(self.layers[layer_idx]).values():
                        if isinstance(value, torch.Tensor) and hasattr(value, "_dynamo_static_input_type"):
                            del value._dynamo_static_input_type
                return result

        _CACHE_CLASSES["static"] = StepCache
    return _CACHE_CLASSES["static"]


def static_length_of(cache: Any) -> int | None:
    """How many positions a StaticCache holds; None for a cache that grows."""
    from transformers import StaticCache

    return int(cache.get_max_length()) if isinstance(cache, StaticCache) else None


def copy_prefix(source: Any, target: Any, length: int) -> None:
    """Write the first `length` positions of `source`'s keys and values into the empty `target`
    (another kind or size of cache: a reply that outgrows its static cache keeps the chat's prefix)."""
    for index, layer in enumerate(source.layers):
        target.update(layer.keys[:, :, :length], layer.values[:, :, :length], index)


def common_prefix_length(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _croppable(cache: Any) -> bool:
    """Sliding-window layers forget old tokens, so such caches cannot serve an arbitrary prefix."""
    layers = getattr(cache, "layers", None) or []
    return bool(layers) and not any(getattr(layer, "is_sliding", False) for layer in layers)


class PrefixCache:
    """The KV cache of the last reply and the tokens it holds, reused by longest common prefix."""

    def __init__(self, storage_dtype: Any = None) -> None:
        self.storage_dtype = storage_dtype  # keys and values are kept in this type (see new_cache)
        self.cache: Any = None
        self.token_ids: list[int] = []

    def clear(self) -> None:
        self.cache = None
        self.token_ids = []

    def take(self, model: Any, prompt_ids: Sequence[int], reuse: bool,
             static_length: int | None = None) -> tuple[Any, int]:
        """A cache for `prompt_ids`, cropped to the prefix it already holds, and that prefix length.

        With `static_length`, the cache is a StaticCache of at least that many positions (a held
        one that is smaller, or that grows, has its prefix copied into a new one); without, one
        that grows.
        """
        fresh = new_cache(model.config, self.storage_dtype, static_length)
        if reuse and self.cache is not None and _croppable(self.cache):
            held = int(self.cache.get_seq_length())
            # At least one prompt token must be fed, so generate() has logits to start from.
            keep = min(common_prefix_length(prompt_ids, self.token_ids), len(prompt_ids) - 1, held)
            if keep > 0:
                size = static_length_of(self.cache)
                if (size is None) == (static_length is None) and (size is None or size >= (static_length or 0)):
                    if keep < held:
                        self.cache.crop(keep - held)
                else:
                    copy_prefix(self.cache, fresh, keep)
                    self.cache = fresh
                self.token_ids = list(prompt_ids[:keep])
                return self.cache, keep
        self.cache = fresh
        self.token_ids = []
        return self.cache, 0

    def remember(self, sequence: Sequence[int]) -> None:
        """Record which tokens the cache now holds (generate() leaves the last token unfed)."""
        self.token_ids = list(sequence[: int(self.cache.get_seq_length())]) if self.cache is not None else []
