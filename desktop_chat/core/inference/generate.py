"""One reply with transformers: KV-cache reuse, streaming deltas, cancel, stats (the prompt and
its fitting are in prompt.py, the text deltas in streaming.py; llama.cpp's path is gguf_runtime.py).

Runs on the engine's worker thread. Streaming uses a synchronous `BaseStreamer` called from inside
`model.generate` (no extra thread or queue, unlike `TextIteratorStreamer`), and cancel is a
`StoppingCriteria` that reads a `threading.Event`, so it takes effect within one token.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

import torch

from desktop_chat.core.inference.compiled import cache_length
from desktop_chat.core.inference.kv_cache import PrefixCache
from desktop_chat.core.inference.loader import LoadedModel
# Re-exported: callers and tests have long imported the prompt helpers from here.
from desktop_chat.core.inference.prompt import (  # noqa: F401
    conversation_messages, fewest_tokens, fit_context, fit_request, render_prompt,
)
from desktop_chat.core.inference.streaming import DeltaCallback, TextDeltas, finished_reply
from desktop_chat.core.types import ChatRequest, GenResult


# ----------------------------------------------------------------------------------------------
# Streaming and cancel
# ----------------------------------------------------------------------------------------------

def _base_streamer() -> type:
    from transformers.generation.streamers import BaseStreamer

    return BaseStreamer


class DeltaStreamer(TextDeltas, _base_streamer()):  # type: ignore[misc]
    """TextDeltas as transformers' streamer (`put` / `end`), called by generate() on its own thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prompt_seen = False

    def put(self, value: torch.Tensor) -> None:
        if not self._prompt_seen:  # generate() first hands over the prompt itself
            self._prompt_seen = True
            return
        self.add(value.reshape(-1).tolist())

    def end(self) -> None:
        # generate() checks its stopping criteria before it hands over a token, so the token in
        # flight when the user pressed stop still arrives; finish() shows nothing after a cancel.
        self.finish()


class CancelCriteria:
    """A StoppingCriteria that stops every sequence once `event` is set."""

    def __init__(self, event: threading.Event):
        self.event = event

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        return torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool, device=input_ids.device)


# ----------------------------------------------------------------------------------------------
# One reply
# ----------------------------------------------------------------------------------------------

# generate() fills every field left None from the model's generation_config.json, then from its own
# defaults (top_k 50). Every field that shapes sampling is therefore set, to the value that means "off"
# unless the request asks for it, so that what the user set is exactly what runs.
NEUTRAL_SAMPLING: dict[str, Any] = dict(
    typical_p=1.0, min_p=0.0, epsilon_cutoff=0.0, eta_cutoff=0.0, no_repeat_ngram_size=0,
    encoder_repetition_penalty=1.0, length_penalty=1.0, num_beams=1, num_return_sequences=1,
)


def generation_config(loaded: LoadedModel, request: ChatRequest, seed: int, max_new_tokens: int,
                      compile_config: Any = None) -> Any:
    """A GenerationConfig from the request alone: a model's own sampling defaults never leak in.

    With `compile_config`, decode steps run compiled (over a static cache); without, nothing is
    compiled, whatever cache is passed."""
    from transformers import GenerationConfig

    p = request.params
    model_cfg = loaded.model.generation_config
    pad = model_cfg.pad_token_id if model_cfg.pad_token_id is not None else loaded.tokenizer.pad_token_id
    settings: dict[str, Any] = dict(
        max_new_tokens=max_new_tokens,
        min_new_tokens=min(p.min_new_tokens, max_new_tokens) or None,
        do_sample=not p.greedy,
        repetition_penalty=p.repetition_penalty,
        eos_token_id=loaded.stop_token_ids or None,
        pad_token_id=pad if pad is not None else (loaded.stop_token_ids[0] if loaded.stop_token_ids else None),
        bos_token_id=model_cfg.bos_token_id,
        use_cache=True,
        # Sampling warpers only run with do_sample; greedy gets the neutral values.
        temperature=p.temperature if not p.greedy else 1.0,
        top_p=p.top_p if not p.greedy else 1.0,
        top_k=p.top_k if not p.greedy else 0,  # 0 = off
        compile_config=compile_config,
        disable_compile=compile_config is None,
        **NEUTRAL_SAMPLING,
    )
    return GenerationConfig(**settings)


# A prompt with fewer new tokens than this is read by the decoding weights: switching costs more.
PROMPT_SPLIT_MIN = 8


def _generate(loaded: LoadedModel, prompt_ids: list[int], cache: Any, cached: int, config: Any,
              streamer: DeltaStreamer, cancel: threading.Event) -> list[int]:
    """Run generate() and return the whole sequence (prompt and reply).

    Matrix-matrix products (reading a prompt) and matrix-vector ones (decoding) are fastest in
    different types on some CPUs (precision.py), so such a machine keeps a second copy of the
    weights, `loaded.prompt_model`. It reads the prompt's new tokens but the last into the cache,
    which both copies fill in fp32 (attention.py); the decoding copy feeds the last one, so the
    first token comes from the same logits as every other. The copy that decodes is `loaded.decoder`:
    the weights, or the compiled step's copy (compiled.decoding_model). (Letting the bf16 copy pick the first
    token too was 25 % quicker late in a chat, but it changed the start of 1 answer in 8 from fp32's.)
    """
    from transformers import StoppingCriteriaList

    prompt_model = loaded.prompt_model
    new = prompt_ids[cached:-1]
    if prompt_model is not None and len(new) >= PROMPT_SPLIT_MIN:
        prompt_model(input_ids=torch.tensor([new], device=loaded.device), past_key_values=cache, use_cache=True,
                     logits_to_keep=1)
    tensor = torch.tensor([prompt_ids], device=loaded.device)
    output = loaded.decoder.generate(input_ids=tensor, attention_mask=torch.ones_like(tensor), past_key_values=cache,
                                     generation_config=config, streamer=streamer,
                                     stopping_criteria=StoppingCriteriaList([CancelCriteria(cancel)]))
    return list(output[0].tolist())


def generate_reply(
    loaded: LoadedModel,
    request: ChatRequest,
    on_delta: DeltaCallback | None,
    cancel: threading.Event,
    prefix_cache: PrefixCache,
    on_prompt: Callable[[int, int], None] | None = None,
) -> GenResult:
    """Answer the request's conversation, streaming text deltas to `on_delta`; `on_prompt(tokens, context)`
    is told the prompt's length once it is fitted, before the first token (for a context meter)."""
    started = time.perf_counter()
    params = request.params.validate()
    fitted = fit_request(loaded, request, on_prompt)
    prompt_ids, max_new = fitted.ids, fitted.max_new_tokens
    compiled = loaded.compiled if loaded.compiled is not None and loaded.compiled.ready else None
    static_length = cache_length(len(prompt_ids) + max_new, loaded.context_length) if compiled else None
    cache, cached = prefix_cache.take(loaded.model, prompt_ids, request.reuse_cache, static_length)
    seed = params.seed if params.seed is not None else random.randrange(2**31)
    torch.manual_seed(seed)
    streamer = DeltaStreamer(loaded.tokenizer, on_delta, cancel, [*params.stop, *loaded.extra_stop_strings])
    config = generation_config(loaded, request, seed, max_new, compiled.config if compiled else None)
    try:
        with torch.inference_mode():
            sequence = _generate(loaded, list(prompt_ids), cache, cached, config, streamer, cancel)
    except BaseException:
        prefix_cache.clear()  # a half-updated cache must not be reused
        raise
    prefix_cache.remember(sequence)
    return finished_reply(loaded, fitted, streamer, sequence[len(prompt_ids):], cached=cached, started=started,
                          seed=seed, compiled=compiled is not None)
