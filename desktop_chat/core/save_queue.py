"""Changes to the chat history that must not be lost when the file refuses them for a while (disk full,
locked by another program): kept in memory, merged, and written in order once the store takes them.

The window routes every change to a reply (its growing text, its outcome) and to a conversation's
settings through one SaveQueue. While anything waits here, nothing may claim the chats are saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desktop_chat.core.conversations import ConversationSettings, ConversationStore, StoredMessage
from desktop_chat.core.errors import HistoryError

log = logging.getLogger(__name__)


class SaveQueue:
    """Pending writes to one store, keyed so that a newer change to the same thing replaces an older one."""

    def __init__(self, store: ConversationStore):
        self.store = store
        self._pending: dict[tuple[str, int], dict[str, Any]] = {}
        self.error: HistoryError | None = None  # why the last write failed; None once everything is saved
        # Called after a change was queued or written while writes fail, and when they work again.
        self.on_change: Callable[[], None] | None = None

    # ----------------------------------------------------------------------------- changes

    def update_message(self, message_id: int, *, content: str | None = None, status: str | None = None,
                       stats: dict[str, Any] | None = None, model: str | None = None) -> bool:
        """Save these fields of a message now, or keep them until the store accepts them. True when saved."""
        fields = {k: v for k, v in (("content", content), ("status", status), ("stats", stats), ("model", model))
                  if v is not None}
        self._pending.setdefault(("message", message_id), {}).update(fields)
        return self._write_soon()

    def delete_message(self, message_id: int) -> bool:
        """Remove a message that has no replies (a reply stopped before it wrote anything)."""
        self._pending.pop(("message", message_id), None)
        self._pending[("delete", message_id)] = {}
        return self._write_soon()

    def update_settings(self, conversation_id: int, settings: ConversationSettings) -> bool:
        self._pending[("settings", conversation_id)] = {"settings": settings}
        return self._write_soon()

    def _write_soon(self) -> bool:
        # While the store refuses writes, changes only queue up: retrying on every streamed delta would
        # wait out the lock timeout each time. `retry()` (on a timer) and `flush()` (on close) write them.
        if self.error is None:
            return self.flush()
        self._changed()
        return False

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    # ----------------------------------------------------------------------------- state

    @property
    def empty(self) -> bool:
        return not self._pending

    def message_fields(self, message_id: int) -> dict[str, Any]:
        """The not-yet-saved fields of a message (what the window shows instead of the stored ones)."""
        return dict(self._pending.get(("message", message_id), {}))

    def apply(self, messages: list[StoredMessage]) -> list[StoredMessage]:
        """`messages` (from the store) with the changes still waiting here applied: what the user sees."""
        for message in messages:
            for name, value in self._pending.get(("message", message.id), {}).items():
                setattr(message, name, value)
        return messages

    def settings_for(self, conversation_id: int) -> ConversationSettings | None:
        pending = self._pending.get(("settings", conversation_id))
        return pending["settings"] if pending else None

    def unsaved_characters(self) -> int:
        """How much text waits: reply text, and the system prompts of unsaved settings."""
        total = 0
        for (kind, _id), fields in self._pending.items():
            if kind == "message":
                total += len(fields.get("content") or "")
            elif kind == "settings":
                total += len(fields["settings"].system_prompt)
        return total

    def unsaved_text(self) -> str:
        """Everything that waits, as Markdown (for "Save a copy…" when the disk never frees up)."""
        parts = []
        for (kind, key), fields in self._pending.items():
            if kind == "message" and fields.get("content"):
                parts.append(f"## Message {key}\n\n{fields['content']}\n")
            elif kind == "settings" and fields["settings"].system_prompt:
                parts.append(f"## System prompt of conversation {key}\n\n{fields['settings'].system_prompt}\n")
        return "\n".join(parts)

    # ----------------------------------------------------------------------------- writing

    def retry(self) -> bool:
        """`flush()` without waiting for another program's lock (for a timer on the GUI thread)."""
        with self.store.not_waiting():
            return self.flush()

    def flush(self) -> bool:
        """Write what waits, oldest first; stop at the first refusal. True when nothing waits any more."""
        while self._pending:
            key, fields = next(iter(self._pending.items()))
            try:
                self._write(key, fields)
            except HistoryError as exc:
                if self.error is None:
                    log.warning("keeping unsaved chat changes in memory: %s", exc)
                self.error = exc
                self._changed()
                return False
            except KeyError:  # the message or conversation was deleted meanwhile: nothing to save
                log.debug("dropping a change to %s, which no longer exists", key)
            if self._pending.get(key) is fields:
                del self._pending[key]
        if self.error is not None:
            self.error = None
            self._changed()
        return True

    def _write(self, key: tuple[str, int], fields: dict[str, Any]) -> None:
        kind, ident = key
        if kind == "message":
            self.store.get_message(ident)  # KeyError when it is gone
            self.store.update_message(ident, **fields)
        elif kind == "delete":
            try:
                self.store.delete_message(ident)
            except ValueError:  # it has replies by now: keep it
                pass
        else:
            self.store.update_settings(ident, fields["settings"])
