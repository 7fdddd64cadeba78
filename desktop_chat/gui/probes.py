"""Measurements of the real window, run by `desktop-chat bench` in a child process.

StallProbe: a 5 ms QTimer on the GUI thread records how late each tick fires while a reply
streams into a pane; the longest delay is the longest time the window could not react.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from desktop_chat.core.conversations import ConversationSettings
from desktop_chat.core.types import GenParams

TICK_MS = 5
SETTLE_MS = 1500


class TickRecorder(QObject):
    """A TICK_MS timer on the GUI thread, and how late each tick fired while it ran."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.delays_ms: list[float] = []
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def stalls(self) -> dict[str, Any]:
        """The longest delay (the longest time the window could not react), the 99th percentile, the ticks."""
        delays = sorted(self.delays_ms) or [0.0]
        return {"max_stall_ms": round(delays[-1], 1),
                "p99_stall_ms": round(delays[int(len(delays) * 0.99) - 1 if len(delays) > 1 else 0], 1),
                "ticks": len(self.delays_ms)}

    @Slot()
    def _tick(self) -> None:
        now = time.perf_counter()
        self.delays_ms.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now


class StallProbe(QObject):
    def __init__(self, window: Any, prompt: str, max_new_tokens: int = 128):
        super().__init__(window)
        self.window = window
        self.prompt = prompt
        self.max_new_tokens = max_new_tokens
        self._pane: Any = None
        self.ticks = TickRecorder(self)

    def start(self) -> None:
        self.window.bridge.model_status_changed.connect(self._on_model)
        self.window.bridge.load_failed.connect(self._on_failed)

    @Slot(object)
    def _on_model(self, status: Any) -> None:
        if status is None or self._pane is not None:
            return
        self._pane = pane = self.window.new_chat()
        settings = ConversationSettings(params=GenParams(temperature=0, repetition_penalty=1.0,
                                                         max_new_tokens=self.max_new_tokens,
                                                         min_new_tokens=self.max_new_tokens))
        self.window.context.store.update_settings(pane.conversation_id, settings)
        pane.busy_changed.connect(self._on_busy)
        pane.send(self.prompt)

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.ticks.start()
            return
        self.ticks.stop()
        path = self.window.context.store.active_path(self._pane.conversation_id)
        stats = path[-1].stats or {}
        print(json.dumps({
            **self.ticks.stalls(),
            "median_tick_delay_ms": round(statistics.median(self.ticks.delays_ms or [0.0]), 2),
            "reply_tokens": stats.get("completion_tokens"),
            "reply_chars": len(path[-1].content),
        }), flush=True)
        self.window.close()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        print(json.dumps({"error": str(error)}), flush=True)
        self.window.close()


class IndexStallProbe(QObject):
    """The longest event-loop stall while the window indexes a collection (core/docs/bench.py)."""

    def __init__(self, window: Any, collection: str):
        super().__init__(window)
        self.window = window
        self.collection = collection
        self._started = 0.0
        self.ticks = TickRecorder(self)

    def start(self) -> None:
        self.window.load_model_on_start = False  # only the indexing: no model competes for the CPU
        self.window.ready.connect(self._on_ready)

    @Slot()
    def _on_ready(self) -> None:
        # The window's own start-up work (warming up the renderer, reading the chats) ends first.
        QTimer.singleShot(SETTLE_MS, self._begin)

    @Slot()
    def _begin(self) -> None:
        self.window.show_docs()  # its progress is shown as it goes, as a user would watch it
        indexer = self.window.context.indexer
        indexer.finished.connect(self._on_finished)
        indexer.failed.connect(lambda _name, message: self._report({"error": message}))
        self._started = time.perf_counter()
        self.ticks.start()
        indexer.index(self.collection)

    @Slot(str, object)
    def _on_finished(self, _name: str, summary: Any) -> None:
        seconds = time.perf_counter() - self._started
        self._report({**self.ticks.stalls(), "index_s": round(seconds, 2), "files": summary.get("files")})

    def _report(self, result: dict[str, Any]) -> None:
        self.ticks.stop()
        print(json.dumps(result), flush=True)
        self.window.close()
