"""The Help menu's windows: the welcome (shown once for a new data folder), the keyboard shortcuts
(read from the window's own actions, so the list cannot drift from what the keys do), and About."""

from __future__ import annotations

import html
import platform
from collections.abc import Callable
from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_chat import __version__
from desktop_chat.core import paths
from desktop_chat.core.i18n import fill
from desktop_chat.gui.layout import fit_within, screen_room


def _version(package: str) -> str:
    try:
        return metadata.version(package)  # without importing it: torch alone takes seconds
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("AboutDialog", "not installed")


class WelcomeDialog(QDialog):
    """What a new user should know first: the starter model is a small demo, how to get a better one,
    how to fine-tune, and where their data lives."""

    def __init__(self, open_models: Callable[[], None], open_finetune: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to desktop-chat"))
        self.setAccessibleName(self.tr("Welcome"))
        self.setMinimumWidth(460)
        folder = str(paths.data_dir())
        text = QLabel(fill(self.tr(
            "<h3>Welcome to desktop-chat</h3>"
            "<p>Everything runs on this computer: your chats, the models and fine-tuning never leave it.</p>"
            "<p><b>The starter model</b> (SmolLM2-135M-Instruct) is a tiny demo with 135 million parameters. "
            "It works offline from the first minute and answers simple questions, but often poorly.</p>"
            "<p><b>For better answers</b>, download a larger model: the Models page lists recommended ones, "
            "says which fit this computer, and downloads them with one click.</p>"
            "<p><b>To teach a model your own material</b>, give the Fine-tune page a few files of questions and "
            "answers, start, and chat with the result.</p>"
            "<p><b>Your data</b> is kept in <code>%1</code>.</p>"
            "<p>Help ▸ Welcome shows this again.</p>"), html.escape(folder)))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        models = QPushButton(self.tr("Open the Models page"))
        finetune = QPushButton(self.tr("Open the Fine-tune page"))
        data = QPushButton(self.tr("Open the data folder"))
        def opening(show_page: Callable[[], None]) -> Callable[[], None]:
            def go() -> None:
                show_page()
                self.accept()
            return go

        models.clicked.connect(opening(open_models))
        finetune.clicked.connect(opening(open_finetune))
        data.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(folder)))
        # One above the other: side by side, the dialog (sized by its wrapped text) clipped their labels.
        row = QVBoxLayout()
        for button in (models, finetune, data):
            button.setAccessibleName(button.text())
            row.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(close)
        fit_within(self, screen_room(self))


class ShortcutsDialog(QDialog):
    """Every menu action that has a shortcut, as the window defines them."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(a.text().replace("&", "").rstrip("…"), a.shortcut().toString(native))
                for a in actions if not a.shortcut().isEmpty()]
        rows += [(self.tr("Send the message"), "Enter"), (self.tr("New line in the message"), "Shift+Enter"),
                 (self.tr("Type a tab in the message"), "Ctrl+Tab"), (self.tr("Move to the next control"), "Tab")]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels((self.tr("Action"), self.tr("Keys")))
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close)
        self.resize(460, 480)


def about_text(device: str) -> str:
    """Version, libraries, device, data folder and licence, as About shows them."""
    translate = QCoreApplication.translate
    rows = [(translate("AboutDialog", "Version"), __version__), ("Python", platform.python_version()),
            ("PyTorch", _version("torch")), ("transformers", _version("transformers")),
            ("Qt (PySide6)", _version("PySide6-Essentials")), (translate("AboutDialog", "Device"), device),
            (translate("AboutDialog", "Data folder"), str(paths.data_dir())),
            (translate("AboutDialog", "Settings"), str(paths.settings_path())),
            (translate("AboutDialog", "Licence"), "Apache-2.0")]
    table = "".join(f"<tr><td style='padding-right:12px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                    for k, v in rows)
    return fill(translate("AboutDialog", "<h3>desktop-chat</h3><p>Chat with a language model on your own computer, "
                                         "manage models and fine-tune them, with nothing leaving the computer.</p>"
                                         "<table>%1</table>"), table)


class AboutDialog(QDialog):
    def __init__(self, device: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About desktop-chat"))
        self.setAccessibleName(self.tr("About desktop-chat"))
        self.text = QLabel(about_text(device))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(close)
