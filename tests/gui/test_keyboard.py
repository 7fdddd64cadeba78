"""The window with the keyboard alone: Tab reaches every enabled control of each page and leaves every
text box and table (no keyboard traps), Ctrl+Tab types a tab where one is meaningful, and disabled
buttons say why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QLabel, QPlainTextEdit, QPushButton, QTextEdit, QWidget,
)

from tests.gui.conftest import wait_model


def _focus_target(widget: QWidget) -> QWidget:
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def _tab_stops(window) -> set[QWidget]:
    """The controls a keyboard user must be able to reach: shown, enabled, and taking focus by Tab.

    Of a group of exclusive buttons (the page buttons) Tab stops at the checked one, as Qt does for radio
    buttons: the arrow keys move within the group.
    """
    stops = set()
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QAbstractButton) and widget.autoExclusive() and not widget.isChecked():
            continue
        if (widget.isVisible() and widget.isEnabled() and widget.window() is window
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
                and widget.visibleRegion().boundingRect().height() > 0):
            stops.add(widget)
    return stops


def _walk(qtbot, window, presses: int) -> list[QWidget]:
    """Press Tab `presses` times from where the focus is; the widget focused after each press."""
    seen = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        seen.append(_focus_target(QApplication.focusWidget()))
    return seen


@pytest.mark.parametrize("page", ["chats", "models", "finetune", "feedback", "docs"])
def test_tab_reaches_every_control_and_leaves_every_text_box_and_table(qtbot, window, page):
    wait_model(qtbot, window)
    window.resize(1280, 800)
    store = window.context.store
    chat = store.create_conversation()
    store.add_message(chat, "user", "Where are the docs?")
    store.add_message(chat, "assistant", "See [the guide](https://example.com/guide) and:\n\n```python\nx = 1\n```")
    window.open_conversation(chat)  # message cards with links and a code block's Copy link on the Chats page
    getattr(window, f"show_{page}")()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    pane = window.current_pane()
    pane.settings_button.setChecked(True)  # the conversation settings drawer is open: its boxes too
    qtbot.waitUntil(lambda: bool(_tab_stops(window)), timeout=5000)
    stops = _tab_stops(window)
    window.nav_buttons[page].setFocus()
    walked = _walk(qtbot, window, 3 * len(stops) + 10)
    missed = {f"{type(w).__name__}({w.accessibleName() or w.objectName()})" for w in stops - set(walked)}
    assert not missed, f"Tab never reaches: {sorted(missed)}"
    for before, after in zip(walked, walked[1:], strict=False):
        if isinstance(before, (QPlainTextEdit, QTextEdit, QAbstractItemView)):
            assert after is not before, f"Tab is trapped in {type(before).__name__}({before.accessibleName()})"


def test_tab_in_a_text_box_moves_on_and_ctrl_tab_types_a_tab_in_the_composer(qtbot, window):
    pane = window.current_pane()
    pane.settings_button.setChecked(True)
    system = pane.drawer.system
    system.setFocus()
    qtbot.keyClick(system, Qt.Key.Key_Tab)
    assert system.toPlainText() == "" and not system.hasFocus()
    pane.composer.setFocus()
    qtbot.keyClicks(pane.composer, "def f():")
    qtbot.keyClick(pane.composer, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert pane.composer.toPlainText() == "def f():\t" and pane.composer.hasFocus()


def test_disabled_buttons_say_why(qtbot, window):
    window.show_finetune()
    page = window.finetune_page
    assert not page.start_button.isEnabled() and page.start_button.toolTip() == \
        "Add training data first: files or folders, on the left."
    assert not page.chat_button.isEnabled() and "once its run has finished" in page.chat_button.toolTip()
    window.show_models()
    models = window.models_page
    models.table.clearSelection()
    assert not models.load_button.isEnabled() and models.load_button.toolTip() == "Select a model in the list first."
    models.select("tiny-llama")
    assert models.load_button.isEnabled() and models.load_button.toolTip() == ""


def test_a_new_data_folder_is_welcomed_once_and_help_shows_shortcuts_and_about(qtbot, home, qapp):
    from desktop_chat.core.settings import Settings
    from desktop_chat.gui.layout import FRAME_ROOM, fit_within
    from desktop_chat.gui.theme import apply_theme
    from tests.gui.conftest import make_window

    apply_theme(qapp, "light", Settings().font_size)  # the app's own buttons, as the welcome is first seen
    window = make_window(qtbot, welcome=True)
    qtbot.waitUntil(lambda: getattr(window, "_dialog", None) is not None and window._dialog.isVisible(), timeout=5000)
    welcome = window._dialog
    text = welcome.findChildren(QLabel)[0].text()
    assert "tiny demo with 135 million parameters" in text and "Models page lists recommended ones" in text
    assert str(home) in text  # where the data lives
    # On an 800×600 screen (the tests' screen is 800×800) the whole text shows, not its first lines
    # (Qt's own first size, two thirds of the screen, cut it), and each button's whole label.
    fit_within(welcome, QSize(800, 600) - FRAME_ROOM)
    qtbot.waitUntil(lambda: welcome.height() <= 600 - FRAME_ROOM.height(), timeout=5000)
    label = welcome.findChildren(QLabel)[0]
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5000)
    for button in welcome.findChildren(QPushButton):
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    next(b for b in welcome.findChildren(QPushButton) if b.text() == "Open the Models page").click()
    assert window.pages.currentWidget() is window.models_page and not welcome.isVisible()
    window.close()
    again = make_window(qtbot)  # the same data folder: no welcome
    assert getattr(again, "_dialog", None) is None
    again.show_shortcuts()
    table = again._dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["New chat"] == "Ctrl+N" and rows["Models"] == "Ctrl+2" and rows["Stop reply"] == "Esc"
    again.show_about()
    about = again._dialog.text.text()
    assert "transformers" in about and "PyTorch" in about and str(home) in about and "Apache-2.0" in about
    again.show_welcome()
    assert again._dialog.isVisible()
