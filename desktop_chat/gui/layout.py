"""Layout pieces that keep the window usable from 800×600 up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QSplitter, QWidget


class ResponsiveSplitter(QSplitter):
    """Side by side when there is room (at least `side_by_side_width` pixels), one above the other when
    there is not, so that nothing is drawn over its neighbour or pushed off the window."""

    def __init__(self, side_by_side_width: int, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.side_by_side_width = side_by_side_width
        self.setChildrenCollapsible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        wanted = (Qt.Orientation.Horizontal if event.size().width() >= self.side_by_side_width
                  else Qt.Orientation.Vertical)
        if self.orientation() != wanted:
            self.setOrientation(wanted)
        super().resizeEvent(event)


def narrow_combo(combo: QComboBox, characters: int) -> QComboBox:
    """`combo` as wide as `characters` characters at least, never as wide as its longest item (a long
    model name must not widen a page beyond a small screen); the list still shows whole names."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo
