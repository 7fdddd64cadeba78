"""JSON Lines, read one way everywhere (chat imports, fine-tuning data, a run's events).

Lines are split on "\\n" only: `str.splitlines()` also breaks at U+2028, U+0085 and others, which a
JSON string may hold, so a message containing one would not read back. Reading is streamed in
bounded memory: a line longer than the record limit is reported and skipped, never held whole.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from desktop_chat.core.i18n import fill, translate

MAX_RECORD_BYTES = 1 << 20  # one conversation or example; a longer line is an error, not a hang
CHUNK_BYTES = 64 << 10


@dataclass
class JsonlLine:
    """One non-blank line: its 1-based number, and its value or what is wrong with it."""

    number: int
    value: Any = None
    error: str | None = None


def iter_jsonl(source: bytes | str | IO[bytes], max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[JsonlLine]:
    """Each non-blank line of a JSONL file (bytes, text or a binary file object), parsed.

    A line that is not UTF-8, not JSON, or longer than `max_record_bytes` comes back with `error`
    set (what is wrong, to be prefixed with `file:line`), and reading goes on with the next line.
    """
    if isinstance(source, str):
        source = source.encode("utf-8", "surrogatepass")
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    for number, raw, length in _lines(stream, max_record_bytes):
        if raw is None:
            yield JsonlLine(number, error=fill(translate("Core", "the line is %1 long, over the %2 limit for one "
                                                         "record; split it into smaller records"), _size(length),
                                               _size(max_record_bytes)))
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 byte order mark
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonlLine(number, error=fill(translate("Core", "not valid UTF-8 text (byte %1 of the line); save the "
                                                         "file as UTF-8"), exc.start + 1))
            continue
        try:
            yield JsonlLine(number, json.loads(text))
        except json.JSONDecodeError as exc:
            yield JsonlLine(number, error=fill(translate("Core", "invalid JSON (%1 at column %2)"), exc.msg, exc.colno))


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when over `limit`, length) for every line, in bounded memory."""
    number = 1
    parts: list[bytes] = []
    length = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            break
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            piece = chunk[start:end]
            length += len(piece)
            yield number, (b"".join(parts) + piece if length <= limit else None), length
            number, parts, length, start = number + 1, [], 0, end + 1
        rest = chunk[start:]
        length += len(rest)
        if length <= limit:
            parts.append(rest)
        else:
            parts = []  # keep counting, stop keeping
    if length or parts:
        yield number, (b"".join(parts) if length <= limit else None), length


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB".replace(".0 MB", " MB")
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KB"
    return f"{n} B"
