"""What the local API accepts from web pages and from large or odd requests, over real HTTP on
127.0.0.1: a page on another site (DNS rebinding, cross-site "simple" POSTs) gets nothing, a body
over the limit is refused before it is parsed, text that is not valid Unicode is a 400, and a
server reachable from other machines needs a key."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys

import pytest

from desktop_chat.core.errors import BadInput
from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.server import BackgroundServer
from tests.conftest import REPO

HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
def guarded(home):
    """A server on 127.0.0.1 (tiny model, loaded on first use) that lets one web origin in."""
    engine = Engine()
    srv = BackgroundServer(engine, port=0, default_model="tiny-llama", allowed_origins=("http://localhost:3000",),
                           max_body_bytes=1 << 20)
    srv.start()
    yield srv
    srv.stop()
    engine.shutdown()


def request(srv, method: str, path: str, body: bytes | None = None, **headers: str) -> tuple[int, dict, dict]:
    connection = http.client.HTTPConnection(srv.host, srv.port, timeout=120)
    try:
        sent = {"Content-Type": "application/json", **{k.replace("_", "-"): v for k, v in headers.items()}}
        connection.request(method, path, body, sent)
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(data) if data else {}
    finally:
        connection.close()


def chat_body(**fields) -> bytes:
    return json.dumps({"model": "tiny-llama", "messages": HI, "max_tokens": 2, **fields}).encode()


def test_a_page_on_another_site_that_rebinds_to_this_machine_gets_nothing(guarded):
    for path in ("/v1/models", "/health"):
        status, _, body = request(guarded, "GET", path, Host="attacker.example:8000")
        assert status == 403 and body["error"]["code"] == "host_not_allowed"
    status, _, body = request(guarded, "POST", "/v1/chat/completions", chat_body(), Host="attacker.example")
    assert status == 403 and "attacker.example" in body["error"]["message"]
    for host in (f"localhost:{guarded.port}", f"127.0.0.1:{guarded.port}", "[::1]"):
        assert request(guarded, "GET", "/v1/models", Host=host)[0] == 200


def test_cross_site_requests_are_refused_and_an_allowed_origin_gets_cors(guarded):
    status, headers, body = request(guarded, "POST", "/v1/chat/completions", chat_body(),
                                    Origin="https://evil.example", Content_Type="text/plain")
    assert status == 403 and body["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in headers
    status, _, body = request(guarded, "POST", "/v1/chat/completions", chat_body(), Content_Type="text/plain")
    assert status == 415 and body["error"]["code"] == "unsupported_media_type"
    status, headers, _ = request(guarded, "OPTIONS", "/v1/chat/completions", Origin="http://localhost:3000",
                                 Access_Control_Request_Method="POST",
                                 Access_Control_Request_Headers="authorization, content-type")
    assert status == 204 and headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "POST" in headers["access-control-allow-methods"]
    status, headers, body = request(guarded, "POST", "/v1/chat/completions", chat_body(),
                                    Origin="http://localhost:3000")
    assert status == 200 and headers["access-control-allow-origin"] == "http://localhost:3000"
    assert body["usage"]["completion_tokens"] == 2


def test_a_body_over_the_limit_is_413_before_it_is_read_and_the_model_stays_free(guarded):
    big = chat_body(messages=[{"role": "user", "content": "x" * (3 << 20)}])
    status, _, body = request(guarded, "POST", "/v1/chat/completions", big)
    assert status == 413 and body["error"]["code"] == "request_too_large" and "1 MB" in body["error"]["message"]
    # The same without a Content-Length (chunked) is cut off at the limit too.
    connection = http.client.HTTPConnection(guarded.host, guarded.port, timeout=120)
    connection.request("POST", "/v1/chat/completions", (big[i:i + 65536] for i in range(0, len(big), 65536)),
                       {"Content-Type": "application/json"}, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 413
    connection.close()
    status, _, body = request(guarded, "POST", "/v1/chat/completions", chat_body())
    assert status == 200 and body["usage"]["completion_tokens"] == 2


def test_a_prompt_far_longer_than_the_context_is_refused_without_tokenising_it(guarded):
    long = chat_body(messages=[{"role": "user", "content": "word " * 180_000}])  # ~0.9 MB, under the limit
    status, _, body = request(guarded, "POST", "/v1/chat/completions", long)
    assert status == 400 and body["error"]["code"] == "context_length_exceeded"
    assert "at least" in body["error"]["message"]


def test_an_unpaired_surrogate_is_a_400_not_a_500(guarded):
    body = b'{"model": "tiny-llama", "max_tokens": 2, "messages": [{"role": "user", "content": "bad \\ud800"}]}'
    status, _, reply = request(guarded, "POST", "/v1/chat/completions", body)
    assert status == 400 and reply["error"]["type"] == "invalid_request_error"
    assert "unpaired surrogate (\\ud800)" in reply["error"]["message"]


def test_health_says_only_that_the_server_is_up_without_the_key(home):
    engine = Engine()
    srv = BackgroundServer(engine, port=0, api_key="k", default_model="tiny-llama")
    srv.start()
    try:
        assert request(srv, "GET", "/health")[2] == {"status": "ok"}
        assert request(srv, "GET", "/health", Authorization="Bearer k")[2] == {"status": "ok", "model": None}
    finally:
        srv.stop()
        engine.shutdown()


def test_serving_beyond_this_machine_needs_a_key_or_an_explicit_no(home):
    engine = Engine()
    try:
        with pytest.raises(BadInput, match="listening on 0.0.0.0 without an API key"):
            BackgroundServer(engine, host="0.0.0.0", port=0)
    finally:
        engine.shutdown()
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(home)}
    refused = subprocess.run([sys.executable, "-m", "desktop_chat", "serve", "--host", "0.0.0.0", "--port", "0",
                              "-m", "tiny-llama"], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "without an API key" in refused.stderr and "--no-api-key" in refused.stderr
    serve = subprocess.Popen([sys.executable, "-m", "desktop_chat", "serve", "--host", "0.0.0.0", "--port", "0",
                              "-m", "tiny-llama", "--no-api-key"], stderr=subprocess.PIPE, text=True, cwd=REPO,
                             env=env)
    try:
        assert "warning: listening on 0.0.0.0 without an API key" in serve.stderr.readline()
    finally:
        serve.terminate()
        serve.wait(30)
