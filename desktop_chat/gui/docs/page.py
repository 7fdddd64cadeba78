"""The Documents page: collections of files and folders to answer from, how far their indexing is,
the files that could not be read and why, and a chat that answers from a collection."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QListWidget, QMessageBox, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_chat.core.errors import DesktopChatError
from desktop_chat.core.i18n import fill
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.layout import ResponsiveSplitter
from desktop_chat.gui.notices import NoticeStack
from desktop_chat.gui.tasks import BackgroundTask
from desktop_chat.gui.tables import row_table

SHOWN_SKIPPED = 500  # files that could not be read, listed with their reason (the rest are counted)


class DocumentsPage(QWidget):
    """Page interface of gui/pages.py; `chat_requested` opens a chat answering from a collection."""

    library_changed = Signal()
    chat_with_documents = Signal(str)  # a collection's name: open a chat that answers from it
    collections_changed = Signal()  # made, deleted or read: the conversations' lists follow

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.indexer = context.indexer
        self._embedding_model: str | None = None  # the selected collection's
        self._build()
        self.indexer.progress.connect(self._on_progress)
        self.indexer.finished.connect(self._on_finished)
        self.indexer.failed.connect(self._on_failed)
        self.indexer.stopped.connect(lambda _name: self.refresh())
        self.refresh()

    # ------------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        title = QLabel(self.tr("Documents"))
        title.setObjectName("roleLabel")
        self.new_button = QPushButton(self.tr("New collection…"))
        self.new_button.setToolTip(self.tr("A named set of files and folders that chats can answer from"))
        self.new_button.clicked.connect(self.new_collection)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        self.notice = NoticeStack()

        self.table = row_table([self.tr("Collection"), self.tr("Files"), self.tr("Passages"), self.tr("State")],
                               self.tr("Collections"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.empty = QLabel(self.tr("No collections yet. Make one with New collection…, then add the folders or "
                                    "files to answer from: Markdown, text, code, PDF, Word and HTML."))
        self.empty.setWordWrap(True)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Indexing progress"))
        self.progress.setTextVisible(False)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)  # names are escaped: "R&D" shows as it is
        self.state.setAccessibleName(self.tr("Indexing state"))
        self.stop_button = QPushButton(self.tr("Stop reading"))
        self.stop_button.setToolTip(self.tr("What is read stays; the rest is read the next time (Read again, or "
                                            "at the next start)"))
        self.stop_button.clicked.connect(self.stop_reading)
        self.tasks: set[BackgroundTask] = set()
        self.sources = QListWidget()
        self.sources.setAccessibleName(self.tr("Files and folders in this collection"))
        self.sources.setMinimumHeight(60)
        self.sources.itemSelectionChanged.connect(self._update_buttons)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.remove_source_button = QPushButton(self.tr("Remove"))
        self.remove_source_button.setToolTip(self.tr("Take the selected file or folder out of the collection (the "
                                                     "file itself stays)"))
        self.reindex_button = QPushButton(self.tr("Read again"))
        self.reindex_button.setToolTip(self.tr("Read new and changed files, and forget deleted ones"))
        self.chat_button = QPushButton(self.tr("Chat with these documents"))
        self.chat_button.setObjectName("primary")
        self.delete_button = QPushButton(self.tr("Delete collection…"))
        self.add_folder_button.clicked.connect(self.add_folder)
        self.add_files_button.clicked.connect(self.add_files)
        self.remove_source_button.clicked.connect(self.remove_source)
        self.reindex_button.clicked.connect(self.reindex)
        self.chat_button.clicked.connect(self._chat)
        self.delete_button.clicked.connect(self.delete_collection)
        self.skipped = QTableWidget(0, 2)
        self.skipped.setHorizontalHeaderLabels([self.tr("File"), self.tr("Why it was not read")])
        self.skipped.setAccessibleName(self.tr("Files that could not be read"))
        self.skipped.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.skipped.verticalHeader().hide()
        self.skipped.horizontalHeader().setStretchLastSection(True)
        self.skipped.setTabKeyNavigation(False)
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        self.meaning = QComboBox()
        self.meaning.setAccessibleName(self.tr("Search by meaning with"))
        self.meaning.setToolTip(self.tr("Besides the question's words, find passages that mean the same in other "
                                        "words, with an embedding model of your library"))
        self.meaning.activated.connect(self._choose_embedding)
        meaning_label = QLabel(self.tr("Search by &meaning:"))
        meaning_label.setBuddy(self.meaning)
        self.meaning_hint = QLabel(self.tr("To search by meaning too, add an embedding model (sentence-transformers "
                                           "format) on the Models page."))
        self.meaning_hint.setWordWrap(True)
        self.meaning_hint.setObjectName("hint")

        buttons = QGridLayout()
        for index, button in enumerate((self.add_folder_button, self.add_files_button, self.remove_source_button,
                                        self.reindex_button, self.delete_button, self.chat_button)):
            buttons.addWidget(button, index // 2, index % 2)  # two a row: three did not fit an 800 px window
        details = QFrame()
        details.setObjectName("drawer")
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.state)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.stop_button)
        details_layout.addLayout(progress_row)
        details_layout.addWidget(QLabel(self.tr("<b>Added to this collection</b>")))
        details_layout.addWidget(self.sources, 1)
        meaning_row = QHBoxLayout()
        meaning_row.addWidget(meaning_label)
        meaning_row.addWidget(self.meaning, 1)
        details_layout.addLayout(meaning_row)
        details_layout.addWidget(self.meaning_hint)
        details_layout.addLayout(buttons)
        details_layout.addWidget(self.skipped_label)
        details_layout.addWidget(self.skipped, 1)
        self.details = details

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        split = ResponsiveSplitter(side_by_side_width=760)
        split.addWidget(left)
        split.addWidget(details)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        for button in (self.new_button, self.add_folder_button, self.add_files_button, self.remove_source_button,
                       self.reindex_button, self.chat_button, self.delete_button, self.stop_button):
            button.setAccessibleName(button.text().rstrip("…"))

    # ------------------------------------------------------------------------------------ state

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                self.table.selectRow(row)
                return

    def refresh(self) -> None:
        """Collections and their counts from the index (a short read)."""
        current = self.selected()
        collections = self.context.docs().collections()
        self.table.setRowCount(len(collections))
        for row, collection in enumerate(collections):
            values = (collection.name, f"{collection.files:,}", f"{collection.passages:,}", self._state(collection))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, collection.name)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not collections)
        self.table.setVisible(bool(collections))
        self.details.setVisible(bool(collections))
        if collections:
            names = [c.name for c in collections]
            self.select(current if current is not None and current in names else names[0])
        self._show_selected()

    def _state(self, collection: Any) -> str:
        if self.indexer.is_indexing(collection.name):
            done, total, _path, stage = self.indexer.progress_of(collection.name)
            return self._short_progress(done, total, stage)
        if collection.indexing_unfinished:
            return self.tr("unfinished: it goes on by itself")
        if collection.skipped:
            return self.tr("%n file(s) could not be read", "", collection.skipped)
        return self.tr("ready")

    @Slot()
    def _show_selected(self) -> None:
        name = self.selected()
        if name is None:
            self._update_buttons()
            return
        from desktop_chat.core.docs.indexer import skip_reason

        docs = self.context.docs()
        collection = docs.collection(name)
        self.sources.clear()
        self.sources.addItems(docs.sources(name))
        skipped = docs.files(name, status="skipped")
        self.skipped.setRowCount(min(len(skipped), SHOWN_SKIPPED))
        for row, file in enumerate(skipped[:SHOWN_SKIPPED]):
            where = QTableWidgetItem(Path(file.path).name)  # the whole path in its tooltip
            where.setToolTip(file.path)
            self.skipped.setItem(row, 0, where)
            reason = QTableWidgetItem(skip_reason(file.reason))
            reason.setToolTip(reason.text())
            self.skipped.setItem(row, 1, reason)
        self.skipped.setVisible(bool(skipped))
        self.skipped_label.setText(self.tr("%n file(s) could not be read:", "", len(skipped)) if skipped else "")
        self.skipped_label.setVisible(bool(skipped))
        self._show_meaning(collection)
        self._show_state(name, collection)
        self._update_buttons()

    def _show_meaning(self, collection: Any) -> None:
        """The choice of embedding model: words only, or one of the library's embedding models."""
        self._embedding_model = collection.embedding_model
        models = [m.name for m in self.context.models() if m.is_embedding]
        self.meaning.blockSignals(True)
        self.meaning.clear()
        self.meaning.addItem(self.tr("Off: by words only"), None)
        for model in models:
            self.meaning.addItem(model, model)
        if collection.embedding_model and collection.embedding_model not in models:
            self.meaning.addItem(fill(self.tr("%1 (not in the library any more)"), collection.embedding_model),
                                 collection.embedding_model)
        self.meaning.setCurrentIndex(max(0, self.meaning.findData(collection.embedding_model))
                                     if collection.embedding_model else 0)
        self.meaning.blockSignals(False)
        self.meaning_hint.setVisible(not models)

    def _show_state(self, name: str, collection: Any) -> None:
        indexing = self.indexer.is_indexing(name)
        self.progress.setVisible(indexing)
        self.stop_button.setVisible(indexing)
        if indexing:
            self._show_reading(*self.indexer.progress_of(name))
        elif collection.indexing_unfinished:
            self.state.setText(self.tr("Indexing did not finish; it goes on by itself, where it stopped."))
        elif collection.embedding_model and collection.passages:
            self.state.setText(fill(self.tr("%1: %2 files, %3 passages to answer from; %4 of them can also be found "
                                            "by meaning with %5."), html.escape(name), f"{collection.indexed:,}",
                                    f"{collection.passages:,}", f"{collection.vectors:,}",
                                    html.escape(collection.embedding_model)))
        else:
            self.state.setText(fill(self.tr("%1: %2 files, %3 passages to answer from."), html.escape(name),
                                    f"{collection.indexed:,}", f"{collection.passages:,}"))

    def _short_progress(self, done: int, total: int, stage: str) -> str:
        """The progress in the collections table."""
        if not total:
            return self.tr("looking for files")
        if stage == "embedding":
            return fill(self.tr("reading by meaning: %1 of %2 passages"), f"{done:,}", f"{total:,}")
        return fill(self.tr("reading %1 of %2 files"), f"{done:,}", f"{total:,}")

    def _show_reading(self, done: int, total: int, path: str, stage: str = "reading") -> None:
        self.progress.setVisible(True)
        self.stop_button.setVisible(True)
        self.progress.setRange(0, max(total, 0))  # 0 of 0: busy, not yet counted
        self.progress.setValue(done)
        if not total:
            self.state.setText(self.tr("Looking for files…"))
        elif stage == "embedding":
            self.state.setText(fill(self.tr("Reading by meaning: %1 of %2 passages get a vector of %3."),
                                    f"{done:,}", f"{total:,}", html.escape(self._embedding_model or "")))
        else:
            self.state.setText(fill(self.tr("Reading %1 of %2 files: %3"), f"{done:,}", f"{total:,}",
                                    html.escape(Path(path).name)))

    @Slot()
    def _update_buttons(self) -> None:
        name = self.selected()
        why = self.tr("Make or choose a collection first.")
        for button in (self.add_folder_button, self.add_files_button, self.reindex_button, self.delete_button,
                       self.chat_button):
            enable(button, name is not None, why)
        enable(self.remove_source_button, name is not None and bool(self.sources.selectedItems()),
               self.tr("Select a file or folder in the list first."))
        enable(self.meaning, name is not None, why)
        if name is not None and self.indexer.is_indexing(name):
            enable(self.reindex_button, False, self.tr("It is being read now."))
            enable(self.meaning, False, self.tr("It is being read now; choose when that is done, or stop the "
                                                "reading."))
            enable(self.delete_button, False, self.tr("It is being read now; delete it when that is done."))
            enable(self.remove_source_button, False, self.tr("It is being read now; remove files when that is "
                                                             "done, or stop the reading."))

    # ------------------------------------------------------------------------------------ indexing events

    @Slot(str, int, int, str, str)
    def _on_progress(self, name: str, done: int, total: int, path: str, stage: str) -> None:
        """Ten times a second while a collection is read: no query, only what the indexer said."""
        if not self.isVisible():
            return
        text = self._short_progress(done, total, stage)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            state = self.table.item(row, 3)
            if item is not None and state is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                state.setText(text)
        if name == self.selected():
            self._show_reading(done, total, path, stage)

    @Slot(str, object)
    def _on_finished(self, name: str, summary: Any) -> None:
        error = summary.get("embedding_error") if isinstance(summary, dict) else None
        if error:
            from desktop_chat.core.i18n import carried_message

            self.notice.show_notice(fill(self.tr("%1 is searched by words only for now: %2"), name,
                                         carried_message(error)), key=f"index:{name}", error=True)
        self.refresh()
        self.collections_changed.emit()

    @Slot(str, str)
    def _on_failed(self, name: str, message: str) -> None:
        self.notice.show_notice(fill(self.tr("%1: %2"), name, message), key=f"index:{name}", error=True)
        self.refresh()

    # ------------------------------------------------------------------------------------ actions

    def _run(self, action: Any) -> bool:
        """Run a change to the index; a problem is shown on the page. True when it worked."""
        try:
            action()
        except DesktopChatError as exc:
            self.notice.show_notice(str(exc)[:1].upper() + str(exc)[1:], key="docs-error", error=True)
            return False
        self.notice.dismiss("docs-error")
        return True

    @Slot()
    def new_collection(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name of the collection:"))
        if ok and name.strip() and self._run(lambda: self.context.docs().add_collection(name.strip())):
            self.refresh()
            self.select(name.strip())
            self.collections_changed.emit()
            self.add_folder()

    def add_paths(self, paths: list[str]) -> None:
        """Add files or folders to the selected collection and index it."""
        name = self.selected()
        if name is None or not paths:
            return
        if self._run(lambda: self.context.docs().add_sources(name, [Path(p) for p in paths])):
            self.indexer.index(name)
            self.refresh()

    @Slot()
    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder to the collection"))
        if folder:
            self.add_paths([folder])

    @Slot()
    def add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files to the collection"), "",
            self.tr("Documents (*.md *.txt *.pdf *.docx *.html *.htm *.rst *.py *.js *.ts *.json *.csv);;"
                    "All files (*)"))
        if files:
            self.add_paths(files)

    @Slot(int)
    def _choose_embedding(self, index: int) -> None:
        """Search the selected collection by meaning with the chosen model (or not), and make its vectors."""
        name, model = self.selected(), self.meaning.itemData(index)
        if name is None or model == self._embedding_model or self.indexer.is_indexing(name):
            return
        self._embedding_model = model
        self._in_background(lambda store: store.set_embedding_model(name, model),
                            then=lambda: self.indexer.index(name) if model else None)

    def _in_background(self, change: Any, then: Any = None) -> None:
        """Run `change(store)` on its own connection off the GUI thread (forgetting thousands of passages
        takes seconds), then show the result; a problem is shown on the page."""
        from desktop_chat.core.docs.store import DocsStore

        def work(_report: Any) -> None:
            store = DocsStore(self.context.docs().path)
            try:
                change(store)
            finally:
                store.close()

        def done(_result: Any) -> None:
            self.notice.dismiss("docs-error")
            if then is not None:
                then()
            self.refresh()
            self.collections_changed.emit()

        def failed(error: BaseException) -> None:
            text = str(error)
            self.notice.show_notice(text[:1].upper() + text[1:], key="docs-error", error=True)
            self.refresh()

        task = BackgroundTask(work, parent=self)
        task.finished.connect(done)
        task.failed.connect(failed)
        task.finished.connect(lambda _r, t=task: self.tasks.discard(t))
        task.failed.connect(lambda _e, t=task: self.tasks.discard(t))
        self.tasks.add(task)
        task.start()

    @Slot()
    def remove_source(self) -> None:
        name, items = self.selected(), self.sources.selectedItems()
        if name is not None and items and not self.indexer.is_indexing(name):
            paths = [Path(i.text()) for i in items]
            self._in_background(lambda store: store.remove_sources(name, paths))

    @Slot()
    def reindex(self) -> None:
        name = self.selected()
        if name is not None:
            self.indexer.index(name)
            self.refresh()

    @Slot()
    def delete_collection(self) -> None:
        name = self.selected()
        if name is None or self.indexer.is_indexing(name):
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete collection"), fill(self.tr(
            "Delete the collection %1 and its index? Your files are not touched."), name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name as it is written
        if box.exec() == QMessageBox.StandardButton.Yes:
            self._in_background(lambda store: store.remove_collection(name))

    @Slot()
    def stop_reading(self) -> None:
        name = self.selected()
        if name is not None:
            self.indexer.stop(name)

    @Slot()
    def _chat(self) -> None:
        name = self.selected()
        if name is not None:
            self.chat_with_documents.emit(name)

    # ------------------------------------------------------------------------------------ page interface

    def mark_stale(self) -> None:
        """The model library changed: the embedding models to choose from may have."""
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()
