"""A local OpenAI-compatible HTTP API over the engine (FastAPI + uvicorn; SSE for streaming).

Requests share the one engine and queue in arrival order. A client that disconnects cancels its
generation (the engine stops within one token). Errors use OpenAI's shape:
`{"error": {"message", "type", "param", "code"}}` with 400 / 401 / 403 / 404 / 413 / 415 / 500.
What is accepted from web pages and how large a body may be is decided before the app, in
server_guard.LocalGuard; a body is parsed off the event loop, and never by the model's thread.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Future
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop_chat import __version__
from desktop_chat.core.errors import BadInput, ContextOverflow, DesktopChatError, ModelNotFound, OutOfMemory
from desktop_chat.core.i18n import translate
from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.server_guard import DEFAULT_MAX_BODY_BYTES, LocalGuard
from desktop_chat.core.text import check_text
from desktop_chat.core.types import ChatRequest, GenParams, GenResult, Message

log = logging.getLogger(__name__)

DISCONNECT_POLL_S = 0.2


# ------------------------------------------------------------------------------------- request body

class TextPart(BaseModel):
    type: Literal["text"]
    text: str


class ChatMessage(BaseModel):
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart]

    def text(self) -> str:
        return self.content if isinstance(self.content, str) else "".join(p.text for p in self.content)


class StreamOptions(BaseModel):
    include_usage: bool = False


class ChatCompletionBody(BaseModel):
    """The fields of OpenAI's chat completion request that a local model can honour."""

    model_config = ConfigDict(extra="ignore")

    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    stop: str | list[str] | None = None
    seed: int | None = Field(default=None, ge=0)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = Field(default=1, ge=1, le=1)
    # Extensions understood by local servers (llama.cpp, vLLM): passed to the sampler.
    top_k: int | None = Field(default=None, ge=0)
    repetition_penalty: float | None = Field(default=None, gt=0, le=10)
    # desktop-chat's own: answer from these document collections (`desktop-chat docs`); the reply then
    # carries `sources` (the last chunk of a stream does).
    docs: list[str] = Field(default_factory=list, max_length=16)

    def to_request(self) -> ChatRequest:
        defaults = GenParams()
        stop = [self.stop] if isinstance(self.stop, str) else list(self.stop or [])
        params = GenParams(
            temperature=defaults.temperature if self.temperature is None else self.temperature,
            top_p=defaults.top_p if self.top_p is None else self.top_p,
            top_k=defaults.top_k if self.top_k is None else self.top_k,
            repetition_penalty=defaults.repetition_penalty if self.repetition_penalty is None
            else self.repetition_penalty,
            max_new_tokens=self.max_completion_tokens or self.max_tokens or defaults.max_new_tokens,
            seed=self.seed,
            stop=stop,
        ).validate()
        for stop_string in stop:
            check_text(stop_string, "a stop string")
        messages = [Message("system" if m.role == "developer" else m.role,
                            check_text(m.text(), f"messages[{i}].content")) for i, m in enumerate(self.messages)]
        # An API never trims history silently: too long is a 400 (context_length_exceeded), as with OpenAI;
        # without an explicit max_tokens the reply may use whatever room the prompt leaves.
        explicit = self.max_completion_tokens is not None or self.max_tokens is not None
        return ChatRequest(messages, params, context_policy="error", shrink_reply_to_fit=not explicit,
                           collections=[check_text(name, "docs") for name in self.docs])


# ------------------------------------------------------------------------------------- errors

class APIError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None,
                 param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.kind, self.code, self.param = status, message, kind, code, param

    def response(self) -> JSONResponse:
        body = {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        return JSONResponse(body, status_code=self.status, headers=headers)


def api_error_for(exc: BaseException) -> APIError:
    """The OpenAI-style error for an engine failure."""
    if isinstance(exc, ModelNotFound):
        return APIError(404, f"The model '{exc.name}' does not exist (installed: {', '.join(exc.installed)})",
                        code="model_not_found", param="model")
    if isinstance(exc, ContextOverflow):
        return APIError(400, str(exc), code="context_length_exceeded", param="messages")
    if isinstance(exc, BadInput):
        return APIError(400, str(exc))
    if isinstance(exc, OutOfMemory):
        return APIError(503, str(exc), kind="server_error", code="out_of_memory")
    if isinstance(exc, DesktopChatError):
        return APIError(500, str(exc), kind="server_error")
    log.exception("request failed", exc_info=exc)
    return APIError(500, f"internal error: {type(exc).__name__}: {exc}", kind="server_error")


# ------------------------------------------------------------------------------------- the app

def create_app(engine: Engine, default_model: str | None = None, api_key: str | None = None) -> FastAPI:
    """The API over `engine`. `default_model` answers requests that name none (or the library default)."""
    app = FastAPI(title="desktop-chat", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    library = engine.library

    def has_key(request: Request) -> bool:
        if not api_key:
            return True
        header = request.headers.get("authorization", "")
        given = header[7:] if header.lower().startswith("bearer ") else ""
        return secrets.compare_digest(given.encode(), api_key.encode())

    def authorize(request: Request) -> None:
        if not has_key(request):
            raise APIError(401, "Incorrect API key provided. Send it as 'Authorization: Bearer <key>'.",
                           code="invalid_api_key")

    @app.exception_handler(APIError)
    async def _api_error(_request: Request, exc: APIError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(404)
    async def _not_found(request: Request, _exc: Exception) -> JSONResponse:
        return APIError(404, f"Unknown endpoint {request.method} {request.url.path}", code="unknown_url").response()

    @app.exception_handler(405)
    async def _not_allowed(request: Request, _exc: Exception) -> JSONResponse:
        return APIError(405, f"{request.method} is not allowed on {request.url.path}").response()

    @app.get("/health")
    async def health(request: Request) -> dict[str, Any]:
        if not has_key(request):  # without the key: only that the server is up
            return {"status": "ok"}
        status = engine.status
        return {"status": "ok", "model": status.name if status else None}

    @app.get("/v1/models")
    async def list_models(request: Request) -> dict[str, Any]:
        authorize(request)
        models = await asyncio.to_thread(library.list)
        return {"object": "list", "data": [
            {"id": m.name, "object": "model", "created": _created(m.created), "owned_by": "desktop-chat"}
            for m in models if not m.is_embedding  # they search documents; they cannot answer a chat
        ]}

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        authorize(request)
        try:
            raw = await asyncio.to_thread(json.loads, await request.body())  # a big body must not stall the loop
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise APIError(400, "The request body is not valid JSON.") from None
        try:
            body = ChatCompletionBody.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            param = ".".join(str(p) for p in first["loc"])
            raise APIError(400, f"Invalid value for '{param}': {first['msg']}", param=param or None) from None
        try:
            chat = body.to_request()
            model = body.model or default_model or await asyncio.to_thread(library.default_name)
            if model:
                await asyncio.to_thread(library.get, model)  # 404 before queueing
        except DesktopChatError as exc:
            raise api_error_for(exc) from None
        job = _EngineStream(engine, chat, model)
        first_event = await job.first_event(request)
        if first_event is None:  # the client went away while waiting in the queue
            return JSONResponse({}, status_code=499)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        name = model or (engine.status.name if engine.status else "default")
        if first_event[0] == "done" and (failure := first_event[1].exception()) is not None:
            raise api_error_for(failure)
        if not body.stream:
            result = await job.result(request, first_event)
            if result is None:
                return JSONResponse({}, status_code=499)
            return _completion(completion_id, created, name, result)
        usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(job.sse(first_event, completion_id, created, name, usage),
                                 media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    return app


def _created(stamp: str) -> int:
    try:
        from datetime import datetime

        return int(datetime.fromisoformat(stamp).timestamp())
    except (TypeError, ValueError):
        return 0


def _usage(result: GenResult) -> dict[str, int]:
    prompt, completion = result.stats.prompt_tokens, result.stats.completion_tokens
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _finish(result: GenResult) -> str:
    return "length" if result.stats.finish_reason == "length" else "stop"


def _completion(completion_id: str, created: int, model: str, result: GenResult) -> dict[str, Any]:
    return {
        "id": completion_id, "object": "chat.completion", "created": created, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": result.text},
                     "finish_reason": _finish(result), "logprobs": None}],
        "usage": _usage(result),
        **_sources(result),
    }


def _sources(result: GenResult) -> dict[str, Any]:
    """`sources` for a reply answered from documents (what was found, maybe nothing); else nothing."""
    if result.retrieval is None:
        return {}
    return {"sources": [source.to_dict() for source in result.retrieval.sources]}


class _EngineStream:
    """One engine job seen from asyncio: deltas and the outcome arrive on an asyncio.Queue."""

    def __init__(self, engine: Engine, request: ChatRequest, model: str | None):
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.job = engine.chat(request, self._from_worker("delta"), model=model)
        self.job.future.add_done_callback(self._from_worker("done"))
        self.finished = False

    def _from_worker(self, kind: str) -> Any:
        def put(payload: Any) -> None:
            try:
                self.loop.call_soon_threadsafe(self.queue.put_nowait, (kind, payload))
            except RuntimeError:  # the server's loop has closed (shutting down)
                self.job.cancel()
        return put

    async def _next(self, request: Request) -> tuple[str, Any] | None:
        """The next event, or None (and the job cancelled) if the client disconnects first."""
        while True:
            try:
                return await asyncio.wait_for(self.queue.get(), DISCONNECT_POLL_S)
            except TimeoutError:
                if await request.is_disconnected():
                    self.job.cancel()
                    return None

    async def first_event(self, request: Request) -> tuple[str, Any] | None:
        return await self._next(request)

    async def result(self, request: Request, event: tuple[str, Any]) -> GenResult | None:
        while event[0] != "done":
            next_event = await self._next(request)
            if next_event is None:
                return None
            event = next_event
        future: Future = event[1]
        if (failure := future.exception()) is not None:
            raise api_error_for(failure)
        return future.result()

    async def sse(self, event: tuple[str, Any], completion_id: str, created: int, model: str,
                  include_usage: bool) -> AsyncIterator[str]:
        def chunk(delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None,
                  extra: dict[str, Any] | None = None) -> str:
            body: dict[str, Any] = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                                    "model": model,
                                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                                                 "logprobs": None}] if usage is None else [], **(extra or {})}
            if usage is not None:
                body["usage"] = usage
            return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

        try:
            yield chunk({"role": "assistant", "content": ""})
            while True:
                kind, payload = event
                if kind == "delta":
                    yield chunk({"content": payload})
                else:
                    self.finished = True
                    error = payload.exception() if not payload.cancelled() else None
                    if error is not None:
                        problem = api_error_for(error)
                        yield f"data: {json.dumps({'error': {'message': problem.message, 'type': problem.kind, 'code': problem.code}})}\n\n"  # noqa: E501
                    else:
                        result: GenResult = payload.result()
                        yield chunk({}, _finish(result), extra=_sources(result))
                        if include_usage:
                            yield chunk({}, usage=_usage(result))
                    yield "data: [DONE]\n\n"
                    return
                event = await self.queue.get()
        finally:
            if not self.finished:  # the client disconnected mid-stream: free the engine
                self.job.cancel()


# ------------------------------------------------------------------------------------- running it

def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BackgroundServer:
    """Runs the API with uvicorn on its own thread (the `serve` command, and the window's Settings toggle).

    Listening beyond this machine without an API key is refused unless `allow_no_key` says so.
    """

    def __init__(self, engine: Engine, host: str = "127.0.0.1", port: int = 8000, api_key: str | None = None,
                 default_model: str | None = None, *, allowed_origins: tuple[str, ...] = (),
                 allowed_hosts: tuple[str, ...] = (), max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 allow_no_key: bool = False):
        import uvicorn

        if not is_loopback(host) and not api_key and not allow_no_key:
            raise BadInput(translate("Core", "listening on %1 without an API key would let anyone who can reach this "
                                     "computer use the model and read its replies; set an API key (--api-key, or API "
                                     "key in the window's Settings), or say that this is what you want "
                                     "(--no-api-key)"), host)
        if max_body_bytes < 1:
            raise BadInput(f"the largest request body must be at least 1 byte, got {max_body_bytes}")
        self.engine = engine
        self.host, self.port = host, port
        app = LocalGuard(create_app(engine, default_model, api_key), bound_host=host, allowed_hosts=allowed_hosts,
                         allowed_origins=allowed_origins, max_body_bytes=max_body_bytes)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="desktop-chat-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self.server.started and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> None:
        """Start and wait until it listens; raises DesktopChatError if it cannot (e.g. port in use)."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.server.started:
            self.stop()
            reason = self.error or "it did not start in time"
            raise DesktopChatError(translate("Core", "the API server could not listen on %1:%2: %3"), self.host,
                                   self.port, reason)
        sockets = [s for server in (self.server.servers or []) for s in server.sockets]
        if sockets:
            self.port = sockets[0].getsockname()[1]

    def _run(self) -> None:
        try:
            self.server.run()
        except SystemExit as exc:  # uvicorn exits when it cannot bind
            self.error = OSError(f"address in use or not available (exit {exc.code})")
        except BaseException as exc:  # noqa: BLE001 - reported through start()
            self.error = exc

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
