"""The engine: one worker thread that owns the loaded model and runs jobs one at a time, in order.

Qt-free and cheap to import (torch and transformers are imported on the worker thread), so a
window can create an Engine before it paints. Callbacks (`on_delta`, `progress`) run on the
worker thread; a GUI must hand them to its own thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_chat.core.errors import BadInput, DesktopChatError, OutOfMemory
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.library.catalog import STARTER_NAME, Library
from desktop_chat.core.types import ChatRequest, GenResult, ModelInfo

if TYPE_CHECKING:
    from desktop_chat.core.inference.loader import LoadedModel

log = logging.getLogger(__name__)

T = TypeVar("T")
ProgressCallback = Callable[[str, float | None], None]


@dataclass(frozen=True)
class ModelStatus:
    """What is loaded: shown in status lines."""

    name: str
    device: str
    dtype: str
    context_length: int
    load_s: float
    memory_bytes: int = 0  # measured when it loaded
    precision: str = ""  # "fp16, prompts in bf16": the weights' type and the prompts' when it differs
    precision_reason: str = ""  # a sentence: why this precision (measured on this computer, or set)
    threads: int = 0


class _Task:
    def __init__(self, run: Callable[[], Any], on_start: Callable[[], None] | None = None):
        self.run = run
        self.on_start = on_start
        self.future: Future[Any] = Future()
        self.cancel_event = threading.Event()
        self.started = threading.Event()


class GenerationJob:
    """A reply being produced: cancel it, wait for it, or ask whether it still waits in the queue."""

    def __init__(self, task: _Task):
        self._task = task

    @property
    def future(self) -> Future[GenResult]:
        return self._task.future

    @property
    def started(self) -> bool:
        return self._task.started.is_set()

    @property
    def waiting(self) -> bool:
        """True while another job holds the engine."""
        return not self._task.started.is_set() and not self._task.future.done()

    def cancel(self) -> None:
        """Stop within one token if running; drop it if still queued (its future is then cancelled)."""
        self._task.cancel_event.set()
        self._task.future.cancel()

    def result(self, timeout: float | None = None) -> GenResult:
        return self._task.future.result(timeout)


class Engine:
    """Owns the model on one worker thread; `chat`, `load`, `unload` and `call` queue jobs."""

    def __init__(self, library: Library | None = None, device: str = "auto", dtype: str = "auto",
                 allow_pickle: bool = False, threads: int = 0, prompt_precision: str = "auto",
                 fp32_attention: bool = True):
        self.library = library or Library()
        self.device = device
        self.dtype = dtype
        self.threads = threads  # 0: the policy in threads.py
        self.prompt_precision = prompt_precision  # "auto", "same" or a type (see load_model)
        self.fp32_attention = fp32_attention
        self.allow_pickle = allow_pickle
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._loaded: LoadedModel | None = None
        self._prefix_cache: Any = None
        self._current: _Task | None = None
        self._side_tasks: set[_Task] = set()
        self._closed = False

    # ------------------------------------------------------------------ public API (any thread)

    @property
    def status(self) -> ModelStatus | None:
        loaded = self._loaded
        if loaded is None:
            return None
        return ModelStatus(loaded.name, loaded.device_label, loaded.dtype_label, loaded.context_length, loaded.load_s,
                           loaded.memory_bytes, loaded.precision_label, loaded.precision_reason, loaded.threads)

    def load(self, name: str | None = None, progress: ProgressCallback | None = None) -> Future[ModelStatus]:
        """Load `name` (default: the library's default model), replacing what is loaded."""

        def run() -> ModelStatus:
            self._ensure_loaded(name, progress)
            status = self.status
            assert status is not None
            return status

        return self._submit(_Task(run)).future

    def unload(self) -> Future[None]:
        return self._submit(_Task(self._unload)).future

    def estimate(self, name: str, context_tokens: int | None = None) -> Any:
        """Predict `name`'s memory need on this engine's device and dtype (a MemoryEstimate).

        Not queued behind replies; it imports torch, so call it off the GUI thread.
        """
        from desktop_chat.core.inference.devices import memory_dtype, resolve_device
        from desktop_chat.core.library.memory import available_memory, estimate_memory

        info = self.library.get(name)
        device = resolve_device(self.device)
        dtype = memory_dtype(device, self.dtype)
        return estimate_memory(info, device.type, dtype, context_tokens, available_memory(device))

    def chat(self, request: ChatRequest, on_delta: Callable[[str], None] | None = None, *,
             model: str | None = None, on_start: Callable[[], None] | None = None,
             progress: ProgressCallback | None = None,
             on_prompt: Callable[[int, int], None] | None = None) -> GenerationJob:
        """Queue a reply to `request` with `model` (default: what is loaded, else the default model).

        A remote model (an OpenAI-compatible endpoint) is asked on a thread of its own: it does not
        wait for, or hold up, the local model's queue.
        """
        holder: list[_Task] = []
        remote = self._remote_model(model)
        if remote is not None:
            def ask_remote() -> GenResult:
                from desktop_chat.core.inference.remote import remote_chat

                return remote_chat(remote, self.library.api_key(remote.name), request, on_delta,
                                   holder[0].cancel_event)

            task = _Task(ask_remote, on_start)
            holder.append(task)
            return GenerationJob(self._start_side_task(task))

        def run() -> GenResult:
            from desktop_chat.core.inference.generate import generate_reply

            loaded = self._ensure_loaded(model, progress)
            return generate_reply(loaded, request, on_delta, holder[0].cancel_event, self._prefix_cache, on_prompt)

        task = _Task(run, on_start)
        holder.append(task)
        return GenerationJob(self._submit(task))

    def call(self, fn: Callable[[LoadedModel], T], model: str | None = None) -> Future[T]:
        """Run `fn(loaded_model)` on the worker thread (benchmarks, token counting)."""
        return self._submit(_Task(lambda: fn(self._ensure_loaded(model, None)))).future

    def shutdown(self, timeout: float | None = 10.0) -> None:
        """Cancel what is queued or running and join the worker thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
            current = self._current
            for task in self._side_tasks:
                task.cancel_event.set()
        while True:
            try:
                queued = self._queue.get_nowait()
            except queue.Empty:
                break
            if queued is not None:
                queued.cancel_event.set()
                queued.future.cancel()
        if current is not None:
            current.cancel_event.set()
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
            if thread.is_alive():
                log.warning("engine thread did not stop within %s s", timeout)

    # ------------------------------------------------------------------ worker side

    def _submit(self, task: _Task) -> _Task:
        with self._lock:
            if self._closed:
                raise DesktopChatError("the engine has been shut down")
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="desktop-chat-engine", daemon=True)
                self._thread.start()
            self._queue.put(task)
        return task

    def _start_side_task(self, task: _Task) -> _Task:
        with self._lock:
            if self._closed:
                raise DesktopChatError("the engine has been shut down")
            self._side_tasks.add(task)

        def run() -> None:
            try:
                self._run_task(task)
            finally:
                with self._lock:
                    self._side_tasks.discard(task)

        threading.Thread(target=run, name="desktop-chat-remote", daemon=True).start()
        return task

    def _run_task(self, task: _Task) -> None:
        if not task.future.set_running_or_notify_cancel():
            return  # cancelled while queued
        task.started.set()
        try:
            if task.on_start is not None:
                task.on_start()
            task.future.set_result(task.run())
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the caller
            task.future.set_exception(self._translate(exc))

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                break
            with self._lock:
                self._current = task
            try:
                self._run_task(task)
            finally:
                with self._lock:
                    self._current = None
        self._unload()

    def _remote_model(self, name: str | None) -> ModelInfo | None:
        """The library entry if the model that would answer is a remote one."""
        name = name or (self._loaded.name if self._loaded else None) or self.library.default_name()
        if not name:
            return None
        try:
            info = self.library.get(name)
        except DesktopChatError:
            return None  # the queue reports unknown names in the usual way
        return info if info.kind == "remote" else None

    def _translate(self, exc: BaseException) -> BaseException:
        from desktop_chat.core.inference.devices import free_device_memory, is_out_of_memory

        if isinstance(exc, DesktopChatError) or not is_out_of_memory(exc):
            if not isinstance(exc, DesktopChatError):  # details for --verbose; the caller shows one line
                log.debug("engine job failed", exc_info=exc)
            return exc
        loaded = self._loaded
        if self._prefix_cache is not None:
            self._prefix_cache.clear()
        where = loaded.device_label if loaded else "the device"
        if loaded is not None:
            free_device_memory(loaded.device)
        error = OutOfMemory(
            f"out of memory on {where} while generating; lower max new tokens, shorten the "
            "conversation, or choose a smaller model"
        )
        error.__cause__ = exc
        return error

    def _resolve_name(self, name: str | None, progress: ProgressCallback | None) -> str:
        if name:
            if name == STARTER_NAME and not self.library.has(name):
                self._import_starter(progress)
            return name
        if self._loaded is not None:
            return self._loaded.name
        default = self.library.default_name()
        if default is None:
            self._import_starter(progress)
            default = STARTER_NAME
        return default

    def _import_starter(self, progress: ProgressCallback | None) -> None:
        from desktop_chat.core.library.importers import ensure_starter_model

        if progress is not None and not self.library.has(STARTER_NAME):  # before the slow imports, not after
            progress(translate("Core", "setting up the starter model: this happens once and takes about half a "
                               "minute"), None)

        ensure_starter_model(self.library, progress)

    def _ensure_loaded(self, name: str | None, progress: ProgressCallback | None) -> LoadedModel:
        from desktop_chat.core.inference.kv_cache import PrefixCache
        from desktop_chat.core.inference.loader import load_model

        wanted = self._resolve_name(name, progress)
        if self._loaded is not None and self._loaded.name == wanted:
            return self._loaded
        info = self.library.get(wanted)
        if info.kind == "remote":
            raise BadInput(translate("Core", "'%1' is a remote model (%2): it runs there, nothing is loaded here"),
                           wanted, info.base_url)
        self._unload()
        if progress is not None:
            progress(fill(translate("Core", "loading %1"), wanted), None)
        loaded = load_model(info, self.device, self.dtype, self.allow_pickle, library=self.library,
                            threads=self.threads, prompt_precision=self.prompt_precision,
                            fp32_attention=self.fp32_attention)
        self._loaded = loaded
        self._prefix_cache = PrefixCache(loaded.cache_dtype)
        return loaded

    def _unload(self) -> None:
        loaded, self._loaded = self._loaded, None
        self._prefix_cache = None
        if loaded is not None:
            from desktop_chat.core.inference.devices import free_device_memory

            device = loaded.device
            del loaded
            free_device_memory(device)


def validate_request(request: ChatRequest) -> None:
    """Cheap checks a caller can run before queueing (no model needed)."""
    request.params.validate()
    if not any(m.role == "user" and m.content.strip() for m in request.messages):
        raise BadInput(translate("Core", "the prompt is empty: write a message first"))
