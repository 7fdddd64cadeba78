"""The model manager with a real Hub protocol (a loopback server, tests/fake_hub.py), real files
and the real CLI: downloads that resume and verify, refusals, imports, the HF cache, memory."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.fake_hub import TINY_REPO as REPO_ID
from tests.fake_hub import largest_part

pytestmark = pytest.mark.e2e


def listing(home) -> dict[str, dict]:
    out = run_cli("models", "list", "--json", home=home)
    assert out.returncode == 0, out.stderr
    return {m["name"]: m for m in json.loads(out.stdout)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pull_installs_a_model_that_lists_and_chats(hub, home, model_cache):
    out = run_cli("models", "pull", REPO_ID, "--name", "pulled-tiny", home=home)
    assert out.returncode == 0, out.stderr
    assert "installed pulled-tiny" in out.stderr
    model = listing(home)["pulled-tiny"]
    assert model["source"] == f"hf:{REPO_ID}" and model["revision"] == hub.repos[REPO_ID].commit
    assert model["license"] == "apache-2.0" and model["params"] > 3_000_000
    folder = home / "models" / "pulled-tiny"
    assert sha256(folder / "model.safetensors") == sha256(model_cache["tiny-llama"] / "model.safetensors")
    assert not list(folder.glob("*.part")) and not (home / "models" / ".partial" / "pulled-tiny").exists()
    chat = run_cli("ask", "-m", "pulled-tiny", "--max-new-tokens", "5", "hello", home=home)
    assert chat.returncode == 0 and "pulled-tiny" in chat.stderr and "tok/s" in chat.stderr


def test_the_default_name_comes_from_the_repo_and_clashes_are_refused(hub, home):
    out = run_cli("models", "pull", REPO_ID, home=home)  # "tiny-llama" is installed already
    assert out.returncode == 2 and "already installed; pass --name" in out.stderr


def test_a_connection_dropped_mid_file_resumes_and_completes(hub, home, model_cache):
    hub.faults.drop_after["model.safetensors"] = 11_000_000
    out = run_cli("models", "pull", REPO_ID, "--name", "resumed", home=home)
    assert out.returncode == 0, out.stderr
    ranges = hub.ranges("model.safetensors")
    assert ranges[0] is None and ranges[1].startswith("bytes=") and int(ranges[1][6:-1]) >= 10_000_000
    assert sha256(home / "models" / "resumed" / "model.safetensors") == \
        sha256(model_cache["tiny-llama"] / "model.safetensors")


def test_a_download_resumes_after_the_app_was_killed(hub, home, model_cache):
    hub.faults.hold_after["model.safetensors"] = 11_000_000  # still downloading when it is killed
    child = subprocess.Popen([sys.executable, "-m", "desktop_chat", "models", "pull", REPO_ID, "--name", "later"],
                             stderr=subprocess.DEVNULL, cwd=REPO, env={**os.environ, "DESKTOP_CHAT_HOME": str(home)})
    staging = home / "models" / ".partial" / "later"
    deadline = time.monotonic() + 60

    while largest_part(staging) < 10_000_000 and time.monotonic() < deadline:  # held after its first 10 MB chunk
        time.sleep(0.1)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    hub.faults.release.set()
    from desktop_chat.core.library.hub import partial_downloads

    [partial] = partial_downloads()
    assert partial.name == "later" and partial.repo_id == REPO_ID and partial.done_bytes > 10_000_000
    assert "later" not in listing(home)
    out = run_cli("models", "pull", REPO_ID, "--name", "later", home=home)
    assert out.returncode == 0, out.stderr
    assert any(r and int(r[6:-1]) >= 10_000_000 for r in hub.ranges("model.safetensors")[1:])
    assert sha256(home / "models" / "later" / "model.safetensors") == \
        sha256(model_cache["tiny-llama"] / "model.safetensors")
    assert partial_downloads() == []


def test_bytes_that_do_not_match_are_an_error_and_nothing_is_installed(hub, home):
    hub.faults.corrupt.add("model.safetensors")
    out = run_cli("models", "pull", REPO_ID, "--name", "corrupt", home=home)
    assert out.returncode == 1
    assert "did not match its checksum" in out.stderr and "nothing was installed" in out.stderr
    assert "corrupt" not in listing(home)
    assert not (home / "models" / ".partial" / "corrupt").exists()
    assert len(hub.ranges("model.safetensors")) == 2  # downloaded again once before giving up


def test_an_unknown_repo_is_not_found(hub, home):
    out = run_cli("models", "pull", "test-org/Does-Not-Exist", home=home)
    assert out.returncode == 2 and "not found" in out.stderr and "Traceback" not in out.stderr


def test_an_unreachable_hub_is_retried_then_reported(home, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("DESKTOP_CHAT_RETRY_BASE_S", "0.05")
    out = run_cli("models", "pull", REPO_ID, "--name", "nope", "--retries", "2", home=home)
    assert out.returncode == 1, out.stderr
    assert "retrying in" in out.stderr and "gave up on looking up test-org/Tiny-Llama after 3 attempts" in out.stderr
    assert "Traceback" not in out.stderr


def test_offline_the_pull_says_so_at_once_without_retrying(home, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")  # a name that never resolves (RFC 2606)
    out = run_cli("models", "pull", REPO_ID, "--name", "nope", home=home)
    assert out.returncode == 1 and "retrying" not in out.stderr and "Traceback" not in out.stderr
    assert "you appear to be offline: hub.invalid cannot be found" in out.stderr


def test_pickle_only_and_remote_code_repos_are_refused(hub, home, model_cache):
    config = (model_cache["tiny-llama"] / "config.json").read_bytes()
    hub.add_repo("test-org/Pickled", files={"config.json": config, "pytorch_model.bin": b"\x80\x04pickle"})
    out = run_cli("models", "pull", "test-org/Pickled", home=home)
    assert out.returncode == 2 and "only pickle .bin weights" in out.stderr
    remote = json.dumps({**json.loads(config), "auto_map": {"AutoModelForCausalLM": "modeling.Custom"}}).encode()
    hub.add_repo("test-org/Custom-Code", model_cache["tiny-llama"], files={"config.json": remote})
    hub.repos["test-org/Custom-Code"].files["config.json"] = remote
    out = run_cli("models", "pull", "test-org/Custom-Code", home=home)
    assert out.returncode == 2 and "trust_remote_code" in out.stderr
    assert "custom-code" not in listing(home)


@pytest.mark.parametrize("name", ["../../x", "UPPER", "a/b"])
def test_names_that_could_escape_the_library_are_rejected(hub, home, name):
    out = run_cli("models", "pull", REPO_ID, "--name", name, home=home)
    assert out.returncode == 2 and "invalid model name" in out.stderr
    assert not (home.parent / "x").exists()


def test_a_gated_repo_needs_a_token(hub, home, model_cache, monkeypatch):
    hub.add_repo("test-org/Gated", model_cache["tiny-llama"], gated=True, token="hf_letmein")
    out = run_cli("models", "pull", "test-org/Gated", home=home)
    assert out.returncode == 2 and "is gated" in out.stderr and "HF_TOKEN" in out.stderr
    monkeypatch.setenv("HF_TOKEN", "hf_letmein")
    out = run_cli("models", "pull", "test-org/Gated", home=home)
    assert out.returncode == 0, out.stderr
    assert "gated" in listing(home)


def test_search_finds_text_generation_models_most_downloaded_first(hub, model_cache):
    from desktop_chat.core.library.hub import search_hub

    hub.add_repo("other-org/Tiny-Llama-Popular", model_cache["tiny-llama"], downloads=99_999, license="mit")
    results = search_hub("tiny-llama")
    assert [r.repo_id for r in results] == ["other-org/Tiny-Llama-Popular", REPO_ID]
    assert results[0].license == "mit" and results[0].downloads == 99_999 and results[0].size_bytes > 10_000_000


@pytest.mark.slow
def test_importing_a_gguf_says_it_dequantises_gives_the_same_answers_and_is_not_imported_twice(home, tmp_path):
    from desktop_chat.core.library.importers import starter_gguf_path

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run_cli("models", "import", str(starter_gguf_path()), "--name", "smol-from-gguf", home=elsewhere)
    assert out.returncode == 0, out.stderr
    assert "note: SmolLM2-135M-Instruct.Q4_1.gguf holds 135M parameters quantised to Q4_1" in out.stderr
    assert "unquantised fp16 model of about 269 MB" in out.stderr
    [model] = json.loads(run_cli("models", "list", "--json", home=elsewhere).stdout)
    assert model["converted_from"] == "GGUF Q4_1"
    question = ("ask", "--temperature", "0", "--max-new-tokens", "24", "What is the capital of France?")
    imported = run_cli(*question, "-m", "smol-from-gguf", home=elsewhere)
    library_copy = run_cli(*question, "-m", "smollm2-135m-instruct", home=home)
    assert imported.returncode == library_copy.returncode == 0
    assert imported.stdout == library_copy.stdout and "Paris" in imported.stdout
    again = run_cli("models", "import", str(starter_gguf_path()), "--name", "smol-again", home=elsewhere)
    assert again.returncode == 2 and "is already in the library as 'smol-from-gguf' (the same file" in again.stderr


def test_import_a_folder_then_rename_set_default_and_remove(home, model_cache, tmp_path):
    folder = tmp_path / "My Model"
    folder.mkdir()
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "chat_template.jinja", "generation_config.json"):
        (folder / name).write_bytes((model_cache["tiny-llama"] / name).read_bytes())
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# My model\n")
    (folder / "notes.txt").write_text("not a model file")
    out = run_cli("models", "import", str(folder), home=home)
    assert out.returncode == 0, out.stderr
    model = listing(home)["my-model"]
    assert model["license"] == "mit" and model["source"] == f"folder:{folder}"
    assert not (home / "models" / "my-model" / "notes.txt").exists()
    assert run_cli("models", "rename", "my-model", "renamed", home=home).returncode == 0
    assert run_cli("models", "default", "renamed", home=home).returncode == 0
    models = listing(home)
    assert "my-model" not in models and models["renamed"]["default"] is True
    assert run_cli("models", "rm", "renamed", home=home).returncode == 0
    assert "renamed" not in listing(home)
    missing = run_cli("models", "import", str(tmp_path / "nowhere"), home=home)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_models_in_the_hugging_face_cache_are_linked_not_copied(hub, home, tmp_path, monkeypatch):
    from huggingface_hub import snapshot_download

    cache = tmp_path / "hf-cache"
    snapshot_download(REPO_ID, cache_dir=cache, endpoint=hub.url)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    from desktop_chat.core.library.importers import hf_cache_models

    assert [c.repo_id for c in hf_cache_models()] == [REPO_ID]
    out = run_cli("models", "import", "--from-hf-cache", REPO_ID, "--name", "cached-tiny", home=home)
    assert out.returncode == 0, out.stderr
    folder = home / "models" / "cached-tiny"
    weights = folder / "model.safetensors"
    assert weights.is_symlink() and str(weights.resolve()).startswith(str(cache))
    assert run_cli("ask", "-m", "cached-tiny", "--max-new-tokens", "3", "hi", home=home).returncode == 0
    assert run_cli("models", "rm", "cached-tiny", home=home).returncode == 0
    assert weights.resolve().exists() or any(cache.rglob("*.safetensors"))  # the cache itself is untouched
    assert any(p.stat().st_size > 1_000_000 for p in cache.rglob("*") if p.is_file())


MEMORY_PROBE = """
import json, sys
from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.library.memory import process_memory
from desktop_chat.core.types import ChatRequest, GenParams, Message
import torch, transformers  # imported before the baseline: they are not the model's memory
engine = Engine()
info = engine.library.get("smollm2-135m-instruct")
before = process_memory()
status = engine.load(info.name).result()
request = ChatRequest([Message("user", "word " * 2000)], GenParams(temperature=0, max_new_tokens=4))
result = engine.chat(request).result()
# What the model holds, without the free pages the prompt's passing buffers leave in the allocator:
# their share of the resident size varies from run to run (+50 to +150 MB), most of all on a busy machine.
import ctypes, gc
gc.collect()
ctypes.CDLL("libc.so.6").malloc_trim(0)
used = process_memory() - before
predicted = engine.estimate(info.name, result.stats.context_used).total_bytes  # in the precision it runs in
engine.unload().result()
after_unload = process_memory() - before
print(json.dumps({"used": used, "predicted": predicted, "after_unload": after_unload, "at_load": status.memory_bytes}))
engine.shutdown()
"""


def test_memory_prediction_is_within_a_quarter_of_what_is_used_and_unloading_frees_it(home):
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "DESKTOP_CHAT_HOME": str(home)}, timeout=300)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert abs(figures["predicted"] - figures["used"]) <= 0.25 * figures["used"], figures
    assert figures["at_load"] > 250_000_000  # measured, shown beside the prediction: at least one 16-bit copy
    # The memory really goes back: unloading returns (nearly) all that loading took. What stays is the
    # first use's kernels and caches, ~0.2 GB whatever the model (a share of `used` was too strict for
    # one 16-bit copy).
    assert figures["used"] - figures["after_unload"] >= 0.9 * figures["at_load"], figures
