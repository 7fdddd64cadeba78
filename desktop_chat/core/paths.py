"""Where desktop-chat keeps its files. `DESKTOP_CHAT_HOME` overrides everything (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "desktop-chat"
HOME_ENV = "DESKTOP_CHAT_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Models, runs and chat history live here."""
    return _home_override() or platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """settings.json lives here."""
    return _home_override() or platformdirs.user_config_path(APP_NAME, appauthor=False)


def models_dir() -> Path:
    return data_dir() / "models"


def partial_models_dir() -> Path:
    """Imports and downloads in progress; moved into models_dir() atomically when complete."""
    return models_dir() / ".partial"


def runs_dir() -> Path:
    return data_dir() / "runs"


def chats_db_path() -> Path:
    return data_dir() / "chats.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.json"
