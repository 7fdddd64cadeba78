"""Broken model folders give clear errors naming the model and the fix; devices resolve sensibly."""

import json
import shutil

import pytest
import torch

from desktop_chat.core.errors import BadInput, ModelLoadError
from desktop_chat.core.inference.devices import resolve_device, resolve_dtype
from desktop_chat.core.inference.loader import load_model
from desktop_chat.core.library.catalog import Library


@pytest.fixture
def broken_copy(home, model_cache):
    folder = home / "models" / "broken-copy"
    shutil.copytree(model_cache["tiny-llama"], folder)
    return folder


def _load():
    return load_model(Library().get("broken-copy"), "cpu", "auto")


def test_missing_config_is_reported_with_the_fix(broken_copy):
    (broken_copy / "config.json").unlink()
    with pytest.raises(ModelLoadError, match=r"config.json is missing.*models rm broken-copy"):
        _load()


def test_truncated_weights_are_reported(broken_copy):
    weights = broken_copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 3])
    with pytest.raises(ModelLoadError, match="'broken-copy' could not be loaded"):
        _load()


def test_pickle_weights_are_refused(broken_copy):
    (broken_copy / "model.safetensors").rename(broken_copy / "pytorch_model.bin")
    with pytest.raises(ModelLoadError, match="pickle"):
        _load()


def test_broken_tokenizer_is_reported(broken_copy):
    (broken_copy / "tokenizer.json").write_text("{ not a tokenizer")
    with pytest.raises(ModelLoadError, match="tokenizer"):
        _load()


def test_unreadable_config_is_reported(broken_copy):
    (broken_copy / "config.json").write_text(json.dumps({"model_type": "no-such-architecture"}))
    with pytest.raises(ModelLoadError, match="config"):
        _load()


def test_starter_stops_at_its_end_of_turn_token(home):
    loaded = load_model(Library().get("smollm2-135m-instruct"), "cpu", "auto")
    assert loaded.tokenizer.convert_tokens_to_ids("<|im_end|>") in loaded.stop_token_ids
    assert loaded.context_length == 8192 and loaded.dtype in (torch.float32, torch.float16, torch.bfloat16)


def test_device_and_dtype_choice_on_this_machine():
    if not torch.cuda.is_available():
        with pytest.raises(BadInput, match="no CUDA GPU"):
            resolve_device("cuda")
        assert resolve_device("auto").type in ("cpu", "mps")
    cpu = torch.device("cpu")
    assert resolve_dtype(cpu, "auto") in (torch.float32, torch.float16, torch.bfloat16)
    assert resolve_dtype(cpu, "bf16") == torch.bfloat16
    assert resolve_dtype(torch.device("cuda"), "auto") == torch.float16
    with pytest.raises(BadInput, match="unknown dtype"):
        resolve_dtype(cpu, "int3")
    with pytest.raises(BadInput, match="unknown device"):
        resolve_device("tpu")
