"""The compile cache, and which of its files belong to which model, so removing a model frees them.

A model's compiled decode step (inference/compiled.py) freezes its weights into the graph, and
inductor keeps the packed copies in its FX graph cache (`fxgraph/`): as large as the model's 16-bit
weights, ~270 MB for the 135M starter (fp32 steps are not kept: MKL's packed weights cannot be
pickled). The entries are named by a hash that says nothing of the model, so the files a model's
compile adds are written down, per model folder, in OWNERS_FILE beside them: `forget` deletes them
when the model is removed, and `moved` follows a rename. A compile served from the cache adds
nothing; its entry stays with the model whose compile made it (two models with the same weights
share one: removing the first costs the second a new compile).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_chat.core import paths
from desktop_chat.core.fsutil import atomic_write_json, read_json_object

log = logging.getLogger(__name__)

OWNERS_FILE = "desktop-chat-owners.json"
GRAPHS = "fxgraph"  # inductor's FX graph cache, where frozen weights are kept


def cache_dir() -> Path:
    """Where inductor keeps compiled code: the data folder, unless TORCHINDUCTOR_CACHE_DIR says otherwise.

    Inductor writes its own default (under /tmp) into that variable the first time it looks, which
    loading a model does: that value is not the user's and is not kept to.
    """
    given = os.environ.get("TORCHINDUCTOR_CACHE_DIR")
    if given and not _is_inductors_default(given):
        return Path(given)
    return paths.data_dir() / "compile-cache"


def _is_inductors_default(directory: str) -> bool:
    try:
        from torch._inductor.runtime.cache_dir_utils import default_cache_dir
    except ImportError:
        return False
    return os.path.abspath(directory) == os.path.abspath(default_cache_dir())


def _graph_files(root: Path) -> set[str]:
    """Files of the FX graph cache, relative to `root`."""
    graphs = root / GRAPHS
    return {p.relative_to(root).as_posix() for p in graphs.rglob("*") if p.is_file()} if graphs.is_dir() else set()


def _owner(folder: Path) -> str:
    return str(Path(folder).resolve())


def _write_owners(root: Path, owners: dict[str, list[str]]) -> None:
    try:
        atomic_write_json(root / OWNERS_FILE, owners)
    except OSError as exc:  # a full disk: these files stay until the cache is cleared by hand
        log.warning("could not note which compiled files belong to which model: %s", exc)


@contextmanager
def recording(folder: Path) -> Iterator[None]:
    """Note the cache files a compile inside this block adds as belonging to the model in `folder`."""
    root = cache_dir()
    before = _graph_files(root)
    yield
    added = _graph_files(root) - before
    if added:
        owners, owner = read_json_object(root / OWNERS_FILE), _owner(folder)
        owners[owner] = sorted(set(owners.get(owner, [])) | added)
        _write_owners(root, owners)


def owned_files(folder: Path) -> list[Path]:
    """The cache files noted as the model's in `folder` (that still exist)."""
    root = cache_dir()
    names = read_json_object(root / OWNERS_FILE).get(_owner(folder), [])
    return [root / name for name in names if (root / name).is_file()]


def forget(folder: Path) -> int:
    """Delete the cache files of the model in `folder` (it is being removed); bytes freed."""
    root = cache_dir()
    owners = read_json_object(root / OWNERS_FILE)
    names = owners.pop(_owner(folder), None)
    if names is None:
        return 0
    graphs = (root / GRAPHS).resolve()
    freed = 0
    for name in names:
        path = (root / name).resolve()
        if graphs not in path.parents or not path.is_file():  # only ever inside the graph cache
            continue
        try:
            size = path.stat().st_size
            path.unlink()
            freed += size
        except OSError as exc:
            log.warning("could not delete %s: %s", path, exc)
            continue
        for parent in path.parents:  # the entry's now-empty folders
            if parent == graphs or graphs not in parent.parents:
                break
            try:
                parent.rmdir()
            except OSError:
                break
    _write_owners(root, owners)
    return freed


def moved(old_folder: Path, new_folder: Path) -> None:
    """The model in `old_folder` (resolved before it moved) now lives in `new_folder`: its cache files go with it."""
    root = cache_dir()
    owners = read_json_object(root / OWNERS_FILE)
    names = owners.pop(_owner(old_folder), None)
    if names is not None:
        owners[_owner(new_folder)] = names
        _write_owners(root, owners)
