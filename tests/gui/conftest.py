"""GUI fixtures: a real MainWindow (offscreen) on a fresh data home, driven with pytest-qt."""

from __future__ import annotations

import asyncio

import pytest


@pytest.fixture(scope="session", autouse=True)
def english_translations(qapp):
    """The app's English translation, as the app installs it: its plural forms ("1 chat", "2 chats")."""
    from desktop_chat.gui.i18n import install_translators

    install_translators(qapp, "en")


def make_window(qtbot, default_model: str | None = "tiny-llama", welcome: bool = False):
    """A window on the test's data home; the welcome (shown once per data folder) only if asked for."""
    from desktop_chat.core.settings import load_settings
    from desktop_chat.gui.main_window import MainWindow

    settings = load_settings()
    if default_model:
        settings.default_model = default_model
    settings.welcome_shown = not welcome
    settings.save()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_ready, timeout=10_000)
    return window


def wait_model(qtbot, window, name: str = "tiny-llama", timeout: int = 120_000) -> None:
    qtbot.waitUntil(lambda: (window.bridge.engine.status or None) is not None
                    and window.bridge.engine.status.name == name, timeout=timeout)


def wait_idle(qtbot, pane, timeout: int = 120_000) -> None:
    qtbot.waitUntil(lambda: not pane.busy, timeout=timeout)


def set_params(window, pane, **params) -> None:
    """Give a pane's conversation fixed sampling settings (and reload its drawer)."""
    from desktop_chat.core.types import GenParams

    store = window.context.store
    settings = store.get_conversation(pane.conversation_id).settings
    settings.params = GenParams(**{"temperature": 0, "repetition_penalty": 1.0, **params})
    store.update_settings(pane.conversation_id, settings)
    pane.drawer.load(settings)


@pytest.fixture
def window(qtbot, home):
    win = make_window(qtbot)
    yield win
    win.close()


@pytest.fixture
def async_loop(qapp):
    """An asyncio loop on top of Qt's (qasync), for the window's coroutine-based file I/O."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = qasync.QThreadExecutor(1)  # owned here: a loop that is "already running" cannot be closed
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown(wait=True)
    asyncio.set_event_loop(None)
