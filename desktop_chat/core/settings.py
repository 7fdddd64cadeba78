"""User settings: typed, versioned, saved atomically to settings.json."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_chat.core import paths
from desktop_chat.core.fsutil import atomic_write_json

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    default_model: str | None = None
    device: str = "auto"
    dtype: str = "auto"
    cpu_threads: int = 0  # torch's threads; 0 = automatic (core/inference/threads.py)
    compiled_decode: str = "auto"  # auto (where measured faster) | on | off (core/inference/compiled.py)
    theme: str = "system"
    font_size: int = 11
    context_policy: str = "drop_oldest"
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    server_enabled: bool = False
    server_host: str = "127.0.0.1"
    server_port: int = 8000
    server_api_key: str = ""
    server_allowed_origins: list[str] = field(default_factory=list)  # web pages that may use the API
    server_max_body_mb: float = 4.0
    hf_token: str = ""  # for gated or private Hub repos (HF_TOKEN is used when empty)
    welcome_shown: bool = False  # the welcome appears once for a new data folder (Help ▸ Welcome again)
    language: str = "system"  # the window's language: system | en | zh_CN (core/i18n.py); applies at the next start

    def save(self, path: Path | None = None) -> None:
        atomic_write_json(path or paths.settings_path(), asdict(self))


def load_settings(path: Path | None = None) -> Settings:
    """Read settings.json; a missing file gives defaults, a broken one is moved aside (never lost)."""
    path = path or paths.settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        log.warning("settings file %s is unreadable (%s); moved it to %s and using defaults", path, exc, aside)
        try:
            path.replace(aside)
        except OSError:
            pass
        return Settings()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in data.items() if k in known})
    settings.version = SETTINGS_VERSION
    return settings
