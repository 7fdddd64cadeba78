"""The colours of each theme, in one place: the Qt palette, the style sheet, the message HTML (Qt rich
text has no CSS variables), charts and status lights all take theirs from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    dark: bool
    window: str
    base: str  # text boxes, message cards
    alternate_base: str  # sidebar, drawers
    text: str
    muted: str
    border: str
    button: str
    accent: str  # primary buttons, focus, selection
    link: str
    code_background: str
    bubble: str  # the user's messages
    focus: str  # the focus ring: clearly visible on `base` and `window`
    disabled_text: str
    disabled_background: str
    notice_background: str
    notice_text: str
    error_background: str
    error_text: str
    success: str
    warning: str
    danger: str
    chart_lines: tuple[str, str, str]  # train loss, eval loss, learning rate
    pygments_style: str


LIGHT = Palette(
    dark=False, window="#f3f4f6", base="#ffffff", alternate_base="#f6f8fa", text="#1f2328", muted="#656d76",
    border="#d0d7de", button="#ffffff", accent="#0969da", link="#0969da", code_background="#f6f8fa", bubble="#e7f0fb",
    focus="#0969da", disabled_text="#8c959f", disabled_background="#eaeef2", notice_background="#fff8c5",
    notice_text="#3d2e00", error_background="#ffebe9", error_text="#82071e", success="#1a7f37", warning="#9a6700",
    danger="#cf222e", chart_lines=("#0969da", "#cf222e", "#8250df"), pygments_style="default",
)
DARK = Palette(
    dark=True, window="#1e2228", base="#0d1117", alternate_base="#161b22", text="#e6edf3", muted="#8d96a0",
    border="#30363d", button="#262c36", accent="#1f6feb", link="#4493f8", code_background="#161b22", bubble="#1c2a3f",
    focus="#f0b72f", disabled_text="#6e7681", disabled_background="#21262d", notice_background="#3b2e0a",
    notice_text="#f8e3a1", error_background="#4a1418", error_text="#ffc1bd", success="#3fb950", warning="#d29922",
    danger="#f85149", chart_lines=("#4493f8", "#f85149", "#bc8cff"), pygments_style="monokai",
)


def palette_for(theme: str) -> Palette:
    return DARK if theme == "dark" else LIGHT
