"""The command line and the local server with a model kept as GGUF (llama.cpp): import it, list it,
ask it, serve it, and convert it into a transformers model to fine-tune. Skipped without llama.cpp."""

from __future__ import annotations

import json
from pathlib import Path

import openai
import pytest

from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.server import BackgroundServer
from tests.conftest import STARTER, STARTER_GGUF, run_cli

pytestmark = pytest.mark.e2e
pytest.importorskip("llama_cpp", reason="the llama.cpp runtime is not installed (make test GGUF=1 adds it)")

CAPITAL = "Name the capital of France."


def test_import_the_starter_and_a_file_kept_as_gguf_and_list_them(home: Path, tmp_path: Path):
    done = run_cli("models", "import", "--starter", "--keep-gguf", home=home)
    assert done.returncode == 0, done.stderr
    assert f"imported {STARTER_GGUF}" in done.stderr and "kept as GGUF, runs with llama.cpp" in done.stderr
    listed = {m["name"]: m for m in json.loads(run_cli("models", "list", "--json", home=home).stdout)}
    kept = listed[STARTER_GGUF]
    assert (kept["runtime"], kept["quantization"], kept["dtype"]) == ("llama.cpp", "Q4_1", "Q4_1")
    assert listed[STARTER]["runtime"] == "transformers"
    table = run_cli("models", "list", home=home).stdout
    assert "RUNTIME" in table and "llama.cpp" in table

    again = run_cli("models", "import", "--starter", "--keep-gguf", "--name", "twice", home=home)
    assert again.returncode == 2 and f"already in the library as '{STARTER_GGUF}'" in again.stderr
    text = tmp_path / "notes.txt"
    text.write_text("not a model", encoding="utf-8")
    wrong = run_cli("models", "import", str(text), "--keep-gguf", home=home)
    assert wrong.returncode == 2 and "--keep-gguf keeps a .gguf file" in wrong.stderr


def test_ask_streams_from_the_gguf_and_fine_tuning_says_to_convert_it(gguf_home: Path, tmp_path: Path):
    done = run_cli("ask", "-m", STARTER_GGUF, "--temperature", "0", "--max-new-tokens", "40", CAPITAL, home=gguf_home)
    assert done.returncode == 0, done.stderr
    assert "Paris" in done.stdout and f"{STARTER_GGUF} · cpu Q4_1" in done.stderr
    data = tmp_path / "facts.jsonl"
    data.write_text(json.dumps({"prompt": "Hi", "completion": "Hello"}) + "\n", encoding="utf-8")
    refused = run_cli("finetune", "--base", STARTER_GGUF, "--data", str(data), "--out", "tuned", home=gguf_home)
    assert refused.returncode == 2 and f"desktop-chat models convert {STARTER_GGUF}" in refused.stderr
    converted = run_cli("models", "convert", STARTER_GGUF, home=gguf_home)  # the starter holds this file already
    assert converted.returncode == 2 and f"'{STARTER}' is its transformers copy" in converted.stderr
    compare = run_cli("bench", "--compare", "-m", STARTER_GGUF, home=gguf_home)
    assert compare.returncode == 2 and "compare its converted copy" in compare.stderr


def test_the_server_streams_a_gguf_models_answer(gguf_home: Path):
    engine = Engine(threads=1)
    server = BackgroundServer(engine, port=0, default_model=STARTER_GGUF)
    server.start()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="unused", max_retries=0)
        assert STARTER_GGUF in [m.id for m in client.models.list()]
        stream = client.chat.completions.create(model=STARTER_GGUF, temperature=0, stream=True,
                                                messages=[{"role": "user", "content": CAPITAL}],
                                                stream_options={"include_usage": True})
        pieces, usage = [], None
        for chunk in stream:
            usage = chunk.usage or usage
            pieces += [c.delta.content for c in chunk.choices if c.delta.content]
        assert len(pieces) > 3 and "Paris" in "".join(pieces) and usage.completion_tokens > 3
        reply = client.chat.completions.create(model=STARTER_GGUF, temperature=0,
                                               messages=[{"role": "user", "content": CAPITAL}])
        assert reply.choices[0].message.content == "".join(pieces)
    finally:
        server.stop()
        engine.shutdown()


@pytest.mark.slow
def test_a_gguf_model_converted_into_transformers_answers_too(empty_home: Path):
    """In a library without the converted starter: `models convert` dequantises the kept file."""
    kept = run_cli("models", "import", "--starter", "--keep-gguf", home=empty_home)
    assert kept.returncode == 0, kept.stderr
    converted = run_cli("models", "convert", STARTER_GGUF, home=empty_home, timeout=600)
    assert converted.returncode == 0, converted.stderr
    assert f"converted {STARTER_GGUF} into {STARTER}" in converted.stderr
    listed = {m["name"]: m for m in json.loads(run_cli("models", "list", "--json", home=empty_home).stdout)}
    assert listed[STARTER]["runtime"] == "transformers" and listed[STARTER]["converted_from"] == "GGUF Q4_1"
    assert listed[STARTER_GGUF]["runtime"] == "llama.cpp"  # the GGUF model stays
    done = run_cli("ask", "-m", STARTER, "--temperature", "0", "--max-new-tokens", "40", CAPITAL, home=empty_home)
    assert done.returncode == 0 and "Paris" in done.stdout, done.stderr
