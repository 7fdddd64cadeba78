"""Finding the passages that answer a question: FTS5's BM25 ranking over the question's words, then
only passages that hold enough of those words (a passage that shares one common word with the
question is not a source). Nothing to download: it works on any machine, offline."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from desktop_chat.core.docs.passages import query_terms
from desktop_chat.core.docs.store import DocsStore

CANDIDATES = 50


def words_needed(count: int) -> int:
    """How many of a question's `count` words a passage must hold: all of one or two (one shared word
    of two is how a kitchen note about a "python-shaped mug" answers "How do I install Python?"),
    half of more (two of three or four, three of five…)."""
    return count if count <= 2 else -(-count // 2)


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, where it is, and how well it matches."""

    passage_id: int
    file_id: int
    collection: str
    path: str
    page: int | None
    line_start: int
    line_end: int
    text: str
    coverage: float  # the share of the question's words it holds
    rank: float  # BM25 as FTS5 gives it: lower is better
    file_chars: int  # the whole document's length

    def to_dict(self) -> dict[str, Any]:
        return {"collection": self.collection, "path": self.path, "page": self.page, "line_start": self.line_start,
                "line_end": self.line_end, "text": self.text, "coverage": round(self.coverage, 3)}


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    terms: list[str]
    seconds: float


def search(store: DocsStore, collections: list[str], question: str, limit: int = 4) -> SearchResult:
    """The best passages for `question` in `collections` (names), best first; none when no passage
    holds enough of the question's words."""
    started = time.perf_counter()
    terms = query_terms(question)
    ids = [store.collection(name).id for name in collections]
    if not terms or not ids:
        return SearchResult([], terms, time.perf_counter() - started)
    match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(
        "SELECT p.id, p.file_id, p.page, p.line_start, p.line_end, p.text, p.terms, f.path, f.chars, c.name, "
        "bm25(passages_fts) AS rank FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN files f ON f.id = p.file_id JOIN collections c ON c.id = f.collection_id "
        f"WHERE passages_fts MATCH ? AND f.collection_id IN ({marks}) ORDER BY rank LIMIT ?",
        (match, *ids, CANDIDATES)).fetchall()
    wanted = set(terms)
    needed = words_needed(len(wanted))
    hits = []
    for row in rows:
        shared = len(wanted & set(row["terms"].split()))
        coverage = shared / len(wanted)
        if shared >= needed:
            hits.append(Hit(row["id"], row["file_id"], row["name"], row["path"], row["page"], row["line_start"],
                            row["line_end"], row["text"], coverage, row["rank"], row["chars"]))
    hits.sort(key=lambda hit: (-hit.coverage, hit.rank))
    return SearchResult(hits[:limit], terms, time.perf_counter() - started)


def whole_document(store: DocsStore, file_id: int) -> str:
    """A document's whole text, from its passages in order."""
    rows = store.db.execute("SELECT text FROM passages WHERE file_id=? ORDER BY ordinal", (file_id,)).fetchall()
    return "\n\n".join(r["text"] for r in rows)
