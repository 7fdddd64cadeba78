"""Buttons that say why they cannot be pressed: a disabled button's tooltip gives the reason, and its
usual tooltip comes back once it is enabled."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

_USUAL_TIP = "usualToolTip"


def enable(button: QWidget, enabled: bool, why_not: str = "") -> None:
    """Enable `button`, or disable it with `why_not` as its tooltip (a whole sentence)."""
    usual = button.property(_USUAL_TIP)
    if usual is None:
        usual = button.toolTip()
        button.setProperty(_USUAL_TIP, usual)
    button.setEnabled(enabled)
    button.setToolTip(usual if enabled or not why_not else why_not)
