"""The Feedback page: the training data collected from chats, and the blind A/B arena."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_chat.gui.context import AppContext
from desktop_chat.gui.feedback.arena import ArenaPanel
from desktop_chat.gui.feedback.pairs import TrainingPairsPanel


class FeedbackPage(QWidget):
    library_changed = Signal()  # part of the page interface; this page never changes the library
    train_requested = Signal(str, list, str)  # base model, data files, a name for the result

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pairs = TrainingPairsPanel(context)
        self.arena = ArenaPanel(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pairs, self.tr("Training pairs"))
        self.tabs.addTab(self.arena, self.tr("Arena"))
        self.tabs.setAccessibleName(self.tr("Feedback"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.pairs.train_requested.connect(self.train_requested)
        self.arena.voted.connect(self.pairs.refresh)  # a decided vote is a preference pair
        self._stale = True

    def mark_stale(self) -> None:
        """Feedback or the library changed elsewhere: refresh now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.pairs.refresh()
        self.arena.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def shutdown(self) -> None:
        self.arena.shutdown()
