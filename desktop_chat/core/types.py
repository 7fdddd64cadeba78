"""Plain data shared by every layer: messages, generation parameters, stats, model info."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate
from desktop_chat.core.text import check_text

Role = Literal["system", "user", "assistant"]
ROLES: tuple[str, ...] = ("system", "user", "assistant")
ContextPolicy = Literal["drop_oldest", "error"]


@dataclass
class Message:
    """One chat message, in the OpenAI `messages` shape."""

    role: str
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        role, content = data.get("role"), data.get("content")
        if role not in ROLES:
            raise BadInput(translate("Core", "message role must be one of %1, got %2"), ", ".join(ROLES), repr(role))
        if not isinstance(content, str):
            raise BadInput(translate("Core", "message content must be text, got %1"), type(content).__name__)
        return cls(role=role, content=check_text(content, "the message"))


@dataclass
class GenParams:
    """Sampling settings for one reply. temperature 0 means greedy decoding."""

    # Cool defaults: small local models answer facts far more reliably at 0.3 than at the usual 0.7.
    temperature: float = 0.3
    top_p: float = 0.9
    top_k: int = 40
    repetition_penalty: float = 1.05
    max_new_tokens: int = 512
    seed: int | None = None
    min_new_tokens: int = 0
    stop: list[str] = field(default_factory=list)

    @property
    def greedy(self) -> bool:
        return self.temperature == 0

    def validate(self) -> GenParams:
        """Raise BadInput naming the first parameter out of range; return self when all are fine."""

        def bad(name: str, value: object, allowed: str) -> BadInput:
            return BadInput(f"{name} must be {allowed}, got {value!r}")

        def finite(value: object) -> bool:
            return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

        if not finite(self.temperature) or not 0 <= self.temperature <= 5:
            raise bad("temperature", self.temperature, "between 0 and 5 (0 = greedy)")
        if not finite(self.top_p) or not 0 < self.top_p <= 1:
            raise bad("top_p", self.top_p, "greater than 0 and at most 1")
        if not isinstance(self.top_k, int) or isinstance(self.top_k, bool) or self.top_k < 0:
            raise bad("top_k", self.top_k, "a whole number ≥ 0 (0 = off)")
        if not finite(self.repetition_penalty) or not 0 < self.repetition_penalty <= 10:
            raise bad("repetition_penalty", self.repetition_penalty, "greater than 0 and at most 10 (1 = off)")
        if not isinstance(self.max_new_tokens, int) or isinstance(self.max_new_tokens, bool) \
                or not 1 <= self.max_new_tokens <= 1_000_000:
            raise bad("max_new_tokens", self.max_new_tokens, "a whole number ≥ 1")
        if not isinstance(self.min_new_tokens, int) or not 0 <= self.min_new_tokens <= self.max_new_tokens:
            raise bad("min_new_tokens", self.min_new_tokens, "between 0 and max_new_tokens")
        if self.seed is not None and (not isinstance(self.seed, int) or isinstance(self.seed, bool)
                                      or not 0 <= self.seed < 2**63):
            raise bad("seed", self.seed, "a whole number ≥ 0")
        if not all(isinstance(s, str) and s for s in self.stop):
            raise bad("stop", self.stop, "a list of non-empty strings")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenParams:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class ChatRequest:
    """A conversation to continue: the engine answers the last user message."""

    messages: list[Message]
    params: GenParams = field(default_factory=GenParams)
    system: str | None = None
    context_policy: ContextPolicy = "drop_oldest"
    reuse_cache: bool = True
    # The last message is a partial assistant reply to carry on from (after a stop or a crash).
    continue_last: bool = False
    # max_new_tokens is an upper bound: shorten it to the room the prompt leaves (API default).
    shrink_reply_to_fit: bool = False
    # Document collections to answer from (core/docs): the passages found go into the prompt.
    collections: list[str] = field(default_factory=list)


@dataclass
class GenStats:
    """What happened while producing one reply; shown in status lines and `bench`."""

    model: str = ""
    device: str = ""
    dtype: str = ""
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    ttft_s: float = 0.0
    decode_tok_s: float = 0.0
    total_s: float = 0.0
    dropped_messages: int = 0
    dropped_indices: list[int] = field(default_factory=list)
    context_used: int = 0
    context_limit: int = 0
    finish_reason: str = ""
    seed: int | None = None
    compiled: bool = False  # decoded by the compiled step (core/inference/compiled.py)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One human line: model, device, speed, context use, and any dropped messages."""
        parts = [
            f"{self.model} · {self.device} {self.dtype}",
            f"{self.prompt_tokens} prompt tokens ({self.cached_tokens} cached)",
            f"first token {self.ttft_s * 1000:.0f} ms",
            f"{self.completion_tokens} tokens at {self.decode_tok_s:.1f} tok/s",
            f"context {self.context_used:,} / {self.context_limit:,}",
        ]
        if self.dropped_messages:
            parts.append("the oldest message left out to fit the context" if self.dropped_messages == 1 else
                         f"the {self.dropped_messages} oldest messages left out to fit the context")
        if self.compiled:
            parts.append("compiled decoding")
        if self.finish_reason and self.finish_reason != "stop":
            parts.append(f"finished: {self.finish_reason}")
        return " · ".join(parts)


@dataclass
class GenResult:
    text: str
    stats: GenStats
    token_ids: list[int] = field(default_factory=list)
    retrieval: Any = None  # a docs.answer.Retrieval when the request named collections


@dataclass
class ModelInfo:
    """An installed model, as described by its manifest.json."""

    name: str
    path: str
    source: str = ""
    revision: str | None = None
    created: str = ""
    params: int | None = None
    dtype: str | None = None
    size_bytes: int = 0
    license: str | None = None
    base: str | None = None
    architecture: str | None = None
    context_length: int | None = None
    kind: str = "local"  # "local" (weights here) | "remote" (an OpenAI-compatible endpoint) | "adapter" | "embedding"
    base_url: str | None = None  # remote models
    model_id: str | None = None  # remote models: the id the endpoint knows the model by
    trust_remote_code: bool = False  # the user allowed this model's own Python code
    converted_from: str | None = None  # e.g. "GGUF Q4_1": the weights were dequantised at import
    gguf_bytes: int | None = None  # the GGUF file it came from: size and hash, to spot a second import
    gguf_sha256: str | None = None
    # "transformers" (a Hugging Face folder) | "llama.cpp" (kept as GGUF: gguf_runtime.py)
    runtime: str = "transformers"
    quantization: str | None = None  # a GGUF's quantisation, e.g. "Q4_1" (kept or converted)
    gguf_file: str | None = None  # the .gguf file in the folder of a model kept as GGUF
    shape: dict[str, int] | None = None  # layers, heads… of a GGUF model (no config.json): memory estimates
    # kind "embedding" (a sentence-transformers model, for document search): pooling, normalize, dimension…
    embedding: dict[str, Any] | None = None

    @property
    def is_embedding(self) -> bool:
        """Turns text into vectors for document search; it cannot chat."""
        return self.kind == "embedding"

    @property
    def is_gguf(self) -> bool:
        """Kept as GGUF: it runs with llama.cpp, and must be converted to be fine-tuned."""
        return self.runtime == "llama.cpp"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
