"""Keep what the model knew: before training, the base model answers general questions
(desktop_chat/resources/keep-knowledge.json), and its own answers join the training set.

Why: a dozen examples of one fact, repeated for tens of steps, teach more than the fact; the
starter model then answered "What is the capital of France?" with the fact's answer too. Trained
alongside its own earlier answers to other questions (replay, or self-distillation), the adapter
learns to change only what the data is about. The answers are the model's own, so nothing it did
not already say is taught.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from desktop_chat.core.finetune.data import ChatExample
from desktop_chat.core.types import Message

MAX_NEW_TOKENS = 48
SENTENCE_ENDS = (".", "!", "?")


def replay_questions(count: int) -> list[str]:
    text = resources.files("desktop_chat.resources").joinpath("keep-knowledge.json").read_text(encoding="utf-8")
    return list(json.loads(text)["questions"])[:count]


def replay_examples(model: Any, tokenizer: Any, count: int, system_prompt: str | None = None) -> list[ChatExample]:
    """Up to `count` conversations: a general question and the base model's own greedy answer (cut to its
    last whole sentence when it runs out of tokens; dropped when it has none)."""
    import torch

    questions = replay_questions(count)
    if not questions:
        return []
    conversations = [([Message("system", system_prompt)] if system_prompt else []) + [Message("user", q)]
                     for q in questions]
    prompts = [tokenizer.apply_chat_template([m.to_dict() for m in c], add_generation_prompt=True, tokenize=False)
               for c in conversations]
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # batched generation continues every prompt from its last token
    try:
        batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
    finally:
        tokenizer.padding_side = side
    ends = sorted({t for t in [tokenizer.eos_token_id, *_end_tokens(tokenizer)] if t is not None})
    was_training = model.training
    model.eval()
    with torch.no_grad():
        output = model.generate(**batch, max_new_tokens=MAX_NEW_TOKENS, do_sample=False, eos_token_id=ends,
                                pad_token_id=tokenizer.pad_token_id)
    model.train(was_training)
    examples = []
    for index, conversation in enumerate(conversations):
        new = output[index, batch["input_ids"].shape[1]:].tolist()
        end = next((i for i, t in enumerate(new) if t in ends), None)
        stopped = end is not None
        text = tokenizer.decode(new[:end], skip_special_tokens=True).strip()
        if not stopped:
            cut = max(text.rfind(end) for end in SENTENCE_ENDS)
            text = text[: cut + 1] if cut > 0 else ""
        if text:
            examples.append(ChatExample(conversation + [Message("assistant", text)],
                                        source=f"keep-knowledge:{index + 1}"))
    return examples


def _end_tokens(tokenizer: Any) -> list[int]:
    """Tokens that end an assistant turn besides EOS (e.g. <|im_end|>), for templates that use one."""
    found = []
    for token in ("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>"):
        token_id = tokenizer.convert_tokens_to_ids(token)
        if isinstance(token_id, int) and token_id != tokenizer.unk_token_id:
            found.append(token_id)
    return found
