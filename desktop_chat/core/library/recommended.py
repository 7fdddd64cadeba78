"""The curated list of open chat models the Models page opens with (desktop_chat/resources/models.json):
what each is, its licence and languages, and whether it fits this computer, before anything is downloaded.

The memory need comes from the same estimator as for installed models, fed with the parameter count
and the shape recorded in the list (layers, heads, widths: read from each repo's config.json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from desktop_chat.core.library.hub import name_for
from desktop_chat.core.library.memory import MemoryEstimate, estimate_for_shape

# The fit is judged for a conversation this long (a model's full context would say almost nothing fits).
FIT_CONTEXT_TOKENS = 8192


@dataclass(frozen=True)
class RecommendedModel:
    repo_id: str
    params: int
    download_bytes: int
    license: str
    languages: tuple[str, ...]
    gated: bool
    summary: str
    shape: dict[str, int] = field(hash=False, compare=False)
    summaries: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # language → summary

    def summary_in(self, language: str) -> str:
        """The summary in `language` ("zh_CN"), or in English when the list has none in it."""
        return self.summaries.get(language, self.summary)

    @property
    def name(self) -> str:
        """The name it gets in the library."""
        return name_for(self.repo_id)

    @property
    def context_length(self) -> int:
        return self.shape.get("context", 0)

    def fit(self, device: str, dtype: str, available_bytes: int | None) -> MemoryEstimate:
        """Its memory need on `device` in `dtype` for an 8,192-token conversation, against what is free."""
        context = min(self.context_length or FIT_CONTEXT_TOKENS, FIT_CONTEXT_TOKENS)
        return estimate_for_shape(self.params, self.shape, device, dtype, context, available_bytes)


@lru_cache(maxsize=1)
def recommended_models() -> tuple[RecommendedModel, ...]:
    """The list, smallest first."""
    text = resources.files("desktop_chat.resources").joinpath("models.json").read_text(encoding="utf-8")
    entries = json.loads(text)["models"]
    models = [RecommendedModel(repo_id=e["repo_id"], params=int(e["params"]), download_bytes=int(e["download_bytes"]),
                               license=e["license"], languages=tuple(e["languages"]), gated=bool(e["gated"]),
                               summary=e["summary"], shape={k: int(v) for k, v in e["shape"].items()},
                               summaries={key.removeprefix("summary_"): value for key, value in e.items()
                                          if key.startswith("summary_")})
              for e in entries]
    return tuple(sorted(models, key=lambda m: m.params))
