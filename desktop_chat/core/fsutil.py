"""Small file-system helpers that never leave a half-written file behind."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and os.replace()."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON object kept by the app (a record of keys to entries); {} when it is missing, unreadable
    or not an object, so a damaged record costs only what it remembered."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def hash_file(digest: Any, path: Path) -> str:
    """`digest` (a hashlib object, maybe fed a header already) fed `path`'s bytes a block at a time; its hex digest."""
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return str(digest.hexdigest())


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a block at a time."""
    import hashlib

    return hash_file(hashlib.sha256(), path)


def folder_size(path: Path) -> int:
    """Total bytes of the regular files under `path` (following a symlinked root)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                pass
    return total
