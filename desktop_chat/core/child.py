"""Commands that start one of the app's own modules in a child process.

From a source install the child is `python -m MODULE`. In the packaged app (PyInstaller) there is
no `python`: `sys.executable` is the app's own executable, which understands the same `-m MODULE`
(desktop_chat/frozen.py), so one command form serves both.
"""

from __future__ import annotations

import sys


def is_frozen() -> bool:
    """True inside the packaged app (a PyInstaller bundle)."""
    return bool(getattr(sys, "frozen", False))


def module_command(module: str, *args: str) -> list[str]:
    """The command line that runs `module` as `__main__` with `args`, from source or from the bundle."""
    return [sys.executable, "-m", module, *args]
