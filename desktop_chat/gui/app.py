"""Start the window: QApplication, theme, qasync event loop, errors shown in the window, clean exit."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_chat.core.settings import load_settings

if TYPE_CHECKING:
    from desktop_chat.gui.main_window import MainWindow

log = logging.getLogger(__name__)

APP_ID = "io.github.desktopchat.DesktopChat"  # reverse-DNS id of the desktop entry and the AppStream metainfo


def run_app(argv: list[str] | None = None, *, probe: str | None = None, probe_prompt: str | None = None,
            new_window: bool = False) -> int:
    """Open the window and run until it closes (or, when one is open already for this data folder,
    bring that one to the front; `new_window` opens a second one anyway). `probe` runs a measurement
    instead (see probes.py)."""
    started = time.perf_counter()
    import qasync

    from desktop_chat.gui.main_window import MainWindow
    from desktop_chat.gui.theme import apply_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("desktop-chat")
    app.setApplicationDisplayName("desktop-chat")
    app.setDesktopFileName(APP_ID)  # the menu entry (packaging/linux/): Wayland matches windows to it
    from desktop_chat.gui.icons import app_icon

    app.setWindowIcon(app_icon())
    from desktop_chat.gui.single_instance import InstanceServer, ask_running_window

    if not new_window and probe is None and ask_running_window():
        print("desktop-chat is already open: its window was brought to the front (desktop-chat --new-window opens "
              "another)", file=sys.stderr)
        return 0
    settings = load_settings()
    from desktop_chat.gui.i18n import install_translators

    install_translators(app, settings.language)  # before the first widget: every string is made translated
    theme = apply_theme(app, settings.theme, settings.font_size)
    window = MainWindow(settings=settings, theme=theme)
    _install_excepthook(window)
    if probe is None:
        window.instance_server = InstanceServer(window.bring_to_front, window)

    if probe == "startup":
        def report() -> None:  # at the paint itself, before the start-up work that follows it
            info = window.first_paint_info
            print(json.dumps({"first_paint_s": round(info["at"] - started, 3),
                              "torch_imported": info["torch_imported"]}), flush=True)
            QTimer.singleShot(0, window.close)
        window.first_painted.connect(report, Qt.ConnectionType.DirectConnection)
    elif probe == "stall":
        from desktop_chat.gui.probes import StallProbe

        StallProbe(window, probe_prompt or "Write a short story about a lighthouse.").start()
    elif probe == "index-stall":
        from desktop_chat.gui.probes import IndexStallProbe

        IndexStallProbe(window, probe_prompt or "").start()

    window.show()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0


def _install_excepthook(window: MainWindow) -> None:
    """Unexpected errors are logged and shown in the window, and the app keeps running."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        try:
            window.show_unexpected_error(error)
        except Exception:  # noqa: BLE001 - the window may be gone
            previous(kind, error, tb)

    sys.excepthook = hook
