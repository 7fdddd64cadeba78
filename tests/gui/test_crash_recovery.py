"""Kill the app (SIGKILL) while a reply streams: nothing earlier is lost, the partial reply is kept
(minus at most the last half second), marked interrupted, and Continue carries it on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
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
    seen: list[tuple[float, int]] = []
    ids: dict[str, int] = {}

    def read() -> None:
        for line in child.stdout:
            parts = line.split()
            if parts[0] == "STREAMING":
                ids.update(conversation=int(parts[1]), message=int(parts[2]))
            elif parts[0] == "LEN":
                seen.append((time.monotonic(), int(parts[1])))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while len(seen) < 12 and time.monotonic() < deadline:  # ~1.2 s of streaming
        time.sleep(0.05)
    assert ids, "the child never started streaming"
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    child.wait(10)

    window = make_window(qtbot)  # the user starts the app again
    assert "1 reply(ies) were cut off" in window.notice.text() and "interrupted" in window.notice.text()
    store = window.context.store
    assert [m.content for m in store.active_path(earlier)] == ["An earlier question", "An earlier answer"]
    path = store.active_path(ids["conversation"])
    assert [m.role for m in path] == ["user", "assistant"] and path[0].content == "Tell me everything."
    partial = path[1]
    assert partial.id == ids["message"] and partial.status == "interrupted" and partial.content
    held_half_a_second_before = max(length for at, length in seen if at <= killed_at - 0.5)
    assert len(partial.content) >= held_half_a_second_before

    pane = window.open_conversation(ids["conversation"])
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
