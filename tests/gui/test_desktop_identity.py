"""The window tells the desktop which menu entry it belongs to (its icon and name in the task bar
and on Wayland come from that entry)."""

from __future__ import annotations

from tests.core.test_packaging_metadata import APP_ID, DESKTOP


def test_the_window_names_the_desktop_entry_the_deb_installs():
    from desktop_chat.gui.app import APP_ID as WINDOW_APP_ID

    assert WINDOW_APP_ID == APP_ID and DESKTOP.is_file()
