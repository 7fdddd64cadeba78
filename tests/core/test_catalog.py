"""The library lists complete models only, resolves names safely, and names what is installed."""

import json
import shutil

import pytest

from desktop_chat.core.errors import BadInput, ModelNotFound
from desktop_chat.core.library.catalog import Library, validate_name
from desktop_chat.core.settings import Settings


@pytest.mark.parametrize("name", ["../../x", "a/b", "Upper", "", ".hidden", "-dash", "x" * 65, "a..b", "nl\n",
                                  "tab\t"])
def test_names_that_could_be_paths_are_rejected(name):
    with pytest.raises(BadInput, match="invalid model name"):
        validate_name(name)


@pytest.mark.parametrize("name", ["smollm2-135m-instruct", "qwen2.5-0.5b", "my_model-2"])
def test_slug_names_are_accepted(name):
    assert validate_name(name) == name


def test_lists_installed_models_with_manifest_details(home):
    models = {m.name: m for m in Library().list()}
    assert set(models) == {"smollm2-135m-instruct", "tiny-llama"}
    starter = models["smollm2-135m-instruct"]
    assert starter.params == 134_515_008
    assert starter.license == "apache-2.0"
    assert starter.context_length == 8192
    assert starter.size_bytes > 200_000_000
    assert starter.architecture == "LlamaForCausalLM"


def test_folders_without_manifest_and_partial_imports_are_not_listed(home):
    (home / "models" / "half-done").mkdir()
    (home / "models" / ".partial" / "other").mkdir(parents=True)
    broken = home / "models" / "broken-manifest"
    broken.mkdir()
    (broken / "manifest.json").write_text("{oops")
    assert sorted(Library().names()) == ["smollm2-135m-instruct", "tiny-llama"]


def test_unknown_model_error_names_the_installed_ones(home):
    with pytest.raises(ModelNotFound) as info:
        Library().get("nope")
    assert "smollm2-135m-instruct" in str(info.value) and "tiny-llama" in str(info.value)
    assert info.value.exit_code == 2


def test_default_model_prefers_settings_then_starter(home):
    library = Library()
    assert library.default_name() == "smollm2-135m-instruct"
    Settings(default_model="tiny-llama").save()
    assert library.default_name() == "tiny-llama"
    Settings(default_model="uninstalled").save()
    assert library.default_name() == "smollm2-135m-instruct"


def test_empty_library_has_no_default(empty_home):
    assert Library().list() == [] and Library().default_name() is None


def test_manifest_fields_from_newer_versions_are_ignored(home, model_cache):
    copy = home / "models" / "copied"
    shutil.copytree(model_cache["tiny-llama"], copy)
    data = json.loads((copy / "manifest.json").read_text())
    data["future_field"] = {"x": 1}
    (copy / "manifest.json").write_text(json.dumps(data))
    assert Library().get("copied").params == data["params"]
