"""Light and dark themes (Fusion style + palette + one style sheet), following the system when asked to.

Every colour comes from gui/palette.py. The focus ring is drawn by the style sheet, in a colour chosen
to stand out on both themes, and disabled buttons are greyed so that they never look pressable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_chat.gui.palette import Palette, palette_for

THEMES = ("system", "light", "dark")


def effective_theme(choice: str) -> str:
    """'light' or 'dark'; 'system' asks the platform (unknown → light)."""
    if choice in ("light", "dark"):
        return choice
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def colors_for(theme: str) -> Palette:
    return palette_for(theme)


def _qt_palette(p: Palette) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: p.window, QPalette.ColorRole.WindowText: p.text,
        QPalette.ColorRole.Base: p.base, QPalette.ColorRole.AlternateBase: p.alternate_base,
        QPalette.ColorRole.Text: p.text, QPalette.ColorRole.Button: p.button,
        QPalette.ColorRole.ButtonText: p.text, QPalette.ColorRole.Highlight: p.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: p.base,
        QPalette.ColorRole.ToolTipText: p.text, QPalette.ColorRole.PlaceholderText: p.muted,
        QPalette.ColorRole.Link: p.link, QPalette.ColorRole.Mid: p.border,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(p.disabled_text))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(p.disabled_background))
    return palette


def style_sheet(p: Palette, size: int) -> str:
    """The application style sheet for palette `p` and a font of `size` points."""
    return f"""
        QWidget {{ font-size: {size}pt; }}
        QFrame#userBubble {{ background: {p.bubble}; border-radius: 10px; }}
        QFrame#assistantBubble {{ background: {p.base}; border: 1px solid {p.border}; border-radius: 10px; }}
        QFrame#outOfContext {{ background: {p.alternate_base}; border: 1px dashed {p.border}; border-radius: 10px; }}
        QLabel#roleLabel {{ font-weight: bold; }}
        QLabel#badge {{ color: {p.muted}; }}
        QLabel#notice {{ background: {p.notice_background}; color: {p.notice_text}; border-radius: 6px; padding: 6px; }}
        QLabel#errorNotice {{ background: {p.error_background}; color: {p.error_text}; border-radius: 6px;
                              padding: 6px; }}
        QFrame#notice {{ background: {p.notice_background}; border-radius: 6px; }}
        QFrame#notice QLabel {{ color: {p.notice_text}; }}
        QFrame#errorNotice {{ background: {p.error_background}; border-radius: 6px; }}
        QFrame#errorNotice QLabel {{ color: {p.error_text}; }}
        QPushButton {{ background: {p.button}; color: {p.text}; border: 1px solid {p.border};
                       border-radius: 6px; padding: 4px 12px; }}
        QPushButton:hover {{ border-color: {p.accent}; }}
        QPushButton:focus {{ border: 2px solid {p.focus}; padding: 3px 11px; }}
        QPushButton:disabled {{ background: {p.disabled_background}; color: {p.disabled_text};
                                border-color: {p.disabled_background}; }}
        QPushButton#primary {{ background: {p.accent}; color: white; border-color: {p.accent}; }}
        QPushButton#primary:focus {{ border: 2px solid {p.focus}; }}
        QPushButton#primary:disabled {{ background: {p.disabled_background}; color: {p.disabled_text};
                                        border-color: {p.disabled_background}; }}
        QToolButton:focus {{ border: 2px solid {p.focus}; border-radius: 4px; }}
        QToolButton#link {{ border: none; color: {p.accent}; padding: 0 2px; }}
        QToolButton#link:hover {{ text-decoration: underline; }}
        QToolButton#link:focus {{ border: 2px solid {p.focus}; border-radius: 3px; }}
        QToolButton#link:disabled {{ color: {p.disabled_text}; }}
        QFrame#sidebar {{ background: {p.alternate_base}; }}
        QFrame#drawer {{ background: {p.alternate_base}; border-left: 1px solid {p.border}; }}
    """


def apply_theme(app: QApplication, choice: str, font_size: int) -> str:
    """Style the whole application; returns the effective theme ('light' or 'dark')."""
    theme = effective_theme(choice)
    p = palette_for(theme)
    app.setStyle("Fusion")
    app.setPalette(_qt_palette(p))
    size = max(6, min(font_size, 40))
    font = QFont(app.font())
    font.setPointSize(size)
    app.setFont(font)
    # With an application style sheet, the font size must be in it to reach widgets that exist already.
    app.setStyleSheet(style_sheet(p, size))
    return theme
