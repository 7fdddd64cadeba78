"""Quiet, offline-friendly defaults for the Hugging Face libraries (imported lazily: they are heavy)."""

from __future__ import annotations

import os
import warnings

_done = False


def quiet_transformers() -> None:
    """Silence transformers' progress bars and advisory warnings; our own UI reports progress."""
    global _done
    if _done:
        return
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    warnings.filterwarnings("ignore", module=r"transformers\..*")
    warnings.filterwarnings("ignore", message=r".*Failed to initialize NumPy.*")
    # transformers 5.2x renames generate()'s and forward()'s `past_key_values` to `cache`; the old
    # name works across the versions pyproject.toml allows, and the notice is attributed to callers.
    warnings.filterwarnings("ignore", message=r".*`past_key_values` is deprecated.*", category=FutureWarning)
    _done = True
