"""The window when the history file cannot take what it is given: a full disk mid-reply, a file held
by another program at start-up. Nothing shown is lost, the window says what is unsaved at once, keeps
retrying, and refuses to close (or to claim the chats are saved) until it is saved or the user says so."""

from __future__ import annotations

import sqlite3

from desktop_chat.core.conversations import STATUS_DONE, STATUS_INTERRUPTED, STATUS_STREAMING, ConversationStore
from tests.full_disk import fill_disk, free_disk
from tests.gui.conftest import make_window, set_params, wait_idle, wait_model


def test_a_full_disk_mid_reply_loses_nothing_and_the_window_says_so(qtbot, home):
    window = make_window(qtbot)
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=400, min_new_tokens=400)
    pane.send("Tell me everything.")
    qtbot.waitUntil(lambda: pane.reply is not None and len(pane.reply.saved_text) > 0, timeout=60_000)
    store = window.context.store
    reply_id = pane.reply.message_id
    fill_disk(store)
    qtbot.waitUntil(lambda: window.notices.has("unsaved"), timeout=60_000)
    assert pane.busy, "the disk filled only after the reply ended: the test proves nothing"
    assert "Your chats are not all saved" in window.notices.text("unsaved")
    assert "is full; free some space" in window.notices.text("unsaved")
    wait_idle(qtbot, pane)
    shown = pane.view.widget_for(reply_id).body.toPlainText()
    written = pane.saves.message_fields(reply_id)["content"]  # the whole reply, as the model wrote it
    stored = store.get_message(reply_id)
    assert stored.status == STATUS_STREAMING and written.startswith(stored.content)
    assert len(stored.content) < len(written)
    assert f"{len(written):,} characters are kept in memory" in window.notices.text("unsaved")
    pane.reload()  # what the window shows comes from the unsaved change, not from the shorter row
    assert pane.view.widget_for(reply_id).body.toPlainText() == shown
    window.show_unexpected_error(RuntimeError("boom"))
    assert "Your chats are saved" not in window.notices.text()

    window.close()  # the user quits: refused, with the ways out
    assert window.isVisible() and "cannot close yet" in window.notices.text("unsaved")
    captions = [b.text() for b in window.notices.buttons("unsaved")]
    assert captions == ["Retry now", "Save a copy…", "Quit without saving", "Dismiss"]
    free_disk(store)  # the user frees some space and presses Retry now: saved, and the window closes
    window.notices.buttons("unsaved")[0].click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    saved = ConversationStore(recover=False).get_message(reply_id)
    assert saved.status == STATUS_DONE and saved.content == written and saved.stats["completion_tokens"] == 400


def test_a_message_that_cannot_be_saved_stays_in_the_composer(qtbot, window):
    pane = window.current_pane()
    store = window.context.store
    store.add_message(pane.conversation_id, "user", "a first question")  # the chat exists on disk
    fill_disk(store)
    text = "A long question that deserves to be kept " * 200  # more than a page: the file must grow
    pane.composer.setPlainText(text)
    pane.send_button.click()
    assert pane.composer.toPlainText() == text and not pane.busy
    assert pane.banner.isVisible() and "Your message could not be saved, so it was not sent" in pane.banner.text()
    free_disk(store)
    pane.send_button.click()
    assert pane.composer.toPlainText() == "" and pane.busy
    wait_idle(qtbot, pane)


def test_a_history_held_by_another_program_opens_and_recovers_once_it_is_free(qtbot, home):
    store = ConversationStore()
    cid = store.create_conversation()
    store.add_message(cid, "user", "Tell me a story")
    partial = store.add_message(cid, "assistant", "Once upon a time", status=STATUS_STREAMING)
    store.close()
    other = sqlite3.connect(home / "chats.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE conversations SET title = title")  # holds the write lock, for as long as it likes

    window = make_window(qtbot)
    assert window.is_ready
    assert not [p for p in home.iterdir() if ".corrupt-" in p.name]  # a locked file is not a corrupt one
    assert "another program is holding" in window.notices.text("history-recovery")
    pane = window.current_pane()
    assert [w.body.toPlainText() for w in pane.view.message_widgets()] == ["Tell me a story", "Once upon a time"]
    other.rollback()
    other.close()
    qtbot.waitUntil(lambda: window.notices.has("interrupted"), timeout=20_000)  # the retry timer got through
    assert not window.notices.has("history-recovery")
    assert window.context.store.get_message(partial.id).status == STATUS_INTERRUPTED
    window.close()


def test_notices_stack_and_each_is_dismissed_on_its_own(qtbot, home, model_cache):
    import shutil

    (home / "chats.sqlite3").write_bytes(b"\x00garbage" * 500)
    broken = home / "models" / "broken-model"
    shutil.copytree(model_cache["tiny-llama"], broken)
    (broken / "model.safetensors").write_bytes(b"not weights")
    window = make_window(qtbot, default_model="broken-model")
    qtbot.waitUntil(lambda: window.notices.has("model-load"), timeout=60_000)
    assert window.notices.keys() == ["history-file", "model-load"]  # the later one did not hide the first
    window.notices.buttons("history-file")[-1].click()
    assert window.notices.keys() == ["model-load"] and "could not be loaded" in window.notices.text()
    window.notices.buttons("model-load")[-1].click()
    assert not window.notices.isVisible()
    window.close()


def test_the_settings_typed_into_a_conversation_survive_a_full_disk(qtbot, window):
    pane = window.current_pane()
    store = window.context.store
    store.add_message(pane.conversation_id, "user", "hello")
    fill_disk(store)
    settings = pane.settings()
    settings.system_prompt = "You are a careful assistant. " * 200
    pane.drawer.load(settings)
    pane._on_settings_changed(settings)
    assert window.notices.has("unsaved") and pane.settings().system_prompt == settings.system_prompt
    free_disk(store)
    window._retry_saving()
    assert not window.notices.has("unsaved") and window.notices.has("saved-again")
    assert store.get_conversation(pane.conversation_id).settings.system_prompt == settings.system_prompt
