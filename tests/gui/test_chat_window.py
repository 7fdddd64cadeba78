"""The chat window as a user drives it (offscreen, real widgets, real engine, real SQLite)."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextBrowser,
)

from desktop_chat.core.settings import Settings, load_settings
from tests.gui.conftest import make_window, set_params, wait_idle, wait_model


def shown_texts(pane) -> list[tuple[str, str]]:
    """(role, rendered text) of each message the pane shows."""
    return [(w.item.role, w.body.toPlainText()) for w in pane.view.message_widgets()]


def type_and_send(qtbot, pane, text: str) -> None:
    pane.composer.setFocus()
    qtbot.keyClicks(pane.composer, text)
    qtbot.keyClick(pane.composer, Qt.Key.Key_Return)


def start_long_reply(qtbot, window, prompt: str = "A long answer, please."):
    """The current pane starts a 300-token reply, so the engine is busy; returns that pane."""
    wait_model(qtbot, window)
    first = window.current_pane()
    set_params(window, first, max_new_tokens=300, min_new_tokens=300)
    first.send(prompt)
    qtbot.waitUntil(lambda: first.reply is not None and first.reply.started, timeout=30_000)
    return first


@pytest.mark.e2e
def test_question_streams_in_and_survives_a_restart(qtbot, home):
    window = make_window(qtbot, default_model=None)
    wait_model(qtbot, window, "smollm2-135m-instruct")
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=40)
    updates = []
    type_and_send(qtbot, pane, "What is the capital of France?")
    assert pane.busy and pane.composer.toPlainText() == ""
    pane.reply.handle.text_appended.connect(updates.append)
    wait_idle(qtbot, pane)
    texts = shown_texts(pane)
    assert texts[0] == ("user", "What is the capital of France?")
    assert texts[1][0] == "assistant" and "Paris" in texts[1][1]
    assert len(updates) >= 2, "the reply should arrive in several pieces, not at once"
    assert window.sidebar.list.item(0).text().startswith("What is the capital of France?")
    assert "tok/s" in pane.status_label.text() and "/ 8,192 tokens" in pane.context_label.text()
    conversation_id = pane.conversation_id
    window.close()

    again = make_window(qtbot, default_model=None)
    assert again.sidebar.ids()[0] == conversation_id
    reopened = again.current_pane()
    assert reopened.conversation_id == conversation_id
    assert [role for role, _ in shown_texts(reopened)] == ["user", "assistant"]
    assert "Paris" in shown_texts(reopened)[1][1]
    again.close()


def test_stop_regenerate_and_edit_keep_every_version(qtbot, window):
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=400, min_new_tokens=400)
    pane.send("Tell me a long story.")
    qtbot.waitUntil(lambda: pane.reply is not None and len(pane.reply.text) > 20, timeout=30_000)
    qtbot.keyClick(pane.composer, Qt.Key.Key_Escape)
    wait_idle(qtbot, pane)
    store = window.context.store
    first_reply = store.active_path(pane.conversation_id)[-1]
    assert first_reply.status == "stopped" and first_reply.content
    assert first_reply.stats["completion_tokens"] < 400
    widget = pane.view.widget_for(first_reply.id)
    assert "stopped" in widget.badge.text()
    assert widget.continue_button.isVisible() and widget.regenerate_button.isVisible()

    set_params(window, pane, max_new_tokens=8)
    widget.regenerate_button.click()
    wait_idle(qtbot, pane)
    second_reply = store.active_path(pane.conversation_id)[-1]
    assert second_reply.id != first_reply.id and second_reply.parent_id == first_reply.parent_id
    widget = pane.view.widget_for(second_reply.id)
    assert widget.version_label.text() == "2/2" and widget.previous_button.isEnabled()
    widget.previous_button.click()
    assert store.active_path(pane.conversation_id)[-1].id == first_reply.id
    assert pane.view.widget_for(first_reply.id).version_label.text() == "1/2"

    question = store.active_path(pane.conversation_id)[0]
    pane.view.widget_for(question.id).edit_button.click()
    assert pane.composer.toPlainText() == "Tell me a long story." and pane.edit_bar.isVisible()
    pane.composer.setPlainText("Tell me a short story instead.")
    qtbot.keyClick(pane.composer, Qt.Key.Key_Return)
    wait_idle(qtbot, pane)
    path = store.active_path(pane.conversation_id)
    assert path[0].content == "Tell me a short story instead." and path[0].id != question.id
    edited = pane.view.widget_for(path[0].id)
    assert edited.version_label.text() == "2/2"
    edited.previous_button.click()
    assert [m.id for m in store.active_path(pane.conversation_id)][:1] == [question.id]
    assert store.active_path(pane.conversation_id)[-1].id == second_reply.id  # latest reply on that branch


def test_a_second_pane_waits_visibly_then_answers(qtbot, window):
    first = start_long_reply(qtbot, window)
    second = window.new_chat()
    set_params(window, second, max_new_tokens=5, min_new_tokens=5)
    second.send("A short one.")
    placeholder = second.reply.message_id
    assert second.reply.handle.waiting
    assert "waiting for the model" in second.view.widget_for(placeholder).badge.text()
    second.composer.setPlainText("typing while the other pane streams")
    assert first.busy and second.busy
    wait_idle(qtbot, second, timeout=120_000)
    assert not first.busy  # the engine answered the first request first
    reply = window.context.store.get_message(placeholder)
    assert reply.status == "done" and reply.stats["completion_tokens"] == 5


def test_a_waiting_reply_can_be_cancelled(qtbot, window):
    first = start_long_reply(qtbot, window)
    second = window.new_chat()
    second.send("Never mind.")
    assert second.reply.handle.waiting
    second.stop_button.click()
    wait_idle(qtbot, second, timeout=10_000)
    assert [m.role for m in window.context.store.active_path(second.conversation_id)] == ["user"]
    first.stop()
    wait_idle(qtbot, first)


def test_a_corrupt_history_file_is_reported_and_the_app_works(qtbot, home):
    (home / "chats.sqlite3").write_bytes(b"\x00garbage" * 500)
    window = make_window(qtbot)
    assert window.notices.isVisible()
    assert "moved to chats.sqlite3.corrupt-" in window.notices.text()
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=3, min_new_tokens=3)
    pane.send("hello")
    wait_idle(qtbot, pane)
    assert [m.role for m in window.context.store.active_path(pane.conversation_id)] == ["user", "assistant"]
    window.close()


def _long_history(store, turns: int = 14) -> int:
    from desktop_chat.core.conversations import ConversationSettings
    from desktop_chat.core.types import GenParams

    cid = store.create_conversation(settings=ConversationSettings(
        params=GenParams(temperature=0, max_new_tokens=32, min_new_tokens=32)))
    for i in range(turns):
        store.add_message(cid, "user", f"question {i} " + "words " * 25)
        store.add_message(cid, "assistant", f"answer {i} " + "more " * 10)
    store.add_message(cid, "user", "and finally?")
    return cid


def test_messages_that_no_longer_fit_are_marked_in_the_conversation(qtbot, window):
    wait_model(qtbot, window)
    cid = _long_history(window.context.store)
    pane = window.open_conversation(cid)
    pane.regenerate()
    wait_idle(qtbot, pane)
    reply = window.context.store.active_path(cid)[-1]
    assert reply.stats["dropped_messages"] > 0
    notice = pane.view._notice
    assert notice.isVisible() and "no longer fit" in notice.text() and "context of 512 tokens" in notice.text()
    dropped = [w for w in pane.view.message_widgets() if w.item.out_of_context]
    assert len(dropped) == reply.stats["dropped_messages"]
    assert "out of context" in dropped[0].badge.text()
    assert dropped[0].item.id == window.context.store.active_path(cid)[0].id


def test_stop_and_ask_policy_asks_before_leaving_messages_out(qtbot, window):
    wait_model(qtbot, window)
    store = window.context.store
    cid = _long_history(store)
    settings = store.get_conversation(cid).settings
    settings.context_policy = "error"
    store.update_settings(cid, settings)
    pane = window.open_conversation(cid)
    pane.regenerate()
    wait_idle(qtbot, pane)
    assert pane.banner.isVisible() and "context leaves room for" in pane.banner.text()
    assert [b.text() for b in pane.banner.buttons("conversation")] == ["Leave out the oldest", "Dismiss"]
    pane.banner.buttons("conversation")[0].click()
    wait_idle(qtbot, pane)
    reply = store.active_path(cid)[-1]
    assert reply.status == "done" and reply.stats["dropped_messages"] > 0
    assert not pane.banner.isVisible()


def test_a_broken_model_is_reported_in_the_window_and_another_one_works(qtbot, home, model_cache):
    broken = home / "models" / "broken-model"
    shutil.copytree(model_cache["tiny-llama"], broken)
    (broken / "model.safetensors").write_bytes(b"not weights")
    window = make_window(qtbot, default_model="broken-model")
    qtbot.waitUntil(lambda: window.notices.isVisible(), timeout=60_000)
    assert "could not be loaded" in window.notices.text() and "broken-model" in window.notices.text()
    pane = window.current_pane()
    pane.send("hello?")
    wait_idle(qtbot, pane)
    failed = window.context.store.active_path(pane.conversation_id)[-1]
    assert failed.status == "error"
    assert pane.banner.isVisible() and "broken-model" in pane.banner.text()
    index = pane.drawer.model.findData("tiny-llama")
    pane.drawer.model.setCurrentIndex(index)
    pane.drawer.flush()
    set_params(window, pane, max_new_tokens=3, min_new_tokens=3)
    settings = window.context.store.get_conversation(pane.conversation_id).settings
    assert settings.model == "tiny-llama"
    pane.regenerate()
    wait_idle(qtbot, pane)
    assert window.context.store.active_path(pane.conversation_id)[-1].status == "done"
    window.close()


def test_settings_drawer_saves_per_conversation_and_presets(qtbot, window):
    pane = window.current_pane()
    pane.settings_button.click()
    assert pane.drawer.isVisible()
    pane.drawer.temperature.setValue(1.3)
    pane.drawer.system.setPlainText("Answer like a pirate.")
    pane.drawer.flush()
    settings = window.context.store.get_conversation(pane.conversation_id).settings
    assert settings.params.temperature == 1.3 and settings.system_prompt == "Answer like a pirate."
    assert pane.drawer.preset.currentText() == "Custom"
    pane.drawer.preset.setCurrentText("Creative")
    pane.drawer._on_preset_chosen(pane.drawer.preset.currentIndex())
    settings = window.context.store.get_conversation(pane.conversation_id).settings
    assert (settings.params.temperature, settings.params.top_k) == (1.0, 0)
    assert settings.system_prompt == "Answer like a pirate."
    pane.drawer.temperature.setValue(0.55)
    pane.drawer.flush()
    pane.drawer._user_presets["Mine"] = pane.drawer.value().params
    pane._on_preset_saved("Mine", pane.drawer.value().params)
    assert load_settings().presets["Mine"]["temperature"] == 0.55
    other = window.new_chat()
    assert other.settings().params.temperature == 0.3  # new chats start from the Precise preset
    assert "Mine" in [other.drawer.preset.itemText(i) for i in range(other.drawer.preset.count())]


def test_sidebar_search_rename_pin_and_delete_with_undo(qtbot, window):
    store = window.context.store
    ids = {}
    for title, text in (("Volcanoes", "lava and magma"), ("Bread", "flour water salt"), ("你好", "天气很好")):
        cid = store.create_conversation()
        store.add_message(cid, "user", text)
        store.rename(cid, title)
        ids[title] = cid
    sidebar = window.sidebar
    sidebar.refresh()
    qtbot.keyClicks(sidebar.search, "magma")
    qtbot.waitUntil(lambda: sidebar.ids() == [ids["Volcanoes"]], timeout=3000)
    sidebar.search.setText("天气")
    qtbot.waitUntil(lambda: sidebar.ids() == [ids["你好"]], timeout=3000)
    sidebar.search.setText("nothing matches this")
    qtbot.waitUntil(lambda: sidebar.empty_label.isVisible(), timeout=3000)
    sidebar.search.clear()
    qtbot.waitUntil(lambda: len(sidebar.ids()) >= 3, timeout=3000)
    sidebar.set_pinned(ids["Bread"], True)
    assert sidebar.ids()[0] == ids["Bread"] and sidebar.list.item(0).text().startswith("📌")
    window.open_conversation(ids["Volcanoes"])
    sidebar.delete(ids["Volcanoes"])
    assert ids["Volcanoes"] not in sidebar.ids()
    assert window.pane_for(ids["Volcanoes"]) is None
    assert sidebar.undo_frame.isVisible()
    sidebar.undo_button.click()
    assert ids["Volcanoes"] in sidebar.ids()
    assert window.pane_for(ids["Volcanoes"]) is not None
    assert store.active_path(ids["Volcanoes"])[0].content == "lava and magma"


def test_shortcuts(qtbot, window):
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=4, min_new_tokens=4)
    pane.send("hi")
    wait_idle(qtbot, pane)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == pane.last_reply_text() != ""
    before = window.tabs.count()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == before + 1
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == before
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.search.hasFocus() or QGuiApplication.focusObject() is window.sidebar.search


def test_every_control_has_an_accessible_name(qtbot, window):
    window.current_pane().settings_button.click()
    unnamed = []
    for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTextBrowser):
        for widget in window.findChildren(kind):
            if widget.objectName().startswith("qt_") or type(widget).__name__ in ("QCheckBox",) and widget.text():
                continue
            if not (widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text())):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []


def test_code_blocks_are_highlighted_and_copyable(qtbot, window):
    store = window.context.store
    cid = store.create_conversation()
    store.add_message(cid, "user", "Show me code")
    reply = "Here:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n你好 🙂"
    message = store.add_message(cid, "assistant", reply)
    pane = window.open_conversation(cid)
    widget = pane.view.widget_for(message.id)
    html = widget.body.toHtml()
    assert "def" in widget.body.toPlainText() and "return a + b" in widget.body.toPlainText()
    assert "color:#008000" in html.replace(" ", "")  # pygments colours the keywords
    assert "你好 🙂" in widget.body.toPlainText()
    widget.body.link_clicked.emit("copy-code:0")
    assert QGuiApplication.clipboard().text() == "def add(a, b):\n    return a + b"
    widget.copy_button.click()
    assert QGuiApplication.clipboard().text() == reply


def test_dark_theme_restyles_the_window_and_messages(qtbot, window):
    store = window.context.store
    cid = store.create_conversation()
    store.add_message(cid, "user", "code?")
    message = store.add_message(cid, "assistant", "```\nx = 1\n```")
    pane = window.open_conversation(cid)
    window.settings.theme = "dark"
    window.apply_appearance()
    assert window.palette().window().color().lightness() < 80
    assert "#161b22" in pane.view.widget_for(message.id).body.toHtml()
    window.settings.theme = "light"
    window.apply_appearance()
    assert window.palette().window().color().lightness() > 200


def test_export_and_import_from_the_window(qtbot, window, async_loop, tmp_path, monkeypatch):
    import asyncio

    from PySide6.QtWidgets import QFileDialog

    store = window.context.store
    cid = store.create_conversation()
    store.add_message(cid, "user", "Export me")
    store.add_message(cid, "assistant", "Done.")
    target = tmp_path / "chat.jsonl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_conversation(cid, "jsonl")
    qtbot.waitUntil(target.exists, timeout=5000)
    assert json.loads(target.read_text())["messages"][-1] == {"role": "assistant", "content": "Done."}
    markdown = tmp_path / "chat.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(markdown), ""))
    window.export_conversation(cid, "md")
    qtbot.waitUntil(markdown.exists, timeout=5000)
    assert "## You\n\nExport me" in markdown.read_text()

    task = asyncio.ensure_future(window.import_file(target))
    qtbot.waitUntil(task.done, timeout=5000)
    [imported] = task.result()
    assert [m.content for m in store.active_path(imported)] == ["Export me", "Done."]
    assert window.current_pane().conversation_id == imported

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": [{"role": "user", "content": "ok"}]}\n{oops\n')
    task = asyncio.ensure_future(window.import_file(bad))
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.result() == []
    assert window.notices.isVisible() and "bad.jsonl:2: invalid JSON" in window.notices.text()


def test_closing_the_window_while_streaming_keeps_the_partial_reply(qtbot, home):
    window = make_window(qtbot)
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=400, min_new_tokens=400)
    pane.send("Go on and on.")
    qtbot.waitUntil(lambda: pane.reply is not None and len(pane.reply.text) > 10, timeout=30_000)
    message_id = pane.reply.message_id
    window.close()
    from desktop_chat.core.conversations import ConversationStore

    store = ConversationStore()
    message = store.get_message(message_id)
    assert message.status == "stopped" and len(message.content) > 10
    store.close()
    Settings().save()


def test_the_view_follows_the_reply_unless_the_user_scrolls_up(qtbot, window):
    wait_model(qtbot, window)
    window.resize(900, 420)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=300, min_new_tokens=300)
    pane.send("A long story, please.")
    bar = pane.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200, timeout=60_000)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=5000)
    bar.setValue(0)  # the user scrolls up to read
    grown = bar.maximum()
    qtbot.waitUntil(lambda: bar.maximum() > grown + 50, timeout=60_000)
    assert bar.value() == 0
    pane.view.scroll_to_end()
    pane.stop()
    wait_idle(qtbot, pane)


def test_shift_enter_starts_a_new_line_and_enter_sends(qtbot, window):
    pane = window.current_pane()
    pane.composer.setFocus()
    qtbot.keyClicks(pane.composer, "line one")
    qtbot.keyClick(pane.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(pane.composer, "line two")
    assert pane.composer.toPlainText() == "line one\nline two" and not pane.busy
    qtbot.keyClick(pane.composer, Qt.Key.Key_Return)
    assert pane.busy
    assert window.context.store.active_path(pane.conversation_id)[0].content == "line one\nline two"
    pane.stop()
    wait_idle(qtbot, pane)


def test_a_font_for_chinese_text_is_available(qapp):
    from PySide6.QtGui import QFontDatabase

    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese), \
        "install fonts-noto-cjk (.ci/run does) so Chinese text does not render as boxes"


def test_settings_dialog_applies_theme_font_and_default_model(qtbot, window):
    from desktop_chat.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window.context.library.names(), window)
    qtbot.addWidget(dialog)
    assert dialog.data_folder.text() == str(window.context.store.path.parent)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_size.setValue(15)
    dialog.default_model.setCurrentIndex(dialog.default_model.findData("smollm2-135m-instruct"))
    dialog.apply_to(window.settings)
    window.settings.save()
    window.apply_appearance()
    assert window.palette().window().color().lightness() < 80
    assert window.font().pointSize() == 15
    saved = load_settings()
    assert (saved.theme, saved.font_size, saved.default_model) == ("dark", 15, "smollm2-135m-instruct")
    window.settings.theme, window.settings.font_size = "light", 11
    window.apply_appearance()


def test_the_window_says_which_precision_runs_and_why_and_settings_choose_threads(qtbot, window):
    from desktop_chat.gui.settings_dialog import SettingsDialog

    wait_model(qtbot, window)
    status = window.bridge.engine.status
    assert status.precision
    qtbot.waitUntil(lambda: status.precision in window.model_label.text())  # the status reaches the window
    assert window.model_label.toolTip() == status.precision_reason and status.precision_reason.endswith(".")
    dialog = SettingsDialog(window.settings, window.context.library.names(), window, model_status=status)
    qtbot.addWidget(dialog)
    note = dialog.precision_note.text()
    assert note.startswith(f"tiny-llama runs in {status.precision} on cpu with ") and status.precision_reason in note
    assert dialog.threads.value() == 0 and dialog.threads.text() == "Automatic"
    dialog.threads.setValue(1)
    dialog.apply_to(window.settings)
    window.settings.save()
    assert load_settings().cpu_threads == 1


def test_settings_fit_a_small_screen_and_tab_scrolls_to_every_field(qtbot, window):
    from desktop_chat.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window.context.library.names(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.theme.setFocus()
    qtbot.waitUntil(dialog.theme.hasFocus)
    seen = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        seen.append(focused)
        if focused is dialog.server_origins:
            break
    assert dialog.fields_area not in seen and dialog.threads in seen and dialog.server_origins in seen
    # The field Tab reached is scrolled into view.
    viewport = dialog.fields_area.viewport()
    top_left = dialog.server_origins.mapTo(viewport, dialog.server_origins.rect().topLeft())
    assert 0 <= top_left.y() and top_left.y() + dialog.server_origins.height() <= viewport.height()


def test_the_api_server_toggle_serves_the_windows_engine(qtbot, window):
    import socket

    import openai

    window.settings.server_enabled, window.settings.server_port = True, 0
    window.apply_server_settings()
    qtbot.waitUntil(lambda: window.api_server.state == "running", timeout=20_000)
    url = window.api_server.detail
    assert window.server_label.isVisible() and url in window.server_label.text()
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
    assert "tiny-llama" in [m.id for m in client.models.list()]
    reply = client.chat.completions.create(model="tiny-llama", messages=[{"role": "user", "content": "hi"}],
                                           max_tokens=3)
    assert reply.usage.completion_tokens == 3
    assert window.bridge.engine.status.name == "tiny-llama"  # the same engine as the panes

    with socket.socket() as busy:  # a port another program holds
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        window.settings.server_port = busy.getsockname()[1]
        window.apply_server_settings()
        qtbot.waitUntil(lambda: window.api_server.state == "failed", timeout=20_000)
        assert "could not start" in window.notices.text()
    window.settings.server_enabled = False
    window.apply_server_settings()
    qtbot.waitUntil(lambda: window.api_server.state == "off", timeout=20_000)
    assert not window.server_label.isVisible()


def test_closing_an_empty_tab_keeps_a_deletion_that_can_still_be_undone(qtbot, window):
    store = window.context.store
    kept = store.create_conversation()
    store.add_message(kept, "user", "precious")
    window.sidebar.refresh()
    window.sidebar.delete(kept)
    window.new_chat()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # closes the empty new chat
    window.sidebar.undo_button.click()
    assert store.active_path(kept)[0].content == "precious"
    assert window.pane_for(kept) is not None


def test_each_conversation_is_answered_by_its_own_model(qtbot, window):
    wait_model(qtbot, window)
    first = window.current_pane()
    settings = window.context.store.get_conversation(first.conversation_id).settings
    settings.model = "smollm2-135m-instruct"
    window.context.store.update_settings(first.conversation_id, settings)
    set_params(window, first, max_new_tokens=3, min_new_tokens=3)
    first.send("hi")
    wait_idle(qtbot, first)
    second = window.new_chat()  # follows the default model (tiny-llama)
    set_params(window, second, max_new_tokens=3, min_new_tokens=3)
    second.send("hi")
    wait_idle(qtbot, second)
    reply = window.context.store.active_path(second.conversation_id)[-1]
    assert reply.model == reply.stats["model"] == "tiny-llama"
    assert window.context.store.active_path(first.conversation_id)[-1].stats["model"] == "smollm2-135m-instruct"


def test_continue_that_no_longer_fits_asks_then_continues_keeping_the_partial_text(qtbot, window):
    wait_model(qtbot, window)
    store = window.context.store
    cid = _long_history(store)
    settings = store.get_conversation(cid).settings
    settings.context_policy = "error"
    store.update_settings(cid, settings)
    partial = store.add_message(cid, "assistant", "Once upon a time", status="interrupted")
    pane = window.open_conversation(cid)
    pane.view.widget_for(partial.id).continue_button.click()
    wait_idle(qtbot, pane)
    assert pane.banner.isVisible() and store.get_message(partial.id).content == "Once upon a time"
    pane.banner.buttons("conversation")[0].click()
    wait_idle(qtbot, pane)
    message = store.get_message(partial.id)
    assert message.content.startswith("Once upon a time") and len(message.content) > len("Once upon a time")
    assert message.status == "done"


def test_a_second_window_leaves_the_first_ones_state_alone(qtbot, window):
    empty_chat = window.current_pane().conversation_id
    second = make_window(qtbot)
    assert "already open in another window" in second.notices.text()
    assert window.context.store.get_conversation(empty_chat)  # not purged as "unused"
    second.close()


def test_closing_the_window_drops_a_reply_that_was_still_waiting(qtbot, home):
    window = make_window(qtbot)
    first = start_long_reply(qtbot, window, "Long, please.")
    second = window.new_chat()
    second.send("Me next.")
    waiting = second.reply.message_id
    window.close()
    from desktop_chat.core.conversations import ConversationStore

    store = ConversationStore()
    assert [m.role for m in store.active_path(second.conversation_id)] == ["user"]
    assert store.db.execute("SELECT COUNT(*) FROM messages WHERE id=?", (waiting,)).fetchone()[0] == 0
    assert store.active_path(first.conversation_id)[-1].status == "stopped"
    store.close()


def test_code_written_without_a_fence_keeps_its_lines_and_indentation(qtbot, window):
    from desktop_chat.gui.chat.render import code_blocks

    reply = ("Here is a function:\ndef is_prime(n):\n    # small numbers first\n    if n < 2:\n        return False\n"
             "    return all(n % i for i in range(2, n))\n\nIt returns True for primes.\n\n1. one\n2. two\n\n"
             "A poem:\n  roses are red")
    store = window.context.store
    cid = store.create_conversation()
    store.add_message(cid, "user", "code?")
    message = store.add_message(cid, "assistant", reply)
    widget = window.open_conversation(cid).view.widget_for(message.id)
    shown = widget.body.toPlainText()
    assert "def is_prime(n):\n    # small numbers first\n    if n < 2:\n        return False" in shown
    assert "<h1>" not in widget.body.toHtml()  # the comment is not a heading
    assert code_blocks(reply) == ["def is_prime(n):\n    # small numbers first\n    if n < 2:\n        return False\n"
                                  "    return all(n % i for i in range(2, n))"]
    widget.body.link_clicked.emit("copy-code:0")
    assert QGuiApplication.clipboard().text().startswith("def is_prime(n):")
    assert "1. one" not in shown and "one" in shown  # a list stays a list
    assert "\n  roses are red" in shown  # a line's own indentation shows (plain HTML would drop it)



def test_on_the_first_start_the_chat_names_the_starter_model_once_it_is_imported(qtbot, empty_home):
    """The library is empty when the window opens; loading imports the starter from its package."""
    window = make_window(qtbot, default_model=None)
    pane = window.current_pane()
    assert pane is not None
    wait_model(qtbot, window, "smollm2-135m-instruct", timeout=300_000)
    qtbot.waitUntil(lambda: pane.status_label.text().startswith("smollm2-135m-instruct · cpu"), timeout=10_000)
    assert pane.model_name() == "smollm2-135m-instruct"
    window.close()


def test_the_window_prepares_compiled_decoding_in_the_background_and_says_so(qtbot, home, monkeypatch):
    """With compiled decoding on, the status bar shows the preparation's progress while chatting stays
    possible, then that replies use it; Settings explains what was measured and can turn it off."""
    from desktop_chat.gui.settings_dialog import SettingsDialog

    monkeypatch.setenv("DESKTOP_CHAT_COMPILED", "on")
    window = make_window(qtbot)
    try:
        seen: list[str] = []
        window.bridge.compiled_progress.connect(lambda kind, text, fraction: seen.append(window.compiled_label.text()))
        wait_model(qtbot, window)
        qtbot.waitUntil(lambda: window.compiled_label.text() == "Compiled decoding", timeout=600_000)
        assert any(text.startswith("Preparing faster replies: Compiling the decoding step") for text in seen), seen
        assert window.bridge.engine.status.compiled
        assert "measured" in window.compiled_label.toolTip()
        dialog = SettingsDialog(window.settings, window.context.library.names(), window,
                                model_status=window.bridge.engine.status, compiled_note=window.compiled_note)
        qtbot.addWidget(dialog)
        assert dialog.compiled_note.text() == window.compiled_label.toolTip()
        dialog.compiled.setCurrentIndex(dialog.compiled.findData("off"))
        dialog.apply_to(window.settings)
        assert window.settings.compiled_decode == "off"
    finally:
        window.close()
