"""Light and dark themes (Fusion style + palette), following the system when asked to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_chat.gui.chat.render import DARK, LIGHT, Colors

THEMES = ("system", "light", "dark")


def effective_theme(choice: str) -> str:
    """'light' or 'dark'; 'system' asks the platform (unknown → light)."""
    if choice in ("light", "dark"):
        return choice
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def colors_for(theme: str) -> Colors:
    return DARK if theme == "dark" else LIGHT


def _palette(theme: str) -> QPalette:
    palette = QPalette()
    if theme == "dark":
        roles = {
            QPalette.ColorRole.Window: "#1e2228", QPalette.ColorRole.WindowText: "#e6edf3",
            QPalette.ColorRole.Base: "#0d1117", QPalette.ColorRole.AlternateBase: "#161b22",
            QPalette.ColorRole.Text: "#e6edf3", QPalette.ColorRole.Button: "#262c36",
            QPalette.ColorRole.ButtonText: "#e6edf3", QPalette.ColorRole.Highlight: "#1f6feb",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#262c36",
            QPalette.ColorRole.ToolTipText: "#e6edf3", QPalette.ColorRole.PlaceholderText: "#8d96a0",
            QPalette.ColorRole.Link: "#4493f8", QPalette.ColorRole.Mid: "#30363d",
        }
    else:
        roles = {
            QPalette.ColorRole.Window: "#f3f4f6", QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f6f8fa",
            QPalette.ColorRole.Text: "#1f2328", QPalette.ColorRole.Button: "#ffffff",
            QPalette.ColorRole.ButtonText: "#1f2328", QPalette.ColorRole.Highlight: "#0969da",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#ffffff",
            QPalette.ColorRole.ToolTipText: "#1f2328", QPalette.ColorRole.PlaceholderText: "#6e7781",
            QPalette.ColorRole.Link: "#0969da", QPalette.ColorRole.Mid: "#d0d7de",
        }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8d96a0"))
    return palette


def apply_theme(app: QApplication, choice: str, font_size: int) -> str:
    """Style the whole application; returns the effective theme ('light' or 'dark')."""
    theme = effective_theme(choice)
    app.setStyle("Fusion")
    app.setPalette(_palette(theme))
    size = max(6, min(font_size, 40))
    font = QFont(app.font())
    font.setPointSize(size)
    app.setFont(font)
    accent = "#1f6feb" if theme == "dark" else "#0969da"
    bubble = "#1c2a3f" if theme == "dark" else "#e7f0fb"
    border = colors_for(theme).border
    # With an application style sheet, the font size must be in it to reach widgets that exist already.
    app.setStyleSheet(f"""
        QWidget {{ font-size: {size}pt; }}
        QFrame#userBubble {{ background: {bubble}; border-radius: 10px; }}
        QFrame#assistantBubble {{ background: palette(base); border: 1px solid {border}; border-radius: 10px; }}
        QFrame#outOfContext {{ background: palette(alternate-base); border: 1px dashed {border}; border-radius: 10px; }}
        QLabel#roleLabel {{ font-weight: bold; }}
        QLabel#badge {{ color: palette(placeholder-text); }}
        QLabel#notice {{ background: #fff8c5; color: #3d2e00; border-radius: 6px; padding: 6px; }}
        QLabel#errorNotice {{ background: #ffebe9; color: #82071e; border-radius: 6px; padding: 6px; }}
        QFrame#notice {{ background: #fff8c5; border-radius: 6px; }}
        QFrame#notice QLabel {{ color: #3d2e00; }}
        QFrame#errorNotice {{ background: #ffebe9; border-radius: 6px; }}
        QFrame#errorNotice QLabel {{ color: #82071e; }}
        QPushButton#primary {{ background: {accent}; color: white; border-radius: 6px; padding: 6px 14px; }}
        QPushButton#primary:disabled {{ background: palette(mid); }}
        QToolButton#link {{ border: none; color: {accent}; padding: 0 2px; }}
        QToolButton#link:hover {{ text-decoration: underline; }}
        QFrame#sidebar {{ background: palette(alternate-base); }}
        QFrame#drawer {{ background: palette(alternate-base); border-left: 1px solid {border}; }}
    """)
    return theme
