"""Feedback on replies, and the training data made from it.

A reply can be rated good or bad, corrected (the answer the model should have given) and, among
several versions of the same turn (regenerations), marked the best. Feedback lives in its own table
in the chat history (`feedback`, one row per rated message) and never changes the chat itself.

Two datasets come out of it (`build_datasets`, `export_datasets`):
- SFT, `{"messages": […]}` lines the fine-tuning reader already accepts: corrected replies (the
  correction as the assistant's turn), replies rated good, and the best of several versions;
- preference pairs, `{"prompt": […], "chosen": […], "rejected": […]}` in the conversational form
  trl's DPOTrainer reads: a correction against the original, the best version against the others,
  a good version against a bad one of the same turn, and the winner of an arena vote against the loser.
The context of every line is the conversation up to the reply, as it was (system prompt first).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_chat.core.conversations import ConversationStore, StoredMessage
from desktop_chat.core.errors import BadInput
from desktop_chat.core.fsutil import atomic_write_text
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate

GOOD = 1
BAD = -1
UNRATED = 0


@dataclass
class Feedback:
    """What the user said about one reply."""

    rating: int = UNRATED
    correction: str | None = None
    best: bool = False
    excluded: bool = False
    updated: float = 0.0

    @property
    def empty(self) -> bool:
        return self.rating == UNRATED and not self.correction and not self.best


@dataclass
class FeedbackEntry:
    """A reply with feedback, with the conversation it came from (for the Training pairs page)."""

    message: StoredMessage
    feedback: Feedback
    conversation_title: str
    context: list[dict[str, str]]  # the messages before the reply, the system prompt first

    @property
    def prompt(self) -> str:
        """The user's message the reply answers."""
        return next((m["content"] for m in reversed(self.context) if m["role"] == "user"), "")


@dataclass
class Datasets:
    sft: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)


class FeedbackStore:
    """Feedback in the chat history file. Use from the thread that uses the ConversationStore."""

    def __init__(self, store: ConversationStore):
        self.store = store
        self.db = store.db

    def get(self, message_id: int) -> Feedback:
        return self.for_messages([message_id]).get(message_id, Feedback())

    def for_messages(self, message_ids: list[int]) -> dict[int, Feedback]:
        """The feedback of those of `message_ids` that have some."""
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        rows = self.db.execute(f"SELECT * FROM feedback WHERE message_id IN ({marks})", message_ids).fetchall()
        return {row["message_id"]: _feedback(row) for row in rows}

    def rate(self, message_id: int, rating: int) -> None:
        """Rate a reply GOOD, BAD or UNRATED (takes a rating back)."""
        if rating not in (GOOD, BAD, UNRATED):
            raise BadInput(translate("Core", "a rating is 1 (good), -1 (bad) or 0 (none), not %1"), rating)
        self._set(message_id, rating=rating)

    def correct(self, message_id: int, correction: str | None) -> None:
        """Store the answer the model should have given (None or blank removes it)."""
        text = (correction or "").strip()
        self._set(message_id, correction=text or None)

    def mark_best(self, message_id: int, best: bool = True) -> None:
        """Mark (or unmark) a reply as the best of its versions; at most one version is the best."""
        self._reply(message_id)
        others = [i for i in self.store.siblings(message_id) if i != message_id]
        with self.store.writing():
            if best and others:
                marks = ",".join("?" * len(others))
                self.db.execute(f"UPDATE feedback SET best=0, updated=? WHERE message_id IN ({marks})",
                                (time.time(), *others))
            self._upsert(message_id, best=int(best))

    def set_excluded(self, message_id: int, excluded: bool) -> None:
        """Leave a reply's feedback out of exported datasets (or take it back in)."""
        self._set(message_id, excluded=int(excluded))

    def entries(self, model: str | None = None, since: float | None = None,
                until: float | None = None) -> list[FeedbackEntry]:
        """Replies with feedback, newest first, optionally only those of `model` written in [since, until)."""
        rows = self.db.execute(
            "SELECT f.*, m.id AS mid FROM feedback f JOIN messages m ON m.id = f.message_id "
            "JOIN conversations c ON c.id = m.conversation_id WHERE c.deleted IS NULL "
            "ORDER BY m.created DESC, m.id DESC").fetchall()
        entries = []
        for row in rows:
            feedback = _feedback(row)
            if feedback.empty:
                continue
            message = self.store.get_message(row["mid"])
            if not _matches(message, model, since, until):
                continue
            entries.append(FeedbackEntry(message, feedback, self.store.get_conversation(message.conversation_id).title,
                                         self.context_of(message)))
        return entries

    def models(self) -> list[str]:
        """The models whose replies have feedback (for a filter), by name."""
        rows = self.db.execute(
            f"SELECT DISTINCT m.model FROM {_GIVEN} AND m.model IS NOT NULL ORDER BY m.model").fetchall()
        return [row["model"] for row in rows]

    def turns(self, since: float | None = None, until: float | None = None) -> list[int]:
        """One reply per turn that has feedback on a reply written in [since, until), oldest first (the
        turn's versions are its `ConversationStore.siblings`)."""
        rows = self.db.execute(
            f"SELECT m.id, m.parent_id, m.conversation_id FROM {_GIVEN} AND m.created >= ? AND m.created < ? "
            "ORDER BY m.created, m.id", (-math.inf if since is None else since,
                                         math.inf if until is None else until)).fetchall()
        first: dict[tuple[int, int | None], int] = {}
        for row in rows:
            first.setdefault((row["conversation_id"], row["parent_id"]), row["id"])
        return list(first.values())

    def context_of(self, message: StoredMessage) -> list[dict[str, str]]:
        """The conversation before `message` in OpenAI form, the system prompt first."""
        settings = self.store.get_conversation(message.conversation_id).settings
        before = self.store.path_to(message.parent_id) if message.parent_id is not None else []
        system = [{"role": "system", "content": settings.system_prompt}] if settings.system_prompt else []
        return system + [m.as_message().to_dict() for m in before if m.content]

    # ----------------------------------------------------------------------------- writing

    def _reply(self, message_id: int) -> StoredMessage:
        message = self.store.get_message(message_id)
        if message.role != "assistant":
            raise BadInput(translate("Core", "only a reply can be rated or corrected; message %1 is the user's"),
                           message_id)
        return message

    def _set(self, message_id: int, **values: Any) -> None:
        self._reply(message_id)
        with self.store.writing():
            self._upsert(message_id, **values)

    def _upsert(self, message_id: int, **values: Any) -> None:
        values["updated"] = time.time()
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        updates = ", ".join(f"{key}=excluded.{key}" for key in values)
        self.db.execute(f"INSERT INTO feedback(message_id, {columns}) VALUES (?, {marks}) "
                        f"ON CONFLICT(message_id) DO UPDATE SET {updates}", (message_id, *values.values()))


# Messages with feedback that says something (a rating, a correction or the best mark), in chats not deleted.
_GIVEN = ("feedback f JOIN messages m ON m.id = f.message_id JOIN conversations c ON c.id = m.conversation_id "
          "WHERE c.deleted IS NULL AND (f.rating != 0 OR f.correction IS NOT NULL OR f.best != 0)")


def _feedback(row: Any) -> Feedback:
    return Feedback(rating=row["rating"], correction=row["correction"], best=bool(row["best"]),
                    excluded=bool(row["excluded"]), updated=row["updated"])


def _matches(message: StoredMessage, model: str | None, since: float | None, until: float | None) -> bool:
    if model is not None and message.model != model:
        return False
    if since is not None and message.created < since:
        return False
    return until is None or message.created < until


# ------------------------------------------------------------------------------------- datasets

def build_datasets(store: ConversationStore, model: str | None = None, since: float | None = None,
                   until: float | None = None) -> Datasets:
    """The SFT examples and preference pairs in the feedback (and arena votes), without duplicates."""
    feedback = FeedbackStore(store)
    datasets = Datasets()
    seen_sft: set[str] = set()
    seen_pairs: set[str] = set()

    def add_sft(context: list[dict[str, str]], answer: str) -> None:
        line = {"messages": [*context, {"role": "assistant", "content": answer}]}
        key = json.dumps(line, sort_keys=True)
        if answer.strip() and key not in seen_sft:
            seen_sft.add(key)
            datasets.sft.append(line)

    def add_pair(prompt: list[dict[str, str]], chosen: str, rejected: str) -> None:
        if not chosen.strip() or not rejected.strip() or chosen.strip() == rejected.strip():
            return
        line = {"prompt": prompt, "chosen": [{"role": "assistant", "content": chosen}],
                "rejected": [{"role": "assistant", "content": rejected}]}
        key = json.dumps(line, sort_keys=True)
        if key not in seen_pairs:
            seen_pairs.add(key)
            datasets.pairs.append(line)

    for reply_id in feedback.turns(since, until):
        versions = [store.get_message(i) for i in store.siblings(reply_id)]
        marks = feedback.for_messages([v.id for v in versions])
        kept = [(v, marks.get(v.id, Feedback())) for v in versions if not marks.get(v.id, Feedback()).excluded]
        if not kept:
            continue
        context = feedback.context_of(kept[0][0])
        in_time = [(v, f) for v, f in kept if _matches(v, None, since, until)]
        for version, mark in in_time:
            if model is not None and version.model != model:
                continue
            if mark.correction:
                add_sft(context, mark.correction)
                add_pair(context, mark.correction, version.content)
            elif mark.rating == GOOD or (mark.best and mark.rating != BAD):
                add_sft(context, version.content)
        best = next(((v, f) for v, f in in_time if f.best), None)
        for version, mark in in_time:
            involved = model is None or model in (version.model, best[0].model if best else None)
            if best is not None and version.id != best[0].id and mark.rating != GOOD and involved:
                add_pair(context, best[0].content, version.content)
        for good, good_mark in in_time:
            for bad, bad_mark in in_time:
                if good_mark.rating == GOOD and bad_mark.rating == BAD and (
                        model is None or model in (good.model, bad.model)):
                    add_pair(context, good.content, bad.content)
    from desktop_chat.core.arena import ArenaStore

    for vote in ArenaStore(store).votes(model=model, since=since, until=until):
        if vote.excluded or vote.vote not in ("a", "b"):
            continue
        winner, loser = (vote.answer_a, vote.answer_b) if vote.vote == "a" else (vote.answer_b, vote.answer_a)
        add_pair([{"role": "user", "content": vote.prompt}], winner, loser)
    return datasets


@dataclass
class ExportResult:
    sft_path: Path | None
    sft_count: int
    pairs_path: Path | None
    pairs_count: int

    def lines(self) -> list[str]:
        """What was written, a sentence per file (English for the CLI; translated in the window)."""
        lines = []
        if self.sft_path is not None:
            lines.append(fill(plural(self.sft_count, QT_TRANSLATE_NOOP("Core", "Wrote %n training example to %1."),
                                     QT_TRANSLATE_NOOP("Core", "Wrote %n training examples to %1.")), self.sft_path))
        if self.pairs_path is not None:
            lines.append(fill(plural(self.pairs_count, QT_TRANSLATE_NOOP("Core", "Wrote %n preference pair to %1."),
                                     QT_TRANSLATE_NOOP("Core", "Wrote %n preference pairs to %1.")),
                              self.pairs_path))
        return lines


def export_datasets(store: ConversationStore, sft: Path | None = None, pairs: Path | None = None,
                    model: str | None = None, since: float | None = None,
                    until: float | None = None) -> ExportResult:
    """Write the SFT examples to `sft` and the preference pairs to `pairs` (JSONL, each atomically).

    Raises BadInput, writing nothing, when no file is asked for, a target is a folder, or a dataset
    asked for would be empty (saying what would fill it).
    """
    if sft is None and pairs is None:
        raise BadInput(translate("Core", "say where to write the data: --sft FILE for training examples, --pairs "
                                 "FILE for preference pairs, or both"))
    for target in (sft, pairs):
        if target is not None and target.is_dir():
            raise BadInput(translate("Core", "%1 is a folder; give a file name such as %2"), target,
                           target / "feedback.jsonl")
    datasets = build_datasets(store, model, since, until)
    if sft is not None and not datasets.sft:
        if model:
            raise BadInput(translate("Core", "there are no training examples from model '%1' to export: rate one "
                                     "of its replies as good or correct one in a chat first"), model)
        raise BadInput(translate("Core", "there are no training examples to export: rate a reply as good or "
                                 "correct one in a chat first"))
    if pairs is not None and not datasets.pairs:
        if model:
            raise BadInput(translate("Core", "there are no preference pairs with model '%1' to export: correct one "
                                     "of its replies, mark the best of several versions, rate one version good and "
                                     "another bad, or vote in the arena first"), model)
        raise BadInput(translate("Core", "there are no preference pairs to export: correct a reply, mark the best "
                                 "of several versions, rate one version good and another bad, or vote in the arena "
                                 "first"))
    if sft is not None:
        atomic_write_text(sft, _jsonl(datasets.sft))
    if pairs is not None:
        atomic_write_text(pairs, _jsonl(datasets.pairs))
    return ExportResult(sft, len(datasets.sft), pairs, len(datasets.pairs))


def _jsonl(lines: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
