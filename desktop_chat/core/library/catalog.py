"""What is installed: one Hugging Face format folder per model under models/, each with manifest.json."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import fields
from pathlib import Path

from desktop_chat.core import paths
from desktop_chat.core.errors import BadInput, ModelNotFound
from desktop_chat.core.settings import load_settings
from desktop_chat.core.types import ModelInfo

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
STARTER_NAME = "smollm2-135m-instruct"


def validate_name(name: str) -> str:
    """Model names are slugs, never paths: lowercase letters, digits, '.', '_' and '-'."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or ".." in name:
        raise BadInput(
            f"invalid model name {name!r}: use lowercase letters, digits, '.', '_' and '-' "
            "(at most 64, starting with a letter or digit)"
        )
    return name


def read_manifest(folder: Path) -> ModelInfo:
    """Parse folder/manifest.json into a ModelInfo (raises OSError / ValueError when unreadable)."""
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("manifest is not a JSON object")
    known = {f.name for f in fields(ModelInfo)} - {"name", "path"}
    info = ModelInfo(name=folder.name, path=str(folder), **{k: v for k, v in data.items() if k in known})
    return info


class Library:
    """The installed models under one models/ folder."""

    def __init__(self, root: Path | None = None):
        self.root = root or paths.models_dir()

    @property
    def partial_root(self) -> Path:
        return self.root / ".partial"

    def folder(self, name: str) -> Path:
        return self.root / validate_name(name)

    def names(self) -> list[str]:
        return [info.name for info in self.list()]

    def list(self) -> list[ModelInfo]:
        """Every complete model (a folder with a readable manifest), sorted by name."""
        if not self.root.is_dir():
            return []
        found: list[ModelInfo] = []
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir() or not NAME_PATTERN.match(folder.name):
                continue
            try:
                found.append(read_manifest(folder))
            except (OSError, ValueError, TypeError) as exc:
                log.warning("skipping %s: unreadable manifest (%s)", folder, exc)
        return found

    def has(self, name: str) -> bool:
        return (self.folder(name) / MANIFEST).is_file()

    def get(self, name: str) -> ModelInfo:
        """The model called `name`; ModelNotFound (listing what is installed) when there is none."""
        validate_name(name)
        for info in self.list():
            if info.name == name:
                return info
        raise ModelNotFound(name, self.names())

    def default_name(self) -> str | None:
        """The user's default model if installed, else the starter model, else the first installed one."""
        preferred = load_settings().default_model
        names = self.names()
        for candidate in (preferred, STARTER_NAME):
            if candidate and candidate in names:
                return candidate
        return names[0] if names else None
