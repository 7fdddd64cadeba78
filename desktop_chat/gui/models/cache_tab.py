"""The Models page's "From your Hugging Face cache" tab: models other tools downloaded, used in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from desktop_chat.core.i18n import fill
from desktop_chat.core.library.memory import gb


class CacheTab(QWidget):
    """Scans and links off the GUI thread through `page` (the ModelsPage)."""

    def __init__(self, page: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.cache_list = QListWidget()
        self.cache_list.setAccessibleName(self.tr("Models in your Hugging Face cache"))
        self.cache_add = QPushButton(self.tr("Add to the library (no copy)"))
        self.cache_add.clicked.connect(self.add_from_cache)
        self.cache_scan = QPushButton(self.tr("Look again"))
        self.cache_scan.clicked.connect(self.scan_cache)
        for button in (self.cache_add, self.cache_scan):
            button.setAccessibleName(button.text())
        note = QLabel(self.tr("Models you already downloaded with other Hugging Face tools can be used in place, "
                              "without a second copy."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cache_scan)
        buttons.addWidget(self.cache_add)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.cache_list, 1)
        layout.addLayout(buttons)

    @Slot()
    def scan_cache(self) -> None:
        from desktop_chat.core.library.importers import hf_cache_models

        self.cache_list.clear()
        self.cache_list.addItem(self.tr("Looking…"))
        self.page.run(lambda _r: hf_cache_models(), self._show_cache)

    @Slot(object)
    def _show_cache(self, cached: list[Any]) -> None:
        self.cache_list.clear()
        linked = {m.source for m in self.page.context.models()}
        for entry in cached:
            text = f"{entry.repo_id}  ·  {gb(entry.size_bytes)}"
            item = QListWidgetItem(fill(self.tr("%1  (in the library)"), text) if f"hf-cache:{entry.repo_id}" in linked
                                   else text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.cache_list.addItem(item)
        if not cached:
            self.cache_list.addItem(self.tr("No usable models in your Hugging Face cache."))

    @Slot()
    def add_from_cache(self) -> None:
        from desktop_chat.core.library.hub import name_for
        from desktop_chat.core.library.importers import link_cached_model

        item = self.cache_list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        if entry is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Add model"),
                                        fill(self.tr("Name in the library for %1:"), entry.repo_id),
                                        text=name_for(entry.repo_id))
        if not ok or not name.strip():
            return
        library = self.page.library

        def added(info: Any) -> None:
            self.page.installed_model_added(info.name)
            self.scan_cache()

        self.page.run(lambda _r: link_cached_model(entry, name.strip(), library=library), added)
