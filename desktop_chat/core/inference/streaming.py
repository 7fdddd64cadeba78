"""A reply's tokens turned into text deltas, incrementally, with stop strings (no torch).

Shared by both runtimes: generate.py wraps it as a transformers streamer, gguf_runtime.py feeds it
llama.cpp's tokens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop_chat.core.types import GenResult, GenStats

if TYPE_CHECKING:
    from desktop_chat.core.inference.prompt import FittedPrompt

DeltaCallback = Callable[[str], None]


def held_back(text: str, stops: Sequence[str]) -> int:
    """How many trailing characters could be the start of a stop string (held back until known)."""
    longest = 0
    for stop in stops:
        for n in range(min(len(stop) - 1, len(text)), 0, -1):
            if text.endswith(stop[:n]):
                longest = max(longest, n)
                break
    return longest


class TextDeltas:
    """Turns a reply's tokens, as they come, into text deltas for `on_delta`.

    Decoding is incremental, so each token costs the same however long the reply is: a short
    window of recent tokens is decoded with and without the new ones, and the difference is the
    new text (decoding in context keeps merged spaces right). An incomplete multi-byte character
    is held back until its last byte arrives; stop strings are looked for only where new text
    could complete one.
    """

    def __init__(self, tokenizer: Any, on_delta: DeltaCallback | None, cancel: threading.Event,
                 stop_strings: Sequence[str] = ()):
        self.tokenizer = tokenizer
        self.on_delta = on_delta
        self.cancel = cancel
        self.stop_strings = [s for s in stop_strings if s]
        self._longest_stop = max((len(s) for s in self.stop_strings), default=0)
        self.tokens: list[int] = []
        self.text = ""  # what has been emitted
        self._decoded = ""  # every complete character decoded so far (may run ahead of `text`)
        self._window_start = 0  # tokens[_window_start:_read_to] decode to the window's known text
        self._read_to = 0
        self.stopped_by_string = False
        self.first_token_at: float | None = None
        self.last_token_at: float | None = None

    def add(self, tokens: Sequence[int]) -> None:
        """The reply's next token(s): emit what text they complete (nothing after a cancel or a stop)."""
        now = time.perf_counter()
        if self.first_token_at is None:
            self.first_token_at = now
        self.last_token_at = now
        self.tokens.extend(tokens)
        if not self.cancel.is_set() and not self.stopped_by_string:
            self._emit(final=False)

    def finish(self) -> None:
        """The reply is over: emit what was held back (unless it was cancelled or stopped)."""
        # After a cancel nothing more is shown: the token in flight when the user pressed stop may
        # still arrive, and is not shown.
        if not self.cancel.is_set() and not self.stopped_by_string:
            self._emit(final=True)

    def _new_text(self, final: bool) -> str:
        """Text the tokens since `_read_to` add, or "" while they end inside a character."""
        decode = self.tokenizer.decode
        known = decode(self.tokens[self._window_start:self._read_to], skip_special_tokens=True)
        whole = decode(self.tokens[self._window_start:], skip_special_tokens=True)
        if (whole.endswith("\ufffd") and not final) or len(whole) <= len(known) or not whole.startswith(known):
            return ""
        self._window_start, self._read_to = self._read_to, len(self.tokens)
        return whole[len(known):]

    def _emit(self, final: bool) -> None:
        before = len(self._decoded)
        self._decoded += self._new_text(final)
        if self.stop_strings and len(self._decoded) > before:
            search_from = max(0, before - self._longest_stop + 1)
            found = [at for at in (self._decoded.find(stop, search_from) for stop in self.stop_strings) if at != -1]
            if found:
                self._decoded = self._decoded[:min(found)]
                self.stopped_by_string = True
                self.cancel.set()  # ends the reply at the next step
        text = self._decoded
        if not final and not self.stopped_by_string:
            text = text[: len(text) - held_back(text, self.stop_strings)]
        if len(text) > len(self.text):
            delta, self.text = text[len(self.text):], text
            if self.on_delta is not None:
                self.on_delta(delta)


def finished_reply(loaded: Any, fitted: FittedPrompt, deltas: TextDeltas, generated: list[int], *, cached: int,
                   started: float, seed: int | None, compiled: bool = False) -> GenResult:
    """The reply and its stats once generation is over (`loaded`: either runtime's loaded model)."""
    finished = time.perf_counter()
    if deltas.stopped_by_string:
        finish = "stop"
    elif deltas.cancel.is_set():
        finish = "cancelled"
    elif generated and generated[-1] in loaded.stop_token_ids:
        finish = "stop"
    elif len(generated) >= fitted.max_new_tokens:
        finish = "length"
    else:
        finish = "stop"
    first = deltas.first_token_at or finished
    last = deltas.last_token_at or finished
    decode_tokens = max(len(deltas.tokens) - 1, 0)
    stats = GenStats(
        model=loaded.name,
        device=loaded.device_label,
        dtype=loaded.dtype_label,
        prompt_tokens=len(fitted.ids),
        cached_tokens=cached,
        completion_tokens=len(generated),
        ttft_s=first - started,
        decode_tok_s=decode_tokens / (last - first) if last > first else 0.0,
        total_s=finished - started,
        dropped_messages=len(fitted.dropped),
        dropped_indices=fitted.dropped,
        context_used=len(fitted.ids) + len(generated),
        context_limit=loaded.context_length,
        finish_reason=finish,
        seed=seed,
        compiled=compiled,
    )
    return GenResult(text=deltas.text, stats=stats, token_ids=generated)
