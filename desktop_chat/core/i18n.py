"""Which language the window speaks, and how core marks the messages that reach it (no Qt here).

The window's strings are translated with Qt (gui/i18n.py, resources/i18n/*.ts). Core cannot
import Qt, so a message of core that the window shows is written as a template with %1, %2…
placeholders and marked with `QT_TRANSLATE_NOOP("Core", template)`: a no-op here, which
`pyside6-lupdate` finds by its name and puts in the .ts file, so the window can translate the
template and then fill in the values (`fill`). The command line prints the same English text.
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

#: A translation function, (context, text) → text: `QCoreApplication.translate` in the window.
Translate = Callable[[str, str], str]


def untranslated(context: str, text: str) -> str:
    """The Translate of the command line: English, as written."""
    return text


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
