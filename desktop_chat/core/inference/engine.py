"""The engine: one worker thread that owns the loaded model and runs jobs one at a time, in order.

Qt-free and cheap to import (torch and transformers are imported on the worker thread), so a
window can create an Engine before it paints. Callbacks (`on_delta`, `progress`) run on the
worker thread; a GUI must hand them to its own thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_chat.core.errors import BadInput, DesktopChatError, OutOfMemory, short_reason
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.inference.gguf_runtime import GgufModel  # no llama.cpp or torch import until a load
from desktop_chat.core.library.catalog import STARTER_NAME, Library
from desktop_chat.core.library.embedding_format import embedding_cannot_chat
from desktop_chat.core.types import ChatRequest, GenResult, ModelInfo

if TYPE_CHECKING:
    from desktop_chat.core.inference.loader import LoadedModel

log = logging.getLogger(__name__)

T = TypeVar("T")
ProgressCallback = Callable[[str, float | None], None]
# Told how preparing the compiled decode step goes: (kind, sentence, fraction or None); kinds are
# "preparing", "ready" (replies use it now), "slower" (measured slower here: not used),
# "unavailable" and "failed". Called on a worker thread.
PrepareCallback = Callable[[str, str, float | None], None]
COMPILED_MODES = ("auto", "on", "off")


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
    compiled: bool = False  # replies decode through the compiled step (compiled.py)


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
                 fp32_attention: bool = True, compiled_decode: str = "auto", prepare_compiled: bool = False,
                 on_prepare: PrepareCallback | None = None):
        """`compiled_decode` "auto" uses a compiled decode step where one was prepared and measured
        faster here, "on" wherever one was prepared, "off" never; `prepare_compiled` also prepares
        one in a low-priority child process after a load when none is (the window and the
        long-running commands; the CLI's one-shot `ask` only uses one already loaded)."""
        self.library = library or Library()
        self.compiled_decode = compiled_decode if compiled_decode in COMPILED_MODES else "auto"
        self.prepare_compiled = prepare_compiled
        self.on_prepare = on_prepare
        self._preparing: Any = None  # the preparing child process (subprocess.Popen)
        self.device = device
        self.dtype = dtype
        self.threads = threads  # 0: the policy in threads.py
        self.prompt_precision = prompt_precision  # "auto", "same" or a type (see load_model)
        self.fp32_attention = fp32_attention
        self.allow_pickle = allow_pickle
        self._queue: queue.Queue[_Task | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._loaded: LoadedModel | GgufModel | None = None
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
                           loaded.memory_bytes, loaded.precision_label, loaded.precision_reason, loaded.threads,
                           loaded.compiled is not None and loaded.compiled.ready)

    def set_compiled_decode(self, mode: str) -> Future[None]:
        """Change the compiled decode setting ("auto", "on", "off"); the step is prepared or
        warmed as after a load, or dropped."""
        previous, self.compiled_decode = self.compiled_decode, mode
        if mode not in COMPILED_MODES:
            raise BadInput(translate("Core", "unknown compiled decoding setting '%1': use auto, on or off"), mode)

        def run() -> None:
            loaded = self._loaded
            if mode == "off":
                self._stop_preparing()
                if loaded is not None and not isinstance(loaded, GgufModel):
                    self._drop_compiled(loaded)
                return
            if loaded is None or isinstance(loaded, GgufModel):
                return
            current = loaded.compiled
            if mode == "auto" and current is not None and current.prepared is not None and not current.prepared.faster:
                self._drop_compiled(loaded)  # it was on only because "on" asked for it
            elif current is None and self._preparing is None and previous != mode:
                self._plan_compiled(loaded)

        return self._submit(_Task(run)).future

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
        from desktop_chat.core.library.memory import available_memory, estimate_gguf_memory, estimate_memory, \
            model_shape

        info = self.library.get(name)
        if info.is_gguf:
            return estimate_gguf_memory(info, context_tokens, available_memory("cpu"))
        device = resolve_device(self.device)
        dtype = memory_dtype(device, self.dtype, model_shape(Path(info.path)))
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

                asked, retrieval = _with_sources(request)
                result = remote_chat(remote, self.library.api_key(remote.name), asked, on_delta,
                                     holder[0].cancel_event)
                result.retrieval = retrieval
                return result

            task = _Task(ask_remote, on_start)
            holder.append(task)
            return GenerationJob(self._start_side_task(task))

        def run() -> GenResult:
            loaded = self._ensure_loaded(model, progress)
            asked, retrieval = _with_sources(request, loaded)
            if isinstance(loaded, GgufModel):
                from desktop_chat.core.inference import gguf_runtime

                result = gguf_runtime.generate_reply(loaded, asked, on_delta, holder[0].cancel_event, on_prompt)
            else:
                from desktop_chat.core.inference.generate import generate_reply

                with self._preparing_paused():
                    result = generate_reply(loaded, asked, on_delta, holder[0].cancel_event, self._prefix_cache,
                                            on_prompt)
            result.retrieval = retrieval
            return result

        task = _Task(run, on_start)
        holder.append(task)
        return GenerationJob(self._submit(task))

    def call(self, fn: Callable[[Any], T], model: str | None = None) -> Future[T]:
        """Run `fn(loaded_model)` on the worker thread (benchmarks, token counting); the loaded model is a
        LoadedModel (transformers) or a GgufModel (llama.cpp)."""
        return self._submit(_Task(lambda: fn(self._ensure_loaded(model, None)))).future

    def shutdown(self, timeout: float | None = 10.0) -> None:
        """Cancel what is queued or running and join the worker thread."""
        self._stop_preparing()
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
        if loaded is not None and not isinstance(loaded, GgufModel):
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

    def _ensure_loaded(self, name: str | None, progress: ProgressCallback | None) -> LoadedModel | GgufModel:
        wanted = self._resolve_name(name, progress)
        if self._loaded is not None and self._loaded.name == wanted:
            return self._loaded
        info = self.library.get(wanted)
        if info.kind == "remote":
            raise BadInput(translate("Core", "'%1' is a remote model (%2): it runs there, nothing is loaded here"),
                           wanted, info.base_url)
        if info.is_embedding:
            raise embedding_cannot_chat(info.name)
        self._unload()
        if progress is not None:
            progress(fill(translate("Core", "loading %1"), wanted), None)
        if info.is_gguf:
            from desktop_chat.core.inference.gguf_runtime import load_gguf

            self._loaded = load_gguf(info, self.device, self.threads)  # llama.cpp keeps its own KV cache
            return self._loaded
        from desktop_chat.core.inference.kv_cache import PrefixCache
        from desktop_chat.core.inference.loader import load_model

        loaded = load_model(info, self.device, self.dtype, self.allow_pickle, library=self.library,
                            threads=self.threads, prompt_precision=self.prompt_precision,
                            fp32_attention=self.fp32_attention)
        self._loaded = loaded
        self._prefix_cache = PrefixCache(loaded.cache_dtype)
        if self.compiled_decode != "off":
            self._plan_compiled(loaded)
        return loaded

    # ------------------------------------------------------------------ the compiled decode step

    def _tell(self, kind: str, text: str, fraction: float | None = None) -> None:
        if self.on_prepare is not None:
            try:
                self.on_prepare(kind, text, fraction)
            except Exception:  # noqa: BLE001 - a listener's failure must not stop the engine
                log.exception("prepare listener failed")

    def _plan_compiled(self, loaded: LoadedModel) -> None:
        """After a load: warm the compiled step between replies if it was prepared and measured
        faster here; else, when asked to, prepare it in a child process."""
        from desktop_chat.core.inference import compiled

        reason = compiled.unavailable_reason(loaded.device.type)
        if reason is not None:
            self._tell("unavailable", reason)
            return
        key = compiled.model_key(loaded)
        prepared = compiled.read_prepared(key)
        if prepared is None:
            if self.prepare_compiled and self._room_to_prepare(loaded):
                self._start_preparing(loaded, key)
            return
        if not prepared.faster and self.compiled_decode == "auto":
            self._tell("slower", compiled.describe(prepared))
            return
        self._queue_warm_up(loaded, prepared)

    def _room_to_prepare(self, loaded: LoadedModel) -> bool:
        """The child loads a second copy of the model: only where the device has room for it."""
        from desktop_chat.core.library.memory import available_memory

        free = available_memory(loaded.device)
        if free is None or not loaded.memory_bytes or free >= loaded.memory_bytes * 1.5:
            return True
        self._tell("unavailable", fill(translate("Core", "The decoding step is not compiled: preparing it needs a "
                                                 "second copy of the model (%1 GB) and %2 GB are free."),
                                       f"{loaded.memory_bytes / 1e9:.1f}", f"{free / 1e9:.1f}"))
        return False

    def _queue_warm_up(self, loaded: LoadedModel, prepared: Any) -> None:
        """Compile in this process from the prepared cache, as a job after the replies already queued."""
        from desktop_chat.core.inference import compiled

        def warm_up() -> None:
            if self._loaded is not loaded or self.compiled_decode == "off" or loaded.compiled is not None:
                return  # another model, or turned off, since
            self._tell("preparing", translate("Core", "loading the compiled decoding step"), None)
            decode = compiled.CompiledDecode(loaded, prepared)
            try:
                seconds = decode.warm_up(loaded)
            except Exception as exc:  # noqa: BLE001 - replies carry on uncompiled
                log.warning("compiled decoding could not be loaded: %s", exc)
                self._tell("failed", fill(translate("Core", "The compiled decoding step could not be loaded (%1); "
                                                    "replies run uncompiled."), short_reason(exc)))
                return
            loaded.compiled = decode  # the next reply copies the chat's cached prefix into a static cache
            log.info("compiled decoding in use for %s (loaded in %.1f s)", loaded.name, seconds)
            self._tell("ready", compiled.describe(prepared))

        self._submit(_Task(warm_up))

    def _start_preparing(self, loaded: LoadedModel, key: str) -> None:
        import subprocess

        from desktop_chat.core.inference import compiled
        from desktop_chat.core.inference.prepare import prepare_command

        self._stop_preparing()
        command = prepare_command(loaded.name, self.device, self.dtype, loaded.threads)
        env = {**os.environ, "TORCHINDUCTOR_CACHE_DIR": str(compiled.cache_dir())}
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True)
        except OSError as exc:
            self._tell("failed", fill(translate("Core", "The compiled decoding step could not be prepared (%1); "
                                                "replies run uncompiled."), exc))
            return
        self._preparing = process
        self._tell("preparing", translate("Core", "preparing faster replies"), 0.0)
        threading.Thread(target=self._watch_preparing, args=(process, loaded, key), name="desktop-chat-prepare",
                         daemon=True).start()

    def _watch_preparing(self, process: Any, loaded: LoadedModel, key: str) -> None:
        """Relay the child's progress; when it is done, warm the step here if it measured faster."""
        import json

        from desktop_chat.core.inference import compiled

        outcome: dict[str, Any] = {}
        assert process.stdout is not None
        for line in process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "stage" in event:
                self._tell("preparing", str(event["stage"]), event.get("fraction"))
            else:
                outcome = event
        process.wait()
        if self._preparing is not process:
            return  # cancelled: a new load, Settings, or shutdown
        self._preparing = None
        prepared = compiled.read_prepared(key)
        if process.returncode != 0 or prepared is None:
            detail = str(outcome.get("error") or fill(translate("Core", "exit status %1"), process.returncode))
            self._tell("failed", fill(translate("Core", "The compiled decoding step could not be prepared (%1); "
                                                "replies run uncompiled."), detail))
            return
        if not prepared.faster and self.compiled_decode == "auto":
            self._tell("slower", compiled.describe(prepared))
            return
        with self._lock:
            if self._closed:
                return
        self._queue_warm_up(loaded, prepared)

    @contextlib.contextmanager
    def _preparing_paused(self) -> Iterator[None]:
        """Hold the preparing child (and its compiler processes) still while a reply is written:
        even at the lowest priority it took CPU from replies on a 2-core machine."""
        import signal

        process = self._preparing
        stop, resume = getattr(signal, "SIGSTOP", None), getattr(signal, "SIGCONT", None)
        paused = False
        if process is not None and process.poll() is None and stop is not None:
            try:
                os.killpg(process.pid, stop)
                paused = True
            except OSError:
                pass
        try:
            yield
        finally:
            if paused and resume is not None:
                try:
                    os.killpg(process.pid, resume)
                except OSError:
                    pass

    def _stop_preparing(self) -> None:
        """Stop a preparing child and the compiler processes it started."""
        import signal

        process, self._preparing = self._preparing, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            os.killpg(process.pid, signal.SIGCONT)  # a paused child must run to handle the signal
        except (OSError, AttributeError):
            process.terminate()
        try:
            process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: force it
            process.kill()

    @staticmethod
    def _drop_compiled(loaded: LoadedModel) -> None:
        """Stop using `loaded`'s compiled step and free it (with the weights frozen into it)."""
        if loaded.compiled is not None:
            from desktop_chat.core.inference import compiled

            loaded.compiled = None
            compiled.forget_compiled_steps()

    def _unload(self) -> None:
        self._stop_preparing()
        loaded, self._loaded = self._loaded, None
        self._prefix_cache = None
        if loaded is not None and isinstance(loaded, GgufModel):
            loaded.close()
        elif loaded is not None:
            from desktop_chat.core.inference.devices import free_device_memory

            self._drop_compiled(loaded)
            device = loaded.device
            del loaded
            free_device_memory(device)


def _with_sources(request: ChatRequest, loaded: Any = None) -> tuple[ChatRequest, Any]:
    """The request with its documents' passages (on the engine's thread: it reads the index), or as it
    is. With a loaded model the passages take at most half of the room its context leaves the chat,
    counted in its tokens."""
    if not request.collections:
        return request, None
    from desktop_chat.core.docs.answer import with_sources

    if loaded is None:
        return with_sources(request)
    context = loaded.context_length
    room = context - min(request.params.max_new_tokens, context // 2)
    tokenizer = loaded.tokenizer

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False)) if not isinstance(loaded, GgufModel) \
            else len(tokenizer.encode(text))

    return with_sources(request, count_tokens=count, budget_tokens=max(32, room // 2))


def validate_request(request: ChatRequest) -> None:
    """Cheap checks a caller can run before queueing (no model needed)."""
    request.params.validate()
    if not any(m.role == "user" and m.content.strip() for m in request.messages):
        raise BadInput(translate("Core", "the prompt is empty: write a message first"))

