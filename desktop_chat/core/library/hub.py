"""Models from the Hugging Face Hub: search, and downloads that retry, resume and verify.

Only what a model needs is fetched (config, tokenizer, chat template, `*.safetensors`), through
`huggingface_hub` into models/.partial/<name>/, where an interrupted download resumes (Range
requests) even after an app restart. Every file is checked against the Hub's hashes (sha256 for
LFS files, the git blob id for the rest) before the folder is moved into the library. Repos with
only pickle weights, or that need their own Python code, are refused unless explicitly allowed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from filelock import FileLock, Timeout

from desktop_chat.core.errors import BadInput, DesktopChatError
from desktop_chat.core.fsutil import atomic_write_json, hash_file
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill, translate
from desktop_chat.core.library.catalog import Library, validate_name
from desktop_chat.core.library.embedding_format import is_sentence_transformers_file
from desktop_chat.core.library.importers import write_manifest
from desktop_chat.core.library.model_files import MODEL_FILES, read_config
from desktop_chat.core.types import ModelInfo

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
PLAN_FILE = "download.json"
PICKLE_FILES = re.compile(r"pytorch_model.*\.bin|pytorch_model\.bin\.index\.json")
# Seconds before retry n is 2 ** n times this (capped); tests and very slow links may change it.
BACKOFF_BASE_S = float(os.environ.get("DESKTOP_CHAT_RETRY_BASE_S", "2"))


class Offline(DesktopChatError):
    """The Hub's host name cannot be resolved: this computer is offline (or has no DNS). Not retried."""


def check_online(endpoint: str | None = None) -> None:
    """Raise Offline at once when the Hub cannot even be looked up (instead of retrying for half a minute)."""
    url = urlparse(endpoint_url(endpoint))
    host = url.hostname or ""
    try:
        socket.getaddrinfo(host, url.port or (443 if url.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise Offline(translate("Core", "you appear to be offline: %1 cannot be found (%2); models already installed "
                                "keep working, and downloads can start once the network is back"), host,
                      reason) from None


class DownloadCancelled(DesktopChatError):
    """The user cancelled; the files fetched so far are kept so the download can resume."""


@dataclass
class HubFile:
    name: str
    size: int
    sha256: str | None  # LFS files
    blob_id: str | None  # git blob id (sha1 of "blob <size>\0" + content)


@dataclass
class DownloadPlan:
    repo_id: str
    revision: str | None
    commit: str
    name: str
    files: list[HubFile]
    license: str | None
    allow_remote_code: bool = False

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


# DownloadState.stage as a person reads it
STAGE_WORDS = {"downloading": QT_TRANSLATE_NOOP("Core", "downloading"),
               "verifying": QT_TRANSLATE_NOOP("Core", "verifying"), "retrying": QT_TRANSLATE_NOOP("Core", "retrying"),
               "starting": QT_TRANSLATE_NOOP("Core", "starting"), "installing": QT_TRANSLATE_NOOP("Core", "installing"),
               "done": QT_TRANSLATE_NOOP("Core", "done")}


@dataclass
class DownloadState:
    """What a progress display needs, updated many times a second."""

    name: str
    repo_id: str
    stage: str = "starting"  # starting | downloading | verifying | retrying | installing | done
    file: str = ""
    file_done: int = 0
    file_total: int = 0
    done: int = 0
    total: int = 0
    speed: float = 0.0  # bytes per second
    eta_s: float | None = None
    message: str = ""
    _samples: list[tuple[float, int]] = field(default_factory=list, repr=False)

    def record(self) -> None:
        now = time.monotonic()
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[0][0] > 3.0:
            self._samples.pop(0)
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 > t0:
            self.speed = (b1 - b0) / (t1 - t0)
        remaining = self.total - self.done
        self.eta_s = remaining / self.speed if self.speed > 0 else None

    def line(self) -> str:
        """One human line: file, percentages, speed, time left."""
        if self.stage in ("retrying", "starting", "installing", "done") and self.message:
            return self.message
        percent = 100 * self.done / self.total if self.total else 0
        file_percent = 100 * self.file_done / self.file_total if self.file_total else 100
        stage = translate("Core", STAGE_WORDS.get(self.stage, self.stage))
        values = (stage, self.file, f"{file_percent:3.0f}", f"{percent:3.0f}", f"{self.total / 1e6:,.1f}",
                  f"{self.speed / 1e6:.1f}")
        if self.eta_s is None:
            return fill(translate("Core", "%1 %2 %3% — %4% of %5 MB at %6 MB/s"), *values)
        return fill(translate("Core", "%1 %2 %3% — %4% of %5 MB at %6 MB/s, %7 s left"), *values, f"{self.eta_s:.0f}")


ProgressCallback = Callable[[DownloadState], None]


# ------------------------------------------------------------------------------------- names

def parse_repo_ref(reference: str) -> tuple[str, str | None]:
    """'org/name@revision' → ('org/name', 'revision')."""
    repo_id, _, revision = reference.strip().partition("@")
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)?", repo_id) or ".." in repo_id:
        raise BadInput(translate("Core", "not a Hugging Face repo id: %1 (expected org/name or org/name@revision)"),
                       repr(reference))
    return repo_id, revision or None


def name_for(repo_id: str) -> str:
    """A library name from a repo id: 'HuggingFaceTB/SmolLM2-135M' → 'smollm2-135m'."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", repo_id.split("/")[-1].lower()).strip("-._")
    return slug[:64] or "model"


def endpoint_url(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


# ------------------------------------------------------------------------------------- errors

def _cannot_resolve(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) is a failed host-name lookup: waiting does not heal that."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror) or "Name or service not known" in str(seen) \
                or "Temporary failure in name resolution" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_transient(exc: BaseException) -> bool:
    if _cannot_resolve(exc):
        return False
    from huggingface_hub.errors import (
        EntryNotFoundError, GatedRepoError, HfHubHTTPError, LocalEntryNotFoundError, RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if isinstance(exc, (RepositoryNotFoundError, RevisionNotFoundError, GatedRepoError)):
        return False
    if isinstance(exc, LocalEntryNotFoundError):  # the HEAD request failed and nothing is cached
        return True
    if isinstance(exc, EntryNotFoundError):
        return False
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        return status is None or status >= 500 or status == 429
    module = type(exc).__module__
    return isinstance(exc, (OSError, ConnectionError, TimeoutError)) or module.startswith(("httpx", "httpcore"))


def _user_error(exc: BaseException, repo_id: str, endpoint: str) -> DesktopChatError:
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError, RevisionNotFoundError

    if isinstance(exc, GatedRepoError):
        return BadInput(f"{repo_id} is gated: accept its terms on {endpoint}/{repo_id}, then give desktop-chat a "
                        "token (Settings ▸ Hugging Face token, or the HF_TOKEN environment variable)")
    if isinstance(exc, RevisionNotFoundError):
        return BadInput(f"{repo_id} has no such revision on {endpoint}: {exc}")
    if isinstance(exc, RepositoryNotFoundError):
        return BadInput(f"model {repo_id} not found on {endpoint}: check the spelling (org/name, case-sensitive); "
                        "a private repo also needs a token (HF_TOKEN)")
    if isinstance(exc, DesktopChatError):
        return exc
    if _cannot_resolve(exc):
        return Offline(f"you appear to be offline: {urlparse(endpoint).hostname} cannot be found; the download can "
                       "start once the network is back")
    return DesktopChatError(f"could not download {repo_id} from {endpoint}: {_short(exc)}")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _with_retries(what: str, action: Callable[[], Any], state: DownloadState, progress: ProgressCallback | None,
                  cancel: threading.Event, retries: int) -> Any:
    for attempt in range(retries + 1):
        if cancel.is_set():
            raise DownloadCancelled(translate("Core", "download of %1 cancelled"), state.repo_id)
        try:
            return action()
        except DownloadCancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - classified below
            if not _is_transient(exc):
                raise
            if attempt == retries:
                raise DesktopChatError(translate("Core", "gave up on %1 after %2 attempts: %3; check the network "
                                                 "connection and try again (the download resumes where it stopped)"),
                                       what, retries + 1, _short(exc)) from exc
            delay = min(BACKOFF_BASE_S * 2 ** attempt, 60.0)
            state.stage = "retrying"
            state.message = fill(translate("Core", "%1: %2; retrying in %3 s (attempt %4 of %5)"), what, _short(exc),
                                 f"{delay:.0f}", attempt + 2, retries + 1)
            log.warning(state.message)
            if progress is not None:
                progress(state)
            if cancel.wait(delay):
                raise DownloadCancelled(translate("Core", "download of %1 cancelled"), state.repo_id) from None
    raise AssertionError("unreachable")


# ------------------------------------------------------------------------------------- search

@dataclass
class HubResult:
    repo_id: str
    downloads: int
    likes: int
    license: str | None
    size_bytes: int | None
    gated: bool


def search_hub(query: str, limit: int = 20, token: str | None = None, endpoint: str | None = None) -> list[HubResult]:
    """Text-generation models matching `query`, most downloaded first."""
    from huggingface_hub import HfApi

    check_online(endpoint)
    api = HfApi(endpoint=endpoint_url(endpoint), token=token or None)
    try:
        found = list(api.list_models(search=query or None, pipeline_tag="text-generation", sort="downloads",
                                     limit=limit, expand=["downloads", "likes", "cardData", "gated", "usedStorage",
                                                          "tags"]))
    except Exception as exc:  # noqa: BLE001 - one clear line
        if _cannot_resolve(exc):
            raise Offline(translate("Core", "you appear to be offline: %1 cannot be found"),
                          urlparse(endpoint_url(endpoint)).hostname) from None
        raise DesktopChatError(translate("Core", "could not search the Hub at %1: %2"), endpoint_url(endpoint),
                               _short(exc)) from exc
    return [HubResult(repo_id=m.id, downloads=m.downloads or 0, likes=m.likes or 0, license=_license(m),
                      size_bytes=getattr(m, "used_storage", None), gated=bool(m.gated)) for m in found]


def _license(info: Any) -> str | None:
    card = getattr(info, "card_data", None)
    if card is not None and getattr(card, "license", None):
        return str(card.license)
    for tag in info.tags or []:
        if tag.startswith("license:"):
            return tag.split(":", 1)[1]
    return None


# ------------------------------------------------------------------------------------- planning

def plan_download(repo_ref: str, name: str | None = None, *, token: str | None = None, endpoint: str | None = None,
                  allow_pickle: bool = False, allow_remote_code: bool = False, retries: int = 5,
                  cancel: threading.Event | None = None, progress: ProgressCallback | None = None) -> DownloadPlan:
    """Look the repo up and choose its files; refuses repos without usable weights."""
    from huggingface_hub import HfApi

    repo_id, revision = parse_repo_ref(repo_ref)
    name = validate_name(name or name_for(repo_id))
    url = endpoint_url(endpoint)
    check_online(url)
    api = HfApi(endpoint=url, token=token or None)
    state = DownloadState(name=name, repo_id=repo_id, message=f"looking up {repo_id} on {url}")
    if progress is not None:
        progress(state)
    try:
        info = _with_retries(f"looking up {repo_id}", lambda: api.model_info(repo_id, revision=revision,
                                                                              files_metadata=True),
                             state, progress, cancel or threading.Event(), retries)
    except DownloadCancelled:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _user_error(exc, repo_id, url) from exc
    siblings = {s.rfilename: s for s in info.siblings or []}
    top_level = [n for n in siblings if "/" not in n]
    weights = [n for n in top_level if n.endswith(".safetensors")]
    pickles = [n for n in top_level if PICKLE_FILES.fullmatch(n)]
    if not weights:
        if pickles and not allow_pickle:
            raise BadInput(translate("Core", "%1 has only pickle .bin weights, which can run code when loaded; "
                                     "desktop-chat downloads safetensors only (pass --allow-pickle if you trust this "
                                     "repo)"), repo_id)
        if not pickles:
            others = ", ".join(sorted(top_level)[:8])
            if any(n.endswith(".gguf") for n in top_level):
                raise BadInput(translate("Core", "%1 has no model weights desktop-chat can load (files: %2); for a "
                                         ".gguf file: download it and use `desktop-chat models import FILE`"),
                               repo_id, others)
            raise BadInput(translate("Core", "%1 has no model weights desktop-chat can load (files: %2)"), repo_id,
                           others)
        weights = pickles
    if "config.json" not in siblings:
        raise BadInput(translate("Core", "%1 has no config.json: it is not a transformers model"), repo_id)
    chosen = ([n for n in top_level if n in MODEL_FILES] + weights
              + ([n for n in siblings if is_sentence_transformers_file(n)] if "modules.json" in siblings else []))
    files = []
    for file_name in dict.fromkeys(chosen):
        sibling = siblings[file_name]
        files.append(HubFile(name=file_name, size=sibling.size or 0,
                             sha256=sibling.lfs.sha256 if sibling.lfs else None, blob_id=sibling.blob_id))
    files.sort(key=lambda f: (f.name != "config.json", f.size))  # config first: it decides remote code
    return DownloadPlan(repo_id=repo_id, revision=revision, commit=info.sha or (revision or "main"), name=name,
                        files=files, license=_license(info), allow_remote_code=allow_remote_code)


# ------------------------------------------------------------------------------------- downloading

def _reporter_class(on_bytes: Callable[[int], None]) -> type:
    """A tqdm class for huggingface_hub that reports byte counts instead of drawing a bar."""
    from huggingface_hub.utils import tqdm as hub_tqdm

    class Reporter(hub_tqdm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            initial = kwargs.get("initial") or 0
            super().__init__(*args, **kwargs)
            if initial:
                on_bytes(initial)

        def update(self, n: float | None = 1) -> bool | None:
            on_bytes(int(n or 0))
            return super().update(n)

    return Reporter


def _hash_matches(path: Path, expected: HubFile) -> tuple[bool, str]:
    if expected.sha256:
        digest = hashlib.sha256()
        want = expected.sha256
    elif expected.blob_id:
        digest = hashlib.sha1()
        digest.update(b"blob %d\0" % path.stat().st_size)
        want = expected.blob_id
    else:
        return True, ""
    got = hash_file(digest, path)
    return got == want, got


def pull_model(repo_ref: str, name: str | None = None, *, library: Library | None = None, token: str | None = None,
               endpoint: str | None = None, progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None, retries: int = 5, allow_pickle: bool = False,
               allow_remote_code: bool = False) -> ModelInfo:
    """Download a model from the Hub into the library (resuming a previous attempt if there is one)."""
    library = library or Library()
    cancel = cancel or threading.Event()
    plan = plan_download(repo_ref, name, token=token, endpoint=endpoint, allow_pickle=allow_pickle,
                         allow_remote_code=allow_remote_code, retries=retries, cancel=cancel, progress=progress)
    library.partial_root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(library.partial_root / f"{plan.name}.lock"))
    try:
        lock.acquire(timeout=0.2)
    except Timeout:
        raise BadInput(translate("Core", "'%1' is already being downloaded or imported by another window or process"),
                       plan.name) from None
    try:
        if library.has(plan.name):
            raise BadInput(translate("Core", "a model named '%1' is already installed; pass --name to choose another "
                                     "name"), plan.name)
        return _download(plan, library, token, endpoint_url(endpoint), progress, cancel, retries)
    finally:
        lock.release()


def _fetch(plan: DownloadPlan, hub_file: HubFile, staging: Path, token: str | None, endpoint: str,
           reporter: type) -> Path:
    """Download one file into staging, continuing `<file>.part` if an earlier run left one.

    huggingface_hub (2.x) resumes only within one call: it gives every attempt a fresh temporary
    file and deletes it on failure. Its HTTP layer is used as is (URL, auth headers, redirects,
    Range requests and in-call retries); only the partial file is ours, so it survives a restart.
    """
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import build_hf_headers

    target = staging / hub_file.name
    target.parent.mkdir(parents=True, exist_ok=True)  # an embedding model's 1_Pooling/config.json
    if target.is_file() and target.stat().st_size == hub_file.size:
        return target  # finished in an earlier run (its hash is checked again below)
    url = hf_hub_url(plan.repo_id, hub_file.name, revision=plan.commit, endpoint=endpoint)
    metadata = get_hf_file_metadata(url, token=token or None, endpoint=endpoint)
    size = metadata.size if metadata.size is not None else hub_file.size
    part = staging / f"{hub_file.name}.part"
    resume = part.stat().st_size if part.is_file() else 0
    if resume > size:
        resume = 0
    with part.open("r+b" if resume else "wb") as f:
        f.seek(resume)
        f.truncate()
        http_get(metadata.location or url, f, resume_size=resume, headers=build_hf_headers(token=token or None),
                 expected_size=size, displayed_filename=hub_file.name, tqdm_class=reporter)
    os.replace(part, target)
    return target


def _download(plan: DownloadPlan, library: Library, token: str | None, endpoint: str,
              progress: ProgressCallback | None, cancel: threading.Event, retries: int) -> ModelInfo:
    staging = library.partial_root / plan.name
    previous = _read_plan(staging)
    if previous is not None and (previous.get("repo_id"), previous.get("commit")) != (plan.repo_id, plan.commit):
        shutil.rmtree(staging, ignore_errors=True)  # another repo or revision: start over
    staging.mkdir(parents=True, exist_ok=True)
    atomic_write_json(staging / PLAN_FILE, {"repo_id": plan.repo_id, "revision": plan.revision, "commit": plan.commit,
                                            "name": plan.name, "total_bytes": plan.total_bytes,
                                            "started": datetime.now(UTC).isoformat(timespec="seconds")})
    state = DownloadState(name=plan.name, repo_id=plan.repo_id, total=plan.total_bytes)
    finished_bytes = 0

    def on_bytes(n: int) -> None:
        if cancel.is_set():
            raise DownloadCancelled(translate("Core", "download of %1 cancelled; run it again to resume"),
                                    plan.repo_id)
        state.file_done += n
        state.done = finished_bytes + state.file_done
        state.record()
        if progress is not None:
            progress(state)

    reporter = _reporter_class(on_bytes)
    for hub_file in plan.files:
        for check in range(2):  # one fresh download if the bytes do not match
            state.stage, state.file, state.file_done, state.file_total = "downloading", hub_file.name, 0, hub_file.size
            def fetch(hub_file: HubFile = hub_file) -> Path:
                _reset(state)  # a retry reports the resumed offset again through tqdm's `initial`
                return _fetch(plan, hub_file, staging, token, endpoint, reporter)

            try:
                path = Path(_with_retries(f"downloading {hub_file.name}", fetch, state, progress, cancel, retries))
            except (DownloadCancelled, DesktopChatError):
                raise
            except Exception as exc:  # noqa: BLE001
                raise _user_error(exc, plan.repo_id, endpoint) from exc
            state.stage = "verifying"
            if progress is not None:
                progress(state)
            matches, got = _hash_matches(path, hub_file)
            if matches:
                break
            _forget_file(staging, hub_file.name)
            if check == 1:
                shutil.rmtree(staging, ignore_errors=True)
                kind = "sha256" if hub_file.sha256 else "git blob id"
                raise DesktopChatError(translate("Core", "%1 from %2 did not match its checksum twice (%3 expected "
                                                 "%4…, got %5…); the download was discarded and nothing was installed"),
                                       hub_file.name, plan.repo_id, kind,
                                       (hub_file.sha256 or hub_file.blob_id or "")[:16], got[:16])
            log.warning("%s did not match its checksum; downloading it again", hub_file.name)
        finished_bytes += hub_file.size
        if hub_file.name == "config.json":
            _check_remote_code(path, plan)
    state.stage, state.message = "installing", fill(translate("Core", "installing %1"), plan.name)
    if progress is not None:
        progress(state)
    return _install(plan, staging, library)


def _reset(state: DownloadState) -> None:
    state.file_done = 0


def _forget_file(staging: Path, filename: str) -> None:
    (staging / filename).unlink(missing_ok=True)
    (staging / f"{filename}.part").unlink(missing_ok=True)


def _check_remote_code(config_path: Path, plan: DownloadPlan) -> None:
    config = read_config(config_path.parent)
    if config.get("auto_map") and not plan.allow_remote_code:
        raise BadInput(translate("Core", "%1 needs its own Python code to run (trust_remote_code); desktop-chat does "
                                 "not run code from the Hub unless you allow it (--trust-remote-code)"), plan.repo_id)


def _install(plan: DownloadPlan, staging: Path, library: Library) -> ModelInfo:
    (staging / PLAN_FILE).unlink(missing_ok=True)
    write_manifest(staging, source=f"hf:{plan.repo_id}", license=plan.license, revision=plan.commit)
    if plan.allow_remote_code:
        manifest = json.loads((staging / "manifest.json").read_text(encoding="utf-8"))
        manifest["trust_remote_code"] = True
        atomic_write_json(staging / "manifest.json", manifest)
    final = library.folder(plan.name)
    os.replace(staging, final)
    return library.get(plan.name)


def _read_plan(staging: Path) -> dict[str, Any] | None:
    try:
        return json.loads((staging / PLAN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class PartialDownload:
    name: str
    repo_id: str
    revision: str | None
    done_bytes: int
    total_bytes: int


def partial_downloads(library: Library | None = None) -> list[PartialDownload]:
    """Downloads that stopped before finishing (cancelled, or the app closed), to resume or discard."""
    library = library or Library()
    found: list[PartialDownload] = []
    if not library.partial_root.is_dir():
        return found
    for staging in sorted(library.partial_root.iterdir()):
        plan = _read_plan(staging) if staging.is_dir() else None
        if plan is None or library.has(staging.name):
            continue
        done = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file() and p.name != PLAN_FILE)
        found.append(PartialDownload(staging.name, plan["repo_id"], plan.get("revision"), done,
                                     int(plan.get("total_bytes") or 0)))
    return found


def discard_download(name: str, library: Library | None = None) -> None:
    library = library or Library()
    shutil.rmtree(library.partial_root / validate_name(name), ignore_errors=True)
