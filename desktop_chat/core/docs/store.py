"""The document index in SQLite (`docs.sqlite3` in the data folder): collections, the files and
folders added to them, every file found there with its state, and its passages with an FTS5 index.

WAL mode; the indexer (another process) writes one file per transaction, so a crash or kill -9
leaves every file either wholly indexed or not at all, and the window reads meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_chat.core import paths
from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000
_SCHEMA_1 = """
    CREATE TABLE collections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created REAL NOT NULL,
        private INTEGER NOT NULL DEFAULT 0,      -- files dropped on one conversation
        index_started REAL,
        index_finished REAL
    );
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        UNIQUE (collection_id, path)
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        status TEXT NOT NULL DEFAULT 'pending',  -- pending | indexed | skipped
        reason TEXT,                             -- why it was skipped, a sentence
        passages INTEGER NOT NULL DEFAULT 0,
        chars INTEGER NOT NULL DEFAULT 0,
        indexed REAL,
        UNIQUE (collection_id, path)
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        line_start INTEGER NOT NULL,
        line_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        terms TEXT NOT NULL                      -- the words FTS5 indexes (Chinese segmented)
    );
    CREATE INDEX passages_by_file ON passages(file_id);
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        terms, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, terms) VALUES (new.id, new.terms);
    END;
    CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    END;
"""
# Version 2: search by meaning. A collection may name an embedding model of the library; the indexer
# stores one vector (float32, little-endian) per passage made with it.
_SCHEMA_2 = """
    ALTER TABLE collections ADD COLUMN embedding_model TEXT;
    -- which install of the model made the vectors (vectors.model_version)
    ALTER TABLE collections ADD COLUMN embedding_version TEXT;
    CREATE TABLE passage_vectors (
        passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL
    );
"""
_MIGRATIONS = {1: _SCHEMA_1, 2: _SCHEMA_2}

PENDING, INDEXED, SKIPPED = "pending", "indexed", "skipped"
DROPPED_PREFIX = "dropped-on-chat-"


def dropped_collection_name(conversation_id: int, created: float) -> str:
    """The private collection of the files dropped on one conversation: its id and the moment it was
    made, so that a later conversation given the same id does not inherit them."""
    return f"{DROPPED_PREFIX}{conversation_id}-{int(created)}"


def is_dropped_collection(name: str) -> bool:
    return name.startswith(DROPPED_PREFIX)


@dataclass(frozen=True)
class Collection:
    """A named set of files and folders, with counts of what the indexer made of them."""

    id: int
    name: str
    private: bool
    files: int
    indexed: int
    skipped: int
    pending: int
    passages: int
    index_started: float | None
    index_finished: float | None
    embedding_model: str | None = None  # search by meaning with this library model, besides words
    vectors: int = 0  # passages with a vector from embedding_model
    embedding_version: str | None = None  # which install of embedding_model made the vectors (its `created`)

    @property
    def indexing_unfinished(self) -> bool:
        """An index run began and did not end (a crash, a kill, a closed window): resume it."""
        return self.index_started is not None and (self.index_finished is None
                                                   or self.index_finished < self.index_started)


@dataclass(frozen=True)
class DocFile:
    id: int
    collection_id: int
    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    status: str
    reason: str | None
    passages: int


@dataclass(frozen=True)
class NewPassage:
    """A passage as the indexer makes it: its text, where it is, and the words to index."""

    page: int | None
    line_start: int
    line_end: int
    text: str
    terms: str


def validate_collection_name(name: str) -> str:
    """A collection's name: 1 to 64 characters, any language, no slashes or control characters."""
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 64 or any(c in name for c in "/\\") or any(ord(c) < 32 for c in name):
        raise BadInput(translate("Core", "invalid collection name %1: use 1 to 64 characters, without slashes"),
                       repr(name))
    return name


class DocsStore:
    """The document index. One connection, used from one thread at a time."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or paths.data_dir() / "docs.sqlite3")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                  timeout=BUSY_TIMEOUT_MS / 1000)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # in WAL: survives a crash of the app, no fsync per file
        self.db.execute("PRAGMA foreign_keys=ON")
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            with self.transaction():
                version = self.db.execute("PRAGMA user_version").fetchone()[0]  # another process may have begun
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in _statements(_MIGRATIONS[step]):
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE: it waits for another writer instead of failing late)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ----------------------------------------------------------------------------- collections

    def collections(self, include_private: bool = False, name: str | None = None) -> list[Collection]:
        """Every collection with its counts, by name (or only the one called `name`)."""
        if name is not None:
            where = "WHERE c.name = ? "
        else:
            where = "" if include_private else "WHERE c.private = 0 "
        rows = self.db.execute(
            "SELECT c.*, COUNT(f.id) AS files, "
            "COALESCE(SUM(f.status = 'indexed'), 0) AS indexed, COALESCE(SUM(f.status = 'skipped'), 0) AS skipped, "
            "COALESCE(SUM(f.status = 'pending'), 0) AS pending, COALESCE(SUM(f.passages), 0) AS passage_count, "
            "CASE WHEN c.embedding_model IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM passage_vectors v "
            "JOIN passages p ON p.id = v.passage_id JOIN files vf ON vf.id = p.file_id "
            "WHERE vf.collection_id = c.id AND v.model = c.embedding_model) END AS vector_count "
            "FROM collections c LEFT JOIN files f ON f.collection_id = c.id "
            + where + "GROUP BY c.id ORDER BY c.name", () if name is None else (name,)).fetchall()
        return [Collection(r["id"], r["name"], bool(r["private"]), r["files"], r["indexed"], r["skipped"],
                           r["pending"], r["passage_count"], r["index_started"], r["index_finished"],
                           r["embedding_model"], r["vector_count"], r["embedding_version"]) for r in rows]

    def collection(self, name: str) -> Collection:
        """The collection called `name` (BadInput listing the others when there is none)."""
        for found in self.collections(name=name):
            return found
        names = ", ".join(c.name for c in self.collections()) or translate("Core", "none yet")
        raise BadInput(translate("Core", "no collection named '%1' (collections: %2); add files to it with "
                                 "`desktop-chat docs add %1 PATH`"), name, names)

    def has_collection(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM collections WHERE name=?", (name,)).fetchone() is not None

    def add_collection(self, name: str, private: bool = False) -> Collection:
        """The collection `name`, made if it is new."""
        name = validate_collection_name(name)
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO collections(name, created, private) VALUES (?, ?, ?)",
                            (name, time.time(), int(private)))
        return self.collection(name)

    def remove_collection(self, name: str) -> None:
        """Forget a collection and its index (the files themselves are never touched)."""
        collection = self.collection(name)
        with self.transaction():
            self.db.execute("DELETE FROM collections WHERE id=?", (collection.id,))

    def sources(self, name: str) -> list[str]:
        """The files and folders added to a collection."""
        collection = self.collection(name)
        return [r[0] for r in self.db.execute("SELECT path FROM sources WHERE collection_id=? ORDER BY path",
                                              (collection.id,))]

    def add_sources(self, name: str, sources: Iterable[Path]) -> None:
        """Add files or folders (absolute paths) to a collection; the indexer reads them."""
        collection = self.collection(name)
        with self.transaction():
            for source in sources:
                self.db.execute("INSERT OR IGNORE INTO sources(collection_id, path) VALUES (?, ?)",
                                (collection.id, str(Path(source).expanduser().resolve())))

    def remove_sources(self, name: str, sources: Iterable[Path]) -> int:
        """Take files or folders out of a collection, with what was indexed from them; how many were in it."""
        collection = self.collection(name)
        removed = 0
        with self.transaction():
            for source in sources:
                path = str(Path(source).expanduser().resolve())
                removed += self.db.execute("DELETE FROM sources WHERE collection_id=? AND path=?",
                                           (collection.id, path)).rowcount
                prefix = _folder_prefix(path)  # compared exactly: LIKE would ignore case and treat _ and %
                self.db.execute("DELETE FROM files WHERE collection_id=? AND (path=? OR substr(path, 1, ?) = ?)",
                                (collection.id, path, len(prefix), prefix))
        return removed

    def set_embedding_model(self, name: str, model: str | None) -> None:
        """Search `name` by meaning with the library's embedding model `model` too (None: by words only).
        Vectors made with another model are forgotten; the next index run makes the missing ones."""
        collection = self.collection(name)
        if model == collection.embedding_model:
            return
        with self.transaction():
            self.db.execute("UPDATE collections SET embedding_model=?, embedding_version=NULL WHERE id=?",
                            (model, collection.id))
            self._forget_vectors(collection.id)

    def start_vectors(self, collection_id: int, version: str) -> None:
        """Vectors are about to be made with the install `version` of the collection's model: those of an
        earlier install of a model by that name (another model, maybe another size) are forgotten."""
        with self.transaction():
            row = self.db.execute("SELECT embedding_version FROM collections WHERE id=?", (collection_id,)).fetchone()
            if row is not None and row[0] != version:
                self._forget_vectors(collection_id)
                self.db.execute("UPDATE collections SET embedding_version=? WHERE id=?", (version, collection_id))

    def _forget_vectors(self, collection_id: int) -> None:
        self.db.execute("DELETE FROM passage_vectors WHERE passage_id IN (SELECT p.id FROM passages p "
                        "JOIN files f ON f.id = p.file_id WHERE f.collection_id=?)", (collection_id,))

    def passages_without_vectors(self, collection_id: int, model: str, limit: int) -> list[tuple[int, str]]:
        """(id, text) of up to `limit` passages of a collection that have no vector from `model` yet."""
        rows = self.db.execute(
            "SELECT p.id, p.text FROM passages p JOIN files f ON f.id = p.file_id LEFT JOIN passage_vectors v "
            "ON v.passage_id = p.id AND v.model = ? WHERE f.collection_id = ? AND v.passage_id IS NULL "
            "ORDER BY p.id LIMIT ?", (model, collection_id, limit)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def count_without_vectors(self, collection_id: int, model: str) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM passages p JOIN files f ON f.id = p.file_id LEFT JOIN passage_vectors v "
            "ON v.passage_id = p.id AND v.model = ? WHERE f.collection_id = ? AND v.passage_id IS NULL",
            (model, collection_id)).fetchone()
        return int(row[0])

    def store_vectors(self, model: str, vectors: Sequence[tuple[int, bytes]]) -> None:
        """Keep passages' vectors (one transaction); a passage deleted meanwhile gets none."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO passage_vectors(passage_id, model, vector) "
                "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?)",
                [(pid, model, blob, pid) for pid, blob in vectors])

    def vectors(self, collection_ids: Sequence[int], model: str) -> tuple[list[int], list[bytes]]:
        """The passage ids and vectors (bytes) of these collections made with `model`."""
        marks = ",".join("?" * len(collection_ids))
        rows = self.db.execute(
            f"SELECT v.passage_id, v.vector FROM passage_vectors v JOIN passages p ON p.id = v.passage_id "
            f"JOIN files f ON f.id = p.file_id WHERE v.model = ? AND f.collection_id IN ({marks})",
            (model, *collection_ids)).fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def mark_index_started(self, collection_id: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE collections SET index_started=? WHERE id=?", (time.time(), collection_id))

    def mark_index_finished(self, collection_id: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE collections SET index_finished=? WHERE id=?", (time.time(), collection_id))

    # ----------------------------------------------------------------------------- files

    def files(self, name: str, status: str | None = None) -> list[DocFile]:
        """A collection's files (all, or those with `status`), by path."""
        collection = self.collection(name)
        query = "SELECT * FROM files WHERE collection_id=?" + (" AND status=?" if status else "") + " ORDER BY path"
        rows = self.db.execute(query, (collection.id, status) if status else (collection.id,)).fetchall()
        return [_doc_file(r) for r in rows]

    def file(self, file_id: int) -> DocFile | None:
        row = self.db.execute("SELECT * FROM files WHERE id=?", (file_id,)).fetchone()
        return _doc_file(row) if row else None

    def sync_files(self, collection_id: int, found: Sequence[tuple[str, int, int]],
                   keep_under: Sequence[str] = ()) -> int:
        """Record the files found now (path, size, mtime): new or changed ones become pending, files no
        longer there are forgotten with their passages, except under `keep_under` (sources that are
        not there now: an unmounted drive). A file skipped because it could not even be read (no hash)
        is tried again. Returns how many are pending."""
        with self.transaction():
            self.db.execute("UPDATE files SET status='pending' WHERE collection_id=? AND status='skipped' "
                            "AND sha256 IS NULL", (collection_id,))
            known = {r["path"]: (r["size"], r["mtime_ns"], r["status"]) for r in self.db.execute(
                "SELECT path, size, mtime_ns, status FROM files WHERE collection_id=?", (collection_id,))}
            present = set()
            for path, size, mtime_ns in found:
                present.add(path)
                if path not in known:
                    self.db.execute("INSERT INTO files(collection_id, path, size, mtime_ns) VALUES (?, ?, ?, ?)",
                                    (collection_id, path, size, mtime_ns))
                elif known[path][:2] != (size, mtime_ns):
                    self.db.execute("UPDATE files SET status='pending', size=?, mtime_ns=? "
                                    "WHERE collection_id=? AND path=?", (size, mtime_ns, collection_id, path))
            for path in set(known) - present:
                if not any(path == root or path.startswith(_folder_prefix(root)) for root in keep_under):
                    self.db.execute("DELETE FROM files WHERE collection_id=? AND path=?", (collection_id, path))
        row = self.db.execute("SELECT COUNT(*) FROM files WHERE collection_id=? AND status='pending'",
                              (collection_id,)).fetchone()
        return int(row[0])

    def pending_files(self, collection_id: int) -> list[DocFile]:
        rows = self.db.execute("SELECT * FROM files WHERE collection_id=? AND status='pending' ORDER BY path",
                               (collection_id,)).fetchall()
        return [_doc_file(r) for r in rows]

    def keep_unchanged(self, file_id: int) -> None:
        """A pending file whose bytes did not change (only its time did): as it was, indexed or skipped."""
        with self.transaction():
            self.db.execute("UPDATE files SET status = CASE WHEN reason IS NULL THEN 'indexed' ELSE 'skipped' END "
                            "WHERE id=?", (file_id,))

    def store_passages(self, file_id: int, sha256: str, passages: Sequence[NewPassage], chars: int) -> None:
        """Replace a file's passages with `passages`, in one transaction (nothing, when the file was taken
        out of the collection while it was being read)."""
        with self.transaction():
            if self.db.execute("SELECT 1 FROM files WHERE id=?", (file_id,)).fetchone() is None:
                return
            self.db.execute("DELETE FROM passages WHERE file_id=?", (file_id,))
            self.db.executemany(
                "INSERT INTO passages(file_id, ordinal, page, line_start, line_end, text, terms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(file_id, i, p.page, p.line_start, p.line_end, p.text, p.terms) for i, p in enumerate(passages)])
            self.db.execute("UPDATE files SET status='indexed', reason=NULL, sha256=?, passages=?, chars=?, indexed=? "
                            "WHERE id=?", (sha256, len(passages), chars, time.time(), file_id))

    def skip_file(self, file_id: int, reason: str, sha256: str | None = None) -> None:
        """A file that cannot be read, with the reason shown to the user (and no passages)."""
        with self.transaction():
            self.db.execute("DELETE FROM passages WHERE file_id=?", (file_id,))
            self.db.execute("UPDATE files SET status='skipped', reason=?, sha256=?, passages=0, chars=0, indexed=? "
                            "WHERE id=?", (reason, sha256, time.time(), file_id))

    def passage_count(self, collection_ids: Sequence[int]) -> int:
        marks = ",".join("?" * len(collection_ids))
        row = self.db.execute(f"SELECT COUNT(*) FROM passages p JOIN files f ON f.id = p.file_id "
                              f"WHERE f.collection_id IN ({marks})", tuple(collection_ids)).fetchone()
        return int(row[0])


def _statements(script: str) -> list[str]:
    """The statements of a schema script (triggers hold semicolons inside BEGIN … END)."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    return statements


def _folder_prefix(folder: str) -> str:
    """What the paths of a folder's files start with (the system's own separator)."""
    return folder.rstrip("/" + os.sep) + os.sep


def _doc_file(row: sqlite3.Row) -> DocFile:
    return DocFile(row["id"], row["collection_id"], row["path"], row["size"], row["mtime_ns"], row["sha256"],
                   row["status"], row["reason"], row["passages"])
