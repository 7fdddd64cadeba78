"""What the local API accepts from whom, checked before a request reaches the app (an ASGI middleware).

A web page the user visits can make the browser send requests to 127.0.0.1. Two attacks follow:
DNS rebinding (a page on attacker.example whose name then resolves to 127.0.0.1 reads replies as if
same-origin) and cross-site "simple" requests (a POST with `Content-Type: text/plain` needs no CORS
preflight, so it runs even though the page cannot read the answer). The guard therefore accepts
- a `Host` that is this machine as a client names it (localhost, an IP address, the host the server
  was started on, or one the user listed), so a rebinding name never gets through;
- no `Origin` (programs: curl, SDKs) or one the user allowed (none by default); allowed origins get
  CORS headers, including the answer to a preflight;
- POST bodies only as `application/json`, and at most `max_body_bytes` of them, refused with 413
  before anything is parsed (a 20 MB body once held the model for everyone for a minute).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

DEFAULT_MAX_BODY_BYTES = 4 << 20
DRAIN_LIMIT_BYTES = 64 << 20  # past this, a refused body is not read at all: the connection just closes
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def host_name(header: str) -> str:
    """The host part of a Host header ("[::1]:8000" → "::1", "Example.COM:80" → "example.com")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class LocalGuard:
    """Wraps an ASGI app with the checks described in the module docstring."""

    def __init__(self, app: Callable[..., Awaitable[None]], *, bound_host: str = "127.0.0.1",
                 allowed_hosts: Iterable[str] = (), allowed_origins: Iterable[str] = (),
                 max_body_bytes: int = DEFAULT_MAX_BODY_BYTES):
        self.app = app
        self.hosts = LOOPBACK_NAMES | {h.strip().lower() for h in allowed_hosts if h.strip()}
        if bound_host and not is_ip_address(bound_host):
            self.hosts.add(bound_host.lower())
        self.origins = {o.strip().rstrip("/") for o in allowed_origins if o.strip()}
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = host_name(headers.get("host", ""))
        if not (is_ip_address(host) or host in self.hosts):
            await _error(send, 403, f"Requests for the host '{host}' are refused: the local API answers only "
                                    "requests addressed to this machine (localhost or an IP address). To use another "
                                    "name, add it to the server's allowed hosts.", "host_not_allowed")
            return
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/") not in self.origins:
            await _error(send, 403, f"Requests from the web page origin '{origin}' are refused. To let a web page "
                                    "use the local API, add its origin to the server's allowed origins.",
                         "origin_not_allowed")
            return
        method = scope.get("method", "GET")
        if method == "OPTIONS" and origin is not None:
            await _preflight(send, origin, headers)
            return
        if method in ("POST", "PUT", "PATCH"):
            media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if media != "application/json":
                await _error(send, 415, "Send the request body as JSON with 'Content-Type: application/json'.",
                             "unsupported_media_type")
                return
            length = headers.get("content-length")
            declared = int(length) if length is not None and length.isdigit() else None
            if length is not None and declared is None:
                await _error(send, 400, "The Content-Length header is not a number.", "invalid_content_length")
                return
            body = None if declared is not None and declared > self.max_body_bytes else \
                await self._read_body(receive)  # bounded also when chunked, or when Content-Length lies
            if body is None:
                # Read (and drop) a moderate rest, so that the client, still sending, gets to read the 413.
                if declared is None or declared <= DRAIN_LIMIT_BYTES:
                    await _discard(receive, DRAIN_LIMIT_BYTES)
                await _error(send, 413, self._too_large(), "request_too_large")
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, _with_cors(send, origin) if origin is not None else send)

    def _too_large(self) -> str:
        return (f"The request body is larger than {self.max_body_bytes / (1 << 20):g} MB, the most this server "
                "accepts; send less, or start the server with a higher limit.")

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is longer than the limit."""
        parts: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(parts)  # the client went away; the app sees an empty body
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body_bytes:
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)


async def _discard(receive: Receive, limit: int) -> None:
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        seen += len(message.get("body", b""))


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then waits for the disconnect as usual."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _error(send: Send, status: int, message: str, code: str) -> None:
    body = json.dumps({"error": {"message": message, "type": "invalid_request_error", "param": None,
                                 "code": code}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _preflight(send: Send, origin: str, headers: dict[str, str]) -> None:
    allow_headers = headers.get("access-control-request-headers", "authorization, content-type")
    await send({"type": "http.response.start", "status": 204, "headers": [
        (b"access-control-allow-origin", origin.encode("latin-1")),
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"access-control-allow-headers", allow_headers.encode("latin-1")),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin"),
    ]})
    await send({"type": "http.response.body", "body": b""})


def _with_cors(send: Send, origin: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []),
                                              (b"access-control-allow-origin", origin.encode("latin-1")),
                                              (b"vary", b"Origin")]}
        await send(message)

    return sending
