"""Attention in fp32 for 16-bit weights on the CPU.

Measured here (SmolLM2-135M, one new token): fp16 weights take 16 ms per token over a 50-token
history but 113 ms over 2,300 tokens, where fp32 takes 63 ms: the CPU's 16-bit attention kernels
are slow, and 16-bit decoding would lose its lead a few hundred tokens into a chat. So 16-bit
models on the CPU keep their KV cache in fp32 (kv_cache.new_cache) and attend through this
function: the query (one or a few rows) is converted up, the output back to the weights' type.
The cache then costs what it cost in fp32, and the two copies of the weights that read prompts
and decode (precision.py) can share it.
"""

from __future__ import annotations

from typing import Any

NAME = "sdpa_fp32"
_registered = False


def register() -> str:
    """Make NAME an attention implementation transformers knows (once per process); returns NAME."""
    global _registered
    if not _registered:
        from transformers import AttentionInterface
        from transformers.integrations.sdpa_attention import sdpa_attention_forward
        from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, sdpa_mask

        def sdpa_fp32(module: Any, query: Any, key: Any, value: Any, attention_mask: Any, **kwargs: Any) -> Any:
            import torch

            if attention_mask is not None and attention_mask.dtype != torch.bool:
                attention_mask = attention_mask.float()
            output, weights = sdpa_attention_forward(module, query.float(), key.float(), value.float(),
                                                     attention_mask, **kwargs)
            return output.to(query.dtype), weights

        AttentionInterface.register(NAME, sdpa_fp32)
        ALL_MASK_ATTENTION_FUNCTIONS.register(NAME, sdpa_mask)
        _registered = True
    return NAME
