"""Labels for text that comes from outside the program (titles, model output, error messages, paths).

A QLabel guesses whether its text is rich text, and rich text loads `<img src=…>` from disk on the
GUI thread: a chat titled `<img src="file:///dev/zero">` would hang the window. Text that is not
written by this program is therefore always shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", *, object_name: str | None = None, accessible_name: str | None = None,
                wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if object_name:
        label.setObjectName(object_name)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    label.setWordWrap(wrap)
    return label
