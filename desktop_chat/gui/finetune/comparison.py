"""Before and after, on the Fine-tune page: the questions the run held out (and the user's own, and a
control question) answered by the base model and by the new one, side by side. The user's questions
are editable; "Compare again" asks them in a process of its own (core/finetune/compare.py), so no
model is ever loaded into the window's process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_chat.core.child import module_command
from desktop_chat.core.finetune.compare import SOURCES
from desktop_chat.core.i18n import fill
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.labels import plain_label
from desktop_chat.gui.tasks import BackgroundTask

COMPARE_TIMEOUT_S = 900
SHOWN_CHARS = 120  # of an answer in its cell (a rambling one would take the whole table); all of it in the tooltip
TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


def _cell(text: str) -> QTableWidgetItem:
    shown = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS].rstrip() + "…"
    item = QTableWidgetItem(shown)
    item.setToolTip(text)
    item.setTextAlignment(TOP_LEFT)
    return item


class ComparisonPanel(QGroupBox):
    """The side-by-side table and the user's own questions."""

    compared = Signal(object)  # a comparison dict (also after "Compare again")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(QCoreApplication.translate("ComparisonPanel", "Before and after"), parent)
        self.setAccessibleName(self.tr("Before and after comparison"))
        self.run_dir: Path | None = None
        self.tasks: set[BackgroundTask] = set()
        # Plain text: it quotes model names, and a comparison's errors.
        self.summary = plain_label(self.tr("When a run ends, its held-out questions are answered here by the base "
                                           "model and by the new one, so you can see what changed."), wrap=True,
                                   accessible_name=self.tr("Comparison summary"))
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Answers before and after training"))
        self.table.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Before"), self.tr("After")])
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(300)
        self.questions = QPlainTextEdit()
        self.questions.setTabChangesFocus(True)
        self.questions.setAccessibleName(self.tr("Your questions for the comparison"))
        self.questions.setPlaceholderText(self.tr("Your own questions, one per line (asked before and after training)"))
        self.questions.setMaximumHeight(72)
        self.again = QPushButton(self.tr("Compare again"))
        self.again.setAccessibleName(self.tr("Compare again"))
        self.again.clicked.connect(self.compare_again)
        enable(self.again, False, self.tr("A finished run is compared; this one has not finished."))
        row = QHBoxLayout()
        row.addWidget(self.questions, 1)
        row.addWidget(self.again, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def own_questions(self) -> list[str]:
        return [line.strip() for line in self.questions.toPlainText().splitlines() if line.strip()]

    def clear(self, run_dir: Path | None = None, finished: bool = False) -> None:
        self.run_dir = run_dir
        self.table.setRowCount(0)
        self.summary.setText(self.tr("When the run ends, its held-out questions are answered here by the base model "
                                     "and by the new one.") if not finished else
                             self.tr("This run has no comparison yet: press Compare again."))
        enable(self.again, finished, self.tr("A finished run is compared; this one has not finished."))

    def show_comparison(self, comparison: dict[str, Any]) -> None:
        """Fill the table from a comparison (compare.json or a "compare" event)."""
        results = comparison.get("results", [])
        self.table.setRowCount(len(results))
        for row, item in enumerate(results):
            source = QCoreApplication.translate("Core", SOURCES.get(item.get("source", ""), item.get("source", "")))
            question = _cell(fill(self.tr("%1\n(%2)", "a question, and where it comes from"), item.get("prompt", ""),
                                  source))
            self.table.setItem(row, 0, question)
            for column, key in ((1, "base"), (2, "tuned")):
                self.table.setItem(row, column, _cell(str(item.get(key, ""))))
        self.table.resizeRowsToContents()
        settings = comparison.get("settings", {})
        self.summary.setText(fill(self.tr("%1 (before) and %2 (after) answer the same questions, greedily, with at "
                                          "most %3 new tokens each."), comparison.get("base", ""),
                                  comparison.get("model", ""), settings.get("max_new_tokens", 64)))
        enable(self.again, True, "")
        self.compared.emit(comparison)

    @Slot()
    def compare_again(self) -> None:
        """Ask the held-out and the user's questions again, in a process of its own."""
        run_dir = self.run_dir
        if run_dir is None:
            return
        questions = self.own_questions()
        enable(self.again, False, self.tr("The models are answering."))
        self.summary.setText(self.tr("Asking both models…"))

        def work(_report: Any) -> Any:
            command = module_command("desktop_chat.core.finetune.compare", str(run_dir))
            for question in questions:
                command += ["--prompt", question]
            if not questions:
                command += ["--prompt", ""]  # the user cleared their questions: ask none of them
            done = subprocess.run(command, capture_output=True, text=True, timeout=COMPARE_TIMEOUT_S,
                                  env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or
                        [QCoreApplication.translate("ComparisonPanel", "the comparison stopped unexpectedly")])[-1]
                raise RuntimeError(last.removeprefix("error: "))
            return json.loads(done.stdout)

        task = BackgroundTask(work, parent=self, long=True)
        task.finished.connect(self.show_comparison)
        task.failed.connect(self._failed)
        self.tasks.add(task)
        task.start()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.summary.setText(fill(self.tr("The comparison could not run: %1"), error))
        enable(self.again, True, "")
