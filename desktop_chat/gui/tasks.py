"""Work off the GUI thread: a function runs on a Python thread; its progress, result or error
come back to the GUI thread as queued signals (received by @Slot methods of the caller)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


# Short tasks share these threads: submitting to a running pool costs the GUI thread ~1 ms, while
# starting a thread waits for it to take the GIL (measured ~8 ms while a reply is being written).
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="desktop-chat-task")


class BackgroundTask(QObject):
    """Run `work(report)` off the GUI thread. `report(value)` sends progress (at most every `interval` s).

    `long=True` (downloads, imports) gets a thread of its own so it never holds up short tasks.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    _done = Signal(bool, object)
    _progress = Signal(object)

    def __init__(self, work: Callable[[Callable[[Any], None]], Any], interval: float = 0.1,
                 parent: QObject | None = None, long: bool = False):
        super().__init__(parent)
        self._work = work
        self._long = long
        self._interval = interval
        self._last = 0.0
        self.cancel = threading.Event()
        self.running = False
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)

    def start(self) -> BackgroundTask:
        self.running = True
        if self._long:
            threading.Thread(target=self._run, name="desktop-chat-long-task", daemon=True).start()
        else:
            _POOL.submit(self._run)
        return self

    def _report(self, value: Any) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._progress.emit(value)

    def _run(self) -> None:
        try:
            result = self._work(self._report)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            self._done.emit(False, exc)
        else:
            self._done.emit(True, result)

    @Slot(bool, object)
    def _on_done(self, ok: bool, payload: Any) -> None:
        self.running = False
        (self.finished if ok else self.failed).emit(payload)
