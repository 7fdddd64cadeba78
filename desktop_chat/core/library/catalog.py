"""What is installed: one Hugging Face format folder per model under models/, each with manifest.json."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import fields
from datetime import datetime, UTC
from pathlib import Path

from desktop_chat.core import paths
from desktop_chat.core.errors import BadInput, ModelNotFound
from desktop_chat.core.fsutil import atomic_write_json
from desktop_chat.core.i18n import translate
from desktop_chat.core.library import compile_cache
from desktop_chat.core.settings import Settings, load_settings
from desktop_chat.core.types import ModelInfo

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SECRET = "secret.json"
# Always fullmatch(): with match(), "$" also matches before a trailing newline ("name\n" would pass).
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
STARTER_NAME = "smollm2-135m-instruct"


def validate_name(name: str) -> str:
    """Model names are slugs, never paths: lowercase letters, digits, '.', '_' and '-'."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or ".." in name:
        raise BadInput(translate("Core", "invalid model name %1: use lowercase letters, digits, '.', '_' and '-' "
                                 "(at most 64, starting with a letter or digit)"), repr(name))
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
    """The installed models under one models/ folder.

    The default model is the user's setting: read from settings.json each time, unless the caller
    holds the settings in memory (the window) and passes them.
    """

    def __init__(self, root: Path | None = None, settings: Settings | None = None):
        self.root = root or paths.models_dir()
        self._settings = settings

    def _user_settings(self) -> Settings:
        return self._settings if self._settings is not None else load_settings()

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
            if folder.name.startswith(".") or not folder.is_dir() or not NAME_PATTERN.fullmatch(folder.name):
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

    def add_remote(self, name: str, base_url: str, model_id: str, api_key: str | None = None,
                   context_length: int | None = None) -> ModelInfo:
        """Register an OpenAI-compatible endpoint (vLLM, TGI, another desktop-chat…) as a model."""
        validate_name(name)
        if not base_url.startswith(("http://", "https://")):
            raise BadInput(translate("Core", "base URL must start with http:// or https://, got %1"), repr(base_url))
        if not model_id.strip():
            raise BadInput(translate("Core", "the remote model id is empty: give the id the endpoint knows the model "
                                     "by"))
        if self.has(name):
            raise BadInput(translate("Core", "a model named '%1' is already installed; choose another name or remove "
                                     "it first"), name)
        staging = self.partial_root / f"{name}.remote"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if api_key:
            secret = staging / SECRET
            secret.touch(mode=0o600)
            secret.write_text(json.dumps({"api_key": api_key}), encoding="utf-8")
        atomic_write_json(staging / MANIFEST, {
            "kind": "remote", "base_url": base_url.rstrip("/"), "model_id": model_id.strip(),
            "source": f"remote:{base_url.rstrip('/')}", "context_length": context_length,
            "created": datetime.now(UTC).isoformat(timespec="seconds"), "size_bytes": 0,
        })
        os.replace(staging, self.folder(name))
        return self.get(name)

    def api_key(self, name: str) -> str | None:
        """A remote model's API key (kept apart from manifest.json, readable by the owner only)."""
        try:
            return json.loads((self.folder(name) / SECRET).read_text(encoding="utf-8")).get("api_key")
        except (OSError, ValueError):
            return None

    def rename(self, old: str, new: str) -> ModelInfo:
        """Give a model a new name (the default model setting follows it)."""
        info = self.get(old)
        validate_name(new)
        if self.has(new) or self.folder(new).exists():
            raise BadInput(translate("Core", "a model named '%1' is already installed"), new)
        old_folder = Path(info.path).resolve()
        os.replace(info.path, self.folder(new))
        if not self.folder(new).is_symlink():  # a linked model's compiled files stay with its real folder
            compile_cache.moved(old_folder, self.folder(new))
        settings = self._user_settings()
        if settings.default_model == old:
            settings.default_model = new
            settings.save()
        return self.get(new)

    def set_default(self, name: str) -> None:
        if self.get(name).is_embedding:
            from desktop_chat.core.library.embedding_format import embedding_cannot_chat

            raise embedding_cannot_chat(name)
        settings = self._user_settings()
        settings.default_model = name
        settings.save()

    def remove(self, name: str) -> None:
        """Delete an installed model: moved out of the library first, so it vanishes at once."""
        info = self.get(name)
        folder = Path(info.path)
        self.partial_root.mkdir(parents=True, exist_ok=True)
        doomed = self.partial_root / f"{name}.deleting-{os.getpid()}"
        if folder.is_symlink():  # a model linked from elsewhere: its files, compiled ones too, stay there
            folder.unlink()
            return
        compile_cache.forget(folder)
        os.replace(folder, doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def default_name(self) -> str | None:
        """The user's default model if installed, else the starter model, else the first installed one
        (that can chat: an embedding model only searches documents)."""
        preferred = self._user_settings().default_model
        names = [info.name for info in self.list() if not info.is_embedding]
        for candidate in (preferred, STARTER_NAME):
            if candidate and candidate in names:
                return candidate
        return names[0] if names else None
