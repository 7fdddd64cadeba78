"""The Models page: what is installed (details, memory estimate, load / default / rename / delete),
downloads from the Hugging Face Hub with progress, imports, and models already in the HF cache.

Everything that touches the network or copies files runs in a BackgroundTask; the page only shows
progress and results, and errors appear on the page while the rest of the app keeps working.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox, QPushButton,
    QScrollArea, QSplitter, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.core.errors import DesktopChatError
from desktop_chat.core.library.memory import gb
from desktop_chat.core.types import ModelInfo
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.layout import ResponsiveSplitter
from desktop_chat.gui.models.cache_tab import CacheTab
from desktop_chat.gui.notices import NoticeStack
from desktop_chat.gui.models.hub_tab import HubTab
from desktop_chat.gui.models.recommended_tab import VERDICTS, RecommendedTab
from desktop_chat.gui.models.transfers import TransferRow, human_params, human_size
from desktop_chat.gui.tables import cell, row_table
from desktop_chat.gui.tasks import BackgroundTask

COLUMNS = ("", QT_TRANSLATE_NOOP("ModelsPage", "Name"), QT_TRANSLATE_NOOP("ModelsPage", "Parameters"),
           QT_TRANSLATE_NOOP("ModelsPage", "Size"), QT_TRANSLATE_NOOP("ModelsPage", "Precision"),
           QT_TRANSLATE_NOOP("ModelsPage", "Context"), QT_TRANSLATE_NOOP("ModelsPage", "Licence"),
           QT_TRANSLATE_NOOP("ModelsPage", "Source"), QT_TRANSLATE_NOOP("ModelsPage", "Added"))


class ModelsPage(QWidget):
    library_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.library = context.library
        self.tasks: set[BackgroundTask] = set()
        self.transfers: dict[str, TransferRow] = {}
        self._stale = True  # filled in when first shown
        self.models: list[ModelInfo] = []
        self._build()
        self.context.bridge.model_status_changed.connect(self._on_model_status)

    # ------------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        title = QLabel(self.tr("Models"))
        title.setObjectName("roleLabel")
        self.import_folder_button = QPushButton(self.tr("Import folder…"))
        self.import_folder_button.setToolTip(self.tr("Copy a Hugging Face model folder (config + safetensors) into the "
                                                      "library"))
        self.import_gguf_button = QPushButton(self.tr("Import GGUF…"))
        self.import_gguf_button.setToolTip(self.tr("Add a .gguf file to the library: kept as GGUF for llama.cpp, or "
                                                   "converted for transformers"))
        self.import_folder_button.clicked.connect(self.import_folder)
        self.import_gguf_button.clicked.connect(self.import_gguf)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.import_folder_button)
        header.addWidget(self.import_gguf_button)

        self.notice = NoticeStack()  # the same notices as the window's: each with its own Dismiss

        self.table = row_table([self.tr(column) for column in COLUMNS], self.tr("Installed models"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.details = QLabel(self.tr("Select a model."))
        self.details.setWordWrap(True)
        self.details.setMinimumWidth(260)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setAccessibleName(self.tr("Model details"))
        self.memory = QLabel()
        self.memory.setWordWrap(True)
        self.memory.setAccessibleName(self.tr("Memory estimate"))
        self.load_button = QPushButton(self.tr("Load"))
        self.unload_button = QPushButton(self.tr("Unload"))
        self.default_button = QPushButton(self.tr("Set as default"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setToolTip(self.tr("Save this fine-tuned adapter merged into its base as a standalone model"))
        self.convert_button = QPushButton(self.tr("Convert…"))
        self.convert_button.setToolTip(self.tr("Make a transformers copy of this GGUF model, to fine-tune it or run it "
                                               "in fp16 on a GPU (the GGUF model stays)"))
        self.convert_button.hide()  # shown in Merge…'s place for a model kept as GGUF
        for button in (self.load_button, self.default_button, self.rename_button, self.delete_button,
                       self.merge_button, self.convert_button):
            enable(button, False, self.tr("Select a model in the list first."))
        enable(self.unload_button, False, self.tr("No model is loaded."))
        self.load_button.clicked.connect(self.load_selected)
        self.unload_button.clicked.connect(self.unload)
        self.default_button.clicked.connect(self.set_default_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.convert_button.clicked.connect(self.convert_selected)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.unload_button, self.default_button):
            buttons.addWidget(button)
        buttons2 = QHBoxLayout()
        buttons2.addWidget(self.rename_button)
        buttons2.addWidget(self.delete_button)
        buttons2.addWidget(self.merge_button)
        buttons2.addWidget(self.convert_button)
        details_box = QFrame()
        details_box.setObjectName("drawer")
        details_layout = QVBoxLayout(details_box)
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_inner = QWidget()
        inner_layout = QVBoxLayout(details_inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.memory)
        inner_layout.addWidget(self.details)
        inner_layout.addStretch(1)
        details_scroll.setWidget(details_inner)
        details_layout.addWidget(details_scroll, 1)
        details_layout.addLayout(buttons)
        details_layout.addLayout(buttons2)
        details_box.setMinimumWidth(300)
        top = ResponsiveSplitter(side_by_side_width=700)
        top.addWidget(self.table)
        top.addWidget(details_box)
        top.setStretchFactor(0, 1)
        top.setSizes([620, 340])

        self.recommended = RecommendedTab(self)
        self.hub = HubTab(self)
        self.cache = CacheTab(self)
        # The tabs' controls, as the page's own (tests and callers reach them here).
        self.search_box, self.search_button = self.hub.search_box, self.hub.search_button
        self.results = self.hub.results
        self.repo_box, self.revision_box, self.download_button = (self.hub.repo_box, self.hub.revision_box,
                                                                  self.hub.download_button)
        self.cache_list = self.cache.cache_list
        self.sources = QTabWidget()
        self.sources.addTab(self.recommended, self.tr("Recommended"))
        self.sources.addTab(self.hub, self.tr("Search the Hub"))
        self.sources.addTab(self.cache, self.tr("From your Hugging Face cache"))
        self.sources.setAccessibleName(self.tr("Get models"))

        self.transfer_box = QWidget()
        self.transfer_layout = QVBoxLayout(self.transfer_box)
        self.transfer_layout.setContentsMargins(0, 0, 0, 0)
        self.transfer_box.hide()

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.sources, 1)
        bottom_layout.addWidget(self.transfer_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([380, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        for widget in (self.import_folder_button, self.import_gguf_button, self.load_button, self.unload_button,
                       self.default_button, self.rename_button, self.delete_button, self.merge_button,
                       self.convert_button):
            widget.setAccessibleName(widget.text().rstrip("…"))

    # ------------------------------------------------------------------------------------ helpers

    def show_error(self, text: str) -> None:
        self.notice.show_notice(text, key="error", error=True)

    def run(self, work: Any, finished: Any, failed: Any | None = None, progress: Any | None = None,
            long: bool = False) -> BackgroundTask:
        """Run `work(report)` off the GUI thread; the page keeps the task until it ends."""
        task = BackgroundTask(work, parent=self, long=long)
        self.tasks.add(task)
        task.finished.connect(finished)
        task.failed.connect(failed or self.on_task_failed)
        if progress is not None:
            task.progress.connect(progress)
        task.finished.connect(lambda _r, t=task: self.tasks.discard(t))
        task.failed.connect(lambda _e, t=task: self.tasks.discard(t))
        return task.start()

    @Slot(object)
    def on_task_failed(self, error: BaseException) -> None:
        text = str(error) if isinstance(error, DesktopChatError) else f"{type(error).__name__}: {error}"
        self.show_error(text[:1].upper() + text[1:])  # core errors are CLI lines, starting in lower case

    def selected(self) -> ModelInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        name = cell(self.table, rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((m for m in self.models if m.name == name), None)

    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            if cell(self.table, row, 0).data(Qt.ItemDataRole.UserRole) == name:
                self.table.selectRow(row)
                return

    def _transfer(self, key: str, title: str) -> TransferRow:
        row = self.transfers.get(key)
        if row is None:
            row = TransferRow(title)
            self.transfers[key] = row
            self.transfer_layout.addWidget(row)
        row.title.setText(title)
        self.transfer_box.show()
        return row

    def _drop_transfer(self, key: str) -> None:
        row = self.transfers.pop(key, None)
        if row is not None:
            row.setParent(None)
            row.deleteLater()
        self.transfer_box.setVisible(bool(self.transfers))

    # ------------------------------------------------------------------------------------ installed models

    def refresh(self) -> None:
        current = self.selected()
        self.context.forget_models()  # a refresh reads the library again
        self.models = self.context.models()
        default = self.context.default_model()
        loaded = self.context.bridge.engine.status
        self.table.setRowCount(len(self.models))
        for row, info in enumerate(self.models):
            mark = "★" if info.name == default else ""
            if loaded is not None and loaded.name == info.name:
                mark += " ●"
            added = info.created[:10] if info.created else ""
            params = human_params(info.params)
            if info.kind == "adapter" and info.base:
                params = fill(self.tr("%1 trained on %2"), params, info.base)  # the adapter's own weights
            values = (mark, info.name, params, human_size(info.size_bytes),
                      self.tr("remote") if info.kind == "remote" else
                      self.tr("embedding") if info.is_embedding else (info.dtype or "?"),
                      f"{info.context_length:,}" if info.context_length else "—", info.license or "—",
                      info.source, added)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, info.name)  # which model a row is, whatever the columns
                if column == 0:
                    item.setToolTip(self.tr("★ default model · ● loaded now"))
                self.table.setItem(row, column, item)
        if current is not None:
            self.select(current.name)
        elif self.models:
            self.select(default or self.models[0].name)
        self._show_partials()

    @Slot()
    def _on_selection(self) -> None:
        info = self.selected()
        for button in (self.load_button, self.default_button, self.rename_button, self.delete_button):
            enable(button, info is not None, self.tr("Select a model in the list first."))
        if info is None:
            enable(self.merge_button, False, self.tr("Select a model in the list first."))
            enable(self.convert_button, False, self.tr("Select a model in the list first."))
            self.details.setText(self.tr("Select a model."))
            self.memory.clear()
            return
        if info.kind == "remote":
            enable(self.load_button, False,
                   self.tr("A remote model runs on its server: there is nothing to load here."))
        enable(self.merge_button, info.kind == "adapter", self.tr("Only a fine-tuned adapter can be merged into its "
                                                                  "base."))
        # One place for the last button: Convert… for a model kept as GGUF, Merge… (for adapters) otherwise.
        self.convert_button.setVisible(info.is_gguf)
        self.merge_button.setVisible(not info.is_gguf)
        enable(self.convert_button, info.is_gguf)
        if info.is_embedding:
            why = self.tr("An embedding model searches documents by meaning and cannot chat; choose it for a "
                          "collection on the Documents page.")
            enable(self.load_button, False, why)
            enable(self.default_button, False, why)
        self._show_details(info)
        if info.is_embedding:
            self.memory.setText(self.tr("Searches documents by meaning: it is loaded while a collection that uses "
                                        "it is read or asked."))
            return
        if info.kind == "remote":
            self.memory.setText(self.tr("Runs on the remote server: nothing is loaded here."))
            return
        self.memory.setText(self.tr("Estimating memory…"))
        engine = self.context.bridge.engine
        self.run(lambda _report: engine.estimate(info.name),
                  lambda estimate, name=info.name: self._show_estimate(name, estimate),
                  lambda error, name=info.name: self._show_estimate(name, None, error))

    def _show_details(self, info: ModelInfo) -> None:
        stored = info.dtype or "—"
        if info.converted_from:
            stored = fill(self.tr("%1 (dequantised from a %2 file)"), stored, info.converted_from)
        context = fill(self.tr("%1 tokens"), f"{info.context_length:,}") if info.context_length else "—"
        rows = [
            (self.tr("Name"), info.name), (self.tr("Architecture"), info.architecture or "—"),
            (self.tr("Parameters"), f"{info.params:,}" if info.params else "—"),
            (self.tr("Size on disk"), human_size(info.size_bytes)), (self.tr("Stored as"), stored),
            (self.tr("Context"), context),
            (self.tr("Licence"), info.license or self.tr("unknown")), (self.tr("Source"), info.source),
            (self.tr("Revision"), (info.revision or "—")[:16]), (self.tr("Added"), _date(info.created)),
            (self.tr("Folder"), info.path),
        ]
        if info.kind == "remote":
            rows[1:5] = [(self.tr("Endpoint"), info.base_url or ""), (self.tr("Model id"), info.model_id or "")]
        if info.kind != "remote":
            rows.insert(5, (self.tr("Runs with"), self.tr("llama.cpp (kept as GGUF, quantised)") if info.is_gguf
                            else self.tr("transformers")))
        if info.base:
            rows.append((self.tr("Fine-tuned from"), info.base))
        if info.is_embedding and info.embedding:
            rows.insert(1, (self.tr("Used for"), fill(self.tr("Searching documents by meaning: %1 pooling, vectors of "
                                                              "%2 numbers"), info.embedding.get("pooling", "?"),
                                                      info.embedding.get("dimension") or "?")))
        self.details.setText("<table>" + "".join(
            f"<tr><td style='padding-right:10px; color:gray'>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>"
            for k, v in rows) + "</table>")

    def _show_estimate(self, name: str, estimate: Any, error: BaseException | None = None) -> None:
        info = self.selected()
        if info is None or info.name != name:
            return
        if error is not None:
            self.memory.setText(fill(self.tr("Memory estimate unavailable: %1"), html.escape(str(error))))
            return
        p = self.context.colors
        colour = {"fits": p.success, "tight": p.warning, "won't fit": p.danger}.get(estimate.verdict, p.muted)
        verdict = QCoreApplication.translate("RecommendedTab", VERDICTS.get(estimate.verdict, estimate.verdict))
        text = (fill(self.tr("<b>Memory:</b> %1: %2"), html.escape(estimate.need()),
                     f"<span style='color:{colour}'><b>{html.escape(verdict)}</b></span>") +
                f"<br><span style='color:gray'>{html.escape(estimate.breakdown())}</span>")
        status = self.context.bridge.engine.status
        if status is not None and status.name == name:
            measured = fill(self.tr("%1 (before any conversation)"), gb(status.memory_bytes)) \
                if status.memory_bytes >= 1_000_000 else \
                self.tr("no more than this process already held (memory freed by an earlier model was reused)")
            text += "<br>" + fill(self.tr("<b>Measured</b> when it loaded: %1"), measured)
        self.memory.setText(text)

    @Slot(object)
    def _on_model_status(self, status: Any) -> None:
        enable(self.unload_button, status is not None, self.tr("No model is loaded."))
        if not self.isVisible():  # no work for a page nobody looks at (replies may be streaming)
            self._stale = True
            return
        self.refresh()
        self._on_selection()  # the measured figure and free memory changed

    @Slot()
    def load_selected(self) -> None:
        info = self.selected()
        if info is not None:
            self.context.bridge.load(info.name)

    @Slot()
    def unload(self) -> None:
        self.context.bridge.unload()

    @Slot()
    def set_default_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.context.settings.default_model = info.name
        self.context.settings.save()
        self.refresh()
        self.library_changed.emit()

    @Slot()
    def rename_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        status = self.context.bridge.engine.status
        if status is not None and status.name == info.name:
            self.show_error(fill(self.tr("'%1' is loaded: unload it first, then rename it."), info.name))
            return
        new, ok = QInputDialog.getText(self, self.tr("Rename model"),
                                       self.tr("New name (lowercase letters, digits, . _ -):"), text=info.name)
        if not ok or not new.strip() or new.strip() == info.name:
            return
        try:
            self.library.rename(info.name, new.strip())
        except DesktopChatError as exc:
            self.show_error(str(exc))
            return
        self.context.store.rename_model(info.name, new.strip())  # (the default model setting followed already)
        self.notice.dismiss("error")
        self.refresh()
        self.select(new.strip())
        self.library_changed.emit()

    @Slot()
    def delete_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        question = fill(self.tr("Delete '%1'? This cannot be undone."), info.name) if info.kind == "remote" else \
            fill(self.tr("Delete '%1' and its %2 of files? This cannot be undone."), info.name,
                 human_size(info.size_bytes))
        answer = QMessageBox.question(self, self.tr("Delete model"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        engine = self.context.bridge.engine
        loaded = engine.status is not None and engine.status.name == info.name

        def work(_report: Any) -> None:
            if loaded:
                engine.unload().result()
            self.library.remove(info.name)

        self.run(work, lambda _r: self._after_delete(loaded))

    @Slot()
    def merge_selected(self) -> None:
        info = self.selected()
        if info is None or info.kind != "adapter":
            return
        name, ok = QInputDialog.getText(self, self.tr("Merge adapter"),
                                        fill(self.tr("Name of the standalone model (%1 merged into %2):"), info.name,
                                             info.base),
                                        text=f"{info.name}-merged")
        if ok and name.strip():
            self.start_merge(info, name.strip())

    def start_merge(self, adapter: ModelInfo, name: str) -> None:
        """Merge `adapter` into its base as the standalone model `name`, in the background."""
        from desktop_chat.core.library.importers import merge_adapter

        self._run_into_library(f"merge:{name}", fill(self.tr("merging %1 → %2"), adapter.name, name),
                               lambda progress: merge_adapter(adapter, name, library=self.library, progress=progress))

    def _after_delete(self, was_loaded: bool) -> None:
        if was_loaded:
            self.context.bridge.model_status_changed.emit(None)
        self.notice.dismiss("error")
        self.refresh()
        self.library_changed.emit()

    # ------------------------------------------------------------------------------------ downloads

    def start_download(self, reference: str, name: str) -> None:
        """Download (or resume) `reference` as `name`, with a progress row."""
        from desktop_chat.core.library.hub import DownloadCancelled, discard_download, partial_downloads, pull_model

        key = f"download:{name}"
        existing = self.transfers.get(key)
        if existing is not None and existing.property("running"):
            return
        row = self._transfer(key, f"{reference} → {name}")
        row.setProperty("running", True)
        row.set_progress(self.tr("starting…"), None)
        token = self.context.settings.hf_token or None

        def work(report: Any) -> Any:
            return pull_model(reference, name, library=self.library, token=token, cancel=task.cancel,
                              progress=lambda s: report((s.line(), s.done / s.total if s.total else None)))

        def finished(info: ModelInfo) -> None:
            row.setProperty("running", False)
            row.set_progress(fill(self.tr("installed as %1"), info.name), 1.0)
            row.set_buttons(Dismiss=lambda: self._drop_transfer(key))
            self.refresh()
            self.select(info.name)
            self.library_changed.emit()

        def failed(error: BaseException) -> None:
            row.setProperty("running", False)
            done = next((p.done_bytes for p in partial_downloads(self.library) if p.name == name), 0)
            if isinstance(error, DownloadCancelled):
                row.set_progress(self.tr("Stopped: what was downloaded is kept, and Resume continues from there.")
                                 if done else self.tr("Stopped before anything was downloaded."),
                                 row.bar.value() / 1000 if row.bar.maximum() else 0.0)
            else:
                text = str(error)
                row.set_progress(fill(self.tr("Failed: %1."), text[:1].upper() + text[1:]), 0.0)
                row.status.setObjectName("errorNotice")
            if done:  # something to resume from
                row.set_buttons(Resume=lambda: self.start_download(reference, name),
                                Discard=lambda: self.discard_download(name))
            else:
                discard_download(name, self.library)  # nothing kept: no Resume button for nothing
                row.set_buttons(Try_again=lambda: self.start_download(reference, name),
                                Dismiss=lambda: self._drop_transfer(key))

        task = BackgroundTask(work, parent=self, long=True)
        task.progress.connect(lambda value: row.set_progress(*value))
        task.finished.connect(finished)
        task.failed.connect(failed)
        row.set_buttons(Cancel=task.cancel.set)
        self.tasks.add(task)
        task.start()

    def discard_download(self, name: str) -> None:
        from desktop_chat.core.library.hub import discard_download

        self.run(lambda _r: discard_download(name, self.library), lambda _r: self._drop_transfer(f"download:{name}"))

    def _show_partials(self) -> None:
        from desktop_chat.core.library.hub import partial_downloads

        for partial in partial_downloads(self.library):
            key = f"download:{partial.name}"
            if key in self.transfers:
                continue
            reference = f"{partial.repo_id}@{partial.revision}" if partial.revision else partial.repo_id
            row = self._transfer(key, f"{reference} → {partial.name}")
            fraction = partial.done_bytes / partial.total_bytes if partial.total_bytes else 0.0
            row.set_progress(fill(self.tr("unfinished: %1 of %2 downloaded"), gb(partial.done_bytes),
                                  gb(partial.total_bytes)), fraction)
            row.set_buttons(Resume=lambda _=False, r=reference, n=partial.name: self.start_download(r, n),
                            Discard=lambda _=False, n=partial.name: self.discard_download(n))

    # ------------------------------------------------------------------------------------ imports

    @Slot()
    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a Hugging Face model folder"))
        if folder:
            self._ask_name_and_import(folder)

    @Slot()
    def import_gguf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a GGUF file"), "", self.tr("GGUF models (*.gguf)"))
        if path:
            self.check_gguf_and_import(path)

    def check_gguf_and_import(self, path: str) -> None:
        """Read the file's header (off the GUI thread), ask whether to keep it as GGUF (when llama.cpp is
        installed) or convert it, refuse a file that is installed that way already, and ask for a name."""
        from pathlib import Path

        from desktop_chat.core.inference.gguf_runtime import RUNTIME, available
        from desktop_chat.core.library.importers import already_imported, describe_gguf

        source = Path(path)
        can_keep = available()

        def checked(result: Any) -> None:
            summary, kept, converted = result
            keep = self.ask_keep_gguf(summary) if can_keep else False
            if keep is None:
                return
            same = kept if keep else converted
            if same is not None:
                self.show_error(fill(self.tr("%1 is already in the library as %2 (the same file). Use that model, "
                                             "or delete it to import the file again."), source.name, same.name))
                return
            self._ask_name_and_import(path, summary.keep_note() if keep else summary.note(), keep_gguf=keep)

        self.run(lambda _report: (describe_gguf(source), already_imported(self.library, source, RUNTIME),
                                  already_imported(self.library, source)), checked)

    def ask_keep_gguf(self, summary: Any) -> bool | None:
        """Keep the file as GGUF (True), convert it (False), or neither (None)."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Import a GGUF file"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(fill(self.tr("How should %1 run?"), summary.path.name))
        box.setInformativeText(self.tr(
            "Keep it as GGUF: llama.cpp runs the quantised file as it is, smaller and several times faster on "
            "the CPU.\n\nConvert it: transformers runs an unquantised copy, which fine-tuning needs and a GPU "
            "runs in fp16. You can convert a kept model later."))
        keep = box.addButton(self.tr("Keep as GGUF"), QMessageBox.ButtonRole.AcceptRole)
        convert = box.addButton(self.tr("Convert"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is keep else False if clicked is convert else None

    def _ask_name_and_import(self, path: str, note: str = "", keep_gguf: bool = False) -> None:
        import re
        from pathlib import Path

        source = Path(path)
        suggestion = re.sub(r"[^a-z0-9._-]+", "-", (source.stem if source.suffix else source.name).lower())
        prompt = fill(self.tr("Name in the library for %1:"), source.name)
        name, ok = QInputDialog.getText(self, self.tr("Import model"), f"{note}\n\n{prompt}" if note else prompt,
                                        text=suggestion.strip("-._")[:64])
        if ok and name.strip():
            self.start_import(source, name.strip(), keep_gguf=keep_gguf)

    def start_import(self, path: Any, name: str, keep_gguf: bool = False) -> None:
        from desktop_chat.core.library.importers import import_path, keep_gguf as keep

        if keep_gguf:
            self._run_into_library(f"import:{name}", fill(self.tr("keeping %1 as GGUF → %2"), path, name),
                                   lambda progress: keep(path, name, library=self.library, progress=progress))
            return
        self._run_into_library(f"import:{name}", fill(self.tr("importing %1 → %2"), path, name),
                               lambda progress: import_path(path, name, library=self.library, progress=progress))

    @Slot()
    def convert_selected(self) -> None:
        """A transformers copy of the selected GGUF model (asks for its name)."""
        from desktop_chat.core.library.importers import converted_name

        info = self.selected()
        if info is None or not info.is_gguf:
            return
        name, ok = QInputDialog.getText(self, self.tr("Convert model"), fill(self.tr(
            "Name of the transformers copy of %1 (it can be fine-tuned; the GGUF model stays):"), info.name),
            text=converted_name(info))
        if ok and name.strip():
            self.convert(info, name.strip())

    def convert(self, info: ModelInfo, name: str) -> None:
        from desktop_chat.core.library.importers import convert_kept_gguf

        self._run_into_library(f"convert:{name}", fill(self.tr("converting %1 → %2"), info.name, name),
                               lambda progress: convert_kept_gguf(info, name, library=self.library,
                                                                  progress=progress))

    def _run_into_library(self, key: str, title: str, work: Any) -> None:
        """Run `work(progress)` (an import or merge that returns a ModelInfo) with a row of progress."""
        row = self._transfer(key, title)
        row.set_progress(self.tr("starting…"), None)
        row.set_buttons()

        def finished(info: ModelInfo) -> None:
            row.set_progress(fill(self.tr("%1 is in the library"), info.name), 1.0)
            row.set_buttons(Dismiss=lambda: self._drop_transfer(key))
            self.refresh()
            self.select(info.name)
            self.library_changed.emit()

        def failed(error: BaseException) -> None:
            row.set_progress(fill(self.tr("failed: %1"), error), 0.0)
            row.set_buttons(Dismiss=lambda: self._drop_transfer(key))

        self.run(lambda report: work(lambda stage, fraction: report((stage, fraction))),
                  finished, failed, lambda value: row.set_progress(*value), long=True)

    def installed_model_added(self, name: str) -> None:
        """A model came into the library from a tab (the cache): show it, and tell the window."""
        self.refresh()
        self.select(name)
        self.library_changed.emit()

    def mark_stale(self) -> None:
        """The library changed elsewhere: refresh now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.showEvent(None)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event is not None:
            super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
            self._on_selection()
        if self.cache_list.count() == 0:
            self.cache.scan_cache()
            self.recommended.estimate_fits()


def _date(stamp: str | None) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M") if stamp else "—"
    except ValueError:
        return stamp or "—"


