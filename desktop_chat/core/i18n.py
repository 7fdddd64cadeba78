"""Which language the window speaks, and how core's messages reach it translated (no Qt here).

The window's strings are translated with Qt (gui/i18n.py, resources/i18n/*.ts). Core cannot
import Qt, so its sentences are written as templates with %1, %2… placeholders and looked up with
this module's `translate("Core", template)`, which `pyside6-lupdate` finds by its name and puts in
the .ts files, like gettext's `_()`. Until the window installs Qt's translate (`install`), it
returns English: the command line, the server's logs and the fine-tune worker print English, which
is their contract. A template declared as data is marked with `QT_TRANSLATE_NOOP("Core", …)` and
translated where it is shown; a message that crosses a process carries its template and values
(`carried_message`).

A sentence with a count has its English forms written out, each marked, and `plural` picks one:
lupdate's Python parser marks plural (numerus) entries only in a widget's `self.tr(text, "", n)`,
so core cannot use %n forms from the .ts. Chinese has one form; a language with more will need
its own rule in `plural`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping

SYSTEM = "system"
LANGUAGES = ("en", "zh_CN")  # the languages the window has; "en" is the source language
# Shown in the language itself, so a person can find theirs whatever the window's language is.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
_PLACEHOLDER = re.compile(r"%(\d)")

#: A translation function, (context, text, disambiguation, n) → text, like `QCoreApplication.translate`.
Translate = Callable[[str, str, "str | None", int], str]


def untranslated(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """English, as written (with %n as `n` when given, as Qt does)."""
    return text if n < 0 else text.replace("%n", str(n))


_installed: list[Translate] = [untranslated]


def install(function: Translate) -> None:
    """Translate core's messages with `function` from now on (the window installs Qt's translate)."""
    _installed[0] = function


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the installed language (English until `install`); with `n`, in its plural form for n."""
    return _installed[0](context, text, disambiguation, n)



def plural(n: int, one: str, other: str) -> str:
    """The form of a counted sentence for `n` (`one` for 1, else `other`: both marked with
    QT_TRANSLATE_NOOP("Core", …)), translated, with %n as n and %Ln as n with thousands separators."""
    return translate("Core", one if n == 1 else other).replace("%Ln", f"{n:,}").replace("%n", str(n))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark `text` for translation in `context` (lupdate extracts it); returns it unchanged."""
    return text


def fill(template: str, *values: object) -> str:
    """`template` with %1, %2… replaced by `values`, in one pass (a value's own "%2" stays as it is)."""
    return _PLACEHOLDER.sub(lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values)
                            else m.group(0), template)


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them)."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value or value in ("C", "POSIX") or value.startswith("C."):
            continue
        first = value.split(":")[0].split(".")[0].replace("-", "_")
        # Simplified Chinese: zh_CN, zh_SG, zh_Hans…; Traditional (zh_TW, zh_HK) is not translated yet.
        if first in ("zh", "zh_CN", "zh_SG") or first.startswith("zh_Hans"):
            return "zh_CN"
        return "en"
    return "en"


def chosen_language(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: the setting when it names one of LANGUAGES, else the system's."""
    return setting if setting in LANGUAGES else system_language(environ)


def carried_message(record: Mapping[str, object]) -> str:
    """The `message` of an event or error record (core/errors.py `record`), in the installed language
    when the record carries its template and values."""
    template, values = record.get("template"), record.get("values")
    if isinstance(template, str) and isinstance(values, list):
        return fill(translate("Core", template), *values)
    return str(record.get("message", ""))
