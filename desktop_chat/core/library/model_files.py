"""The files of a Hugging Face model folder, checked before desktop-chat copies, links or registers them:
a readable config object, weights that are real safetensors, and no link that leads out of the folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate
from desktop_chat.core.library.embedding_format import sentence_transformers_files

# What a model needs besides its weights (downloads and imports take these and nothing else).
MODEL_FILES = {
    "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "tokenizer.model",
    "special_tokens_map.json", "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja",
    "chat_template.json", "model.safetensors.index.json",
}


def read_config(folder: Path) -> dict[str, Any]:
    """folder/config.json as a dict; BadInput saying what is wrong with it, and where, otherwise."""
    path = folder / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadInput(translate("Core", "%1 cannot be read (%2)"), path, exc.strerror or exc) from None
    except UnicodeDecodeError:
        raise BadInput(translate("Core", "%1 is not UTF-8 text, so it is not a model config"), path) from None
    except json.JSONDecodeError as exc:
        raise BadInput(translate("Core", "%1 is not valid JSON (%2 at line %3, column %4)"), path, exc.msg,
                       exc.lineno, exc.colno) from None
    if not isinstance(data, dict):
        raise BadInput(translate("Core", "%1 holds a JSON %2, not an object: it is not a model config"), path,
                       type(data).__name__)
    return data


def check_safetensors(path: Path) -> None:
    """BadInput unless `path` is a complete safetensors file (its header read and checked against its size)."""
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="pt") as f:
            for key in f.keys():
                f.get_slice(key).get_shape()
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types, and OSError
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(translate("Core", "%1 is not a valid safetensors file (%2); it is damaged or incomplete: copy "
                                 "or download it again"), path, reason) from None


def model_files(folder: Path, allow_pickle: bool, label: str, root: Path | None = None) -> list[Path]:
    """The files of a Hugging Face folder desktop-chat needs; BadInput if it cannot be a usable model.

    Every file must stay inside `root` (default: the folder) once links are followed: a link to
    /etc/shadow in a downloaded folder must not become a copy in the library.
    """
    if not (folder / "config.json").is_file():
        raise BadInput(translate("Core", "%1 has no config.json: it is not a Hugging Face model folder"), label)
    if read_config(folder).get("auto_map"):
        raise BadInput(translate("Core", "%1 needs its own Python code to run (trust_remote_code); desktop-chat does "
                                 "not run such code"), label)
    weights = sorted(folder.glob("*.safetensors"))
    if not weights:
        pickles = sorted(folder.glob("pytorch_model*.bin"))
        if pickles and not allow_pickle:
            raise BadInput(translate("Core", "%1 has only pickle .bin weights, which can run code when loaded; "
                                     "desktop-chat imports safetensors only (pass --allow-pickle if you trust them)"),
                           label)
        if not pickles:
            raise BadInput(translate("Core", "%1 has no *.safetensors weights"), label)
        weights = pickles + sorted(folder.glob("pytorch_model*.bin.index.json"))
    files = ([folder / n for n in sorted(MODEL_FILES) if (folder / n).is_file()] + weights
             + sentence_transformers_files(folder))
    inside = (root or folder).resolve()
    for path in files:
        target = path.resolve()
        if not target.is_relative_to(inside):
            raise BadInput(translate("Core", "%1 is a link to %2, outside the folder being imported; desktop-chat does "
                                     "not follow links out of a model folder (copy the file itself into the folder)"),
                           path, target)
        if not target.is_file():
            raise BadInput(translate("Core", "%1 is not a regular file"), path)
    for path in weights:
        if path.suffix == ".safetensors":
            check_safetensors(path)
    return files


def copy_mode_no_wider(source: Path, copy: Path) -> None:
    """Give `copy` the permissions of `source` (plus the owner's read and write), so a private file
    (e.g. 640) never becomes world-readable by being imported."""
    mode = stat.S_IMODE(os.stat(source).st_mode)
    os.chmod(copy, mode | stat.S_IRUSR | stat.S_IWUSR)
