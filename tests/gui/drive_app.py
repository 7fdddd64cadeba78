"""Runs the real window in a child process, sends one message, and reports on stdout:
`SAVED <conversation> <message> <json text>` each time the history holds more of the reply,
`SHOWN <json text>` every 100 ms (the reply text the window holds in memory), and `ENDED` once the
reply is over. The crash test kills this process after the first SAVED line."""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    from desktop_chat.core.types import GenParams
    from desktop_chat.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    state = {"pane": None, "saved": "", "ended": False}

    def on_model(status):
        if status is None or state["pane"] is not None:
            return
        pane = window.new_chat()
        settings = window.context.store.get_conversation(pane.conversation_id).settings
        settings.params = GenParams(temperature=0, max_new_tokens=400, min_new_tokens=400)
        window.context.store.update_settings(pane.conversation_id, settings)
        state["pane"] = pane
        pane.busy_changed.connect(lambda busy: None if busy else end())
        pane.send(sys.argv[1])

    def end():
        if not state["ended"]:
            state["ended"] = True
            print("ENDED", flush=True)

    def report():
        pane = state["pane"]
        if pane is None or pane.reply is None:
            return
        stored = window.context.store.get_message(pane.reply.message_id).content
        if stored != state["saved"] and window.context.saves.empty:
            state["saved"] = stored
            print(f"SAVED {pane.conversation_id} {pane.reply.message_id} {json.dumps(stored)}", flush=True)
        print(f"SHOWN {json.dumps(pane.reply.text)}", flush=True)

    window.bridge.model_status_changed.connect(on_model)
    timer = QTimer()
    timer.timeout.connect(report)
    timer.start(100)
    app.exec()


if __name__ == "__main__":
    main()
