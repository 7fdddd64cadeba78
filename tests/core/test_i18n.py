"""The window's language from the setting and the system, and placeholders filled in one pass."""

from __future__ import annotations

import pytest

from desktop_chat.core import i18n
from desktop_chat.core.i18n import chosen_language, fill, system_language, untranslated


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_SG.UTF-8"}, "zh_CN"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh_CN"),  # LANGUAGE comes first, as in gettext
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "en"),  # a language without a translation: English
    ({"LANG": "zh_TW.UTF-8"}, "en"),  # Traditional Chinese is not Simplified
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_system_language_follows_the_locale_variables(environ, language):
    assert system_language(environ) == language


def test_the_setting_wins_over_the_system_unless_it_follows_it():
    assert chosen_language("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert chosen_language("zh_CN", {"LANG": "en_GB.UTF-8"}) == "zh_CN"
    assert chosen_language("system", {"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert chosen_language("klingon", {"LANG": "en_GB.UTF-8"}) == "en"  # an unknown value in settings.json


def test_placeholders_are_filled_once_and_in_their_own_order():
    assert fill("已从 %2 导入 %1。", "3", "a.jsonl") == "已从 a.jsonl 导入 3。"
    assert fill("Saved %1", "100%2 done") == "Saved 100%2 done"  # a value's own %2 is left alone
    assert fill("%1 and %3", "a") == "a and %3"


@pytest.fixture
def marking():
    """A translate that shows what the window's would be asked ("[Core] template", count), undone after."""
    i18n.install(lambda context, text, disambiguation=None, n=-1: f"[{context}] {text}" + (f" #{n}" if n >= 0 else ""))
    yield
    i18n.install(untranslated)


def test_a_counted_sentence_takes_the_english_form_for_its_count_and_is_translated_in_that_form(marking):
    from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, plural

    one, other = QT_TRANSLATE_NOOP("Core", "%Ln step"), QT_TRANSLATE_NOOP("Core", "%Ln steps")
    assert plural(1, one, other) == "[Core] 1 step" and plural(1234, one, other) == "[Core] 1,234 steps"
    i18n.install(untranslated)
    assert plural(1, one, other) == "1 step" and plural(2, one, other) == "2 steps"


def test_core_sentences_are_english_for_the_cli_and_translated_once_the_window_installs_its_translate(marking):
    from desktop_chat.core.finetune.data import DataReport

    report = DataReport(files=["a.jsonl"], conversations=3, documents=0, examples=3, train_examples=2,
                        eval_examples=1, total_tokens=1200, trained_tokens=300, length_min=10, length_mean=40.2,
                        length_p95=60, length_max=70, truncated=0, max_seq_len=512, problems=["a.jsonl:4: no reply"])
    marked = report.lines()
    assert marked[0] == "[Core] Files: 1. Conversations: 3. Text documents: 0."
    i18n.install(untranslated)
    assert report.lines()[0] == "Files: 1. Conversations: 3. Text documents: 0."
    assert report.lines()[2].startswith("Tokens: 1,200; learned from: 300")
