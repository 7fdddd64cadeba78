"""Documents cut into passages that keep their page and lines, and the words each is found by.

FTS5's unicode61 tokenizer splits text at spaces and punctuation, so a run of Chinese characters
would be one long "word": Chinese is segmented with jieba first (search mode, which also yields the
short words inside longer ones), so that one- and two-character words are found.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from desktop_chat.core.docs.parsers import Section
from desktop_chat.core.docs.store import NewPassage

PASSAGE_CHARS = 800  # about 200 English words or 500 Chinese characters: a few sentences around a fact
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_WORD = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset("""
a an the is are was were be been being am of to in on at for by with from as into onto about and or but not no
what which who whom whose when where why how does do did doing done can could would should will shall may might
must i you he she it we they me him her us them my your his its our their mine yours this that these those there
have has had having
here please tell give show explain describe any some all much many more most s t it's what's whats know let
的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 什么 怎么 怎样 如何 哪 哪里 哪儿 哪个 谁 为什么 请 告诉 我 你 您
他 她 它 我们 你们 他们 这 那 这个 那个 这些 那些 有 没有 一个 一下 多少 几 的话 就 都 也 还 又 把 被 给 让 对 从 到
向 说 说说 知道
""".split())


def passages(sections: Iterable[Section]) -> list[NewPassage]:
    """Cut a document's sections into passages of about PASSAGE_CHARS characters, at blank lines
    where there is one, each with its page and line range and the words to index."""
    found: list[NewPassage] = []
    for section in sections:
        for text, first, last in _cut(section.text, section.first_line):
            found.append(NewPassage(section.page, first, last, text, index_terms(text)))
    return found


def _cut(text: str, first_line: int) -> Iterator[tuple[str, int, int]]:
    """(passage text, first line, last line) for the lines of `text`, which starts at `first_line`."""
    block: list[str] = []
    start = end = first_line
    size = 0
    for number, line in enumerate(text.splitlines(), start=first_line):
        for piece in _pieces(line):
            blank = not piece.strip()
            if block and (size + len(piece) > PASSAGE_CHARS or (blank and size >= PASSAGE_CHARS // 2)):
                joined = "\n".join(block).strip()
                if joined:
                    yield joined, start, end
                block, size = [], 0
            if not block:
                if blank:
                    continue  # a passage never starts with a blank line
                start = number
            block.append(piece)
            size += len(piece) + 1
            end = number
    joined = "\n".join(block).strip()
    if joined:
        yield joined, start, end


def _pieces(line: str) -> list[str]:
    """A line longer than a passage (minified code, a paragraph without line breaks) in parts."""
    if len(line) <= PASSAGE_CHARS:
        return [line]
    return [line[i:i + PASSAGE_CHARS] for i in range(0, len(line), PASSAGE_CHARS)]


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # ~1 s once: builds its dictionary
    return jieba


def _segment(run: str) -> list[str]:
    """Words of a run of Chinese characters, and the shorter words inside the longer ones."""
    return [w for w in _jieba().cut_for_search(run) if w.strip()]  # type: ignore[attr-defined]


def words(text: str) -> list[str]:
    """The words of `text` as the index sees them: lower case, without accents (München, munchen),
    Chinese segmented."""
    found: list[str] = []
    position = 0
    for match in _CJK.finditer(text):
        found += [_plain(w) for w in _WORD.findall(text[position:match.start()])]
        found += _segment(match.group())
        position = match.end()
    found += [_plain(w) for w in _WORD.findall(text[position:])]
    return found


def _plain(word: str) -> str:
    """A word in lower case without its accents, as FTS5's unicode61 tokenizer compares it."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def index_terms(text: str) -> str:
    """The text FTS5 indexes for a passage: its words, separated by spaces."""
    return " ".join(words(text))


def query_terms(question: str) -> list[str]:
    """The words a question is searched by: its words without the common ones, each once."""
    seen: dict[str, None] = {}
    for word in words(question):
        if word not in STOPWORDS and (len(word) > 1 or _CJK.fullmatch(word) or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)
