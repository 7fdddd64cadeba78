"""The window's pages, declared once: the button, the menu entry and its shortcut, and how the page is
made (on first use: the Models and Fine-tune pages are not built until someone opens them).

A page other than the chats is a QWidget with
- `library_changed` (a Signal): it changed the model library;
- `mark_stale()`: the library changed elsewhere; refresh now if shown, else when next shown;
- optionally `set_palette(palette)`, `shutdown()` and `chat_requested` (Signal(str)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP
from desktop_chat.gui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English; `label` is what the window shows
    icon: str
    shortcut: str
    create: Callable[[AppContext], QWidget] | None  # None: the chats, which the window itself holds

    @property
    def label(self) -> str:
        """The title in the window's language."""
        return QCoreApplication.translate("Pages", self.title)


def _models_page(context: AppContext) -> QWidget:
    from desktop_chat.gui.models.page import ModelsPage

    return ModelsPage(context)


def _finetune_page(context: AppContext) -> QWidget:
    from desktop_chat.gui.finetune.page import FinetunePage

    return FinetunePage(context)


def _feedback_page(context: AppContext) -> QWidget:
    from desktop_chat.gui.feedback.page import FeedbackPage

    return FeedbackPage(context)


def _docs_page(context: AppContext) -> QWidget:
    from desktop_chat.gui.docs.page import DocumentsPage

    return DocumentsPage(context)


PAGES = (
    PageSpec("chats", QT_TRANSLATE_NOOP("Pages", "Chats"), "chats", "Ctrl+1", None),
    PageSpec("models", QT_TRANSLATE_NOOP("Pages", "Models"), "models", "Ctrl+2", _models_page),
    PageSpec("finetune", QT_TRANSLATE_NOOP("Pages", "Fine-tune"), "finetune", "Ctrl+3", _finetune_page),
    PageSpec("feedback", QT_TRANSLATE_NOOP("Pages", "Feedback"), "feedback", "Ctrl+4", _feedback_page),
    PageSpec("docs", QT_TRANSLATE_NOOP("Pages", "Documents"), "docs", "Ctrl+5", _docs_page),
)
