"""Checks for text that comes from outside (arguments, stdin, files, HTTP bodies) before it reaches
SQLite or a tokenizer, both of which fail on text that is not valid Unicode with unhelpful errors."""

from __future__ import annotations

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate


def check_text(text: str, what: str) -> str:
    """`text` unchanged when it is valid Unicode; BadInput naming `what` and the bad character if not.

    Python lets two kinds of invalid text through: bytes that were not UTF-8, kept as U+DC80…U+DCFF
    by the `surrogateescape` decoding of arguments, and unpaired surrogates such as JSON's "\\ud800".
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        where = f"character {exc.start + 1}"
        if 0xDC80 <= code <= 0xDCFF:
            raise BadInput(translate("Core", "%1 is not valid UTF-8 text (byte %2 at %3); pass UTF-8 text"), what,
                           f"0x{code - 0xDC00:02x}", where) from None
        raise BadInput(translate("Core", "%1 is not valid text: it holds an unpaired surrogate (%2) at %3; send each "
                                 "character whole (a surrogate pair, or the character itself)"), what,
                       f"\\u{code:04x}", where) from None
    return text


def decode_utf8(data: bytes, what: str) -> str:
    """Bytes read from stdin or a file as UTF-8 text; BadInput naming `what` and the bad byte if not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(translate("Core", "%1 is not valid UTF-8 text (byte %2 on line %3); pass UTF-8 text"), what,
                       f"0x{data[exc.start]:02x}", line) from None
