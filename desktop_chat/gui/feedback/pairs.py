"""Training pairs: what the user said about replies in chats (core/feedback.py), filterable by model
and date, each entry editable or excludable with the conversation it came from, and turned into
datasets: exported as JSONL, or trained on at once ("Train on these" starts a fine-tuning run)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QPushButton, QSplitter, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_chat.core import paths
from desktop_chat.core.errors import DesktopChatError, HistoryError
from desktop_chat.core.feedback import BAD, GOOD, UNRATED, FeedbackEntry, FeedbackStore, build_datasets, \
    export_datasets
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.labels import plain_label
from desktop_chat.gui.layout import narrow_combo
from desktop_chat.gui.tables import row_table

DAY_S = 24 * 3600
PERIODS = ((None, QT_TRANSLATE_NOOP("TrainingPairsPanel", "Any time")),
           (DAY_S, QT_TRANSLATE_NOOP("TrainingPairsPanel", "Today and yesterday")),
           (7 * DAY_S, QT_TRANSLATE_NOOP("TrainingPairsPanel", "The last 7 days")),
           (30 * DAY_S, QT_TRANSLATE_NOOP("TrainingPairsPanel", "The last 30 days")))


class TrainingPairsPanel(QWidget):
    """The collected feedback as a list, one entry's details, and the datasets made from it."""

    train_requested = Signal(str, list, str)  # base model, data files, a name for the result
    changed = Signal()  # feedback was edited here

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.feedback = FeedbackStore(context.store)
        self.entries: list[FeedbackEntry] = []
        self._filling = False
        self._build()

    def _build(self) -> None:
        self.model_filter = QComboBox()
        self.model_filter.setAccessibleName(self.tr("Only replies of this model"))
        self.period_filter = QComboBox()
        self.period_filter.setAccessibleName(self.tr("Only replies written in this period"))
        for seconds, words in PERIODS:
            self.period_filter.addItem(self.tr(words), seconds)
        for combo in (self.model_filter, self.period_filter):
            narrow_combo(combo, 8)
        self.model_filter.currentIndexChanged.connect(self.refresh)
        self.period_filter.currentIndexChanged.connect(self.refresh)
        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("Model:")), 0, 0)
        filters.addWidget(self.model_filter, 0, 1)
        filters.addWidget(QLabel(self.tr("Written:")), 1, 0)
        filters.addWidget(self.period_filter, 1, 1)
        filters.setColumnStretch(1, 1)

        self.table = row_table([self.tr("Included"), self.tr("Feedback"), self.tr("Model"), self.tr("Question")],
                               self.tr("Collected feedback"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.itemChanged.connect(self._on_item_changed)
        self.empty = plain_label(self.tr("Nothing collected yet. Rate replies in your chats as good or bad, correct "
                                         "them (Correct it), or mark the best of several versions: they are listed "
                                         "here and become training data."), object_name="badge", wrap=True)

        self.context_view = QPlainTextEdit()
        self.context_view.setReadOnly(True)
        self.context_view.setTabChangesFocus(True)
        self.context_view.setAccessibleName(self.tr("The conversation it came from"))
        self.rating = QComboBox()
        self.rating.setAccessibleName(self.tr("Rating"))
        for value, words in ((UNRATED, self.tr("Not rated")), (GOOD, self.tr("Good")), (BAD, self.tr("Bad"))):
            self.rating.addItem(words, value)
        self.rating.currentIndexChanged.connect(self._on_rating_chosen)
        self.correction = QPlainTextEdit()
        self.correction.setTabChangesFocus(True)
        self.correction.setAccessibleName(self.tr("Correction"))
        self.correction.setPlaceholderText(self.tr("The answer the model should have given (empty: none)."))
        self.save_correction = QPushButton(self.tr("Save the correction"))
        self.save_correction.clicked.connect(self._on_save_correction)
        details = QVBoxLayout()
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(plain_label(self.tr("The conversation, up to the reply:"), object_name="badge"))
        details.addWidget(self.context_view, 2)
        rating_row = QHBoxLayout()
        rating_row.addWidget(QLabel(self.tr("Rating:")))
        rating_row.addWidget(self.rating)
        rating_row.addStretch(1)
        details.addLayout(rating_row)
        details.addWidget(plain_label(self.tr("Correction:"), object_name="badge"))
        details.addWidget(self.correction, 1)
        details.addWidget(self.save_correction, 0, Qt.AlignmentFlag.AlignRight)
        self.details = QWidget()
        self.details.setLayout(details)
        self.details.setEnabled(False)

        self.summary = plain_label(object_name="badge", wrap=True, accessible_name=self.tr("What would be exported"))
        self.status = plain_label(wrap=True, accessible_name=self.tr("Export status"))
        self.export_sft = QPushButton(self.tr("Export training examples…"))
        self.export_sft.setToolTip(self.tr("Corrected replies and good ones, as {\"messages\": …} JSONL"))
        self.export_pairs = QPushButton(self.tr("Export preference pairs…"))
        self.export_pairs.setToolTip(self.tr("Chosen and rejected answers to the same prompt (the DPO format), "
                                             "as JSONL"))
        self.train_button = QPushButton(self.tr("Train on these"))
        self.train_button.setObjectName("primary")
        self.train_button.setToolTip(self.tr("Fine-tune the model on the training examples, on the Fine-tune page"))
        self.export_sft.clicked.connect(lambda: self._export("sft"))
        self.export_pairs.clicked.connect(lambda: self._export("pairs"))
        self.train_button.clicked.connect(self.train_on_these)
        buttons = QGridLayout()  # one above the other: they fit a window of 800×600 at a large font too
        buttons.addWidget(self.train_button, 0, 0)
        buttons.addWidget(self.export_sft, 1, 0)
        buttons.addWidget(self.export_pairs, 2, 0)
        buttons.setColumnStretch(1, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)
        split.addWidget(top)
        split.addWidget(self.details)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    # ------------------------------------------------------------------------------------ listing

    def filters(self) -> dict[str, Any]:
        period = self.period_filter.currentData()
        since = None
        if period is not None:
            midnight = time.mktime(time.localtime()[:3] + (0, 0, 0, 0, 0, -1))
            since = midnight - period + DAY_S
        return {"model": self.model_filter.currentData(), "since": since}

    @Slot()
    def refresh(self) -> None:
        """Read the feedback again (short SQLite reads) and show it with the current filters."""
        if self._filling:
            return
        selected = self.selected_entry()
        self._filling = True
        try:
            self._fill_models()
            self.entries = self.feedback.entries(**self.filters())
            self.table.setRowCount(len(self.entries))
            for row, entry in enumerate(self.entries):
                included = QTableWidgetItem()
                included.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled |
                                  Qt.ItemFlag.ItemIsSelectable)
                included.setCheckState(Qt.CheckState.Unchecked if entry.feedback.excluded else Qt.CheckState.Checked)
                included.setToolTip(self.tr("Untick to leave this reply out of the exported data"))
                self.table.setItem(row, 0, included)
                self.table.setItem(row, 1, QTableWidgetItem(self._feedback_words(entry)))
                self.table.setItem(row, 2, QTableWidgetItem(entry.message.model or ""))
                question = QTableWidgetItem(" ".join(entry.prompt.split()))
                question.setToolTip(entry.prompt)
                self.table.setItem(row, 3, question)
        finally:
            self._filling = False
        self.empty.setVisible(not self.entries)
        ids = [e.message.id for e in self.entries]
        if selected is not None and selected.message.id in ids:
            self.table.selectRow(ids.index(selected.message.id))
        else:
            self._show_selected()
        self._update_summary()

    def _fill_models(self) -> None:
        wanted = self.model_filter.currentData()
        models = self.feedback.models()
        self.model_filter.clear()
        self.model_filter.addItem(self.tr("All models"), None)
        for name in models:
            self.model_filter.addItem(name, name)
        index = self.model_filter.findData(wanted)
        self.model_filter.setCurrentIndex(max(index, 0))

    def _feedback_words(self, entry: FeedbackEntry) -> str:
        mark = entry.feedback
        if mark.correction:
            return self.tr("Corrected")
        if mark.rating == GOOD:
            return self.tr("Best version, good") if mark.best else self.tr("Good")
        if mark.rating == BAD:
            return self.tr("Bad")
        return self.tr("Best version")

    def _update_summary(self) -> None:
        datasets = build_datasets(self.context.store, **self.filters())
        self.summary.setText(fill(self.tr("What is included makes training examples: %1; preference pairs: %2."),
                                  f"{len(datasets.sft):,}", f"{len(datasets.pairs):,}"))
        enable(self.export_sft, bool(datasets.sft), self.tr("Rate a reply as good or correct one first."))
        enable(self.train_button, bool(datasets.sft), self.tr("Rate a reply as good or correct one first."))
        enable(self.export_pairs, bool(datasets.pairs),
               self.tr("Correct a reply, mark the best of several versions, or rate one version good and another "
                       "bad first."))

    # ------------------------------------------------------------------------------------ one entry

    def selected_entry(self) -> FeedbackEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    @Slot()
    def _show_selected(self) -> None:
        entry = self.selected_entry()
        self.details.setEnabled(entry is not None)
        self._filling = True
        try:
            if entry is None:
                self.context_view.clear()
                self.correction.clear()
                return
            speakers = {"system": self.tr("System"), "user": self.tr("You"), "assistant": self.tr("Assistant")}
            lines = [fill(self.tr("%1: %2"), speakers[m["role"]], m["content"]) for m in entry.context]
            lines.append(fill(self.tr("%1 (the reply): %2"), entry.message.model or self.tr("Assistant"),
                              entry.message.content))
            self.context_view.setPlainText("\n\n".join(lines))
            self.rating.setCurrentIndex(self.rating.findData(entry.feedback.rating))
            self.correction.setPlainText(entry.feedback.correction or "")
        finally:
            self._filling = False

    def _write(self, write: Any) -> None:
        try:
            write()
        except (HistoryError, DesktopChatError) as exc:
            self.status.setText(fill(self.tr("The change could not be saved: %1"), exc))
            return
        self.status.clear()
        self.refresh()
        self.changed.emit()

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or item.row() >= len(self.entries):
            return
        entry = self.entries[item.row()]
        excluded = item.checkState() != Qt.CheckState.Checked
        self._write(lambda: self.feedback.set_excluded(entry.message.id, excluded))

    @Slot(int)
    def _on_rating_chosen(self, _index: int) -> None:
        entry = self.selected_entry()
        if self._filling or entry is None:
            return
        rating = self.rating.currentData()
        self._write(lambda: self.feedback.rate(entry.message.id, rating))

    @Slot()
    def _on_save_correction(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            text = self.correction.toPlainText()
            self._write(lambda: self.feedback.correct(entry.message.id, text))

    # ------------------------------------------------------------------------------------ datasets

    def _export(self, which: str) -> None:
        title = self.tr("Export training examples") if which == "sft" else self.tr("Export preference pairs")
        default = str(Path.home() / ("feedback-sft.jsonl" if which == "sft" else "feedback-pairs.jsonl"))
        path, _ = QFileDialog.getSaveFileName(self, title, default, self.tr("JSON Lines (*.jsonl)"))
        if path:
            self.export_to(Path(path), which)

    def export_to(self, path: Path, which: str) -> bool:
        """Write one dataset to `path`; the outcome is said under the buttons."""
        try:
            sft, pairs = (path, None) if which == "sft" else (None, path)
            result = export_datasets(self.context.store, sft, pairs, **self.filters())
        except (DesktopChatError, OSError) as exc:
            self.status.setText(fill(self.tr("Nothing was exported: %1"), exc))
            return False
        self.status.setText(" ".join(result.lines()))
        return True

    @Slot()
    def train_on_these(self) -> None:
        """Export the training examples into the data folder and start fine-tuning on them."""
        datasets = build_datasets(self.context.store, **self.filters())
        if not datasets.sft:
            return
        target = paths.data_dir() / "feedback" / time.strftime("sft-%Y%m%d-%H%M%S.jsonl")
        if not self.export_to(target, "sft"):
            return
        base = self._base_model()
        if base is None:
            self.status.setText(self.tr("There is no local model to train; add one on the Models page."))
            return
        self.train_requested.emit(base, [str(target)], self._free_name(f"{base}-feedback"))

    def _base_model(self) -> str | None:
        """The filter's model, else the one most of the replies came from; an adapter trains its base."""
        name = self.model_filter.currentData()
        if name is None:
            counts: dict[str, int] = {}
            for entry in self.entries:
                if entry.message.model and not entry.feedback.excluded:
                    counts[entry.message.model] = counts.get(entry.message.model, 0) + 1
            name = max(counts, key=lambda n: counts[n]) if counts else self.context.default_model()
        info = self.context.model_info(name)
        if info is not None and info.kind == "adapter" and info.base:
            return info.base
        if info is None or info.kind == "remote":
            return self.context.default_model()
        return name

    def _free_name(self, wanted: str) -> str:
        taken = {m.name for m in self.context.models()}
        name, number = wanted, 2
        while name in taken:
            name, number = f"{wanted}-{number}", number + 1
        return name
