"""Progress reporting to a terminal: one updating line on a TTY, one line per stage otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class TerminalProgress:
    """A `progress(stage, fraction)` callback that writes to stderr; safe to call from any thread."""

    def __init__(self, stream: TextIO | None = None, title: str = ""):
        self.stream = stream or sys.stderr
        self.title = title
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_stage: str | None = None
        self._started = time.perf_counter()
        self._lock = threading.Lock()
        self._open_line = False

    def __call__(self, stage: str, fraction: float | None) -> None:
        with self._lock:
            percent = f" {fraction * 100:3.0f}%" if fraction is not None else ""
            elapsed = time.perf_counter() - self._started
            prefix = f"{self.title}: " if self.title else ""
            if self.tty:
                self.stream.write(f"\r\033[K{prefix}{stage}{percent} ({elapsed:.0f} s)")
                self._open_line = True
            elif stage != self._last_stage:
                self.stream.write(f"{prefix}{stage}{percent}\n")
            self._last_stage = stage
            self.stream.flush()

    def finish(self) -> None:
        """End the updating line so later output starts on a fresh one."""
        with self._lock:
            if self._open_line:
                self.stream.write("\n")
                self.stream.flush()
                self._open_line = False
