"""The window's language: Qt translators for the app's own strings and for Qt's (standard buttons
and dialogs), installed before the first widget is made.

The app's translations are compiled from resources/i18n/desktop_chat_<lang>.ts into
desktop_chat/resources/i18n/*.qm by the build (`make`); English has one too, for its plural forms
("1 model" / "2 models", written once as "%n model(s)" in the code).
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_chat.core import i18n as core_i18n
from desktop_chat.core.i18n import chosen_language, fill

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_language = ["en"]  # the window's language now


def install_translators(app: QCoreApplication, setting: str) -> str:
    """Translate the window into the language `setting` chooses (core/i18n.py); returns that language."""
    language = chosen_language(setting)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    own = QTranslator()
    qm = resources.files("desktop_chat.resources").joinpath("i18n", f"desktop_chat_{language}.qm")
    if qm.is_file() and own.load(str(qm)):
        app.installTranslator(own)
        _installed.append(own)
    else:
        log.warning("no compiled translation for %s (%s); run `make` to build it", language, qm)
    if language != "en":
        qt = QTranslator()
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    QLocale.setDefault(QLocale(language))  # numbers and dates as readers of the language expect
    core_i18n.install(QCoreApplication.translate)  # core's messages, in the same language
    _language[0] = language
    return language


def current_language() -> str:
    """The language the window speaks now ("en", "zh_CN"), for texts that come with their translations."""
    return _language[0]


def translate(context: str, text: str, *values: object, n: int = -1) -> str:
    """`text` translated in `context`, with %1, %2… filled in and %n as the count `n`."""
    return fill(QCoreApplication.translate(context, text, None, n), *values)


def shown_title(title: str) -> str:
    """A conversation's title as the window shows it: the stored default ("New chat") in its language."""
    from desktop_chat.core.conversations import DEFAULT_TITLE

    return QCoreApplication.translate("Core", DEFAULT_TITLE) if title == DEFAULT_TITLE else title
