"""Shared fixtures: the real starter model (imported once per machine into a cache folder), a tiny
random Llama built from the starter's tokenizer, and a fresh DESKTOP_CHAT_HOME for every test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _one_torch_thread_for_children() -> None:
    """Child processes (CLI, window, fine-tuning worker) run torch with one thread: on a busy 2-core
    machine two-thread torch was 7–11× slower in prefill. This process keeps its own thread count."""
    import torch

    threads = torch.get_num_threads()
    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(threads)


_one_torch_thread_for_children()

REPO = Path(__file__).resolve().parent.parent
# Imported models are kept between runs here (CI starts clean); delete the folder to rebuild.
CACHE = Path(os.environ.get("DESKTOP_CHAT_TEST_CACHE", REPO / ".test-home"))
# No window, server or CLI in a test compiles a decode step in the background (a minute of both
# cores) unless the test asks for it (tests/core/test_compiled.py); compiled code is shared between
# those tests' throwaway homes.
os.environ["DESKTOP_CHAT_COMPILED"] = "off"
os.environ["TORCHINDUCTOR_CACHE_DIR"] = str(CACHE / "compile-cache")
STARTER = "smollm2-135m-instruct"
TINY = "tiny-llama"
STARTER_GGUF = "smollm2-135m-instruct-gguf"  # the starter's own Q4_1 file, kept as GGUF (llama.cpp)


def _build_starter(cache: Path) -> Path:
    from filelock import FileLock

    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import ensure_starter_model

    library = Library(cache / "models")
    cache.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache / "build.lock")):
        return Path(ensure_starter_model(library).path)


def _build_tiny(cache: Path, starter: Path) -> Path:
    """A 2-layer random Llama with the starter's tokenizer and chat template (fast, 512-token context)."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from desktop_chat.core.hfutil import quiet_transformers
    from desktop_chat.core.library.importers import write_manifest

    folder = cache / "models" / TINY
    if (folder / "manifest.json").is_file():
        return folder
    quiet_transformers()
    staging = cache / "models" / ".partial" / TINY
    shutil.rmtree(staging, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(starter)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True,
        initializer_range=0.2,  # varied greedy text (the default 0.02 repeats one token)
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    write_manifest(staging, source="tests: random weights, starter tokenizer", license="apache-2.0")
    os.replace(staging, folder)
    return folder


@pytest.fixture(scope="session")
def model_cache() -> dict[str, Path]:
    """Folders of the starter and tiny models, built once."""
    starter = _build_starter(CACHE)
    return {STARTER: starter, TINY: _build_tiny(CACHE, starter)}


@pytest.fixture(scope="session")
def cpu_precision_probe(model_cache: dict[str, Path]) -> str:
    """This machine's precision measurement, with the decoding step of the starter's and the tiny
    model's shapes, made once per test run at the tests' one thread.

    Every data home gets it, so every engine of a run (in this process and in child processes)
    chooses the same precision: measured afresh per home, a busy moment could choose differently.
    """
    import json
    from dataclasses import asdict, replace

    import torch

    from desktop_chat.core.inference import precision
    from desktop_chat.core.library.memory import model_shape

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        probe = precision.measure()
        shapes = [model_shape(folder) for folder in model_cache.values()]
        steps = {precision.shape_key(shape): precision.measure_step(shape, probe.decode_ms) for shape in shapes}
        return json.dumps(asdict(replace(probe, step_ms=steps)))
    finally:
        torch.set_num_threads(before)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: dict[str, Path],
         cpu_precision_probe: str) -> Path:
    """A fresh data home whose library holds the starter and tiny models (linked, not copied)."""
    data = tmp_path / "home"
    (data / "models").mkdir(parents=True)
    (data / "cpu-precision.json").write_text(cpu_precision_probe, encoding="utf-8")
    for name, folder in model_cache.items():
        (data / "models" / name).symlink_to(folder, target_is_directory=True)
    monkeypatch.setenv("DESKTOP_CHAT_HOME", str(data))
    return data


@pytest.fixture(scope="session")
def gguf_model_cache(model_cache: dict[str, Path]) -> Path:
    """The starter model kept as GGUF, built once; tests using it are skipped without llama.cpp."""
    pytest.importorskip("llama_cpp", reason="the llama.cpp runtime is not installed (make test GGUF=1 adds it)")
    from filelock import FileLock

    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import add_starter_gguf

    library = Library(CACHE / "models")
    with FileLock(str(CACHE / "build.lock")):
        if not library.has(STARTER_GGUF):
            add_starter_gguf(library, STARTER_GGUF)
    return library.folder(STARTER_GGUF)


@pytest.fixture
def gguf_home(home: Path, gguf_model_cache: Path) -> Path:
    """`home` with the starter model kept as GGUF beside the others."""
    (home / "models" / STARTER_GGUF).symlink_to(gguf_model_cache, target_is_directory=True)
    return home


EMBEDDING = "tiny-embed"


@pytest.fixture(scope="session")
def embedding_model_source(model_cache: dict[str, Path]) -> Path:
    """A sentence-transformers folder on disk (as a user would have one), with a bag-of-words model
    that knows a few synonyms (tests/docs_fixtures.py), built once."""
    from filelock import FileLock

    from tests.docs_fixtures import write_embedding_model

    folder = CACHE / "embedding-source"
    with FileLock(str(CACHE / "build.lock")):
        if not (folder / "modules.json").is_file():
            staging = CACHE / "embedding-source.partial"
            shutil.rmtree(staging, ignore_errors=True)
            write_embedding_model(staging, model_cache[STARTER])
            os.replace(staging, folder)
    return folder


@pytest.fixture
def embedding_home(home: Path, embedding_model_source: Path) -> Path:
    """`home` with the test embedding model imported into its library as EMBEDDING."""
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import import_folder

    import_folder(embedding_model_source, EMBEDDING, library=Library())
    return home


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu_precision_probe: str) -> Path:
    data = tmp_path / "empty-home"
    data.mkdir()
    (data / "cpu-precision.json").write_text(cpu_precision_probe, encoding="utf-8")
    monkeypatch.setenv("DESKTOP_CHAT_HOME", str(data))
    return data


@pytest.fixture
def engine(home: Path):
    """An engine in fp32, where its output must equal bare `generate` token for token (the CPU's
    measured default precision has tests of its own: test_precision.py)."""
    from desktop_chat.core.inference.engine import Engine

    eng = Engine(dtype="fp32")
    yield eng
    eng.shutdown()


@pytest.fixture
def auto_engine(home: Path):
    """An engine with the default settings: the precision measured fastest on this machine."""
    from desktop_chat.core.inference.engine import Engine

    eng = Engine()
    yield eng
    eng.shutdown()


def run_cli(*args: str, home: Path, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m desktop_chat ARGS` with DESKTOP_CHAT_HOME=home; returns the completed process."""
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, "-m", "desktop_chat", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=timeout, cwd=REPO)


def make_random_adapter(library: Any, name: str) -> None:
    """A LoRA adapter for tiny-llama with non-zero random weights, registered like a fine-tune result."""
    import json

    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = library.folder("tiny-llama")
    torch.manual_seed(0)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base),
                           LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    folder = library.folder(name)
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(base).save_pretrained(folder)
    (folder / "manifest.json").write_text(json.dumps({"kind": "adapter", "base": "tiny-llama", "dtype": "float32",
                                                      "source": "test", "params": 1, "size_bytes": 1}))


@pytest.fixture
def hub(home: Path, model_cache: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """A loopback Hugging Face Hub serving the tiny model as TINY_REPO; HF_ENDPOINT points at it."""
    from tests.fake_hub import TINY_REPO, FakeHub

    with FakeHub() as server:
        server.add_repo(TINY_REPO, model_cache[TINY])
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("DESKTOP_CHAT_RETRY_BASE_S", "0.05")
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield server
