"""Indexing collections in a child process (core/docs/indexer.py), one at a time, without ever
waiting on it: its JSON lines arrive through QProcess's signals on the GUI thread."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal, Slot

from desktop_chat.core.child import module_command
from desktop_chat.core.i18n import carried_message, fill

NOT_STARTED = (0, 0, "", "scanning")  # the progress of a run that has not counted its files yet


class IndexRunner(QObject):
    """Queues collections to index and runs `python -m desktop_chat.core.docs.indexer` for each."""

    # collection, done, to do, the file being read, the stage ("scanning", "reading" files, "embedding" passages)
    progress = Signal(str, int, int, str, str)
    finished = Signal(str, object)  # collection, the summary (a dict: files, read, skipped, passages…)
    failed = Signal(str, str)  # collection, what went wrong (a sentence)
    stopped = Signal(str)  # collection: the user stopped its reading
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queue: list[str] = []
        self._process: QProcess | None = None
        self._current: str | None = None
        self._reported = False
        self._buffer = b""
        self._summary: dict[str, Any] | None = None
        self._stopped = False  # the user stopped it: no failure to report
        self.last: dict[str, tuple[int, int, str, str]] = {}  # the latest progress of each collection

    @property
    def current(self) -> str | None:
        return self._current

    def is_indexing(self, name: str) -> bool:
        return name == self._current or name in self._queue

    def progress_of(self, name: str) -> tuple[int, int, str, str]:
        """The latest progress of `name`: done, to do, the file being read, the stage."""
        return self.last.get(name, NOT_STARTED)

    def index(self, name: str) -> None:
        """Index `name` (after the ones queued before it); a collection already waiting is not queued twice,
        and one being read now is read once more after it (what was just added was not seen by it)."""
        if name not in self._queue:
            self._queue.append(name)
            self._start_next()

    def stop(self, name: str) -> None:
        """Stop reading `name` (what is read stays; the rest is read the next time), or take it off the queue."""
        if name in self._queue:
            self._queue.remove(name)
        if name == self._current and self._process is not None:
            self._stopped = True
            self._process.kill()

    def resume_unfinished(self, store: Any) -> list[str]:
        """Queue every collection whose last index run did not finish (a crash, a kill, a closed window)."""
        names = [c.name for c in store.collections(include_private=True) if c.indexing_unfinished]
        for name in names:
            self.index(name)
        return names

    def _start_next(self) -> None:
        if self._process is not None or not self._queue:
            return
        self._current = self._queue.pop(0)
        self._reported = False
        self._buffer = b""
        command = module_command("desktop_chat.core.docs.indexer", self._current)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._on_exit)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        self.last[self._current] = NOT_STARTED
        self.busy_changed.emit(True)
        process.start(command[0], command[1:])

    @Slot()
    def _read(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            self._handle(event)

    def _handle(self, event: dict[str, Any]) -> None:
        name = str(event.get("collection", self._current or ""))
        kind = event.get("event")
        if kind == "progress":
            self.last[name] = (int(event.get("done", 0)), int(event.get("total", 0)), str(event.get("path", "")),
                               str(event.get("stage", "reading")))
            self.progress.emit(name, *self.last[name])
        elif kind == "done":
            self._reported = True
            self._summary = event  # told once the process has ended, so that nothing says "indexing" after it
        elif kind == "error":
            self._reported = True
            self.failed.emit(name, carried_message(event))
        elif kind == "busy":  # another process (the command line) is indexing it: its work counts too
            self._reported = True
            self.failed.emit(name, self.tr("Another program is indexing this collection; it was left to it."))

    @Slot(int, QProcess.ExitStatus)
    def _on_exit(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._read()
        process, name, summary = self._process, self._current, self._summary
        stopped, reported = self._stopped, self._reported
        failure = ""
        if not stopped and not reported and process is not None:
            detail = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip().splitlines()
            failure = fill(self.tr("Indexing stopped (exit status %1): %2"), code,
                           detail[-1] if detail else self.tr("no reason given"))
        # Idle first, then told: whoever listens sees the collection as no longer being read.
        self._process, self._current, self._summary, self._stopped = None, None, None, False
        if process is not None:
            process.deleteLater()
        if name is not None:
            if stopped:
                self.stopped.emit(name)
            elif failure:
                self.failed.emit(name, failure)
            elif summary is not None:
                self.finished.emit(name, summary)
        if self._queue:
            self._start_next()
        else:
            self.busy_changed.emit(False)

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._current is not None:
            self._reported = True
            self.failed.emit(self._current, self.tr("The indexer could not be started."))

    def shutdown(self) -> None:
        """Stop indexing now (the window is closing): what is indexed stays, the rest goes on next time."""
        self._queue.clear()
        process = self._process
        if process is not None:
            process.finished.disconnect(self._on_exit)
            process.kill()
            process.waitForFinished(3000)
            self._process, self._current = None, None
