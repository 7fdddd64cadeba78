"""Search by meaning: an embedding model of the library (sentence-transformers layout, run with
transformers) turns passages and questions into vectors; the passages nearest a question in cosine
similarity are found even when they share none of its words ("automobile" finds "car").

Nearest neighbours always exist, so a passage counts only when it stands out: its similarity to the
question must exceed what the same model gives for unrelated sentences (REFERENCE_SENTENCES) by
STANDOUT standard deviations. That keeps "no passage found" honest with any model, whatever the
usual scale of its similarities (0.1 for one, 0.75 for another).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate

BATCH = 16
DEFAULT_MAX_LENGTH = 256
STANDOUT = 3.0
# Model input, not text shown to anyone: a spread of unrelated everyday sentences, in both languages.
REFERENCE_SENTENCES = (
    "The train leaves the station at seven in the morning.",
    "She planted tomatoes and basil in the garden last spring.",
    "The museum is closed on Mondays for cleaning.",
    "He forgot his umbrella at the cafe again.",
    "Our team won the football match by two goals.",
    "The recipe needs three eggs and a cup of flour.",
    "Mountains were covered with snow until late April.",
    "The invoice must be paid within thirty days.",
    "A cat was sleeping on the warm windowsill.",
    "The concert was moved to the larger hall.",
    "Please turn off the lights when you leave the room.",
    "The river flooded the fields after the storm.",
    "Children learn to read at different ages.",
    "The bakery on the corner sells fresh bread every day.",
    "The meeting was postponed until next week.",
    "Old photographs were found in the attic.",
    "他每天早上骑自行车去上班。",
    "这家餐厅的面条非常好吃。",
    "明天可能会下雨，记得带伞。",
    "图书馆周末开放到晚上九点。",
    "我们在海边度过了一个愉快的假期。",
    "小狗在公园里追着球跑。",
    "这本小说讲的是一个家庭的故事。",
    "冬天的时候湖面会结冰。",
)


@dataclass
class Embedder:
    """One embedding model loaded for CPU (or a GPU): texts in, unit-length float32 vectors out."""

    name: str
    model: Any
    tokenizer: Any
    pooling: str
    max_length: int
    query_prompt: str
    document_prompt: str
    version: str = ""  # model_version() of the install it was loaded from
    _reference: np.ndarray | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def embed(self, texts: list[str], purpose: str = "document") -> np.ndarray:
        """Vectors of `texts` (rows of unit length), `purpose` "query" or "document" (the model's prompts).
        One caller at a time: a fast tokenizer fails when two threads pad with it at once."""
        with self._lock:
            return self._embed(texts, purpose)

    def _embed(self, texts: list[str], purpose: str) -> np.ndarray:
        import torch

        prompt = self.query_prompt if purpose == "query" else self.document_prompt
        rows: list[np.ndarray] = []
        device = next(self.model.parameters()).device
        for start in range(0, len(texts), BATCH):
            batch = [prompt + text for text in texts[start:start + BATCH]]
            encoded = self.tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                     return_tensors="pt")
            inputs = {"input_ids": encoded["input_ids"].to(device),
                      "attention_mask": encoded["attention_mask"].to(device)}
            with torch.inference_mode():
                hidden = self.model(**inputs).last_hidden_state.float()
            rows.append(_pool(hidden, inputs["attention_mask"], self.pooling,
                              self.tokenizer.padding_side).cpu().numpy())
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.concatenate(rows).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)  # cosine similarity is then a dot product

    def reference(self) -> np.ndarray:
        """The vectors of REFERENCE_SENTENCES (as documents), made once."""
        if self._reference is None:
            self._reference = self.embed(list(REFERENCE_SENTENCES), "document")
        return self._reference

    def standout_threshold(self, query: np.ndarray) -> float:
        """The similarity a passage must exceed to count for `query`: unrelated sentences' mean plus
        STANDOUT of their standard deviations."""
        similarities = self.reference() @ query
        return float(similarities.mean() + STANDOUT * max(float(similarities.std()), 1e-3))


def _pool(hidden: Any, mask: Any, pooling: str, padding_side: str) -> Any:
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    if pooling == "cls":
        return hidden[:, 0]
    if pooling == "max":
        return hidden.masked_fill(weights == 0, torch.finfo(hidden.dtype).min).max(dim=1).values
    if pooling == "lasttoken":
        if padding_side == "left":
            return hidden[:, -1]
        last = mask.sum(dim=1) - 1
        return hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1)


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), -1)


def load_embedder(info: Any, device: str = "cpu") -> Embedder:
    """Load the library model `info` (kind "embedding") for making vectors."""
    from transformers import AutoModel, AutoTokenizer

    from desktop_chat.core.hfutil import quiet_transformers

    if not info.is_embedding or not info.embedding:
        raise BadInput(translate("Core", "'%1' is not an embedding model (a sentence-transformers model with a "
                                 "modules.json); only such models can search documents by meaning"), info.name)
    settings = info.embedding
    quiet_transformers()
    trust = bool(info.trust_remote_code)  # allowed by the user at download, as for chat models
    tokenizer = AutoTokenizer.from_pretrained(info.path, trust_remote_code=trust)
    model = AutoModel.from_pretrained(info.path, dtype="float32", trust_remote_code=trust).to(device).eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    limits = [n for n in (settings.get("max_length"), getattr(model.config, "max_position_embeddings", None),
                          tokenizer.model_max_length if tokenizer.model_max_length < 1_000_000 else None) if n]
    return Embedder(info.name, model, tokenizer, str(settings.get("pooling", "mean")),
                    int(min(limits)) if limits else DEFAULT_MAX_LENGTH, str(settings.get("query_prompt", "")),
                    str(settings.get("document_prompt", "")), model_version(info))


def model_version(info: Any) -> str:
    """Which install of a library model this is: a model deleted and another imported under its name
    (maybe of another size) must not be searched with the first one's vectors."""
    import os

    try:  # written at every import: two imports within one second differ here
        written = os.stat(os.path.join(info.path, "manifest.json")).st_mtime_ns
    except OSError:
        written = 0
    return f"{info.created}|{info.size_bytes}|{written}"


KEPT_EMBEDDERS = 2  # collections with different models, asked together, do not reload them every question
_cache_lock = threading.Lock()
_cached: OrderedDict[str, Embedder] = OrderedDict()


def cached_embedder(name: str, library: Any = None) -> Embedder:
    """The embedding model `name` of the library, loaded once per process (the last two used are kept)."""
    from desktop_chat.core.library.catalog import Library

    library = library or Library()
    info = library.get(name)
    key = f"{info.path}:{model_version(info)}"
    with _cache_lock:
        if key not in _cached:
            _cached[key] = load_embedder(info)
            while len(_cached) > KEPT_EMBEDDERS:
                _cached.popitem(last=False)
        _cached.move_to_end(key)
        return _cached[key]
