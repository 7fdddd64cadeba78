"""Embedding models in the sentence-transformers layout (modules.json, a `1_Pooling/config.json`,
maybe a Normalize module): recognised at import and download, described in the manifest, so that
document search can turn text into vectors with transformers alone (no sentence-transformers
package, which would bring scipy and scikit-learn into the app for one pooling step)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate

# Besides the model's own files, what a sentence-transformers folder needs.
SENTENCE_TRANSFORMERS_FILES = frozenset({"modules.json", "config_sentence_transformers.json",
                                         "sentence_bert_config.json"})
POOLING_CONFIG = re.compile(r"\d+_Pooling/config\.json")
POOLING_MODES = {"pooling_mode_cls_token": "cls", "pooling_mode_mean_tokens": "mean",
                 "pooling_mode_max_tokens": "max", "pooling_mode_lasttoken": "lasttoken"}


def is_sentence_transformers_file(relative: str) -> bool:
    """A file (path relative to the model folder, with /) an embedding model needs besides its weights."""
    return relative in SENTENCE_TRANSFORMERS_FILES or POOLING_CONFIG.fullmatch(relative) is not None


def sentence_transformers_files(folder: Path) -> list[Path]:
    """The sentence-transformers files of a model folder (none for a chat model)."""
    if not (folder / "modules.json").is_file():
        return []
    found = [folder / name for name in sorted(SENTENCE_TRANSFORMERS_FILES) if (folder / name).is_file()]
    found += sorted(p for p in folder.glob("*_Pooling/config.json") if POOLING_CONFIG.fullmatch(
        p.relative_to(folder).as_posix()))
    return found


def embedding_cannot_chat(name: str) -> BadInput:
    """The error for chatting with (or fine-tuning) an embedding model."""
    return BadInput(translate("Core", "'%1' is an embedding model: it turns text into vectors for document search "
                              "and cannot chat. Choose it for a collection on the Documents page, or with "
                              "`desktop-chat docs embed COLLECTION %1`."), name)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(translate("Core", "%1 cannot be read as JSON (%2)"), path, exc) from None


def embedding_manifest(folder: Path) -> dict[str, Any] | None:
    """How to turn text into one vector with the model in `folder`, for its manifest: pooling, whether
    it normalises, its dimension, its longest input, the prompts it puts before queries and
    documents. None when the folder is not a sentence-transformers model."""
    modules_path = folder / "modules.json"
    if not modules_path.is_file():
        return None
    modules = _json(modules_path)
    if not isinstance(modules, list):
        raise BadInput(translate("Core", "%1 is not a list of modules: it is not a sentence-transformers model"),
                       modules_path)
    types = [str(m.get("type", "")) for m in modules if isinstance(m, dict)]
    pooling_module = next((m for m in modules if isinstance(m, dict) and str(m.get("type", "")).endswith(".Pooling")),
                          None)
    pooling, dimension = "mean", None
    if pooling_module is not None:
        pooling_config = _json(folder / str(pooling_module.get("path", "")) / "config.json")
        dimension = pooling_config.get("word_embedding_dimension")
        chosen = [mode for key, mode in POOLING_MODES.items() if pooling_config.get(key)]
        others = [key for key, value in pooling_config.items() if key.startswith("pooling_mode_") and value
                  and key not in POOLING_MODES]
        if others or len(chosen) != 1:
            raise BadInput(translate("Core", "%1 pools its tokens in a way desktop-chat does not support (%2); "
                                     "supported: one of cls, mean, max and lasttoken"), folder,
                           ", ".join(others or chosen) or "none")
        pooling = chosen[0]
    unsupported = [t for t in types if not t.endswith((".Transformer", ".Pooling", ".Normalize"))]
    if unsupported:
        raise BadInput(translate("Core", "%1 uses sentence-transformers modules desktop-chat does not support (%2)"),
                       folder, ", ".join(unsupported))
    settings = _json(folder / "sentence_bert_config.json") if (folder / "sentence_bert_config.json").is_file() else {}
    st_config = (_json(folder / "config_sentence_transformers.json")
                 if (folder / "config_sentence_transformers.json").is_file() else {})
    prompts: dict[str, Any] = {}
    if isinstance(st_config, dict) and isinstance(st_config.get("prompts"), dict):
        prompts = st_config["prompts"]
    return {
        "pooling": pooling,
        "normalize": any(t.endswith(".Normalize") for t in types),
        "dimension": dimension,
        "max_length": settings.get("max_seq_length") if isinstance(settings, dict) else None,
        "query_prompt": str(prompts.get("query", "")),
        "document_prompt": str(prompts.get("document", prompts.get("passage", ""))),
    }
