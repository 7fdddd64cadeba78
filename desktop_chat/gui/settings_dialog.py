"""Application settings: theme, font size, default model, device, where data lives."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from desktop_chat.core import paths
from desktop_chat.core.i18n import LANGUAGE_NAMES, QT_TRANSLATE_NOOP, SYSTEM, fill
from desktop_chat.core.inference.engine import ModelStatus
from desktop_chat.core.settings import Settings
from desktop_chat.gui.layout import screen_room
from desktop_chat.gui.palette import LIGHT, Palette

# English here; the dialog shows them translated (context "SettingsDialog").
THEME_LABELS = {"system": QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"),
                "light": QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
                "dark": QT_TRANSLATE_NOOP("SettingsDialog", "Dark")}
DEVICE_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (GPU if there is one)"), "cpu": "CPU",
                 "cuda": QT_TRANSLATE_NOOP("SettingsDialog", "NVIDIA GPU (CUDA)"),
                 "mps": QT_TRANSLATE_NOOP("SettingsDialog", "Apple GPU (Metal)")}
DTYPE_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog",
                                          "Automatic (fp16 on GPU; on the CPU, what measured fastest)"),
                "fp16": "fp16", "bf16": "bf16", "fp32": "fp32"}
MAX_THREADS = 256
COMPILED_LABELS = {
    "auto": QT_TRANSLATE_NOOP("SettingsDialog", "Use it where it measured faster"),
    "on": QT_TRANSLATE_NOOP("SettingsDialog", "Always use it once prepared"),
    "off": QT_TRANSLATE_NOOP("SettingsDialog", "Off"),
}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, model_names: list[str], parent: QWidget | None = None,
                 server_state: tuple[str, str] = ("off", ""), default_model: str | None = None,
                 model_status: ModelStatus | None = None, compiled_note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setMinimumWidth(480)
        form = QFormLayout()
        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Theme"))
        for key, label in THEME_LABELS.items():
            self.theme.addItem(self.tr(label), key)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme), 0))
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 28)
        self.font_size.setValue(settings.font_size)
        self.font_size.setAccessibleName(self.tr("Font size"))
        self.default_model = QComboBox()
        self.default_model.setAccessibleName(self.tr("Default model"))
        for name in model_names:
            self.default_model.addItem(name, name)
        # The model that answers now, also when the setting is empty (the library's default).
        self.default_model.setCurrentIndex(max(self.default_model.findData(settings.default_model or default_model),
                                               0))
        self.device = QComboBox()
        self.device.setAccessibleName(self.tr("Device"))
        for key, label in DEVICE_LABELS.items():
            self.device.addItem(self.tr(label), key)
        self.device.setCurrentIndex(max(self.device.findData(settings.device), 0))
        self.dtype = QComboBox()
        self.dtype.setAccessibleName(self.tr("Precision"))
        for key, label in DTYPE_LABELS.items():
            self.dtype.addItem(self.tr(label), key)
        self.dtype.setCurrentIndex(max(self.dtype.findData(settings.dtype), 0))
        self.precision_note = QLabel(self._precision_text(model_status))
        self.precision_note.setTextFormat(Qt.TextFormat.PlainText)
        self.precision_note.setWordWrap(True)
        self.precision_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # A wrapped label beside a form field gets one line's height; on a row of its own it gets its own.
        self.precision_note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.precision_note.setAccessibleName(self.tr("Precision in use"))
        self.threads = QSpinBox()
        self.threads.setRange(0, MAX_THREADS)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(settings.cpu_threads)
        self.threads.setAccessibleName(self.tr("CPU threads"))
        self.threads.setToolTip(self.tr("How many threads the model computes with on the CPU. Automatic uses one "
                                        "per core and leaves one core for the window on computers with four or "
                                        "more."))
        self.compiled = QComboBox()
        self.compiled.setAccessibleName(self.tr("Compiled decoding"))
        for key, label in COMPILED_LABELS.items():
            self.compiled.addItem(self.tr(label), key)
        self.compiled.setCurrentIndex(max(self.compiled.findData(settings.compiled_decode), 0))
        self.compiled.setToolTip(self.tr("After a model loads, its decoding step is compiled once in the background "
                                         "(a minute or two, at low priority; chat as usual meanwhile), measured "
                                         "against the uncompiled one, and used from the next reply where it is "
                                         "faster. Compiled code is kept in the data folder."))
        self.compiled_note = QLabel(compiled_note or self.tr("Preparing starts after a model loads."))
        self.compiled_note.setTextFormat(Qt.TextFormat.PlainText)
        self.compiled_note.setWordWrap(True)
        self.compiled_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.compiled_note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.compiled_note.setAccessibleName(self.tr("Compiled decoding in use"))
        folder_row = QHBoxLayout()
        self.data_folder = QLineEdit(str(paths.data_dir()))
        self.data_folder.setReadOnly(True)
        self.data_folder.setAccessibleName(self.tr("Data folder"))
        open_button = QPushButton(self.tr("Open"))
        open_button.setAccessibleName(self.tr("Open data folder"))
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir()))))
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(open_button)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("Follow the system"), SYSTEM)
        for code, name in LANGUAGE_NAMES.items():  # each in its own language
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language.setToolTip(self.tr("The window's language. It changes when desktop-chat is next started."))
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Font size"), self.font_size)
        form.addRow(self.tr("Default model"), self.default_model)
        form.addRow(self.tr("Device"), self.device)
        form.addRow(self.tr("Precision"), self.dtype)
        form.addRow(self.precision_note)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Compiled decoding"), self.compiled)
        form.addRow(self.compiled_note)
        form.addRow(self.tr("Data folder"), folder_row)
        self.hf_token = QLineEdit(settings.hf_token)
        self.hf_token.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.hf_token.setPlaceholderText(self.tr("for gated or private models"))
        self.hf_token.setToolTip(self.tr("A Hugging Face access token, for gated or private models. When empty, the "
                                         "HF_TOKEN environment variable is used."))
        self.hf_token.setAccessibleName(self.tr("Hugging Face token"))
        form.addRow(self.tr("Hugging Face token"), self.hf_token)
        server_box = QGroupBox(self.tr("Local API server (OpenAI-compatible)"))
        server_form = QFormLayout(server_box)
        self.server_enabled = QCheckBox(self.tr("Let other programs on this computer use the model"))
        self.server_enabled.setAccessibleName(self.tr("Serve the OpenAI API"))
        self.server_enabled.setChecked(settings.server_enabled)
        self.server_port = QSpinBox()
        self.server_port.setRange(1024, 65535)
        self.server_port.setValue(settings.server_port)
        self.server_port.setAccessibleName(self.tr("Server port"))
        self.server_key = QLineEdit(settings.server_api_key)
        self.server_key.setPlaceholderText(self.tr("optional: clients must send it as a bearer token"))
        self.server_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.server_key.setAccessibleName(self.tr("Server API key"))
        self.server_origins = QLineEdit(" ".join(settings.server_allowed_origins))
        self.server_origins.setPlaceholderText(self.tr("none: web pages cannot use it (e.g. http://localhost:3000)"))
        self.server_origins.setAccessibleName(self.tr("Web pages allowed to use the server"))
        self.server_origins.setToolTip(self.tr("Origins of web pages that may call the local API from a browser, "
                                               "separated by spaces. Programs (curl, SDKs) do not need this."))
        state, detail = server_state
        self.server_status = QLabel(server_status_text(state, detail))
        self.server_status.setAccessibleName(self.tr("Server status"))
        self.copy_url = QPushButton(self.tr("Copy URL"))
        self.copy_url.setAccessibleName(self.tr("Copy server URL"))
        self.copy_url.setEnabled(state == "running")
        self.copy_url.clicked.connect(lambda: QGuiApplication.clipboard().setText(detail))
        status_row = QHBoxLayout()
        status_row.addWidget(self.server_status, 1)
        status_row.addWidget(self.copy_url)
        server_form.addRow(self.server_enabled)
        server_form.addRow(self.tr("Port"), self.server_port)
        server_form.addRow(self.tr("API key"), self.server_key)
        server_form.addRow(self.tr("Allowed web pages"), self.server_origins)
        server_form.addRow(self.tr("Status"), status_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # The fields scroll and the buttons stay in view, so the dialog fits an 800×600 screen.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(form)
        content_layout.addWidget(server_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: Tab goes field to field, scrolling
        scroll.setWidget(content)
        self.fields_area = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self._fit_to_screen(content, scroll, layout)

    def _precision_text(self, status: ModelStatus | None) -> str:
        """What the loaded model runs in, and why (the engine's measured or configured reason)."""
        if status is None:
            return self.tr("No model is loaded yet: the precision is chosen when one loads.")
        if status.threads:
            return fill(self.tr("%1 runs in %2 on %3 with %n thread(s). %4", "", status.threads), status.name,
                        status.precision, status.device, status.precision_reason)
        return fill(self.tr("%1 runs in %2 on %3. %4"), status.name, status.precision, status.device,
                    status.precision_reason)

    def _fit_to_screen(self, content: QWidget, scroll: QScrollArea, layout: QVBoxLayout) -> None:
        """As big as the fields need, but no bigger than the screen (less room for the window frame)."""
        room = screen_room(self)
        margins = layout.contentsMargins()
        width = content.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + margins.left() \
            + margins.right() + 8
        height = content.sizeHint().height() + 70  # the buttons and margins
        if room is not None:
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(max(width, 480), max(height, 240))

    def apply_to(self, settings: Settings) -> None:
        settings.language = self.language.currentData()
        settings.theme = self.theme.currentData()
        settings.font_size = self.font_size.value()
        settings.default_model = self.default_model.currentData()
        settings.device = self.device.currentData()
        settings.dtype = self.dtype.currentData()
        settings.cpu_threads = self.threads.value()
        settings.compiled_decode = self.compiled.currentData()
        settings.server_enabled = self.server_enabled.isChecked()
        settings.server_port = self.server_port.value()
        settings.server_api_key = self.server_key.text().strip()
        settings.server_allowed_origins = self.server_origins.text().replace(",", " ").split()
        settings.hf_token = self.hf_token.text().strip()


def server_status_text(state: str, detail: str, palette: Palette = LIGHT) -> str:
    """A coloured light and a few words for the API server's state."""
    translate = QCoreApplication.translate
    colour, words = {
        "running": (palette.success, fill(translate("SettingsDialog", "API server running at %1"), detail)),
        "starting": (palette.warning, translate("SettingsDialog", "API server starting…")),
        "failed": (palette.danger, fill(translate("SettingsDialog", "API server not running: %1"), detail)),
    }.get(state, (palette.muted, translate("SettingsDialog", "API server off")))
    return f'<span style="color:{colour}">●</span> {html.escape(words)}'
