"""`desktop-chat docs …`: document collections from the command line (add, list, rm, reindex,
search), and the sources `ask --docs` prints after its answer. Output is English (a scripting
contract); progress goes to stderr."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
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
    embed = actions.add_parser("embed", help="search a collection by meaning too, with an embedding model of the "
                                             "library (sentence-transformers format), and make its vectors")
    embed.add_argument("collection")
    embed.add_argument("model", nargs="?", help="the embedding model's name in the library")
    embed.add_argument("--off", action="store_true", help="search by words only again")
    embed.set_defaults(func=cmd_docs_embed)
    search = actions.add_parser("search", help="the passages a question finds (no chat model involved)")
    search.add_argument("collection")
    search.add_argument("question")
    search.add_argument("--limit", type=int, default=4, help="at most this many passages (default 4)")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(func=cmd_docs_search)


def _store() -> Any:
    from desktop_chat.core.docs.store import DocsStore

    return DocsStore()


def _index(store: Any, name: str, first: Any = None) -> Any:
    """Index `name` in this process with progress on stderr (after `first()`, under the same lock); the
    summary."""
    from filelock import Timeout

    from desktop_chat.core.docs.indexer import index_collection, index_lock
    from desktop_chat.core.progress import TerminalProgress

    display = TerminalProgress(sys.stderr, f"indexing {name}")

    def show(progress: Any) -> None:
        if progress.stage == "scanning":
            display("looking for files", None)
        elif progress.stage == "embedding" and progress.total:
            display(f"{progress.done} of {progress.total} passages by meaning", progress.done / progress.total)
        elif progress.total:
            display(f"{progress.done} of {progress.total} files {Path(progress.path).name}".rstrip(),
                    progress.done / progress.total)

    try:
        with index_lock(store, name).acquire(timeout=0.5):
            if first is not None:
                first()
            summary = index_collection(store, name, show)
    except Timeout:
        raise BadInput(f"'{name}' is being indexed by another process (the window?); try again when it is done") \
            from None
    finally:
        display.finish()
    skipped = f", {summary.skipped} skipped (see `desktop-chat docs list {name}`)" if summary.skipped else ""
    collection = store.collection(name)
    vectors = f", {summary.vectors} with vectors of {collection.embedding_model}" if collection.embedding_model \
        else ""
    print(f"{name}: {summary.files} files, {summary.read} read now, {summary.passages} passages{vectors}{skipped} "
          f"({summary.seconds:.1f} s)", file=sys.stderr)
    if summary.embedding_error:
        print(f"warning: searched by words only for now: {summary.embedding_error['message']}", file=sys.stderr)
    return summary


def cmd_docs_add(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.paths if not p.expanduser().exists()]
    if missing:
        raise BadInput(f"no such file or folder: {', '.join(missing)}")
    with closing(_store()) as store:
        store.add_collection(args.collection)
        store.add_sources(args.collection, args.paths)
        _index(store, args.collection)
    return 0


def cmd_docs_reindex(args: argparse.Namespace) -> int:
    with closing(_store()) as store:
        store.collection(args.collection)
        _index(store, args.collection)
    return 0


def cmd_docs_embed(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library

    if args.off == bool(args.model):
        raise BadInput("name an embedding model (see `desktop-chat models list`), or pass --off")
    with closing(_store()) as store:
        store.collection(args.collection)
        if args.off:
            store.set_embedding_model(args.collection, None)  # searches stop using vectors at once
            print(f"{args.collection} is searched by words only", file=sys.stderr)
            return 0
        library = Library()
        info = library.get(args.model)
        if not info.is_embedding:
            embedding = [m.name for m in library.list() if m.is_embedding]
            raise BadInput(f"'{args.model}' is not an embedding model (a sentence-transformers model with a "
                           f"modules.json); embedding models in the library: {', '.join(embedding) or 'none'}")
        # Under the index lock: a window reading the collection now would go on with the old model.
        summary = _index(store, args.collection, lambda: store.set_embedding_model(args.collection, args.model))
        if summary.embedding_error:
            raise BadInput(f"{args.collection} stays searchable by words only: "
                           f"{summary.embedding_error['message']}")
    return 0


def cmd_docs_rm(args: argparse.Namespace) -> int:
    with closing(_store()) as store:
        if not args.paths:
            store.remove_collection(args.collection)
            print(f"removed the collection {args.collection} (your files are untouched)", file=sys.stderr)
            return 0
        removed = store.remove_sources(args.collection, args.paths)
        if not removed:
            raise BadInput(f"none of these was added to {args.collection}; its files and folders: "
                           f"{', '.join(store.sources(args.collection)) or 'none'}")
        print(f"removed {removed} of {len(args.paths)} from {args.collection}", file=sys.stderr)
    return 0


def cmd_docs_list(args: argparse.Namespace) -> int:
    from desktop_chat.core.docs.indexer import skip_reason

    with closing(_store()) as store:
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
                               "passages": c.passages, "unfinished": c.indexing_unfinished,
                               "embedding_model": c.embedding_model, "vectors": c.vectors}
                              for c in collections], indent=2, ensure_ascii=False))
            return 0
        if not collections:
            print("no collections yet: add one with `desktop-chat docs add NAME PATH…`", file=sys.stderr)
        for c in collections:
            state = "  (indexing did not finish: `docs reindex` goes on)" if c.indexing_unfinished else ""
            meaning = f", by meaning with {c.embedding_model} ({c.vectors} vectors)" if c.embedding_model else ""
            print(f"{c.name}: {c.files} files ({c.indexed} indexed, {c.skipped} skipped), {c.passages} passages"
                  f"{meaning}{state}")
    return 0


def cmd_docs_search(args: argparse.Namespace) -> int:
    from desktop_chat.core.docs.search import search

    with closing(_store()) as store:
        result = search(store, [args.collection], args.question, limit=max(1, args.limit))
        store_has_vectors = store.collection(args.collection).vectors > 0
    if args.json:
        print(json.dumps({"terms": result.terms, "seconds": round(result.seconds, 4),
                          "hits": [hit.to_dict() for hit in result.hits]}, indent=2, ensure_ascii=False))
        return 0
    if not result.hits:
        print(f"no passage in {args.collection} holds enough of the question's words ({', '.join(result.terms)})"
              + (" or stands out by meaning" if store_has_vectors else ""))
    for number, hit in enumerate(result.hits, start=1):
        page = f" page {hit.page}," if hit.page is not None else ""
        how = " and ".join("by words" if way == "words" else f"by meaning ({hit.similarity or 0.0:.2f})"
                           for way in hit.found_by)
        print(f"[{number}] {hit.path}:{page} lines {hit.line_start}-{hit.line_end}, found {how}\n    "
              + " ".join(hit.text.split())[:300])
    return 0


def check_collections(names: list[str]) -> None:
    """BadInput (exit 2) for a collection that does not exist, before any model loads."""
    if not names:
        return
    with closing(_store()) as store:
        for name in names:
            store.collection(name)


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
