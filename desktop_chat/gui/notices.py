"""The window's notices: each one a row with its own Dismiss (and actions), stacked newest last, so a
model-load failure never hides the "replies were cut off" notice shown before it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_chat.gui.labels import plain_label


@dataclass
class _Row:
    frame: QFrame
    label: QLabel
    shape: tuple[bool, tuple[str, ...]]  # error?, action captions: a notice of the same shape is updated in place
    buttons: list[QPushButton] = field(default_factory=list)


class NoticeStack(QWidget):
    """Notices keyed by kind: showing a key again updates that notice in place."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, margins: tuple[int, int, int, int] = (8, 6, 8, 0)):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Notices"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(*margins)
        self._layout.setSpacing(4)
        self._rows: dict[str, _Row] = {}
        self._count = 0
        self.hide()

    def show_notice(self, text: str, *, key: str | None = None, error: bool = False,
                    actions: list[tuple[str, Callable[[], None]]] | None = None) -> str:
        """Show `text` (replacing the notice with the same key, if any); returns the key."""
        if key is None:
            self._count += 1
            key = f"notice-{self._count}"
        shape = (error, tuple(caption for caption, _slot in actions or []))
        existing = self._rows.get(key)
        if existing is not None and existing.shape == shape:
            existing.label.setText(text)  # in place: no flicker, and focus stays on its buttons
            return key
        self.dismiss(key)
        frame = QFrame()
        frame.setObjectName("errorNotice" if error else "notice")
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 4, 4)
        label = plain_label(text, wrap=True, accessible_name=self.tr("Error notice") if error else self.tr("Notice"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(label, 1)
        buttons = []
        for caption, slot in actions or []:
            button = QPushButton(caption)
            button.setAccessibleName(caption)
            button.clicked.connect(slot)
            row.addWidget(button)
            buttons.append(button)
        dismiss = QPushButton(self.tr("Dismiss"))
        dismiss.setAccessibleName(self.tr("Dismiss notice"))
        dismiss.clicked.connect(lambda: self.dismiss(key))
        row.addWidget(dismiss)
        buttons.append(dismiss)
        self._layout.addWidget(frame)
        self._rows[key] = _Row(frame, label, shape, buttons)
        self.show()
        self.changed.emit()
        return key

    def dismiss(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is None:
            return
        row.frame.setParent(None)
        row.frame.deleteLater()
        self.setVisible(bool(self._rows))
        self.changed.emit()

    def has(self, key: str) -> bool:
        return key in self._rows

    def keys(self) -> list[str]:
        return list(self._rows)

    def text(self, key: str | None = None) -> str:
        """The text of one notice, or of all of them (one per line)."""
        rows = [self._rows[key]] if key is not None and key in self._rows else \
            ([] if key is not None else list(self._rows.values()))
        return "\n".join(row.label.text() for row in rows)

    def buttons(self, key: str) -> list[QPushButton]:
        """The notice's action buttons, then its Dismiss button."""
        return list(self._rows[key].buttons) if key in self._rows else []
