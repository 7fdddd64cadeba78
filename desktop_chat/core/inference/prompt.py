"""A reply's prompt: the chat template, context fitting, and the room left for the reply.

Runtime-neutral (no torch): the transformers path (generate.py) and the llama.cpp path
(gguf_runtime.py) both build their prompts here, from any tokenizer with transformers'
`apply_chat_template(..., tokenize=True, return_dict=True)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_chat.core.errors import BadInput, ContextOverflow
from desktop_chat.core.i18n import translate
from desktop_chat.core.types import ChatRequest, Message


# For base models without a chat template: plain "Role: text" turns.
FALLBACK_CHAT_TEMPLATE = (
    "{% for m in messages %}{{ m['role'] | capitalize }}: {{ m['content'] }}\n\n{% endfor %}"
    "{% if add_generation_prompt %}Assistant:{% endif %}"
)
FALLBACK_STOP_STRINGS = ["\nUser:", "\nSystem:"]


class PromptModel(Protocol):
    """What fitting a prompt needs to know about a loaded model (either runtime)."""

    tokenizer: Any
    context_length: int
    max_token_chars: int


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
        if last_ids is not None:
            raise BadInput(translate("Core", "the latest message needs %1 tokens with the system prompt, but the "
                                     "model's context holds %2 after reserving %3 for the reply; shorten the message "
                                     "or lower max new tokens"), f"{len(last_ids):,}", f"{budget:,}",
                           f"{max_new_tokens:,}")
        raise BadInput(translate("Core", "the latest message needs at least %1 tokens with the system prompt, but the "
                                 "model's context holds %2 after reserving %3 for the reply; shorten the message or "
                                 "lower max new tokens"), f"{bound:,}", f"{budget:,}", f"{max_new_tokens:,}")
    return best


def room_for_reply(loaded: PromptModel, messages: Sequence[Message], request: ChatRequest) -> int:
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


@dataclass
class FittedPrompt:
    """A request's prompt, ready to run: its token ids, the reply's length limit and what was left out."""

    ids: list[int]
    max_new_tokens: int
    dropped: list[int]  # indices into the request's messages, left out to fit the context


def fit_request(loaded: PromptModel, request: ChatRequest,
                on_prompt: Callable[[int, int], None] | None = None) -> FittedPrompt:
    """Check `request` and fit its conversation into `loaded`'s context; `on_prompt(tokens, context)`
    is told the prompt's length once it is known, before the first token (for a context meter)."""
    params = request.params.validate()
    if not request.messages or not any(m.role == "user" and m.content.strip() for m in request.messages):
        raise BadInput(translate("Core", "the prompt is empty: write a message first"))
    messages = conversation_messages(request)
    if request.continue_last and messages[-1].role != "assistant":
        raise BadInput(translate("Core", "nothing to continue: the conversation does not end with a reply"))
    max_new = params.max_new_tokens
    if request.shrink_reply_to_fit:
        max_new = room_for_reply(loaded, messages, request)
    ids, dropped = fit_context(loaded.tokenizer, messages, loaded.context_length, max_new, request.context_policy,
                               request.continue_last, max_token_chars=loaded.max_token_chars)
    if on_prompt is not None:
        on_prompt(len(ids), loaded.context_length)
    # Report dropped positions relative to the caller's list (the inserted system prompt shifts them).
    shift = len(messages) - len(request.messages)
    return FittedPrompt(list(ids), max_new, [i - shift for i in dropped])
