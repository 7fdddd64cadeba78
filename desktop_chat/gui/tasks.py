"""Work off the GUI thread: a function runs on a Python thread; its progress, result or error
come back to the GUI thread as queued signals (received by @Slot methods of the caller)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot


# Short tasks share these threads: submitting to a running pool costs the GUI thread ~1 ms, while
# starting a thread waits for it to take the GIL (measured ~8 ms while a reply is being written).
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="desktop-chat-task")
PROGRESS_INTERVAL_S = 0.1


class BackgroundTask(QObject):
    """Run `work(report)` off the GUI thread. `report(value)` sends progress; values reported faster than
    the GUI takes them are coalesced, and the latest one always arrives (a stalled download must not
    keep showing what it had done a moment before it stalled).

    `long=True` (downloads, imports) gets a thread of its own so it never holds up short tasks.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    _done = Signal(bool, object)
    _progress_ready = Signal()

    def __init__(self, work: Callable[[Callable[[Any], None]], Any], parent: QObject | None = None,
                 long: bool = False):
        super().__init__(parent)
        self._work = work
        self._long = long
        self._lock = threading.Lock()
        self._latest: Any = None
        self._posted = False  # a _progress_ready is on its way: later values just replace _latest
        self.cancel = threading.Event()
        self.running = False
        self._last_delivery = 0.0
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._deliver_progress)
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._progress_ready.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    def start(self) -> BackgroundTask:
        self.running = True
        if self._long:
            threading.Thread(target=self._run, name="desktop-chat-long-task", daemon=True).start()
        else:
            _POOL.submit(self._run)
        return self

    def _report(self, value: Any) -> None:  # the worker thread
        with self._lock:
            self._latest = value
            if self._posted:
                return
            self._posted = True
        self._progress_ready.emit()

    @Slot()
    def _deliver_progress(self) -> None:
        wait_ms = int((self._last_delivery + PROGRESS_INTERVAL_S - time.monotonic()) * 1000)
        if wait_ms > 0:  # at most ~10 updates a second; the timer delivers the latest value then
            self._progress_timer.start(wait_ms)
            return
        with self._lock:
            value, self._posted = self._latest, False
        self._last_delivery = time.monotonic()
        self.progress.emit(value)

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
        if self._progress_timer.isActive():  # the last progress before the outcome
            self._progress_timer.stop()
            self._last_delivery = 0.0
            self._deliver_progress()
        (self.finished if ok else self.failed).emit(payload)
