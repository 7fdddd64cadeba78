"""Indexing a collection: find its files, read the new and changed ones into passages, forget the
deleted ones. Each file is one transaction, so a crash, a kill -9 or a closed window loses at most
the file being read, and the next run goes on where this one stopped (files whose size, time and
then bytes are unchanged are not read again).

The window runs it in a child process at low priority (`python -m desktop_chat.core.docs.indexer
NAME…`, one JSON line per event on stdout), so indexing 10,000 files never stalls chatting; the
command line runs it in-process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from desktop_chat.core.docs.parsers import Unreadable, check_size, read_sections, supported
from desktop_chat.core.docs.passages import passages
from desktop_chat.core.docs.store import DocsStore
from desktop_chat.core.errors import BadInput, DesktopChatError, short_reason
from desktop_chat.core.fsutil import file_sha256
from desktop_chat.core.i18n import translate

# Folders no one means when they add "my project": version control, caches, dependencies.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox",
                             ".mypy_cache", ".pytest_cache", ".cache", "dist", "build", ".idea", ".vscode"})
PROGRESS_EVERY_S = 0.1
EMBED_BATCH = 64  # passages per transaction of vectors
FILE_TIME_LIMIT_S = 120  # a file that takes longer (a PDF that loops its parser) is skipped, not waited for


@dataclass
class IndexProgress:
    """Where an index run is: `done` of `total` files to read, the file being read now."""

    collection: str
    done: int
    total: int
    path: str = ""
    stage: str = "reading"  # "scanning" the folders, "reading" the files, then "embedding" the passages

    def to_dict(self) -> dict[str, object]:
        return {"event": "progress", "collection": self.collection, "done": self.done, "total": self.total,
                "path": self.path, "stage": self.stage}


@dataclass
class IndexSummary:
    collection: str
    files: int  # in the collection now
    read: int  # read this run (new or changed)
    skipped: int  # in the collection, unreadable
    passages: int
    seconds: float
    finished: bool  # False when cancelled
    vectors: int = 0  # passages with a vector of the collection's embedding model
    embedding_error: dict[str, object] | None = None  # why no vectors were made (an error's record)

    def to_dict(self) -> dict[str, object]:
        return {"event": "done", **self.__dict__}


def found_files(sources: list[str]) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(path, size, mtime in ns) of every file the sources hold: an added file as it is, a folder's
    supported files at any depth (hidden folders, SKIPPED_FOLDERS and desktop-chat's own data folder
    left out; links to folders not followed); and the sources that are not there now (an unmounted
    drive: their files are kept as they were indexed, not forgotten)."""
    from desktop_chat.core import paths

    own = {str(paths.data_dir().resolve()), str(paths.config_dir().resolve())}
    found: list[tuple[str, int, int]] = []
    missing: list[str] = []
    seen: set[str] = set()
    for source in sources:
        root = Path(source)
        if root.is_file():
            candidates: Iterator[Path] = iter([root])
        elif root.is_dir():
            candidates = _walk(root, own)
        else:
            missing.append(source)
            continue
        for path in candidates:
            key = str(path)
            if key in seen:
                continue
            seen.add(key)
            try:
                info = path.stat()
            except OSError:
                continue  # a broken link
            if stat.S_ISREG(info.st_mode):  # not a pipe or a device, which would block the reader
                found.append((key, info.st_size, info.st_mtime_ns))
    return found, missing


def _walk(root: Path, skipped: set[str]) -> Iterator[Path]:
    for folder, subfolders, names in os.walk(root, onerror=lambda _error: None):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIPPED_FOLDERS
                               and str(Path(folder, d)) not in skipped)
        for name in sorted(names):
            path = Path(folder) / name
            if not name.startswith(".") and supported(path):
                yield path


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise Unreadable when the block runs longer than `seconds` (where there are alarms: Unix, main thread)."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    except _TooSlow:
        raise Unreadable(translate("Core", "reading it took longer than %1 seconds"), seconds) from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def index_collection(store: DocsStore, name: str, progress: Callable[[IndexProgress], None] | None = None,
                     cancel: threading.Event | None = None) -> IndexSummary:
    """Bring a collection's index up to date with its files (see the module's docstring)."""
    started = time.perf_counter()
    collection = store.collection(name)
    store.mark_index_started(collection.id)
    if progress is not None:
        progress(IndexProgress(name, 0, 0, stage="scanning"))
    found, missing = found_files(store.sources(name))
    store.sync_files(collection.id, found, keep_under=missing)
    pending = store.pending_files(collection.id)
    last_report = 0.0
    read = 0
    for index, file in enumerate(pending):
        if cancel is not None and cancel.is_set():
            break
        now = time.perf_counter()
        if progress is not None and (now - last_report >= PROGRESS_EVERY_S or index == 0):
            progress(IndexProgress(name, index, len(pending), file.path))
            last_report = now
        path = Path(file.path)
        digest: str | None = None
        try:
            with _time_limit(FILE_TIME_LIMIT_S):
                check_size(path)  # before hashing: a dropped 4 GB video is not read at all
                digest = file_sha256(path)
                if digest == file.sha256:
                    store.keep_unchanged(file.id)  # touched, not changed
                    continue
                sections = read_sections(path)
                cut = passages(sections)
            store.store_passages(file.id, digest, cut, sum(len(s.text) for s in sections))
            read += 1
        except OSError as exc:
            store.skip_file(file.id, json.dumps(Unreadable(translate("Core", "it cannot be read: %1"),
                                                           exc.strerror or exc).record()), digest)
        except Unreadable as exc:
            store.skip_file(file.id, json.dumps(exc.record()), digest)
        except MemoryError:
            store.skip_file(file.id, json.dumps(Unreadable(translate("Core", "it is too large to read here"))
                                                .record()), digest)
    embedding_error = None
    if collection.embedding_model and not (cancel is not None and cancel.is_set()):
        try:
            embed_passages(store, collection.id, name, collection.embedding_model, progress, cancel)
        except DesktopChatError as exc:  # the model was deleted or cannot load: words still work
            embedding_error = exc.record()
        except Exception as exc:  # noqa: BLE001 - torch or the tokenizer failing on a passage: the same
            embedding_error = DesktopChatError(translate("Core", "the embedding model %1 failed (%2)"),
                                               collection.embedding_model, short_reason(exc)).record()
    finished = cancel is None or not cancel.is_set()
    if finished:
        store.mark_index_finished(collection.id)
    now_collection = store.collection(name)
    summary = IndexSummary(name, now_collection.files, read, now_collection.skipped, now_collection.passages,
                           time.perf_counter() - started, finished, now_collection.vectors, embedding_error)
    if progress is not None and finished:
        progress(IndexProgress(name, len(pending), len(pending)))
    return summary


def embed_passages(store: DocsStore, collection_id: int, name: str, model: str,
                   progress: Callable[[IndexProgress], None] | None = None, cancel: threading.Event | None = None,
                   embedder: Any = None) -> int:
    """Give every passage of the collection without one a vector of `model`, a batch per transaction
    (so a kill loses one batch at most); how many were made."""
    from desktop_chat.core.docs.vectors import cached_embedder, model_version, to_blob
    from desktop_chat.core.library.catalog import Library

    store.start_vectors(collection_id, model_version(Library().get(model)))
    missing = store.count_without_vectors(collection_id, model)
    if not missing:
        return 0
    try:
        embedder = embedder or cached_embedder(model)
    except DesktopChatError:
        raise
    except Exception as exc:  # noqa: BLE001 - transformers raises many kinds for a damaged model
        raise DesktopChatError(translate("Core", "the embedding model %1 cannot be loaded (%2)"), model,
                               short_reason(exc)) from exc
    made = 0
    last_report = 0.0
    while not (cancel is not None and cancel.is_set()):
        batch = store.passages_without_vectors(collection_id, model, EMBED_BATCH)
        if not batch:
            break
        now = time.perf_counter()
        if progress is not None and (now - last_report >= PROGRESS_EVERY_S or made == 0):
            progress(IndexProgress(name, made, missing, stage="embedding"))
            last_report = now
        vectors = embedder.embed([text for _, text in batch], "document")
        store.store_vectors(model, [(pid, to_blob(vector)) for (pid, _), vector in zip(batch, vectors, strict=True)])
        made += len(batch)
    return made


def index_lock(store: DocsStore, name: str) -> FileLock:
    """One index run per collection at a time, across processes."""
    collection = store.collection(name)
    return FileLock(str(store.path.with_name(f"docs-index-{collection.id}.lock")))


def skip_reason(stored: str | None) -> str:
    """A skipped file's reason as stored by the indexer, in the window's language."""
    from desktop_chat.core.i18n import carried_message

    if not stored:
        return ""
    try:
        return carried_message(json.loads(stored))
    except (ValueError, AttributeError):
        return stored


# ------------------------------------------------------------------------------------------ child process

def _emit(event: dict[str, object]) -> None:
    # ASCII: a pipe on Windows is in the ANSI code page, and a file name in any language must get through.
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """`python -m desktop_chat.core.docs.indexer NAME…`: index each collection, one JSON line an event."""
    parser = argparse.ArgumentParser(prog="desktop_chat.core.docs.indexer")
    parser.add_argument("collections", nargs="+")
    args = parser.parse_args(argv)
    try:
        os.nice(10)  # below the window and the model: indexing waits, replies do not
    except (AttributeError, OSError):
        pass
    # One thread for making vectors (torch is imported later): the window and the model keep the other cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    store = DocsStore()
    status = 0
    for name in args.collections:
        try:
            with index_lock(store, name).acquire(timeout=0.5):
                summary = index_collection(store, name, lambda p: _emit(p.to_dict()))
            _emit(summary.to_dict())
        except Timeout:
            _emit({"event": "busy", "collection": name})
        except (BadInput, DesktopChatError) as exc:
            _emit({"event": "error", "collection": name, **exc.record()})
            status = 2
    store.close()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
