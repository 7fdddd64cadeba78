"""Named sampling presets. "Precise" is the default for new conversations and for `ask`."""

from __future__ import annotations

from desktop_chat.core.types import GenParams

BUILTIN_PRESETS: dict[str, GenParams] = {
    "Precise": GenParams(temperature=0.3, top_p=0.9, top_k=40, repetition_penalty=1.05),
    "Balanced": GenParams(temperature=0.7, top_p=0.9, top_k=40, repetition_penalty=1.1),
    "Creative": GenParams(temperature=1.0, top_p=0.95, top_k=0, repetition_penalty=1.05),
}
SAMPLING_FIELDS = ("temperature", "top_p", "top_k", "repetition_penalty")


def matching_preset(params: GenParams, presets: dict[str, GenParams]) -> str | None:
    """The name of the preset whose sampling settings `params` has, if any."""
    for name, preset in presets.items():
        if all(getattr(params, f) == getattr(preset, f) for f in SAMPLING_FIELDS):
            return name
    return None


def apply_preset(params: GenParams, preset: GenParams) -> GenParams:
    """`params` with the preset's sampling settings (max tokens and seed are kept)."""
    values = params.to_dict()
    values.update({f: getattr(preset, f) for f in SAMPLING_FIELDS})
    return GenParams.from_dict(values)
