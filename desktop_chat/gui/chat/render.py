"""Markdown → the HTML subset Qt's rich text understands, with syntax-highlighted code blocks.

Prose goes through python-markdown (tables, lists, line breaks; raw HTML from the model is shown
as text, never interpreted). Fenced code goes through pygments with inline styles, in a shaded box
with a "Copy" link (`copy-code:N`). An unclosed fence, as while a reply streams, is shown as code.

A message never makes the view read anything: an image is shown only when it is inline (`data:`);
any other image becomes a link naming its address (`![z](file:///dev/zero)` once hung the window on
every start). Links stay links; what a click may open is decided by the view (web links only).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound
from PySide6.QtCore import QCoreApplication

from desktop_chat.gui.palette import LIGHT, Palette

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


@dataclass
class Segment:
    kind: str  # "prose" | "code"
    text: str
    language: str = ""
    closed: bool = True


def split_fences(source: str) -> list[Segment]:
    """Prose and fenced code blocks, in order."""
    segments: list[Segment] = []
    prose: list[str] = []
    code: list[str] = []
    fence = ""
    language = ""
    for line in source.split("\n"):
        if not fence:
            match = _FENCE.match(line)
            if match:
                if prose:
                    segments.append(Segment("prose", "\n".join(prose)))
                    prose = []
                fence, language = match.group(1), match.group(2)
            else:
                prose.append(line)
        elif re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
            segments.append(Segment("code", "\n".join(code), language))
            code, fence = [], ""
        else:
            code.append(line)
    if fence:
        segments.append(Segment("code", "\n".join(code), language, closed=False))
    elif prose:
        segments.append(Segment("prose", "\n".join(prose)))
    return segments


# Unfenced code: small models often write code without a ``` fence; Markdown would then join its lines,
# drop its indentation and turn `# comment` into a heading. A run of lines that looks like code (some
# indented, some starting the way code starts) is shown as a code block instead.
_CODE_START = re.compile(
    r"^\s*(def |async def |class |import |from \S+ import |return\b|yield\b|raise\b|print\(|for .*:$|while .*:$|"
    r"if .*:$|elif .*:$|else:$|try:$|except\b.*:$|finally:$|with .*:$|function\b|const |let |var |public |"
    r"private |#include|int main|fn |SELECT |INSERT |UPDATE |CREATE TABLE|package |func |echo |\$ )")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
_CLOSER = re.compile(r"^\s*[}\])]+[;,]?\s*$")
_COMMENT = re.compile(r"^\s*(#|//)")
_LANGUAGES = (("python", re.compile(r"^\s*(def |class |import |from \S+ import |print\()", re.M)),
              ("javascript", re.compile(r"^\s*(function\b|const |let |var )", re.M)),
              ("c", re.compile(r"^\s*(#include|int main)", re.M)),
              ("sql", re.compile(r"^\s*(SELECT|INSERT|UPDATE|CREATE TABLE)\b", re.M)),
              ("bash", re.compile(r"^\s*(echo |\$ )", re.M)))


def _indented(line: str) -> bool:
    return (line.startswith(("  ", "\t")) and bool(line.strip())) and not _LIST_ITEM.match(line)


def _code_like(line: str) -> bool:
    return _indented(line) or bool(_CODE_START.match(line) or _CLOSER.match(line) or _COMMENT.match(line))


def _unfenced_code(prose: str) -> list[Segment]:
    """`prose` as prose and code segments: runs of code-like lines, with at least one indented line and
    one line that starts the way code starts, become code; other indented lines keep their indent."""
    lines = prose.split("\n")
    segments: list[Segment] = []
    kept: list[str] = []
    i = 0
    while i < len(lines):
        end = i
        while end < len(lines) and (_code_like(lines[end]) or (not lines[end].strip() and end + 1 < len(lines)
                                                                and _indented(lines[end + 1]))):
            end += 1
        block = lines[i:end]
        if (len([b for b in block if b.strip()]) >= 2 and any(map(_indented, block))
                and any(_CODE_START.match(b) or _CLOSER.match(b) for b in block)):
            if kept:
                segments.append(Segment("prose", "\n".join(kept)))
                kept = []
            code = "\n".join(block)
            language = next((name for name, pattern in _LANGUAGES if pattern.search(code)), "")
            segments.append(Segment("code", code, language))
            i = end
            continue
        line = lines[i]
        if _indented(line):  # leading indentation shows (HTML would collapse it)
            stripped = line.lstrip(" \t")
            line = "\u00a0" * (len(line) - len(stripped)) + stripped
        kept.append(line)
        i += 1
    if kept:
        segments.append(Segment("prose", "\n".join(kept)))
    return segments


def segments(source: str) -> list[Segment]:
    """What a message is made of: prose, fenced code, and code that was written without a fence."""
    found: list[Segment] = []
    for segment in split_fences(source):
        found += _unfenced_code(segment.text) if segment.kind == "prose" else [segment]
    return found


def code_blocks(source: str) -> list[str]:
    """The raw text of each code block, fenced or not (what the Copy links copy)."""
    return [s.text for s in segments(source) if s.kind == "code"]


INLINE_IMAGE_PREFIX = "data:image/"
MAX_INLINE_IMAGE_CHARS = 8 << 20  # a data: URL longer than this is not decoded on the GUI thread


def is_inline_image(src: str) -> bool:
    return src.startswith(INLINE_IMAGE_PREFIX) and len(src) <= MAX_INLINE_IMAGE_CHARS


class _ImagesAsLinks(Treeprocessor):
    """<img> elements whose picture is not inline become links showing their address."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img" or is_inline_image(child.get("src", "")):
                    continue
                src = child.get("src", "")
                link = Element("a", {"href": src})
                alt = child.get("alt") or "image"
                link.text = f"[image not shown: {alt} — {src}]"
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


@lru_cache(maxsize=4)
def _markdown() -> markdown.Markdown:
    # Extension instances, not names: names make python-markdown scan package entry points (~50 ms).
    from markdown.extensions.nl2br import Nl2BrExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    md = markdown.Markdown(extensions=[TableExtension(), SaneListExtension(), Nl2BrExtension()],
                           output_format="html")
    # Raw HTML in a reply is shown as text, never interpreted.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_ImagesAsLinks(md), "images_as_links", 0)
    return md


def _prose_html(text: str, colors: Palette) -> str:
    md = _markdown()
    md.reset()
    body = md.convert(text)
    body = body.replace("<table>", f'<table border="1" cellspacing="0" cellpadding="4" '
                                   f'style="border-color:{colors.border}; margin: 6px 0;">')
    body = body.replace("<code>", f'<code style="background-color:{colors.code_background};">')
    return body


@lru_cache(maxsize=256)
def _highlighted(code: str, language: str, style: str) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    formatter = HtmlFormatter(noclasses=True, nowrap=True, style=style)
    return highlight(code, lexer, formatter).rstrip("\n")


def _code_html(segment: Segment, index: int, colors: Palette) -> str:
    label = html.escape(segment.language or QCoreApplication.translate("Render", "code"))
    copy = html.escape(QCoreApplication.translate("Render", "Copy"))
    code = _highlighted(segment.text, segment.language.lower(), colors.pygments_style)
    return (
        f'<table width="100%" cellspacing="0" cellpadding="8" style="margin: 6px 0; border-color:{colors.border};" '
        f'border="1" bgcolor="{colors.code_background}"><tr><td>'
        f'<p style="margin:0; color:{colors.muted}; font-size:small;">{label} &nbsp; '
        f'<a href="copy-code:{index}" style="color:{colors.link};">{copy}</a></p>'
        f'<pre style="margin:4px 0 0 0; white-space:pre-wrap;">{code}</pre>'
        "</td></tr></table>"
    )


def to_html(source: str, colors: Palette = LIGHT) -> str:
    """The HTML body for one message."""
    parts = []
    index = 0
    for segment in segments(source):
        if segment.kind == "code":
            parts.append(_code_html(segment, index, colors))
            index += 1
        elif segment.text.strip():
            parts.append(_prose_html(segment.text, colors))
    return "\n".join(parts)
