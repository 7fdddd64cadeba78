"""Icons from desktop_chat/resources/icons: the app's own (PNG sizes + SVG) and line icons for the UI,
drawn in the theme's text colour (no emoji: they are boxes on machines without an emoji font)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
INK = "#000000"  # the colour the UI icons are drawn in, replaced by the theme's


def _icon_file(name: str) -> bytes:
    return resources.files("desktop_chat.resources").joinpath("icons", name).read_bytes()


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    icon = QIcon()
    for size in APP_ICON_SIZES:
        image = QImage.fromData(_icon_file(f"desktop-chat-{size}.png"))
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


@lru_cache(maxsize=64)
def ui_icon(name: str, color: str) -> QIcon:
    """The line icon `name` (e.g. "chats") drawn in `color`, sharp at the usual sizes and at 2×."""
    svg = _icon_file(f"{name}.svg").decode("utf-8").replace(INK, color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in (16, 20, 24, 32, 40, 48, 64):
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon
