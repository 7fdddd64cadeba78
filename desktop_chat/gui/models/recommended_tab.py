"""The Models page's first tab: recommended chat models, with size, licence, languages and whether each
fits this computer (the memory estimator, on the engine's device and precision), one click to download.

The list comes from the program itself, so it shows offline too; a download then says the Hub cannot
be reached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.core.library.recommended import FIT_CONTEXT_TOKENS, RecommendedModel, recommended_models
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.i18n import current_language
from desktop_chat.gui.models.transfers import human_params, human_size
from desktop_chat.gui.tables import cell, row_table

# English here, shown translated (context "RecommendedTab").
HEADERS = (
    QT_TRANSLATE_NOOP("RecommendedTab", "Model"),
    QT_TRANSLATE_NOOP("RecommendedTab", "Parameters"),
    QT_TRANSLATE_NOOP("RecommendedTab", "Download"),
    QT_TRANSLATE_NOOP("RecommendedTab", "On this computer"),
    QT_TRANSLATE_NOOP("RecommendedTab", "Licence"),
    QT_TRANSLATE_NOOP("RecommendedTab", "Languages"),
)
FIT_COLUMN = 3
LANGUAGE_NAMES = {
    "en": QT_TRANSLATE_NOOP("RecommendedTab", "English"),
    "zh": QT_TRANSLATE_NOOP("RecommendedTab", "Chinese"),
    "de": QT_TRANSLATE_NOOP("RecommendedTab", "German"),
    "fr": QT_TRANSLATE_NOOP("RecommendedTab", "French"),
    "es": QT_TRANSLATE_NOOP("RecommendedTab", "Spanish"),
    "it": QT_TRANSLATE_NOOP("RecommendedTab", "Italian"),
    "pt": QT_TRANSLATE_NOOP("RecommendedTab", "Portuguese"),
    "hi": QT_TRANSLATE_NOOP("RecommendedTab", "Hindi"),
    "th": QT_TRANSLATE_NOOP("RecommendedTab", "Thai"),
    "multilingual": QT_TRANSLATE_NOOP("RecommendedTab", "and more"),
}
VERDICTS = {
    "fits": QT_TRANSLATE_NOOP("RecommendedTab", "fits"),
    "tight": QT_TRANSLATE_NOOP("RecommendedTab", "tight"),
    "won't fit": QT_TRANSLATE_NOOP("RecommendedTab", "won't fit"),
}


def languages_text(codes: tuple[str, ...]) -> str:
    translate = QCoreApplication.translate
    names = [translate("RecommendedTab", LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code for code in codes]
    return translate("RecommendedTab", ", ", "between language names").join(names)


class RecommendedTab(QWidget):
    """Downloads go through `page` (the ModelsPage: run, start_download, context)."""

    def __init__(self, page: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.models = list(recommended_models())
        self.table = row_table([self.tr(header) for header in HEADERS], self.tr("Recommended models"),
                               rows=len(self.models))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(lambda _item: self.download_selected())
        for index, model in enumerate(self.models):
            repo = fill(self.tr("%1 (gated)"), model.repo_id) if model.gated else model.repo_id
            values = (repo, human_params(model.params),
                      human_size(model.download_bytes), "…", model.license, languages_text(model.languages))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, model.repo_id)
                item.setToolTip(model.summary_in(current_language()))
                self.table.setItem(index, column, item)
        self.summary = QLabel(self.tr("Select a model to see what it is good for."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(self.tr("About the selected model"))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("primary")
        self.download_button.setAccessibleName(self.tr("Download the selected model"))
        self.download_button.clicked.connect(self.download_selected)
        enable(self.download_button, False, self.tr("Select a model in the list first."))
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._fits: dict[str, Any] = {}

    def selected(self) -> RecommendedModel | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        repo = cell(self.table, rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((m for m in self.models if m.repo_id == repo), None)

    def estimate_fits(self) -> None:
        """Judge every model against this computer's free memory, off the GUI thread."""
        engine = self.page.context.bridge.engine
        models = self.models

        def work(_report: Any) -> dict[str, Any]:
            from desktop_chat.core.inference.devices import memory_dtype, resolve_device
            from desktop_chat.core.library.memory import available_memory

            device = resolve_device(engine.device)
            dtype = memory_dtype(device, engine.dtype)
            free = available_memory(device)
            return {m.repo_id: m.fit(device.type, dtype, free) for m in models}

        self.page.run(work, self._show_fits)

    @Slot(object)
    def _show_fits(self, fits: dict[str, Any]) -> None:
        self._fits = fits
        colors = self.page.context.colors
        for row, model in enumerate(self.models):
            estimate = fits.get(model.repo_id)
            if estimate is None:
                continue
            item = cell(self.table, row, FIT_COLUMN)
            item.setText(fill(self.tr("%1: needs ~%2 on %3"), self.tr(VERDICTS.get(estimate.verdict, estimate.verdict)),
                              human_size(estimate.total_bytes), estimate.device))
            item.setForeground(QColor({"fits": colors.success, "tight": colors.warning,
                                       "won't fit": colors.danger}.get(estimate.verdict, colors.muted)))
            item.setToolTip(fill(self.tr("%1. Weights %2, and the rest for a conversation of %3 tokens."),
                                 estimate.line(), human_size(estimate.weights_bytes), f"{FIT_CONTEXT_TOKENS:,}"))
        self._on_selection()

    @Slot()
    def _on_selection(self) -> None:
        model = self.selected()
        enable(self.download_button, model is not None, self.tr("Select a model in the list first."))
        if model is None:
            return
        installed = model.name in {m.name for m in self.page.context.models()}
        estimate = self._fits.get(model.repo_id)
        parts = [model.summary_in(current_language())]
        if estimate is not None and estimate.verdict == "won't fit":
            parts.append(fill(self.tr("It needs about %1, more than this computer has free."),
                              human_size(estimate.total_bytes)))
        if installed:
            parts.append(fill(self.tr("It is in your library as %1."), model.name))
        self.summary.setText("\n".join(parts))  # one sentence a line: no space rule to get wrong
        if installed:
            enable(self.download_button, False, fill(self.tr("%1 is installed already."), model.name))

    @Slot()
    def download_selected(self) -> None:
        model = self.selected()
        if model is not None and self.download_button.isEnabled():
            self.page.start_download(model.repo_id, model.name)
