"""A document's text, by kind of file: plain text and code as they are, Markdown as written, PDF page
by page (pypdf), Word .docx paragraph by paragraph (python-docx), HTML without its tags (the
standard library's parser). A file that cannot be read raises Unreadable with the reason."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from desktop_chat.core.errors import DesktopChatError, short_reason
from desktop_chat.core.i18n import translate

TEXT_SUFFIXES = frozenset({
    ".md", ".markdown", ".mdx", ".txt", ".text", ".rst", ".org", ".adoc", ".tex", ".log", ".csv", ".tsv",
    ".json", ".jsonl", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".xml",
    ".py", ".pyi", ".ipynb", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".scala", ".c", ".h", ".cc",
    ".cpp", ".hpp", ".cs", ".go", ".rs", ".rb", ".php", ".swift", ".m", ".lua", ".pl", ".r", ".jl", ".sh", ".bash",
    ".zsh", ".ps1", ".sql", ".css", ".scss", ".vue", ".svelte", ".dart", ".el", ".clj", ".hs", ".ml", ".ex", ".exs",
})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_TEXT_BYTES = 20 << 20  # a 20 MB text file is a log or a dump, not something to ask questions about
MAX_DOCUMENT_BYTES = 200 << 20


class Unreadable(DesktopChatError):
    """A file the indexer skips; the message says why, in a sentence the window shows."""


@dataclass(frozen=True)
class Section:
    """Text of one document, or of one page of it, and where it starts (1-based page and line)."""

    text: str
    page: int | None = None
    first_line: int = 1


def supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def check_size(path: Path) -> None:
    """Unreadable when the file cannot be opened, or is too large to be a document to ask about."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable(translate("Core", "it cannot be opened: %1"), short_reason(exc)) from None
    limit = MAX_TEXT_BYTES if path.suffix.lower() in TEXT_SUFFIXES else MAX_DOCUMENT_BYTES
    if size > limit:
        raise Unreadable(translate("Core", "it is larger than %1 MB"), limit >> 20)


def read_sections(path: Path) -> list[Section]:
    """The text of `path` in sections (one per PDF page, else one); Unreadable when there is none."""
    suffix = path.suffix.lower()
    check_size(path)
    try:
        if suffix == ".pdf":
            sections = _pdf(path)
        elif suffix == ".docx":
            sections = [Section(_docx(path))]
        elif suffix in HTML_SUFFIXES:
            sections = [Section(_html(decode_text(path.read_bytes())))]
        elif suffix in TEXT_SUFFIXES:
            sections = [Section(decode_text(path.read_bytes()))]
        else:
            raise Unreadable(translate("Core", "files of this kind (%1) are not read"), suffix or path.name)
    except (Unreadable, MemoryError):
        raise
    except OSError as exc:
        raise Unreadable(translate("Core", "it cannot be read: %1"), short_reason(exc)) from None
    except Exception as exc:  # noqa: BLE001 - the parsers raise many types for a damaged file
        raise Unreadable(translate("Core", "it looks damaged (%1)"), short_reason(exc)) from None
    if not any(s.text.strip() for s in sections):
        if suffix == ".pdf":
            raise Unreadable(translate("Core", "it holds no text: probably scanned pages (text recognition is not "
                                       "done here)"))
        raise Unreadable(translate("Core", "it holds no text"))
    return sections


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without a BOM), UTF-16 with a BOM; else GB18030 when that reads
    as Chinese (files from Chinese Windows), else Windows-1252 (Western European), else Latin-1;
    Unreadable for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise Unreadable(translate("Core", "it is binary, not text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        chinese = data.decode("gb18030")
    except UnicodeDecodeError:
        chinese = None
    if chinese is not None and _reads_as_chinese(chinese):
        return chinese
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _reads_as_chinese(text: str) -> bool:
    """Whether the non-ASCII characters of a GB18030 reading are (nearly all) common Chinese ones: a
    Western file read as GB18030 gives rare ideographs and private-use characters instead."""
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return True
    common = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return common >= 0.95 * len(wide)


def _pdf(path: Path) -> list[Section]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is reported as skipped, not logged

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:  # noqa: BLE001 - pypdf raises several types for a wrong password
            pass
    try:
        return [Section(page.extract_text() or "", page=number)
                for number, page in enumerate(reader.pages, start=1)]
    except FileNotDecryptedError:
        raise Unreadable(translate("Core", "it is protected by a password")) from None


def _docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


class _TextOfHtml(HTMLParser):
    """The visible text of an HTML page: no script or style, a line break after each block."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "section",
                        "article", "header", "footer", "blockquote", "table", "ul", "ol", "dt", "dd", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _html(source: str) -> str:
    parser = _TextOfHtml()
    parser.feed(source)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
