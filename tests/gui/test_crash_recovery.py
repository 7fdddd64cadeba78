"""Kill the app (SIGKILL) while a reply streams: nothing earlier is lost, the partial reply is kept
(everything the history had taken before the kill, and nothing that was never shown), marked
interrupted, and Continue carries it on."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from desktop_chat.core.conversations import ConversationStore
from desktop_chat.core.settings import Settings
from tests.conftest import REPO
from tests.gui.conftest import make_window, wait_idle, wait_model


def test_sigkill_while_streaming_keeps_history_and_the_partial_reply(qtbot, home):
    Settings(default_model="tiny-llama").save()
    store = ConversationStore()
    earlier = store.create_conversation()
    store.add_message(earlier, "user", "An earlier question")
    store.add_message(earlier, "assistant", "An earlier answer")
    store.close()

    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("drive_app.py")), "Tell me everything."],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
        env={**os.environ, "DESKTOP_CHAT_HOME": str(home), "PYTHONPATH": str(REPO)},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True).start()
    shown: list[str] = []
    while True:  # until the history holds part of the reply
        kind, _, rest = lines.get(timeout=300).strip().partition(" ")
        assert kind != "ENDED", "the reply ended before it could be interrupted"
        if kind == "SHOWN":
            shown.append(json.loads(rest))
        elif kind == "SAVED":
            conversation, message, saved = rest.split(" ", 2)
            saved = json.loads(saved)
            break
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    while not lines.empty():
        kind, _, rest = lines.get().strip().partition(" ")
        assert kind != "ENDED", "the reply ended before the kill reached it"
        if kind == "SHOWN":
            shown.append(json.loads(rest))

    window = make_window(qtbot)  # the user starts the app again
    assert window.notices.text("interrupted").startswith("A reply was cut off when the app last closed")
    store = window.context.store
    assert [m.content for m in store.active_path(earlier)] == ["An earlier question", "An earlier answer"]
    path = store.active_path(int(conversation))
    assert [m.role for m in path] == ["user", "assistant"] and path[0].content == "Tell me everything."
    partial = path[1]
    assert partial.id == int(message) and partial.status == "interrupted"
    assert saved and partial.content.startswith(saved)  # nothing the history had taken is lost
    # and it is what the window was showing: every snapshot of the reply agrees with it
    assert all(text.startswith(partial.content) or partial.content.startswith(text) for text in shown)

    pane = window.open_conversation(int(conversation))
    widget = pane.view.widget_for(partial.id)
    assert "interrupted" in widget.badge.text() and widget.continue_button.isVisible()
    wait_model(qtbot, window)
    settings = window.context.store.get_conversation(pane.conversation_id).settings
    settings.params.max_new_tokens = settings.params.min_new_tokens = 5
    window.context.store.update_settings(pane.conversation_id, settings)
    widget.continue_button.click()
    wait_idle(qtbot, pane)
    continued = window.context.store.get_message(partial.id)
    assert continued.status == "done" and continued.content.startswith(partial.content)
    assert len(continued.content) > len(partial.content)
    window.close()
