"""Turns the engine's worker-thread callbacks into GUI-thread signals.

Deltas are not sent as one signal per token: the worker appends them to a buffer and a 16 ms timer
on the GUI thread drains it, so widgets update at most ~60 times a second however fast the model
is. Job events (started, finished, failed) cross threads as one queued signal to a @Slot.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import CancelledError, Future
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desktop_chat.core.inference.engine import Engine, GenerationJob, ModelStatus
from desktop_chat.core.types import ChatRequest

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 16


class ReplyHandle(QObject):
    """A reply in progress, as the GUI thread sees it. All signals arrive on the GUI thread."""

    started = Signal()
    prompt_measured = Signal(int, int)  # the prompt's tokens and the context, before the first token
    text_appended = Signal(str)
    finished = Signal(object)  # GenResult
    failed = Signal(object)  # the exception
    cancelled = Signal()  # cancelled while it still waited in the queue

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.job: GenerationJob | None = None
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self.done = False

    @property
    def waiting(self) -> bool:
        return self.job is not None and self.job.waiting

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _push(self, delta: str) -> None:  # worker thread
        with self._lock:
            self._pending.append(delta)

    def _take(self) -> str:
        with self._lock:
            text = "".join(self._pending)
            self._pending.clear()
        return text

    def _flush(self) -> None:
        text = self._take()
        if text:
            self.text_appended.emit(text)


class EngineBridge(QObject):
    """The GUI's handle on the one Engine: chat, load, and model status as signals."""

    model_status_changed = Signal(object)  # ModelStatus | None
    load_progress = Signal(str, object)  # stage, fraction (None: unknown)
    load_failed = Signal(object)  # exception from an explicit load
    busy_changed = Signal(bool)
    # How preparing the compiled decode step goes: kind, sentence, fraction (Engine.on_prepare)
    compiled_progress = Signal(str, str, object)

    _job_event = Signal(object, str, object)  # from worker threads: handle, kind, payload
    _progress_event = Signal(str, object)

    def __init__(self, engine: Engine, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        engine.on_prepare = self.compiled_progress.emit  # from the engine's threads; queued to this one
        self._active: set[ReplyHandle] = set()
        # Queued even from the GUI thread: a job that is already done when its callback is attached
        # must still report after the caller has connected to the handle.
        self._job_event.connect(self._on_job_event, Qt.ConnectionType.QueuedConnection)
        self._progress_event.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self._flush)
        self._loading = False
        self._last_status: ModelStatus | None = None

    # --------------------------------------------------------------------- requests (GUI thread)

    def chat(self, request: ChatRequest, model: str | None = None) -> ReplyHandle:
        handle = ReplyHandle()  # owned by Python: freed once the pane lets go of it
        job = self.engine.chat(
            request,
            handle._push,
            model=model,
            on_start=lambda: self._job_event.emit(handle, "started", None),
            progress=self._progress_event.emit,
            on_prompt=lambda used, limit: self._job_event.emit(handle, "prompt", (used, limit)),
        )
        handle.job = job
        self._active.add(handle)
        job.future.add_done_callback(lambda future: self._job_event.emit(handle, "done", future))
        if not self._timer.isActive():
            self._timer.start()
        self.busy_changed.emit(True)
        return handle

    def load(self, model: str | None = None) -> Future[ModelStatus]:
        """Load a model in the background; progress, status and failure arrive as signals."""
        self._loading = True
        future = self.engine.load(model, progress=self._progress_event.emit)
        future.add_done_callback(lambda f: self._job_event.emit(None, "loaded", f))
        return future

    @property
    def loading(self) -> bool:
        """A load was asked for and has not finished."""
        return self._loading

    @property
    def replying(self) -> bool:
        """A reply is queued or being written (it loads the model it needs itself)."""
        return bool(self._active)

    def unload(self) -> Future[None]:
        """Free the model's memory; the status signal follows."""
        future = self.engine.unload()
        future.add_done_callback(lambda f: self._job_event.emit(None, "loaded", f))
        return future

    def shutdown(self, timeout: float = 3.0) -> None:
        """Stop the engine (a reply stops within one token). A model still loading is not waited
        for longer than `timeout`: its thread is a daemon, and imports are atomic."""
        self._timer.stop()
        self.engine.shutdown(timeout)

    # --------------------------------------------------------------------- worker events (GUI thread)

    @Slot(str, object)
    def _on_progress(self, stage: str, fraction: Any) -> None:
        self.load_progress.emit(stage, fraction)

    @Slot()
    def _flush(self) -> None:
        for handle in list(self._active):
            handle._flush()
        if not self._active:
            self._timer.stop()

    def _emit_status(self) -> None:
        self._last_status = self.engine.status
        self.model_status_changed.emit(self._last_status)

    def _status_may_have_changed(self) -> None:
        if self.engine.status != self._last_status:
            self._emit_status()

    @Slot(object, str, object)
    def _on_job_event(self, handle: ReplyHandle | None, kind: str, payload: Any) -> None:
        if kind == "loaded":
            self._loading = False
            error = payload.exception() if not payload.cancelled() else None
            if error is not None:
                self.load_failed.emit(error)
            self._emit_status()
            return
        assert handle is not None
        if kind == "started":
            self._status_may_have_changed()  # the job loaded the model it needs: status lines say so now
            handle.started.emit()
            return
        if kind == "prompt":
            handle.prompt_measured.emit(*payload)
            return
        # "done": deliver the text still buffered before the outcome.
        handle._flush()
        self._active.discard(handle)
        handle.done = True
        future: Future = payload
        try:
            result = future.result()
        except CancelledError:
            handle.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - shown in the window
            handle.failed.emit(exc)
        else:
            handle.finished.emit(result)
        self._emit_status()
        if not self._active:
            self.busy_changed.emit(False)
