"""When a conversation outgrows the context, the oldest turns go first, the system prompt never,
and the caller is told exactly which messages were left out."""

import pytest
from transformers import AutoTokenizer

from desktop_chat.core.errors import BadInput, ContextOverflow
from desktop_chat.core.inference.generate import fit_context, render_prompt
from desktop_chat.core.types import Message


@pytest.fixture(scope="module")
def tokenizer(model_cache):
    return AutoTokenizer.from_pretrained(model_cache["tiny-llama"])


def _conversation(turns: int) -> list[Message]:
    messages = [Message("system", "SYSTEM-RULES keep answers short")]
    for i in range(turns):
        messages.append(Message("user", f"question number {i} " + "filler words " * 20))
        messages.append(Message("assistant", f"answer number {i} " + "more filler " * 20))
    messages.append(Message("user", "FINAL-QUESTION what now?"))
    return messages


def test_a_conversation_that_fits_is_untouched(tokenizer):
    messages = _conversation(2)
    ids, dropped = fit_context(tokenizer, messages, context_length=2048, max_new_tokens=64)
    assert dropped == [] and ids == render_prompt(tokenizer, messages)


def test_overflow_drops_the_oldest_turns_and_keeps_the_system_prompt(tokenizer):
    messages = _conversation(6)
    full = len(render_prompt(tokenizer, messages))
    ids, dropped = fit_context(tokenizer, messages, context_length=full // 2 + 64, max_new_tokens=64)
    assert len(ids) <= full // 2
    assert dropped and dropped == list(range(1, len(dropped) + 1))  # oldest first, contiguous after the system
    assert len(dropped) % 2 == 0  # whole turns: a question with its answer
    text = tokenizer.decode(ids)
    assert "SYSTEM-RULES" in text and "FINAL-QUESTION" in text
    assert "question number 0" not in text
    kept_first = messages[dropped[-1] + 1]
    assert kept_first.content.split(" filler")[0] in text


def test_it_drops_no_more_than_needed(tokenizer):
    messages = _conversation(6)
    full = len(render_prompt(tokenizer, messages))
    _, dropped = fit_context(tokenizer, messages, context_length=full - 10 + 64, max_new_tokens=64)
    assert dropped == [1, 2]


def test_stop_and_ask_policy_raises_with_the_numbers(tokenizer):
    messages = _conversation(6)
    with pytest.raises(ContextOverflow) as info:
        fit_context(tokenizer, messages, context_length=300, max_new_tokens=64, policy="error")
    assert info.value.limit == 236 and info.value.needed > 236 and info.value.droppable == 12


def test_a_single_message_too_long_for_the_context_is_bad_input(tokenizer):
    messages = [Message("system", "be brief"), Message("user", "word " * 800)]
    with pytest.raises(BadInput, match="latest message needs"):
        fit_context(tokenizer, messages, context_length=512, max_new_tokens=64)


def test_max_new_tokens_as_large_as_the_context_is_bad_input(tokenizer):
    with pytest.raises(BadInput, match="max_new_tokens"):
        fit_context(tokenizer, [Message("user", "hi")], context_length=512, max_new_tokens=512)


class CountingTokenizer:
    """The real tokenizer, counting how often it is asked to render and tokenise a conversation."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.calls = 0

    def apply_chat_template(self, *args, **kwargs):
        self.calls += 1
        return self.tokenizer.apply_chat_template(*args, **kwargs)


def test_a_prompt_that_certainly_cannot_fit_is_refused_without_tokenising_it(tokenizer):
    longest = max(map(len, tokenizer.get_vocab()))
    huge = [Message("system", "rules"), Message("user", "x" * (4 << 20))]
    counting = CountingTokenizer(tokenizer)
    with pytest.raises(ContextOverflow, match=r"needs at least [\d,]+ tokens") as info:
        fit_context(counting, huge, context_length=512, max_new_tokens=64, policy="error", max_token_chars=longest)
    assert counting.calls == 0 and info.value.needed > 448
    with pytest.raises(BadInput, match=r"the latest message needs at least [\d,]+ tokens"):
        fit_context(counting, [Message("user", "old"), Message("assistant", "reply"), *huge[1:]],
                    context_length=512, max_new_tokens=64, max_token_chars=longest)
    assert counting.calls == 0
    # An old huge turn is dropped without being tokenised; the rest is fitted as usual.
    history = [Message("user", "y" * (4 << 20)), Message("assistant", "long ago"), *_conversation(1)[1:]]
    ids, dropped = fit_context(counting, history, context_length=512, max_new_tokens=64, max_token_chars=longest)
    assert dropped == [0, 1] and counting.calls == 1 and ids == render_prompt(tokenizer, history[2:])
