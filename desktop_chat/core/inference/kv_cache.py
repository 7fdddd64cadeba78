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


def new_cache(config: Any, storage_dtype: Any = None) -> Any:
    """An empty DynamicCache laid out for `config` (sliding-window layers included); with
    `storage_dtype`, one that stores keys and values in that type whatever type computed them."""
    from transformers import DynamicCache

    if storage_dtype is None:
        return DynamicCache(config=config)
    return _kept_type_cache_class()(config=config, storage_dtype=storage_dtype)


_KEPT_TYPE_CACHE: Any = None


def _kept_type_cache_class() -> Any:
    global _KEPT_TYPE_CACHE
    if _KEPT_TYPE_CACHE is None:
        from transformers import DynamicCache

        class KeptTypeCache(DynamicCache):
            """A DynamicCache that converts what it stores to one type."""

            def __init__(self, *args: Any, storage_dtype: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.storage_dtype = storage_dtype

            def update(self, key_states: Any, value_states: Any, layer_idx: int, *args: Any, **kwargs: Any) -> Any:
                if key_states.dtype != self.storage_dtype:
                    key_states, value_states = key_states.to(self.storage_dtype), value_states.to(self.storage_dtype)
                return super().update(key_states, value_states, layer_idx, *args, **kwargs)

        _KEPT_TYPE_CACHE = KeptTypeCache
    return _KEPT_TYPE_CACHE


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

    def take(self, model: Any, prompt_ids: Sequence[int], reuse: bool) -> tuple[Any, int]:
        """A cache for `prompt_ids`, cropped to the prefix it already holds, and that prefix length."""
        if reuse and self.cache is not None and _croppable(self.cache):
            held = self.cache.get_seq_length()
            # At least one prompt token must be fed, so generate() has logits to start from.
            keep = min(common_prefix_length(prompt_ids, self.token_ids), len(prompt_ids) - 1, held)
            if keep > 0:
                if keep < held:
                    self.cache.crop(keep - held)
                self.token_ids = list(prompt_ids[:keep])
                return self.cache, keep
        self.cache = new_cache(model.config, self.storage_dtype)
        self.token_ids = []
        return self.cache, 0

    def remember(self, sequence: Sequence[int]) -> None:
        """Record which tokens the cache now holds (generate() leaves the last token unfed)."""
        self.token_ids = list(sequence[: self.cache.get_seq_length()]) if self.cache is not None else []
