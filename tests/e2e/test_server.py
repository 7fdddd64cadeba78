"""The OpenAI-compatible server, driven by the real `openai` client and raw HTTP, with the real
starter model; and a remote model that points at a second `serve` process."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import openai
import pytest

from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.server import BackgroundServer
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.e2e
STARTER = "smollm2-135m-instruct"
FRANCE = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture
def server(home):
    engine = Engine()
    engine.load(STARTER).result(120)
    srv = BackgroundServer(engine, port=0, default_model=STARTER)
    srv.start()
    yield srv
    srv.stop()
    engine.shutdown()


def client(srv, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=srv.base_url, api_key=key, max_retries=0)


def post(srv, body: bytes, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"{srv.base_url}/chat/completions", data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_streaming_answer_arrives_in_pieces(server):
    stream = client(server).chat.completions.create(model=STARTER, messages=FRANCE, temperature=0, stream=True,
                                                    stream_options={"include_usage": True})
    pieces, usage, finish = [], None, None
    for chunk in stream:
        if chunk.usage:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.delta.content:
                pieces.append(choice.delta.content)
            finish = choice.finish_reason or finish
    assert len(pieces) > 3 and "Paris" in "".join(pieces)
    assert finish == "stop" and usage.completion_tokens > 3


def test_non_streaming_answer_with_correct_usage(server):
    response = client(server).chat.completions.create(model=STARTER, messages=FRANCE, temperature=0)
    assert "Paris" in response.choices[0].message.content
    assert response.choices[0].finish_reason == "stop" and response.model == STARTER

    def count(loaded):
        from desktop_chat.core.inference.generate import render_prompt
        from desktop_chat.core.types import Message

        prompt = render_prompt(loaded.tokenizer, [Message("user", FRANCE[0]["content"])])
        reply = loaded.tokenizer(response.choices[0].message.content + "<|im_end|>",
                                 add_special_tokens=False)["input_ids"]
        return len(prompt), len(reply)

    expected_prompt, expected_completion = server.engine.call(count).result(60)
    assert response.usage.prompt_tokens == expected_prompt
    assert response.usage.completion_tokens == expected_completion
    assert response.usage.total_tokens == expected_prompt + expected_completion


def test_models_list_shows_the_library(server):
    ids = [m.id for m in client(server).models.list()]
    assert set(ids) == {"smollm2-135m-instruct", "tiny-llama"}


def test_unknown_model_is_404_in_openai_shape(server):
    with pytest.raises(openai.NotFoundError) as info:
        client(server).chat.completions.create(model="no-such-model", messages=FRANCE)
    assert info.value.code == "model_not_found"
    status, body = post(server, json.dumps({"model": "no-such-model", "messages": FRANCE}).encode())
    assert status == 404 and body["error"]["param"] == "model" and "tiny-llama" in body["error"]["message"]


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (b"{not json", None),
        (json.dumps({"messages": []}).encode(), "messages"),
        (json.dumps({"messages": FRANCE, "temperature": 9}).encode(), "temperature"),
        (json.dumps({"messages": [{"role": "robot", "content": "hi"}]}).encode(), "messages.0.role"),
        (json.dumps({"messages": FRANCE, "n": 3}).encode(), "n"),
    ],
)
def test_malformed_requests_are_400_in_openai_shape(server, body, param):
    status, reply = post(server, body)
    assert status == 400
    assert set(reply["error"]) == {"message", "type", "param", "code"}
    assert reply["error"]["type"] == "invalid_request_error" and reply["error"]["param"] == param


def test_a_conversation_longer_than_the_context_is_400_context_length_exceeded(server):
    long = [{"role": "user", "content": "word " * 1000}]
    status, reply = post(server, json.dumps({"model": "tiny-llama", "messages": long}).encode())
    assert status == 400 and reply["error"]["code"] == "context_length_exceeded"


def test_api_key_is_required_when_set(home):
    engine = Engine()
    srv = BackgroundServer(engine, port=0, api_key="s3cret", default_model="tiny-llama")
    srv.start()
    try:
        with pytest.raises(openai.AuthenticationError):
            client(srv, "wrong").models.list()
        status, body = post(srv, json.dumps({"messages": FRANCE}).encode())
        assert status == 401 and body["error"]["code"] == "invalid_api_key"
        assert [m.id for m in client(srv, "s3cret").models.list()]
        reply = client(srv, "s3cret").chat.completions.create(model="tiny-llama", messages=FRANCE, max_tokens=3)
        assert reply.usage.completion_tokens == 3
    finally:
        srv.stop()
        engine.shutdown()


def test_eight_concurrent_streams_all_complete_correctly(server):
    answers: dict[int, str] = {}

    def ask(i: int) -> None:
        stream = client(server).chat.completions.create(model=STARTER, messages=FRANCE, temperature=0, stream=True)
        answers[i] = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert len(answers) == 8 and all("Paris" in answer for answer in answers.values()), answers


def test_a_client_that_disconnects_frees_the_engine_at_once(server, monkeypatch):
    jobs = []
    real_chat = server.engine.chat
    monkeypatch.setattr(server.engine, "chat", lambda *a, **k: jobs.append(real_chat(*a, **k)) or jobs[-1])
    host, port = server.host, server.port
    connection = http.client.HTTPConnection(host, port, timeout=60)
    body = json.dumps({"model": STARTER, "stream": True, "max_tokens": 400, "temperature": 0,
                       "messages": [{"role": "user", "content": "Write a very long story about a dragon."}]})
    connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 200
    for _ in range(6):
        response.readline()  # a few SSE lines: the reply is streaming
    connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()
    abandoned = jobs[0].result(timeout=120)  # it stops because the client left, not because it was done
    assert abandoned.stats.finish_reason == "cancelled" and abandoned.stats.completion_tokens < 400
    stream = client(server).chat.completions.create(model=STARTER, messages=FRANCE, temperature=0, stream=True)
    first = next(c for c in stream if c.choices and c.choices[0].delta.content)
    assert first.choices[0].delta.content
    stream.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_remote_model_pointing_at_a_second_server_chats_end_to_end(home):
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "desktop_chat", "serve", "--port", str(port), "-m", STARTER, "--api-key", "k1"],
        stderr=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "DESKTOP_CHAT_HOME": str(home)},
    )
    try:
        for line in serve.stderr:
            if "serving the OpenAI API" in line:
                break
        else:
            pytest.fail("the server did not start")
        added = run_cli("models", "add-remote", "cluster-smol", "--base-url", f"http://127.0.0.1:{port}/v1",
                        "--model-id", STARTER, "--api-key", "k1", "--context-length", "8192", home=home)
        assert added.returncode == 0, added.stderr
        listing = json.loads(run_cli("models", "list", "--json", home=home).stdout)
        remote = next(m for m in listing if m["name"] == "cluster-smol")
        assert remote["kind"] == "remote" and "k1" not in json.dumps(listing)
        out = run_cli("ask", "-m", "cluster-smol", "--temperature", "0", "What is the capital of France?", home=home)
        assert out.returncode == 0, out.stderr
        assert "Paris" in out.stdout and "cluster-smol · remote" in out.stderr

        engine = Engine()
        try:
            from desktop_chat.core.types import ChatRequest, GenParams, Message

            deltas: list[str] = []
            result = engine.chat(ChatRequest([Message("user", "What is the capital of France?")],
                                             GenParams(temperature=0)), deltas.append, model="cluster-smol").result(120)
            assert "Paris" in result.text and "".join(deltas) == result.text and len(deltas) > 3
            assert result.stats.prompt_tokens > 0 and result.stats.device == "remote"
            assert engine.status is None  # nothing was loaded locally
        finally:
            engine.shutdown()
        bad = run_cli("models", "add-remote", "wrong-key", "--base-url", f"http://127.0.0.1:{port}/v1",
                      "--model-id", STARTER, "--api-key", "nope", home=home)
        assert bad.returncode == 0
        denied = run_cli("ask", "-m", "wrong-key", "hi", home=home)
        assert denied.returncode == 2 and "rejected the API key" in denied.stderr
        assert run_cli("models", "rm", "wrong-key", home=home).returncode == 0
        assert "wrong-key" not in run_cli("models", "list", home=home).stdout
    finally:
        serve.terminate()
        serve.wait(30)


def test_an_unreachable_remote_model_is_a_clear_error(home):
    port = _free_port()
    assert run_cli("models", "add-remote", "gone", "--base-url", f"http://127.0.0.1:{port}/v1",
                   "--model-id", "x", home=home).returncode == 0
    out = run_cli("ask", "-m", "gone", "hi", home=home)
    assert out.returncode == 1 and "cannot reach remote model 'gone'" in out.stderr and "Traceback" not in out.stderr
