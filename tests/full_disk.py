"""A full disk for the chat history, made by SQLite itself: the file may not grow by one page any more
(`PRAGMA max_page_count`), so writes fail with a real SQLITE_FULL, as they do on a full file system."""

from __future__ import annotations

NO_LIMIT = 1073741823


def fill_disk(store) -> None:
    """From now on, any write that needs a new page fails ("database or disk is full")."""
    store.db.execute("VACUUM")  # no free pages left to reuse: a write bigger than a page must grow the file
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(store) -> None:
    store.db.execute(f"PRAGMA max_page_count = {NO_LIMIT}")
