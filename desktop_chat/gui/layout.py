"""Layout pieces that keep the window usable from 800×600 up."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QComboBox, QSplitter, QWidget

# What a window frame and a panel take from the screen's free area, at most.
FRAME_ROOM = QSize(40, 60)


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


def screen_room(widget: QWidget) -> QSize | None:
    """The room a dialog of `widget`'s screen has: its free area less FRAME_ROOM (None without a screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() - FRAME_ROOM if screen is not None else None


def fit_within(dialog: QWidget, room: QSize | None) -> None:
    """Size `dialog` to show all it holds, no larger than `room`: as wide as it asks for or `room`
    allows, then as tall as that width needs (wrapped text grows taller as it narrows). Qt's own
    first size stops at two thirds of the screen, which cut the welcome text short on 800×600."""
    hint = dialog.sizeHint()
    width = hint.width() if room is None else min(hint.width(), room.width())
    height = max(hint.height(), dialog.heightForWidth(width)) if dialog.hasHeightForWidth() else hint.height()
    dialog.resize(width, height if room is None else min(height, room.height()))
