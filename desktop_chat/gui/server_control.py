"""The window's local API server: started and stopped off the GUI thread, sharing the window's
engine (so one model serves the panes and API clients alike)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop_chat.core.inference.engine import Engine

OFF, STARTING, RUNNING, FAILED = "off", "starting", "running", "failed"


class ApiServerController(QObject):
    state_changed = Signal(str, str)  # state, detail (base URL or error)
    _outcome = Signal(object, object)  # from the worker thread: server or None, error or None

    def __init__(self, engine: Engine, parent: QObject | None = None):
        super().__init__(parent)
        self.engine = engine
        self.server: Any = None
        self.state = OFF
        self.detail = ""
        self._outcome.connect(self._on_outcome)

    def apply(self, enabled: bool, host: str, port: int, api_key: str | None, *,
              allowed_origins: tuple[str, ...] = (), max_body_mb: float = 4.0) -> None:
        """Run the server with these settings (restarting it), or stop it."""
        old, self.server = self.server, None
        self._set(STARTING if enabled else OFF, f"{host}:{port}" if enabled else "")

        def work() -> None:
            if old is not None:
                old.stop()
            if not enabled:
                self._outcome.emit(None, None)
                return
            try:
                from desktop_chat.core.server import BackgroundServer

                server = BackgroundServer(self.engine, host, port, api_key or None, allowed_origins=allowed_origins,
                                          max_body_bytes=int(max_body_mb * (1 << 20)))
                server.start()
            except Exception as exc:  # noqa: BLE001 - shown in the window
                self._outcome.emit(None, exc)
            else:
                self._outcome.emit(server, None)

        threading.Thread(target=work, name="desktop-chat-server-control", daemon=True).start()

    def stop(self) -> None:
        """Stop now (on quit)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    @Slot(object, object)
    def _on_outcome(self, server: Any, error: Any) -> None:
        if server is not None:
            self.server = server
            self._set(RUNNING, server.base_url)
        elif error is not None:
            self._set(FAILED, str(error))
        else:
            self._set(OFF, "")

    def _set(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)
