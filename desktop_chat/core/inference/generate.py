"""One reply: chat template, context fitting, KV-cache reuse, streaming deltas, cancel, stats.

Runs on the engine's worker thread. Streaming uses a synchronous `BaseStreamer` called from inside
`model.generate` (no extra thread or queue, unlike `TextIteratorStreamer`), and cancel is a
`StoppingCriteria` that reads a `threading.Event`, so it takes effect within one token.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

from desktop_chat.core.errors import BadInput, ContextOverflow
from desktop_chat.core.i18n import translate
from desktop_chat.core.inference.compiled import cache_length
from desktop_chat.core.inference.kv_cache import PrefixCache
from desktop_chat.core.inference.loader import LoadedModel
from desktop_chat.core.types import ChatRequest, GenResult, GenStats, Message

DeltaCallback = Callable[[str], None]


# ----------------------------------------------------------------------------------------------
# Prompt building and context fitting
# ----------------------------------------------------------------------------------------------

def conversation_messages(request: ChatRequest) -> list[Message]:
    """The messages to render: the request's system prompt (if any) first, then the history."""
    messages = list(request.messages)
    if request.system and not (messages and messages[0].role == "system"):
        messages.insert(0, Message("system", request.system))
    return messages


def render_prompt(tokenizer: Any, messages: Sequence[Message], continue_last: bool = False) -> list[int]:
    """Token ids of `messages` through the model's chat template, ready for the assistant's reply
    (or, with `continue_last`, ready to carry on the final assistant message)."""
    encoded = tokenizer.apply_chat_template(
        [m.to_dict() for m in messages], add_generation_prompt=not continue_last,
        continue_final_message=continue_last, tokenize=True, return_dict=True,
    )
    ids = encoded["input_ids"]
    return ids.tolist() if hasattr(ids, "tolist") else list(ids)


def _turns(messages: Sequence[Message]) -> list[list[int]]:
    """Indices of droppable turns, oldest first: each user message with the replies that follow it.

    System messages are never droppable, nor is the last user message and what follows it.
    """
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=len(messages))
    turns: list[list[int]] = []
    for i, message in enumerate(messages[:last_user]):
        if message.role == "system":
            continue
        if message.role == "user" or not turns:
            turns.append([i])
        else:
            turns[-1].append(i)
    return turns


def fewest_tokens(messages: Sequence[Message], max_token_chars: int | None) -> int:
    """A lower bound on how many tokens `messages` take, from their length alone (no tokenizing).

    No token covers more than `max_token_chars` characters (the longest entry of the vocabulary); the
    factor 2 leaves room for normalisers that drop characters. 0 when the bound is unknown.
    """
    if not max_token_chars:
        return 0
    return sum(len(m.content) for m in messages) // (2 * max_token_chars)


def fit_context(
    tokenizer: Any,
    messages: Sequence[Message],
    context_length: int,
    max_new_tokens: int,
    policy: str = "drop_oldest",
    continue_last: bool = False,
    max_token_chars: int | None = None,
) -> tuple[list[int], list[int]]:
    """Prompt ids that leave room for `max_new_tokens`, and the indices of messages left out.

    Drops the oldest whole turns first and never a system message. With policy "error" a prompt that
    does not fit raises ContextOverflow instead, so a UI can ask the user. With `max_token_chars`, a
    prompt that certainly cannot fit is never tokenised (a 4 MB message would hold the model for seconds).
    """
    budget = context_length - max_new_tokens
    if budget < 1:
        raise BadInput(translate("Core", "max_new_tokens (%1) leaves no room for the prompt in this model's context "
                                 "of %2 tokens; lower max new tokens"), max_new_tokens, f"{context_length:,}")
    turns = _turns(messages)
    at_least = fewest_tokens(messages, max_token_chars)
    ids = render_prompt(tokenizer, messages, continue_last) if at_least <= budget else None
    if ids is not None and len(ids) <= budget:
        return ids, []
    if policy == "error":
        if ids is not None:
            template = translate("Core", "the conversation needs %1 tokens but only %2 fit (%3 context − %4 for the "
                                 "reply); drop older messages or start a new conversation")
        else:
            template = translate("Core", "the conversation needs at least %1 tokens but only %2 fit (%3 context − %4 "
                                 "for the reply); drop older messages or start a new conversation")
        raise ContextOverflow(template, f"{len(ids) if ids is not None else at_least:,}", f"{budget:,}",
                              f"{context_length:,}", f"{max_new_tokens:,}",
                              needed=len(ids) if ids is not None else at_least, limit=budget,
                              droppable=sum(len(t) for t in turns))

    def without(k: int) -> tuple[list[int] | None, list[int], int]:
        """(prompt ids, or None when it certainly does not fit; dropped indices; its lower bound)."""
        dropped = sorted(i for turn in turns[:k] for i in turn)
        gone = set(dropped)
        kept = [m for i, m in enumerate(messages) if i not in gone]
        bound = fewest_tokens(kept, max_token_chars)
        return (render_prompt(tokenizer, kept, continue_last) if bound <= budget else None), dropped, bound

    # Fewest dropped turns that fit (prompt length shrinks as more turns go): binary search.
    lo, hi, best = 1, len(turns), None
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate_ids, candidate_dropped, _ = without(mid)
        if candidate_ids is not None and len(candidate_ids) <= budget:
            best, hi = (candidate_ids, candidate_dropped), mid - 1
        else:
            lo = mid + 1
    if best is None:
        last_ids, _, bound = without(len(turns))
        needed = f"{len(last_ids):,}" if last_ids is not None else f"at least {bound:,}"
        raise BadInput(translate("Core", "the latest message needs %1 tokens with the system prompt, but the model's "
                                 "context holds %2 after reserving %3 for the reply; shorten the message or lower max "
                                 "new tokens"), needed, f"{budget:,}", f"{max_new_tokens:,}")
    return best


# ----------------------------------------------------------------------------------------------
# Streaming and cancel
# ----------------------------------------------------------------------------------------------

def _held_back(text: str, stops: Sequence[str]) -> int:
    """How many trailing characters could be the start of a stop string (held back until known)."""
    longest = 0
    for stop in stops:
        for n in range(min(len(stop) - 1, len(text)), 0, -1):
            if text.endswith(stop[:n]):
                longest = max(longest, n)
                break
    return longest


def _base_streamer() -> type:
    from transformers.generation.streamers import BaseStreamer

    return BaseStreamer


class DeltaStreamer(_base_streamer()):  # type: ignore[misc]
    """Called by generate() on the same thread with each new token; emits decoded text deltas.

    Implements transformers' streamer protocol (`put` / `end`). Decoding is incremental, so each
    token costs the same however long the reply is: a short window of recent tokens is decoded
    with and without the new ones, and the difference is the new text (decoding in context keeps
    merged spaces right). An incomplete multi-byte character is held back until its last byte
    arrives; stop strings are looked for only where new text could complete one.
    """

    def __init__(self, tokenizer: Any, on_delta: DeltaCallback | None, cancel: threading.Event,
                 stop_strings: Sequence[str] = ()):
        self.tokenizer = tokenizer
        self.on_delta = on_delta
        self.cancel = cancel
        self.stop_strings = [s for s in stop_strings if s]
        self._longest_stop = max((len(s) for s in self.stop_strings), default=0)
        self.tokens: list[int] = []
        self.text = ""  # what has been emitted
        self._decoded = ""  # every complete character decoded so far (may run ahead of `text`)
        self._window_start = 0  # tokens[_window_start:_read_to] decode to the window's known text
        self._read_to = 0
        self.stopped_by_string = False
        self.first_token_at: float | None = None
        self.last_token_at: float | None = None
        self._prompt_seen = False

    def put(self, value: torch.Tensor) -> None:
        if not self._prompt_seen:  # generate() first hands over the prompt itself
            self._prompt_seen = True
            return
        now = time.perf_counter()
        if self.first_token_at is None:
            self.first_token_at = now
        self.last_token_at = now
        self.tokens.extend(value.reshape(-1).tolist())
        if not self.cancel.is_set() and not self.stopped_by_string:
            self._emit(final=False)

    def end(self) -> None:
        # After a cancel nothing more is shown: generate() checks its stopping criteria before it
        # hands over a token, so the token in flight when the user pressed stop still arrives here.
        if not self.cancel.is_set() and not self.stopped_by_string:
            self._emit(final=True)

    def _new_text(self, final: bool) -> str:
        """Text the tokens since `_read_to` add, or "" while they end inside a character."""
        decode = self.tokenizer.decode
        known = decode(self.tokens[self._window_start:self._read_to], skip_special_tokens=True)
        whole = decode(self.tokens[self._window_start:], skip_special_tokens=True)
        if (whole.endswith("\ufffd") and not final) or len(whole) <= len(known) or not whole.startswith(known):
            return ""
        self._window_start, self._read_to = self._read_to, len(self.tokens)
        return whole[len(known):]

    def _emit(self, final: bool) -> None:
        before = len(self._decoded)
        self._decoded += self._new_text(final)
        if self.stop_strings and len(self._decoded) > before:
            search_from = max(0, before - self._longest_stop + 1)
            found = [at for at in (self._decoded.find(stop, search_from) for stop in self.stop_strings) if at != -1]
            if found:
                self._decoded = self._decoded[:min(found)]
                self.stopped_by_string = True
                self.cancel.set()  # ends generate() at the next step
        text = self._decoded
        if not final and not self.stopped_by_string:
            text = text[: len(text) - _held_back(text, self.stop_strings)]
        if len(text) > len(self.text):
            delta, self.text = text[len(self.text):], text
            if self.on_delta is not None:
                self.on_delta(delta)


class CancelCriteria:
    """A StoppingCriteria that stops every sequence once `event` is set."""

    def __init__(self, event: threading.Event):
        self.event = event

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        return torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool, device=input_ids.device)


# ----------------------------------------------------------------------------------------------
# One reply
# ----------------------------------------------------------------------------------------------

def _room_for_reply(loaded: LoadedModel, messages: Sequence[Message], request: ChatRequest) -> int:
    """max_new_tokens shortened to what the context leaves after the whole prompt (at least 1)."""
    context = loaded.context_length
    at_least = fewest_tokens(messages, loaded.max_token_chars)
    if at_least >= context and request.context_policy == "error":
        raise ContextOverflow(translate("Core", "the conversation needs at least %1 tokens but the model's context "
                                        "holds %2; shorten it"), f"{at_least:,}", f"{context:,}",
                              needed=at_least, limit=context - 1, droppable=0)
    needed = len(render_prompt(loaded.tokenizer, messages, request.continue_last)) if at_least < context else at_least
    if needed >= context and request.context_policy == "error":
        raise ContextOverflow(translate("Core", "the conversation needs %1 tokens but the model's context holds %2; "
                                        "shorten it"), f"{needed:,}", f"{context:,}",
                              needed=needed, limit=context - 1, droppable=0)
    return max(1, min(request.params.max_new_tokens, context - needed, context - 1))


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
    first token comes from the same logits as every other. (Letting the bf16 copy pick the first
    token too was 25 % quicker late in a chat, but it changed the start of 1 answer in 8 from fp32's.)
    """
    from transformers import StoppingCriteriaList

    prompt_model = loaded.prompt_model
    new = prompt_ids[cached:-1]
    if prompt_model is not None and len(new) >= PROMPT_SPLIT_MIN:
        prompt_model(input_ids=torch.tensor([new], device=loaded.device), past_key_values=cache, use_cache=True,
                     logits_to_keep=1)
    tensor = torch.tensor([prompt_ids], device=loaded.device)
    output = loaded.model.generate(input_ids=tensor, attention_mask=torch.ones_like(tensor), past_key_values=cache,
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
    if not request.messages or not any(m.role == "user" and m.content.strip() for m in request.messages):
        raise BadInput(translate("Core", "the prompt is empty: write a message first"))
    messages = conversation_messages(request)
    if request.continue_last and messages[-1].role != "assistant":
        raise BadInput(translate("Core", "nothing to continue: the conversation does not end with a reply"))
    max_new = params.max_new_tokens
    if request.shrink_reply_to_fit:
        max_new = _room_for_reply(loaded, messages, request)
    prompt_ids, dropped = fit_context(
        loaded.tokenizer, messages, loaded.context_length, max_new, request.context_policy, request.continue_last,
        max_token_chars=loaded.max_token_chars,
    )
    if on_prompt is not None:
        on_prompt(len(prompt_ids), loaded.context_length)
    # Report dropped positions relative to the caller's list (the inserted system prompt shifts them).
    shift = len(messages) - len(request.messages)
    dropped = [i - shift for i in dropped]
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
    generated = sequence[len(prompt_ids):]
    finished = time.perf_counter()
    if streamer.stopped_by_string:
        finish = "stop"
    elif cancel.is_set():
        finish = "cancelled"
    elif generated and generated[-1] in loaded.stop_token_ids:
        finish = "stop"
    elif len(generated) >= max_new:
        finish = "length"
    else:
        finish = "stop"
    first = streamer.first_token_at or finished
    last = streamer.last_token_at or finished
    decode_tokens = max(len(streamer.tokens) - 1, 0)
    stats = GenStats(
        model=loaded.name,
        device=loaded.device_label,
        dtype=loaded.dtype_label,
        prompt_tokens=len(prompt_ids),
        cached_tokens=cached,
        completion_tokens=len(generated),
        ttft_s=first - started,
        decode_tok_s=decode_tokens / (last - first) if last > first else 0.0,
        total_s=finished - started,
        dropped_messages=len(dropped),
        dropped_indices=dropped,
        context_used=len(prompt_ids) + len(generated),
        context_limit=loaded.context_length,
        finish_reason=finish,
        seed=seed,
        compiled=compiled is not None,
    )
    return GenResult(text=streamer.text, stats=stats, token_ids=generated)
