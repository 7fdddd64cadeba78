"""A second launch of desktop-chat on the same data folder brings the running window to the front and
exits, instead of opening a second window that loads a second model; --new-window opens one anyway."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading

from tests.conftest import REPO


def _launch(home, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "desktop_chat", "-v", *args], stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=env)


def _lines(process: subprocess.Popen) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], text: str) -> None:
    while text not in lines.get(timeout=120):
        pass


def test_a_second_launch_brings_the_first_window_to_the_front(home):
    from desktop_chat.core.settings import Settings

    Settings(default_model="tiny-llama", welcome_shown=True).save(home / "settings.json")
    first = _launch(home)
    try:
        first_lines = _lines(first)
        _wait_for(first_lines, "listening for other launches")
        second = subprocess.run([sys.executable, "-m", "desktop_chat"], capture_output=True, text=True, cwd=REPO,
                                env={**os.environ, "DESKTOP_CHAT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
                                timeout=120)
        assert second.returncode == 0
        assert "desktop-chat is already open: its window was brought to the front" in second.stderr
        _wait_for(first_lines, "another launch asked for the window")
        third = _launch(home, "--new-window")  # asked for: a second window after all
        try:
            _wait_for(_lines(third), "another window answers other launches")  # and the first keeps answering
        finally:
            third.kill()
            third.wait(30)
    finally:
        first.kill()
        first.wait(30)
