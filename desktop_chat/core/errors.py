"""Errors that reach the user. Each message says what went wrong, where, and how to fix it.

A message is a template with %1, %2… and its values, so that the window can show it in its language:
raise `BadInput(translate("Core", "no file %1"), path)` (core/i18n.py). The template is kept with the
error (`template`, `values`), so an error that crosses a process (the fine-tune worker's events) is
translated where it is shown.
"""

from __future__ import annotations

from typing import Any

from desktop_chat.core.i18n import fill, translate


def short_reason(exc: BaseException) -> str:
    """The first line of an exception's message, at most 300 characters (for one-line errors)."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


class DesktopChatError(Exception):
    """Base class for errors shown to the user as one clear line (CLI exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, *values: object):
        self.template = message
        self.values = tuple(str(v) for v in values)
        super().__init__(fill(message, *self.values) if values else message)

    def record(self) -> dict[str, Any]:
        """The message as an event carries it: the text, and the template and values to translate it."""
        return {"message": str(self), "template": self.template, "values": list(self.values)}


class BadInput(DesktopChatError):
    """The user asked for something invalid: bad arguments, files or names (CLI exit code 2)."""

    exit_code = 2


class ModelNotFound(BadInput):
    """A model name that is not in the library."""

    def __init__(self, name: str, installed: list[str]):
        self.name = name
        self.installed = installed
        if installed:
            super().__init__(translate("Core", "no model named '%1' in the library (installed: %2); see "
                                       "`desktop-chat models list`"), name, ", ".join(installed))
        else:
            super().__init__(translate("Core", "no model named '%1' in the library (none is installed); see "
                                       "`desktop-chat models list`"), name)


class ModelLoadError(BadInput):
    """A model that exists but cannot be loaded (missing or corrupt files, unsupported format).

    Exit code 2: the fix is in the user's hands (re-import or remove the model).
    """


class OutOfMemory(DesktopChatError):
    """The device ran out of memory while loading or generating."""


class ContextOverflow(BadInput):
    """The conversation does not fit in the model's context and the policy says stop and ask."""

    def __init__(self, message: str, *values: object, needed: int, limit: int, droppable: int):
        self.needed = needed
        self.limit = limit
        self.droppable = droppable
        super().__init__(message, *values)


class HistoryError(DesktopChatError):
    """The chat history file could not be written or opened: the disk is full, another program holds
    a lock on it, or the file system refuses. Nothing is wrong with the history itself, so it is never
    moved aside for this; what could not be saved is kept and retried (see core.save_queue)."""

    def __init__(self, message: str, reason: str, detail: str | None = None):
        self.reason = reason  # "full" | "locked" | "readonly" | "io"
        self.detail = detail or message  # what is wrong and what to do, without "could not be saved"
        super().__init__(message)
