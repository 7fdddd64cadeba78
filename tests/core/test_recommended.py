"""The model catalogue: a reviewed list of chat models across sizes and licences, each with what it
needs, judged against this machine before anything is downloaded."""

from pathlib import Path

from desktop_chat.core.library.catalog import validate_name
from desktop_chat.core.library.memory import estimate_memory, model_shape
from desktop_chat.core.library.recommended import FIT_CONTEXT_TOKENS, recommended_models
from desktop_chat.core.types import ModelInfo


def test_the_catalogue_lists_at_least_ten_models_with_what_a_user_needs_to_choose():
    models = recommended_models()
    assert len(models) >= 10 and len({m.repo_id for m in models}) == len(models)
    assert [m.params for m in models] == sorted(m.params for m in models)  # smallest first
    for m in models:
        validate_name(m.name)
        assert m.params > 0 and m.download_bytes >= m.params  # at least one byte a parameter (16-bit files)
        assert m.license and m.languages and m.summary.endswith(".")
        assert m.summary_in("zh_CN").endswith("。") and m.summary_in("zh_CN") != m.summary  # for a Chinese window
        assert m.summary_in("fr") == m.summary  # a language the list does not have: English
        assert all(m.shape[k] > 0 for k in ("layers", "hidden", "kv_heads", "head_dim", "intermediate", "context"))
    assert {"zh", "en"} <= {language for m in models for language in m.languages}
    assert len({m.license for m in models}) >= 3 and any(m.gated for m in models)


def test_the_fit_uses_the_memory_estimator_and_agrees_with_the_installed_starter_model(model_cache):
    starter = next(m for m in recommended_models() if m.repo_id == "HuggingFaceTB/SmolLM2-135M-Instruct")
    folder = Path(model_cache["smollm2-135m-instruct"])
    installed = model_shape(folder)
    assert {k: starter.shape[k] for k in installed if k in starter.shape} == \
        {k: installed[k] for k in installed if k in starter.shape}  # the catalogue's shape is the real one
    info = ModelInfo(name="s", path=str(folder), params=starter.params)
    assert starter.fit("cpu", "fp32", 8 << 30).total_bytes == \
        estimate_memory(info, "cpu", "fp32", FIT_CONTEXT_TOKENS).total_bytes
    assert starter.fit("cpu", "fp32", 8 << 30).verdict == "fits"
    biggest = max(recommended_models(), key=lambda m: m.params)
    assert biggest.fit("cpu", "fp32", 8 << 30).verdict == "won't fit"
    assert biggest.fit("cuda", "fp16", 80 << 30).verdict == "fits"
