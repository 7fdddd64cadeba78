"""Chat history in SQLite (`chats.sqlite3`): conversations, a tree of messages (edits and
regenerations are branches), per-conversation settings, reply stats, full-text search.

WAL mode, and every write is its own transaction, so killing the app loses only what was not yet
written. A reply being streamed is stored with status 'streaming'; on the next start such rows
become 'interrupted'. A file SQLite itself finds corrupt is moved aside (timestamped) and a new one
started; a file that is merely locked by another program, on a full disk or read-only is never
moved: writes raise HistoryError, and the caller keeps what it could not save (core.save_queue).
The schema version lives in `PRAGMA user_version`; MIGRATIONS upgrade older files in place.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from desktop_chat.core import paths
from desktop_chat.core.errors import BadInput, HistoryError
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, translate
from desktop_chat.core.jsonl import iter_jsonl
from desktop_chat.core.types import ROLES, GenParams, Message

log = logging.getLogger(__name__)

DEFAULT_TITLE = QT_TRANSLATE_NOOP("Core", "New chat")  # stored as it is; the window shows it translated
STATUS_DONE = "done"
STATUS_STREAMING = "streaming"
STATUS_INTERRUPTED = "interrupted"
STATUS_STOPPED = "stopped"
STATUS_ERROR = "error"
# One exported conversation is one JSONL line; a long one must import back, an endless one must not hang.
MAX_CONVERSATION_BYTES = 64 << 20


# ------------------------------------------------------------------------------------- records

@dataclass
class ConversationSettings:
    """What a conversation is answered with."""

    model: str | None = None
    system_prompt: str = ""
    params: GenParams = field(default_factory=GenParams)
    context_policy: str = "drop_oldest"
    collections: list[str] = field(default_factory=list)  # document collections replies come from (core/docs)

    def to_json(self) -> str:
        return json.dumps({"model": self.model, "system_prompt": self.system_prompt,
                           "params": self.params.to_dict(), "context_policy": self.context_policy,
                           "collections": self.collections}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ConversationSettings:
        data = json.loads(text) if text else {}
        collections = data.get("collections", [])
        return cls(model=data.get("model"), system_prompt=data.get("system_prompt", ""),
                   params=GenParams.from_dict(data.get("params", {})),
                   context_policy=data.get("context_policy", "drop_oldest"),
                   collections=[c for c in collections if isinstance(c, str)] if isinstance(collections, list)
                   else [])


@dataclass
class Conversation:
    id: int
    title: str
    created: float
    updated: float
    pinned: bool
    settings: ConversationSettings
    current_leaf: int | None


@dataclass
class StoredMessage:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    created: float
    status: str = STATUS_DONE
    model: str | None = None
    stats: dict[str, Any] | None = None

    def as_message(self) -> Message:
        return Message(self.role, self.content)


# ------------------------------------------------------------------------------------- schema

_SCHEMA_1 = """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            created REAL NOT NULL,
            updated REAL NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            deleted REAL,
            settings TEXT,
            current_leaf INTEGER
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'done',
            model TEXT,
            stats TEXT
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id);
        CREATE INDEX messages_by_parent ON messages(parent_id);
        CREATE INDEX messages_by_status ON messages(status);
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, content='messages', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END;
"""

# Feedback on replies (core/feedback.py) and blind A/B votes (core/arena.py): kept beside the chat,
# never changing it. A message's feedback goes when the message does.
_SCHEMA_2 = """
        CREATE TABLE feedback (
            message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL DEFAULT 0,
            correction TEXT,
            best INTEGER NOT NULL DEFAULT 0,
            excluded INTEGER NOT NULL DEFAULT 0,
            updated REAL NOT NULL
        );
        CREATE TABLE arena_votes (
            id INTEGER PRIMARY KEY,
            created REAL NOT NULL,
            model_a TEXT NOT NULL,
            model_b TEXT NOT NULL,
            prompt TEXT NOT NULL,
            answer_a TEXT NOT NULL,
            answer_b TEXT NOT NULL,
            a_shown_first INTEGER NOT NULL,
            vote TEXT NOT NULL CHECK (vote IN ('a', 'b', 'tie', 'both_bad')),
            excluded INTEGER NOT NULL DEFAULT 0
        );
"""

# SQL scripts; index i upgrades a file at version i to version i + 1. Append, never edit, once released.
MIGRATIONS: list[str] = [_SCHEMA_1, _SCHEMA_2]
SCHEMA_VERSION = len(MIGRATIONS)


# How long a write waits for another connection's lock before it gives up (and is retried later).
BUSY_TIMEOUT_S = 1.0
# SQLite's primary result codes (the low byte of sqlite3.Error.sqlite_errorcode).
_SQLITE_REASONS = {5: "locked", 6: "locked", 8: "readonly", 10: "io", 13: "full", 14: "io", 11: "corrupt",
                   26: "corrupt"}


def history_error_reason(exc: BaseException) -> str | None:
    """What an sqlite3 error means for the history: "locked", "full", "readonly", "io", "corrupt" or None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_REASONS.get(code & 0xFF)
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "disk is full" in text:
        return "full"
    if "not a database" in text or "malformed" in text:
        return "corrupt"
    return None


def history_error(exc: BaseException, path: Path) -> HistoryError:
    """The HistoryError, in words a user can act on, for an sqlite3 error on the history at `path`."""
    reason = history_error_reason(exc) or "io"
    if reason == "full":
        text = fill(translate("Core", "the disk that holds %1 is full; free some space"), path)
    elif reason == "locked":
        text = fill(translate("Core", "another program is holding %1 (a database browser, a backup or sync tool, or "
                              "another desktop-chat); close it"), path)
    elif reason == "readonly":
        text = fill(translate("Core", "%1 is read-only; check its permissions and the disk"), path)
    else:
        text = fill(translate("Core", "%1 cannot be written (%2); check the disk"), path, exc)
    return HistoryError(fill(translate("Core", "the chat history could not be saved: %1"), text), reason, text)


class _Corrupt(Exception):
    """SQLite itself says the file is damaged (or not a database at all)."""


class ConversationStore:
    """All chat history. Use from one thread (the GUI thread); each method is one short transaction.

    Writes raise HistoryError when the file cannot take them (disk full, locked, read-only).
    """

    def __init__(self, path: Path | None = None, recover: bool = True):
        """Open (or create) the history. `recover` marks replies left 'streaming' by a crash as
        'interrupted'; pass False when another running instance may still be writing them.

        Raises HistoryError when the file cannot be opened (locked while it needs upgrading, unreadable
        disk). When only the recovery cannot be written yet, `recovery_pending` is set instead.
        """
        self.path = path or paths.chats_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.notice: str | None = None  # shown to the user once (e.g. "the old database was corrupt")
        was_empty = self.path.is_file() and self.path.stat().st_size == 0
        try:
            self.db = self._open()
        except _Corrupt as exc:
            aside = self._move_aside()
            self.notice = fill(translate("Core", "The chat history file could not be read (SQLite says: %1); it was "
                                         "moved to %2 and a new one was started."), exc, aside.name)
            log.error(self.notice)
            self.db = self._open()
        if was_empty and not self.db.execute("SELECT 1 FROM conversations LIMIT 1").fetchone():
            self.notice = fill(translate("Core", "The chat history file %1 was empty (0 bytes), so there were no "
                                         "chats in it to load; new chats are saved in it. If you expected chats here, "
                                         "restore the file from a backup while desktop-chat is closed."), self.path)
            log.warning(self.notice)
        self.interrupted = 0
        self.recovery_pending = recover
        self.recovery_error: HistoryError | None = None
        if recover:
            self.recover()

    # ----------------------------------------------------------------------------- opening

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # in WAL: durable across app crashes, no fsync per commit
            db.execute("PRAGMA foreign_keys=ON")
            status = db.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise _Corrupt(f"integrity check failed: {status}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _Corrupt(f"made by a newer desktop-chat (schema {version}, this one knows {SCHEMA_VERSION})")
            for target in range(version, SCHEMA_VERSION):
                # One transaction per step: the script and its version bump land together or not at all.
                try:
                    db.executescript(
                        f"BEGIN IMMEDIATE;\n{MIGRATIONS[target]}\nPRAGMA user_version = {target + 1};\nCOMMIT;")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            return db
        except sqlite3.Error as exc:
            db.close()
            if history_error_reason(exc) == "corrupt":
                raise _Corrupt(str(exc)) from exc
            raise history_error(exc, self.path) from exc
        except BaseException:
            db.close()
            raise

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                source.replace(Path(str(aside) + suffix))
        return aside

    def recover(self) -> int:
        """Mark replies left 'streaming' by a crash as 'interrupted' (once); how many were.

        When the file cannot be written yet (locked, disk full) this is left for a later call:
        `recovery_pending` stays True and 0 is returned.
        """
        try:
            with self._writing():
                cursor = self.db.execute("UPDATE messages SET status=? WHERE status=?",
                                         (STATUS_INTERRUPTED, STATUS_STREAMING))
        except HistoryError as exc:
            log.warning("start-up recovery postponed: %s", exc)
            self.recovery_error = exc
            return 0
        self.recovery_pending = False
        self.recovery_error = None
        self.interrupted += cursor.rowcount
        return cursor.rowcount

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction; an error from the file (full, locked, I/O) becomes a HistoryError."""
        try:
            with _transaction(self.db):
                yield
        except sqlite3.Error as exc:
            if history_error_reason(exc) is None:
                raise
            raise history_error(exc, self.path) from exc

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction on the history file, for the stores that keep tables beside the chat
        (feedback, arena votes); errors become HistoryError as for the chat's own writes."""
        return self._writing()

    @contextmanager
    def not_waiting(self) -> Iterator[None]:
        """Writes in this block fail at once (HistoryError "locked") instead of waiting for a lock."""
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    def close(self) -> None:
        self.db.close()

    # ----------------------------------------------------------------------------- conversations

    def create_conversation(self, title: str = DEFAULT_TITLE, settings: ConversationSettings | None = None) -> int:
        now = time.time()
        with self._writing():
            cursor = self.db.execute(
                "INSERT INTO conversations(title, created, updated, settings) VALUES (?, ?, ?, ?)",
                (title, now, now, (settings or ConversationSettings()).to_json()),
            )
        return _row_id(cursor)

    def list_conversations(self) -> list[Conversation]:
        """Pinned first, then the most recently updated."""
        rows = self.db.execute(
            "SELECT * FROM conversations WHERE deleted IS NULL ORDER BY pinned DESC, updated DESC, id DESC"
        ).fetchall()
        return [_conversation(row) for row in rows]

    def get_conversation(self, conversation_id: int) -> Conversation:
        row = self.db.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        if row is None:
            raise KeyError(conversation_id)
        return _conversation(row)

    def rename(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split()) or DEFAULT_TITLE
        self._update_conversation(conversation_id, title=title[:200])

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._update_conversation(conversation_id, pinned=int(pinned), touch=False)

    def update_settings(self, conversation_id: int, settings: ConversationSettings) -> None:
        self._update_conversation(conversation_id, settings=settings.to_json(), touch=False)

    def delete(self, conversation_id: int) -> None:
        """Hide a conversation; `undo_delete` brings it back until `purge_deleted` runs."""
        self._update_conversation(conversation_id, deleted=time.time(), touch=False)

    def undo_delete(self, conversation_id: int) -> None:
        self._update_conversation(conversation_id, deleted=None, touch=False)

    def delete_permanently(self, conversation_id: int) -> None:
        with self._writing():
            self.db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    def purge_deleted(self, older_than_s: float = 0.0) -> int:
        with self._writing():
            cursor = self.db.execute("DELETE FROM conversations WHERE deleted IS NOT NULL AND deleted <= ?",
                                     (time.time() - older_than_s,))
        return cursor.rowcount

    def purge_empty(self) -> int:
        """Remove conversations that never got a message (new chats left unused)."""
        with self._writing():
            cursor = self.db.execute(
                "DELETE FROM conversations WHERE NOT EXISTS "
                "(SELECT 1 FROM messages WHERE conversation_id = conversations.id)")
        return cursor.rowcount

    def rename_model(self, old: str, new: str) -> int:
        """Conversations set to model `old` follow its new name; returns how many."""
        changed = 0
        for row in self.db.execute("SELECT id, settings FROM conversations").fetchall():
            settings = ConversationSettings.from_json(row["settings"])
            if settings.model == old:
                settings.model = new
                self.update_settings(row["id"], settings)
                changed += 1
        return changed

    def search(self, query: str) -> list[Conversation]:
        """Conversations whose title or any message contains `query` (case-insensitive substring)."""
        query = query.strip()
        if not query:
            return self.list_conversations()
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if len(query) >= 3:  # the trigram index needs three characters
            phrase = '"' + query.replace('"', '""') + '"'
            matching = ("SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                        "WHERE messages_fts MATCH ?")
            args: tuple[Any, ...] = (like, phrase)
        else:
            matching = "SELECT conversation_id FROM messages WHERE content LIKE ? ESCAPE '\\'"
            args = (like, like)
        rows = self.db.execute(
            f"SELECT * FROM conversations WHERE deleted IS NULL AND (title LIKE ? ESCAPE '\\' OR id IN ({matching})) "
            "ORDER BY pinned DESC, updated DESC, id DESC",
            args,
        ).fetchall()
        return [_conversation(row) for row in rows]

    def _update_conversation(self, conversation_id: int, touch: bool = True, **values: Any) -> None:
        if touch:
            values["updated"] = time.time()
        assignments = ", ".join(f"{key}=?" for key in values)
        with self._writing():
            self.db.execute(f"UPDATE conversations SET {assignments} WHERE id=?", (*values.values(), conversation_id))

    # ----------------------------------------------------------------------------- messages

    def add_message(self, conversation_id: int, role: str, content: str, *, parent_id: int | None | str = "leaf",
                    status: str = STATUS_DONE, model: str | None = None,
                    stats: dict[str, Any] | None = None) -> StoredMessage:
        """Append a message under `parent_id` (default: the end of the active branch) and make it the leaf.

        A first user message also names a conversation still called "New chat".
        """
        if role not in ROLES:
            raise BadInput(translate("Core", "unknown message role %1"), repr(role))
        conversation = self.get_conversation(conversation_id)
        parent = conversation.current_leaf if parent_id == "leaf" else parent_id
        now = time.time()
        with self._writing():
            cursor = self.db.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, content, created, status, model, stats) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, parent, role, content, now, status, model, json.dumps(stats) if stats else None),
            )
            message_id = _row_id(cursor)
            title_update = ""
            params: tuple[Any, ...] = (message_id, now)
            if role == "user" and conversation.title == DEFAULT_TITLE and content.strip():
                title_update = ", title=?"
                params = (*params, title_from(content))
            self.db.execute(f"UPDATE conversations SET current_leaf=?, updated=?{title_update} WHERE id=?",
                            (*params, conversation_id))
        return self.get_message(message_id)

    def get_message(self, message_id: int) -> StoredMessage:
        row = self.db.execute("SELECT * FROM messages WHERE id=?", (message_id,)).fetchone()
        if row is None:
            raise KeyError(message_id)
        return _message(row)

    def update_message(self, message_id: int, *, content: str | None = None, status: str | None = None,
                       stats: dict[str, Any] | None = None, model: str | None = None) -> None:
        values: dict[str, Any] = {}
        if content is not None:
            values["content"] = content
        if status is not None:
            values["status"] = status
        if stats is not None:
            values["stats"] = json.dumps(stats)
        if model is not None:
            values["model"] = model
        if not values:
            return
        assignments = ", ".join(f"{key}=?" for key in values)
        with self._writing():
            self.db.execute(f"UPDATE messages SET {assignments} WHERE id=?", (*values.values(), message_id))
            self.db.execute("UPDATE conversations SET updated=? WHERE id=(SELECT conversation_id FROM messages "
                            "WHERE id=?)", (time.time(), message_id))

    def active_path(self, conversation_id: int) -> list[StoredMessage]:
        """The messages of the branch being shown, oldest first."""
        leaf = self.get_conversation(conversation_id).current_leaf
        return [] if leaf is None else self.path_to(leaf)

    def path_to(self, message_id: int) -> list[StoredMessage]:
        """`message_id` and its ancestors, oldest first."""
        rows = self.db.execute(
            """
            WITH RECURSIVE path(id, depth) AS (
                SELECT ?, 0
                UNION ALL
                SELECT m.parent_id, p.depth + 1 FROM messages m JOIN path p ON m.id = p.id
                WHERE m.parent_id IS NOT NULL
            )
            SELECT m.* FROM messages m JOIN path p ON m.id = p.id ORDER BY p.depth DESC
            """,
            (message_id,),
        ).fetchall()
        return [_message(row) for row in rows]

    def delete_message(self, message_id: int) -> None:
        """Remove a message that has no replies (e.g. a reply cancelled before it started)."""
        message = self.get_message(message_id)
        if self.db.execute("SELECT 1 FROM messages WHERE parent_id=? LIMIT 1", (message_id,)).fetchone():
            raise ValueError("only a message without replies can be deleted")
        was_shown = self.get_conversation(message.conversation_id).current_leaf == message_id
        remaining = [i for i in self.siblings(message_id) if i != message_id]
        with self._writing():
            self.db.execute("DELETE FROM messages WHERE id=?", (message_id,))
            if was_shown:
                self.db.execute("UPDATE conversations SET current_leaf=? WHERE id=?",
                                (message.parent_id, message.conversation_id))
        if was_shown and remaining:  # e.g. a regeneration stopped before it began: show the one before it
            self.switch_to(remaining[-1])

    def siblings(self, message_id: int) -> list[int]:
        """Ids of the versions of a message (same parent, same role), oldest first; includes itself."""
        message = self.get_message(message_id)
        if message.parent_id is None:
            rows = self.db.execute(
                "SELECT id FROM messages WHERE conversation_id=? AND parent_id IS NULL AND role=? ORDER BY id",
                (message.conversation_id, message.role),
            ).fetchall()
        else:
            rows = self.db.execute("SELECT id FROM messages WHERE parent_id=? AND role=? ORDER BY id",
                                   (message.parent_id, message.role)).fetchall()
        return [row["id"] for row in rows]

    def switch_to(self, message_id: int) -> None:
        """Show the branch through `message_id`, continuing down its most recent replies."""
        leaf = message_id
        while True:
            row = self.db.execute("SELECT id FROM messages WHERE parent_id=? ORDER BY id DESC LIMIT 1",
                                  (leaf,)).fetchone()
            if row is None:
                break
            leaf = row["id"]
        conversation_id = self.get_message(message_id).conversation_id
        self._update_conversation(conversation_id, current_leaf=leaf, touch=False)

    # ----------------------------------------------------------------------------- export / import

    def export_markdown(self, conversation_id: int) -> str:
        conversation = self.get_conversation(conversation_id)
        parts = [f"# {conversation.title}\n"]
        if conversation.settings.system_prompt:
            parts.append(f"**System:** {conversation.settings.system_prompt}\n")
        for message in self.active_path(conversation_id):
            who = {"user": "You", "assistant": message.model or "Assistant", "system": "System"}[message.role]
            parts.append(f"## {who}\n\n{message.content}\n")
        return "\n".join(parts)

    def export_messages(self, conversation_id: int) -> list[dict[str, str]]:
        """The active branch in OpenAI `messages` form, the system prompt first."""
        conversation = self.get_conversation(conversation_id)
        messages = []
        if conversation.settings.system_prompt:
            messages.append({"role": "system", "content": conversation.settings.system_prompt})
        messages += [m.as_message().to_dict() for m in self.active_path(conversation_id)]
        return messages

    def export_jsonl(self, conversation_id: int) -> str:
        """One line: `{"messages": [...]}` (the fine-tuning data format too)."""
        return json.dumps({"messages": self.export_messages(conversation_id)}, ensure_ascii=False) + "\n"

    def import_jsonl(self, data: bytes | str, source: str = "import.jsonl") -> list[int]:
        """Create one conversation per line of `{"messages": [...]}`; all lines are checked first."""
        return self.import_conversations(parse_messages_jsonl(data, source))

    def import_conversations(self, conversations: list[list[Message]]) -> list[int]:
        """Create one conversation per list of messages (from `parse_messages_jsonl`), all or none."""
        created = []
        with self._writing():
            for messages in conversations:
                system = "\n\n".join(m.content for m in messages if m.role == "system")
                now = time.time()
                cursor = self.db.execute(
                    "INSERT INTO conversations(title, created, updated, settings) VALUES (?, ?, ?, ?)",
                    (DEFAULT_TITLE, now, now, ConversationSettings(system_prompt=system).to_json()),
                )
                conversation_id = _row_id(cursor)
                parent = None
                title = None
                for message in (m for m in messages if m.role != "system"):
                    cursor = self.db.execute(
                        "INSERT INTO messages(conversation_id, parent_id, role, content, created) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (conversation_id, parent, message.role, message.content, now),
                    )
                    parent = _row_id(cursor)
                    if title is None and message.role == "user":
                        title = title_from(message.content)
                self.db.execute("UPDATE conversations SET current_leaf=?, title=? WHERE id=?",
                                (parent, title or DEFAULT_TITLE, conversation_id))
                created.append(conversation_id)
        return created


def read_messages_jsonl(path: Path) -> list[list[Message]]:
    """The conversations in a JSONL file (see `parse_messages_jsonl`), streamed in bounded memory."""
    if path.exists() and not path.is_file():
        raise BadInput(translate("Core", "%1 is not a regular file (a device, pipe or socket); choose a .jsonl file"),
                       path)
    with path.open("rb") as f:
        return parse_messages_jsonl(f, path.name)


def parse_messages_jsonl(data: bytes | str | IO[bytes], source: str) -> list[list[Message]]:
    """Parse OpenAI-format JSONL; every problem is reported as `source:line: what is wrong`."""
    conversations = []
    for line in iter_jsonl(data, MAX_CONVERSATION_BYTES):
        where = f"{source}:{line.number}"
        if line.error is not None:
            raise BadInput(f"{where}: {line.error}")
        record = line.value
        if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
            raise BadInput(translate("Core", "%1: expected an object with a \"messages\" list"), where)
        messages = []
        for index, item in enumerate(record["messages"]):
            if not isinstance(item, dict):
                raise BadInput(translate("Core", "%1: message %2 is not an object"), where, index + 1)
            try:
                messages.append(Message.from_dict(item))
            except BadInput as exc:
                raise BadInput(translate("Core", "%1: message %2: %3"), where, index + 1, exc) from None
        if not any(m.role != "system" for m in messages):
            raise BadInput(translate("Core", "%1: the conversation has no user or assistant messages"), where)
        conversations.append(messages)
    if not conversations:
        raise BadInput(translate("Core", "%1: no conversations found (expected one JSON object per line)"), source)
    return conversations


def title_from(content: str, limit: int = 48) -> str:
    """A sidebar title from the first words of a message."""
    words = " ".join(content.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")  # in WAL mode a full disk may only show here
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(id=row["id"], title=row["title"], created=row["created"], updated=row["updated"],
                        pinned=bool(row["pinned"]), settings=ConversationSettings.from_json(row["settings"]),
                        current_leaf=row["current_leaf"])


def _message(row: sqlite3.Row) -> StoredMessage:
    return StoredMessage(id=row["id"], conversation_id=row["conversation_id"], parent_id=row["parent_id"],
                         role=row["role"], content=row["content"], created=row["created"], status=row["status"],
                         model=row["model"], stats=json.loads(row["stats"]) if row["stats"] else None)
