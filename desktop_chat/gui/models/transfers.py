"""One download, import or merge in progress on the Models page: title, bar, status and buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.core.library.memory import gb, params_text
from desktop_chat.gui.labels import ElidedLabel, plain_label


def human_params(n: int | None) -> str:
    return params_text(n) if n else "—"


def human_size(n: int | None) -> str:
    return gb(n) if n else "—"


# The buttons' labels, as callers name them (`set_buttons(Try_again=…)`): shown translated.
BUTTON_LABELS = (QT_TRANSLATE_NOOP("TransferRow", "Resume"), QT_TRANSLATE_NOOP("TransferRow", "Discard"),
                 QT_TRANSLATE_NOOP("TransferRow", "Try again"), QT_TRANSLATE_NOOP("TransferRow", "Dismiss"),
                 QT_TRANSLATE_NOOP("TransferRow", "Cancel"))


class TransferRow(QFrame):
    """One download or import: a title, a progress bar, a status line and its buttons."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("assistantBubble")
        self.title = ElidedLabel(title)  # a long path is cut in the middle: the window never grows for it
        self.title.setObjectName("roleLabel")
        self.bar = QProgressBar()
        self.bar.setAccessibleName(fill(self.tr("Progress of %1"), title))
        self.bar.setRange(0, 1000)
        self.status = plain_label(object_name="badge", wrap=True)  # error texts name paths and repos
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(self.buttons)
        self._buttons: dict[str, QPushButton] = {}

    def set_progress(self, text: str, fraction: float | None) -> None:
        self.status.setText(text)
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(max(0.0, min(fraction, 1.0)) * 1000))

    def set_buttons(self, **actions: Any) -> None:
        """Replace the buttons: label=callback pairs (label underscores become spaces)."""
        for button in self._buttons.values():
            button.setParent(None)
            button.deleteLater()
        self._buttons = {}
        for label, callback in actions.items():
            english = label.replace("_", " ")
            button = QPushButton(self.tr(english))
            button.setAccessibleName(fill(self.tr("%1 %2", "a button's label and what it acts on"), self.tr(english),
                                          self.title.text()))
            button.clicked.connect(callback)
            self.buttons.addWidget(button)
            self._buttons[english] = button  # found by its English label, whatever the window's language

    def button(self, label: str) -> QPushButton | None:
        return self._buttons.get(label)
