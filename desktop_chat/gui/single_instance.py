"""One window per data folder: a second launch asks the running one to come to the front and exits.

The running window listens on a local socket named after its data folder (so a portable copy with
its own DESKTOP_CHAT_HOME is a separate app); `desktop-chat --new-window` skips all this.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_chat.core import paths

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
RAISE = b"raise\n"


def server_name() -> str:
    folder = str(paths.data_dir().resolve())
    return f"desktop-chat-{hashlib.sha256(folder.encode()).hexdigest()[:16]}"


def _answers(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    connected = socket.waitForConnected(CONNECT_TIMEOUT_MS)
    socket.abort()
    return connected


def ask_running_window() -> bool:
    """True when a window of this data folder is running and was asked to come to the front."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; `on_raise` is called on the GUI thread for each one."""

    def __init__(self, on_raise: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_raise = on_raise
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        name = server_name()
        if not self.server.listen(name):
            if _answers(name):  # a first window (this one came with --new-window): it keeps the name
                log.debug("another window answers other launches on %s", name)
                return
            QLocalServer.removeServer(name)  # a socket file left by a window that crashed
            if not self.server.listen(name):
                log.warning("cannot listen for other launches: %s", self.server.errorString())
                return
        log.debug("listening for other launches on %s", name)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_message(s))

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).strip() == RAISE.strip():
            log.debug("another launch asked for the window")
            self.on_raise()
        socket.disconnectFromServer()
