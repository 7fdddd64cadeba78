"""The Models page's "Download from the Hub" tab: search text-generation models, or type a repo id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_chat.core.i18n import fill
from desktop_chat.gui.models.transfers import human_size
from desktop_chat.gui.tables import cell, row_table


class HubTab(QWidget):
    """Searches off the GUI thread through `page` (the ModelsPage: run, show_error, start_download)."""

    def __init__(self, page: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search the Hugging Face Hub, e.g. SmolLM2"))
        self.search_box.setAccessibleName(self.tr("Search the Hub"))
        self.search_box.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.revision_box = QLineEdit()
        self.revision_box.setPlaceholderText(self.tr("revision (optional)"))
        self.revision_box.setAccessibleName(self.tr("Revision"))
        self.revision_box.setMaximumWidth(180)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.search_button)
        self.results = row_table((self.tr("Repository"), self.tr("Downloads"), self.tr("Licence"), self.tr("Size")),
                                 self.tr("Hub search results"))
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.itemDoubleClicked.connect(lambda _item: self.download_selected())
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("primary")
        self.download_button.clicked.connect(self.download_selected)
        self.repo_box = QLineEdit()
        self.repo_box.setPlaceholderText("org/name")
        self.repo_box.setAccessibleName(self.tr("Repository id"))
        download_row = QHBoxLayout()
        download_row.addWidget(QLabel(self.tr("Or a repo id:")))
        download_row.addWidget(self.repo_box, 1)
        download_row.addWidget(self.revision_box)
        download_row.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.results, 1)
        layout.addLayout(download_row)
        for button in (self.search_button, self.download_button):
            button.setAccessibleName(button.text())

    @Slot()
    def search(self) -> None:
        from desktop_chat.core.library.hub import search_hub

        query = self.search_box.text().strip()
        token = self.page.context.settings.hf_token or None
        self.search_button.setEnabled(False)
        self.results.setRowCount(0)
        self.page.run(lambda _r: search_hub(query, token=token), self._show_results, self._search_failed)

    @Slot(object)
    def _show_results(self, results: list[Any]) -> None:
        self.search_button.setEnabled(True)
        self.page.notice.dismiss("error")
        self.results.setRowCount(len(results))
        for row, result in enumerate(results):
            gated = self.tr(" (gated)", "after a repository id") if result.gated else ""
            for column, value in enumerate((result.repo_id + gated, f"{result.downloads:,}", result.license or "—",
                                            human_size(result.size_bytes))):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, result.repo_id)
                self.results.setItem(row, column, item)
        if results:
            self.results.selectRow(0)

    @Slot(object)
    def _search_failed(self, error: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.page.on_task_failed(error)

    @Slot()
    def download_selected(self) -> None:
        from desktop_chat.core.library.hub import name_for

        repo = self.repo_box.text().strip()
        if not repo:
            rows = self.results.selectionModel().selectedRows()
            if not rows:
                self.page.show_error(self.tr("Search for a model and select it, or type its repo id (org/name)."))
                return
            repo = cell(self.results, rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        revision = self.revision_box.text().strip()
        reference = f"{repo}@{revision}" if revision else repo
        name, ok = QInputDialog.getText(self, self.tr("Download model"),
                                        fill(self.tr("Name in the library for %1:"), reference),
                                        text=name_for(repo))
        if ok and name.strip():
            self.page.start_download(reference, name.strip())
