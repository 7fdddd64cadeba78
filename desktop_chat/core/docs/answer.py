"""Answering from documents: the passages found for the question go into the prompt with numbers,
and the reply carries them as its sources. A short document goes in whole rather than in pieces.
When no passage holds enough of the question's words, nothing is put in the prompt, and the reply
says that no passage was found instead of citing something beside the point."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import Any

from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.types import ChatRequest, Message

WHOLE_DOCUMENT_CHARS = 2400  # a document this short (a page or so) goes into the prompt whole
MAX_SOURCES_CHARS = 4800  # all the sources together, so that they leave room for the chat and the reply
SNIPPET_CHARS = 240
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
# The model's instructions stay in English (small models follow English best); the question is the user's.
INSTRUCTIONS = ("Answer the question from the numbered sources below. After each fact you take from a source, "
                "write its number in brackets, like [1]. If the sources do not answer the question, say so.")


@dataclass(frozen=True)
class Source:
    """A numbered source of a reply: which passage of which file, and a snippet of it."""

    number: int
    collection: str
    path: str
    page: int | None
    line_start: int
    line_end: int
    snippet: str
    whole: bool = False  # the whole document went into the prompt
    line: int = 0  # the line of the sentence that matched best (where to open the file)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def location(self) -> str:
        """"notes.md, lines 3–7" or "report.pdf, page 2, lines 1–9" (in the window's language)."""
        name = Path(self.path).name
        if self.page is not None:
            return fill(translate("Core", "%1, page %2, lines %3–%4"), name, self.page, self.line_start,
                        self.line_end)
        if self.line_start == self.line_end:
            return fill(translate("Core", "%1, line %2"), name, self.line_start)
        return fill(translate("Core", "%1, lines %2–%3"), name, self.line_start, self.line_end)


@dataclass
class Retrieval:
    """What was looked up for a reply: in which collections, and the sources found (maybe none)."""

    collections: list[str]
    sources: list[Source]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"collections": self.collections, "sources": [s.to_dict() for s in self.sources],
                "seconds": round(self.seconds, 4)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Retrieval:
        return cls(list(data.get("collections", [])), [Source.from_dict(s) for s in data.get("sources", [])],
                   float(data.get("seconds", 0.0)))

    def none_found(self, dropped_files: str = "") -> str:
        """The sentence shown when no passage matched (`dropped_files`: what to call a conversation's
        own dropped files, in the window's language)."""
        from desktop_chat.core.docs.store import is_dropped_collection

        names = [dropped_files if dropped_files and is_dropped_collection(name) else name
                 for name in self.collections]
        return fill(translate("Core", "No passage in %1 matches this question, so this answer does not come from "
                              "your documents."), ", ".join(names))


def with_sources(request: ChatRequest, store: Any = None, count_tokens: Callable[[str], int] | None = None,
                 budget_tokens: int | None = None) -> tuple[ChatRequest, Retrieval]:
    """`request` with the passages found for its last question put before that question (a copy: the
    conversation is not changed), and what was found. With `count_tokens` and `budget_tokens` the
    passages take at most that many of the model's tokens (the best first; the first one cut to fit
    when even it is too long), so that a small context still holds the chat and the reply."""
    from desktop_chat.core.docs.search import search, whole_document
    from desktop_chat.core.docs.store import DocsStore

    started = time.perf_counter()
    last = max((i for i, m in enumerate(request.messages) if m.role == "user"), default=None)
    if last is None or not request.collections:
        return request, Retrieval(list(request.collections), [], 0.0)
    owned = store is None
    store = store or DocsStore()
    try:
        result = search(store, list(request.collections), request.messages[last].content)
        sources: list[Source] = []
        blocks: list[str] = []
        used_files: set[int] = set()
        used = 0  # characters, or tokens with `count_tokens`
        for hit in result.hits:
            if hit.file_id in used_files:
                continue
            whole = hit.file_chars <= WHOLE_DOCUMENT_CHARS
            text = whole_document(store, hit.file_id) if whole else hit.text
            if whole and budget_tokens is not None and count_tokens is not None \
                    and count_tokens(text) > budget_tokens - used:
                text, whole = hit.text, False  # the whole document does not fit: its passage may
            size = len(text) if count_tokens is None else count_tokens(text)
            limit = MAX_SOURCES_CHARS if count_tokens is None or budget_tokens is None else budget_tokens
            if used + size > limit:
                if blocks or limit - used < 16:
                    break
                text = text[: max(1, len(text) * (limit - used) // size)]  # the best one, cut to what fits
                size = limit - used
            used += size
            used_files.add(hit.file_id)
            # A source points at the passage that matched, even when its whole document went in.
            snippet, line = best_sentence(hit.text, result.terms)
            source = Source(len(sources) + 1, hit.collection, hit.path, hit.page, hit.line_start, hit.line_end,
                            snippet, whole, hit.line_start + line)
            sources.append(source)
            blocks.append(f"[{source.number}] {Path(source.path).name}:\n{text}")
    finally:
        if owned:
            store.close()
    retrieval = Retrieval(list(request.collections), sources, time.perf_counter() - started)
    if not sources:
        return request, retrieval
    question = request.messages[last].content
    prompt = f"{INSTRUCTIONS}\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    messages = [*request.messages[:last], Message("user", prompt), *request.messages[last + 1:]]
    return dataclasses.replace(request, messages=messages), retrieval


def best_sentence(text: str, terms: list[str]) -> tuple[str, int]:
    """The sentence of a passage that holds most of the question's words, as a snippet, and how many
    lines into the passage it starts."""
    from desktop_chat.core.docs.passages import words

    wanted = set(terms)
    best, best_at, best_score = "", 0, -1
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if not sentence:
            continue
        score = len(wanted & set(words(sentence)))
        if score > best_score:
            leading = len(match.group()) - len(match.group().lstrip())
            best, best_at, best_score = sentence, match.start() + leading, score
    flat = " ".join(best.split())
    snippet = flat if len(flat) <= SNIPPET_CHARS else flat[:SNIPPET_CHARS - 1].rstrip() + "…"
    return snippet, text.count("\n", 0, best_at)
