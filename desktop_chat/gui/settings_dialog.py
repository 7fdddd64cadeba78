"""Application settings: theme, font size, default model, device, where data lives."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from desktop_chat.core import paths
from desktop_chat.core.settings import Settings

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
DEVICE_LABELS = {"auto": "Automatic (GPU if there is one)", "cpu": "CPU", "cuda": "NVIDIA GPU (CUDA)",
                 "mps": "Apple GPU (Metal)"}
DTYPE_LABELS = {"auto": "Automatic (fp16 on GPU, fp32 on CPU)", "fp16": "fp16", "bf16": "bf16", "fp32": "fp32"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, model_names: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(480)
        form = QFormLayout()
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme), 0))
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 28)
        self.font_size.setValue(settings.font_size)
        self.font_size.setAccessibleName("Font size")
        self.default_model = QComboBox()
        self.default_model.setAccessibleName("Default model")
        for name in model_names:
            self.default_model.addItem(name, name)
        self.default_model.setCurrentIndex(max(self.default_model.findData(settings.default_model), 0))
        self.device = QComboBox()
        self.device.setAccessibleName("Device")
        for key, label in DEVICE_LABELS.items():
            self.device.addItem(label, key)
        self.device.setCurrentIndex(max(self.device.findData(settings.device), 0))
        self.dtype = QComboBox()
        self.dtype.setAccessibleName("Precision")
        for key, label in DTYPE_LABELS.items():
            self.dtype.addItem(label, key)
        self.dtype.setCurrentIndex(max(self.dtype.findData(settings.dtype), 0))
        folder_row = QHBoxLayout()
        self.data_folder = QLineEdit(str(paths.data_dir()))
        self.data_folder.setReadOnly(True)
        self.data_folder.setAccessibleName("Data folder")
        open_button = QPushButton("Open")
        open_button.setAccessibleName("Open data folder")
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir()))))
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(open_button)
        form.addRow("Theme", self.theme)
        form.addRow("Font size", self.font_size)
        form.addRow("Default model", self.default_model)
        form.addRow("Device", self.device)
        form.addRow("Precision", self.dtype)
        form.addRow("Data folder", folder_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def apply_to(self, settings: Settings) -> None:
        settings.theme = self.theme.currentData()
        settings.font_size = self.font_size.value()
        settings.default_model = self.default_model.currentData()
        settings.device = self.device.currentData()
        settings.dtype = self.dtype.currentData()
