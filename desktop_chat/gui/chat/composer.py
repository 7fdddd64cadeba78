"""Where the user writes: Enter sends, Shift+Enter starts a new line, Tab moves on (Ctrl+Tab types a tab)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class Composer(QPlainTextEdit):
    submitted = Signal(str)
    files_dropped = Signal(list)  # paths of local files dropped on the box: documents for the conversation

    MAX_LINES = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Message the model…  (Enter to send, Shift+Enter for a new line)"))
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self.document().contentsChanged.connect(self._fit_height)
        self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.insertPlainText("\t")  # code pasted into a question keeps its tabs; plain Tab leaves the box
            event.accept()
            return
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            text = self.toPlainText()
            if text.strip():
                self.submitted.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        return bool(local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        files = local_files(source)
        if files:
            self.files_dropped.emit(files)  # not their paths as text: the conversation reads them
        else:
            super().insertFromMimeData(source)

    def _fit_height(self, *_: Any) -> None:
        lines = max(1, min(self.document().lineCount(), self.MAX_LINES))
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        height = lines * metrics.lineSpacing() + int(self.document().documentMargin() * 2) + margins.top() \
            + margins.bottom() + 4
        self.setFixedHeight(max(height, metrics.lineSpacing() * 2 + 12))


def local_files(mime: QMimeData) -> list[str]:
    """The local files (not folders of web addresses) a drag or a paste carries."""
    from pathlib import Path

    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and Path(url.toLocalFile()).is_file()]
