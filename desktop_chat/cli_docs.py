"""`desktop-chat docs …`: document collections from the command line (add, list, rm, reindex,
search), and the sources `ask --docs` prints after its answer. Output is English (a scripting
contract); progress goes to stderr."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput


def add_docs_parser(sub: Any) -> None:
    """The `docs` command and its actions, on the CLI's subparsers."""
    docs = sub.add_parser("docs", help="document collections to answer from (ask --docs, the Documents page)")
    actions = docs.add_subparsers(dest="docs_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add files or folders to a collection (made if new) and index them")
    add.add_argument("collection", help="the collection's name")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    add.set_defaults(func=cmd_docs_add)
    listing = actions.add_parser("list", help="collections, or one collection's files with their state")
    listing.add_argument("collection", nargs="?", help="list this collection's files")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_docs_list)
    remove = actions.add_parser("rm", help="remove a collection, or files and folders from it (never the files "
                                           "themselves)")
    remove.add_argument("collection")
    remove.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="only these files or folders")
    remove.set_defaults(func=cmd_docs_rm)
    reindex = actions.add_parser("reindex", help="read new and changed files again, forget deleted ones")
    reindex.add_argument("collection")
    reindex.set_defaults(func=cmd_docs_reindex)
    search = actions.add_parser("search", help="the passages a question finds (no model involved)")
    search.add_argument("collection")
    search.add_argument("question")
    search.add_argument("--limit", type=int, default=4, help="at most this many passages (default 4)")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(func=cmd_docs_search)


def _store() -> Any:
    from desktop_chat.core.docs.store import DocsStore

    return DocsStore()


def _index(store: Any, name: str) -> Any:
    """Index `name` in this process with progress on stderr; the summary."""
    from filelock import Timeout

    from desktop_chat.core.docs.indexer import index_collection, index_lock
    from desktop_chat.core.progress import TerminalProgress

    display = TerminalProgress(sys.stderr, f"indexing {name}")

    def show(progress: Any) -> None:
        if progress.stage == "scanning":
            display("looking for files", None)
        elif progress.total:
            display(f"{progress.done} of {progress.total} files {Path(progress.path).name}".rstrip(),
                    progress.done / progress.total)

    try:
        with index_lock(store, name).acquire(timeout=0.5):
            summary = index_collection(store, name, show)
    except Timeout:
        raise BadInput(f"'{name}' is being indexed by another process (the window?); try again when it is done") \
            from None
    finally:
        display.finish()
    skipped = f", {summary.skipped} skipped (see `desktop-chat docs list {name}`)" if summary.skipped else ""
    print(f"{name}: {summary.files} files, {summary.read} read now, {summary.passages} passages{skipped} "
          f"({summary.seconds:.1f} s)", file=sys.stderr)
    return summary


def cmd_docs_add(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.paths if not p.expanduser().exists()]
    if missing:
        raise BadInput(f"no such file or folder: {', '.join(missing)}")
    store = _store()
    try:
        store.add_collection(args.collection)
        store.add_sources(args.collection, args.paths)
        _index(store, args.collection)
    finally:
        store.close()
    return 0


def cmd_docs_reindex(args: argparse.Namespace) -> int:
    store = _store()
    try:
        store.collection(args.collection)
        _index(store, args.collection)
    finally:
        store.close()
    return 0


def cmd_docs_rm(args: argparse.Namespace) -> int:
    store = _store()
    try:
        if not args.paths:
            store.remove_collection(args.collection)
            print(f"removed the collection {args.collection} (your files are untouched)", file=sys.stderr)
            return 0
        removed = store.remove_sources(args.collection, args.paths)
        if not removed:
            raise BadInput(f"none of these was added to {args.collection}; its files and folders: "
                           f"{', '.join(store.sources(args.collection)) or 'none'}")
        print(f"removed {removed} of {len(args.paths)} from {args.collection}", file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_docs_list(args: argparse.Namespace) -> int:
    from desktop_chat.core.docs.indexer import skip_reason

    store = _store()
    try:
        if args.collection:
            files = store.files(args.collection)
            if args.json:
                print(json.dumps([{"path": f.path, "status": f.status, "passages": f.passages,
                                   "reason": skip_reason(f.reason) or None} for f in files], indent=2,
                                 ensure_ascii=False))
                return 0
            for f in files:
                reason = f" ({skip_reason(f.reason)})" if f.reason else ""
                print(f"{f.status:8}  {f.passages:5}  {f.path}{reason}")
            return 0
        collections = store.collections()
        if args.json:
            print(json.dumps([{"name": c.name, "sources": store.sources(c.name), "files": c.files,
                               "indexed": c.indexed, "skipped": c.skipped, "pending": c.pending,
                               "passages": c.passages, "unfinished": c.indexing_unfinished}
                              for c in collections], indent=2, ensure_ascii=False))
            return 0
        if not collections:
            print("no collections yet: add one with `desktop-chat docs add NAME PATH…`", file=sys.stderr)
        for c in collections:
            state = "  (indexing did not finish: `docs reindex` goes on)" if c.indexing_unfinished else ""
            print(f"{c.name}: {c.files} files ({c.indexed} indexed, {c.skipped} skipped), {c.passages} passages"
                  f"{state}")
    finally:
        store.close()
    return 0


def cmd_docs_search(args: argparse.Namespace) -> int:
    from desktop_chat.core.docs.search import search

    store = _store()
    try:
        result = search(store, [args.collection], args.question, limit=max(1, args.limit))
    finally:
        store.close()
    if args.json:
        print(json.dumps({"terms": result.terms, "seconds": round(result.seconds, 4),
                          "hits": [hit.to_dict() for hit in result.hits]}, indent=2, ensure_ascii=False))
        return 0
    if not result.hits:
        print(f"no passage in {args.collection} holds enough of the question's words ({', '.join(result.terms)})")
    for number, hit in enumerate(result.hits, start=1):
        page = f" page {hit.page}," if hit.page is not None else ""
        print(f"[{number}] {hit.path}:{page} lines {hit.line_start}-{hit.line_end}\n    "
              + " ".join(hit.text.split())[:300])
    return 0


def check_collections(names: list[str]) -> None:
    """BadInput (exit 2) for a collection that does not exist, before any model loads."""
    if not names:
        return
    store = _store()
    try:
        for name in names:
            store.collection(name)
    finally:
        store.close()


def print_sources(retrieval: Any) -> None:
    """After an answer from documents: its numbered sources, or that none matched (stdout)."""
    if retrieval is None:
        return
    if not retrieval.sources:
        print(f"\nSources: no passage in {', '.join(retrieval.collections)} matches this question, so this answer "
              "does not come from your documents.")
        return
    print("\nSources:")
    for source in retrieval.sources:
        page = f", page {source.page}" if source.page is not None else ""
        print(f"[{source.number}] {source.path}{page}, lines {source.line_start}-{source.line_end}: {source.snippet}")
