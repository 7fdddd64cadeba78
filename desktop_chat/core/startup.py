"""Opening the chat history the way a running desktop-chat does: one instance lock per data folder,
crash recovery and clean-up only for the first instance, and what the user should be told about it.

The window, the CLI and the server all start through `open_history`, so none of them marks another
running instance's live reply as interrupted or purges what it still shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from filelock import FileLock, Timeout

from desktop_chat.core import paths
from desktop_chat.core.conversations import ConversationStore
from desktop_chat.core.errors import HistoryError
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, plural, translate

log = logging.getLogger(__name__)

LOCK_NAME = "desktop-chat.lock"


@dataclass
class Notice:
    """Something to tell the user once, with a stable key (so a newer notice of the same kind replaces it)."""

    key: str
    text: str
    error: bool = False


@dataclass
class OpenedHistory:
    """The store, whether this process is the first instance, and the notices start-up produced."""

    store: ConversationStore
    first_instance: bool
    notices: list[Notice] = field(default_factory=list)
    _lock: FileLock | None = None

    def finish_recovery(self) -> list[Notice]:
        """Retry a recovery that could not be written at start-up (e.g. the file was locked); the
        notices it produces now (empty while it still cannot be written)."""
        if not self.store.recovery_pending:
            return []
        found = self.store.recover()
        if self.store.recovery_pending:
            return []
        self._purge()
        return [interrupted_notice(found)] if found else []

    def _purge(self) -> None:
        try:
            purged = self.store.purge_deleted() + self.store.purge_empty()
        except HistoryError as exc:  # nothing is lost by purging later
            log.warning("clean-up postponed: %s", exc)
            return
        log.debug("purged %d deleted or empty conversations", purged)

    def close(self) -> None:
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def interrupted_notice(count: int) -> Notice:
    text = plural(count, QT_TRANSLATE_NOOP("Core", "A reply was cut off when the app last closed; it is kept, marked "
                                           "“interrupted”, and Continue carries it on."),
                  QT_TRANSLATE_NOOP("Core", "%n replies were cut off when the app last closed; they are kept, marked "
                                    "“interrupted”, and Continue carries them on."))
    return Notice("interrupted", text)


def open_history() -> OpenedHistory:
    """Open the history of the current data folder (raises HistoryError when it cannot be opened at all)."""
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    candidate = FileLock(str(folder / LOCK_NAME))
    lock: FileLock | None = candidate
    try:
        candidate.acquire(timeout=0)
    except Timeout:
        lock = None
    first = lock is not None
    try:
        store = ConversationStore(recover=first)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    opened = OpenedHistory(store, first, _lock=lock)
    notices = opened.notices
    if not first:
        notices.append(Notice("second-instance", translate("Core", "desktop-chat is already open in another window. "
                                                           "Both work, but each loads its own model, and chats "
                                                           "changed in one appear in the other only after a "
                                                           "restart.")))
    if store.notice:
        notices.append(Notice("history-file", store.notice, error=True))
    if first and store.recovery_pending:
        notices.append(Notice("history-recovery", fill(translate("Core", "Replies cut off when the app last closed "
                                                                 "could not be marked yet: %1. desktop-chat tries "
                                                                 "again in a moment."), store.recovery_error),
                              error=True))
    elif first:
        opened._purge()
        if store.interrupted:
            notices.append(interrupted_notice(store.interrupted))
    return opened
