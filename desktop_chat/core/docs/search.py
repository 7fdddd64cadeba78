"""Finding the passages that answer a question: FTS5's BM25 ranking over the question's words, then
only passages that hold enough of those words (a passage that shares one common word with the
question is not a source). Nothing to download: it works on any machine, offline.

A collection with an embedding model is searched by meaning too (vectors.py), and the two rankings
are merged by reciprocal rank fusion: a passage's score is the sum of 1 / (RRF_K + its rank) over
the rankings that found it, so a passage found both ways comes first."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_chat.core.docs.passages import query_terms
from desktop_chat.core.docs.store import DocsStore

log = logging.getLogger(__name__)
CANDIDATES = 50
RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al., 2009)


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
    rank: float  # BM25 as FTS5 gives it: lower is better (0 when found by meaning only)
    file_chars: int  # the whole document's length
    similarity: float | None = None  # cosine similarity to the question, when found by meaning
    found_by: tuple[str, ...] = ("words",)  # "words", "meaning" or both

    def to_dict(self) -> dict[str, Any]:
        return {"collection": self.collection, "path": self.path, "page": self.page, "line_start": self.line_start,
                "line_end": self.line_end, "text": self.text, "coverage": round(self.coverage, 3),
                "similarity": None if self.similarity is None else round(self.similarity, 3),
                "found_by": list(self.found_by)}


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    terms: list[str]
    seconds: float


def search(store: DocsStore, collections: list[str], question: str, limit: int = 4,
           embedder_for: Callable[[str], Any] | None = None) -> SearchResult:
    """The best passages for `question` in `collections` (names), best first; none when no passage
    holds enough of the question's words nor stands out by meaning. `embedder_for(model name)` gives
    an embedding model (default: loaded from the library once per process)."""
    started = time.perf_counter()
    terms = query_terms(question)
    chosen = [store.collection(name) for name in collections]
    if not chosen:
        return SearchResult([], terms, time.perf_counter() - started)
    by_words = _search_words(store, [c.id for c in chosen], terms)
    by_meaning: list[Hit] = []
    for model in sorted({c.embedding_model for c in chosen if c.embedding_model and c.vectors}):
        with_model = [c for c in chosen if c.embedding_model == model and c.vectors]
        by_meaning += _search_meaning(store, with_model, model, question, terms, embedder_for)
    by_meaning.sort(key=lambda hit: -(hit.similarity or 0.0))
    return SearchResult(fuse(by_words, by_meaning)[:limit], terms, time.perf_counter() - started)


def _search_words(store: DocsStore, collection_ids: list[int], terms: list[str]) -> list[Hit]:
    if not terms:
        return []
    match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    marks = ",".join("?" * len(collection_ids))
    rows = store.db.execute(
        f"SELECT {_HIT_COLUMNS}, bm25(passages_fts) AS rank FROM passages_fts "
        "JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN files f ON f.id = p.file_id JOIN collections c ON c.id = f.collection_id "
        f"WHERE passages_fts MATCH ? AND f.collection_id IN ({marks}) ORDER BY rank LIMIT ?",
        (match, *collection_ids, CANDIDATES)).fetchall()
    wanted = set(terms)
    needed = words_needed(len(wanted))
    hits = []
    for row in rows:
        shared = len(wanted & set(row["terms"].split()))
        if shared >= needed:
            hits.append(_hit(row, shared / len(wanted), row["rank"]))
    hits.sort(key=lambda hit: (-hit.coverage, hit.rank))
    return hits


def _search_meaning(store: DocsStore, collections: list[Any], model: str, question: str, terms: list[str],
                    embedder_for: Callable[[str], Any] | None) -> list[Hit]:
    """The passages whose vectors stand out in similarity to the question's (vectors.py), best first;
    none when the model cannot be used now (the words still answer, the chat goes on)."""
    import numpy as np

    from desktop_chat.core.docs.vectors import cached_embedder, from_blobs

    try:
        embedder = (embedder_for or cached_embedder)(model)
        current = [c.id for c in collections if c.embedding_version == embedder.version]
        if not current:  # made by an earlier install of a model by this name: the next index run redoes them
            return []
        query = embedder.embed([question], "query")[0]
        threshold = embedder.standout_threshold(query)
    except Exception as exc:  # noqa: BLE001 - removed, damaged, or failing on this question
        log.warning("searching by words only: the embedding model %s cannot be used (%s)", model, exc)
        return []
    passage_ids, blobs = store.vectors(current, model)
    if not passage_ids:
        return []
    matrix = from_blobs(blobs)
    if matrix.shape[1] != query.shape[0]:
        return []
    similarities = matrix @ query
    order = np.argsort(-similarities)[:CANDIDATES]
    chosen = {passage_ids[i]: float(similarities[i]) for i in order if similarities[i] > threshold}
    if not chosen:
        return []
    marks = ",".join("?" * len(chosen))
    rows = store.db.execute(
        f"SELECT {_HIT_COLUMNS} FROM passages p JOIN files f ON f.id = p.file_id "
        f"JOIN collections c ON c.id = f.collection_id WHERE p.id IN ({marks})", tuple(chosen)).fetchall()
    wanted = set(terms)
    return [_hit(row, len(wanted & set(row["terms"].split())) / len(wanted) if wanted else 0.0, 0.0,
                 similarity=chosen[row["id"]], found_by=("meaning",)) for row in rows]


def fuse(*rankings: list[Hit]) -> list[Hit]:
    """Reciprocal rank fusion of rankings (each best first) into one, best first; a passage found by
    several keeps the words' rank and coverage and the meaning's similarity."""
    scores: dict[int, float] = {}
    merged: dict[int, Hit] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.passage_id] = scores.get(hit.passage_id, 0.0) + 1.0 / (RRF_K + rank)
            if hit.passage_id in merged:
                first = merged[hit.passage_id]
                merged[hit.passage_id] = dataclasses.replace(
                    first, similarity=first.similarity if first.similarity is not None else hit.similarity,
                    found_by=tuple(dict.fromkeys(first.found_by + hit.found_by)))
            else:
                merged[hit.passage_id] = hit
    order = sorted(scores, key=lambda pid: -scores[pid])  # stable: ties keep the first ranking's order
    return [merged[pid] for pid in order]


_HIT_COLUMNS = "p.id, p.file_id, p.page, p.line_start, p.line_end, p.text, p.terms, f.path, f.chars, c.name"


def _hit(row: Any, coverage: float, rank: float, similarity: float | None = None,
         found_by: tuple[str, ...] = ("words",)) -> Hit:
    return Hit(row["id"], row["file_id"], row["name"], row["path"], row["page"], row["line_start"], row["line_end"],
               row["text"], coverage, rank, row["chars"], similarity, found_by)


def whole_document(store: DocsStore, file_id: int) -> str:
    """A document's whole text, from its passages in order."""
    rows = store.db.execute("SELECT text FROM passages WHERE file_id=? ORDER BY ordinal", (file_id,)).fetchall()
    return "\n\n".join(r["text"] for r in rows)
