"""The blind A/B arena: two models answer the same prompts in a process of their own (no model in the
window, the chat's model stays loaded); each round shows the two answers in random order, without
saying which model wrote which until the vote; votes are stored and tallied (core/arena.py)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_chat.core.arena import ArenaStore, Tally
from desktop_chat.core.child import module_command
from desktop_chat.core.errors import HistoryError
from desktop_chat.core.feedback import FeedbackStore
from desktop_chat.core.i18n import fill
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.labels import plain_label
from desktop_chat.gui.layout import narrow_combo
from desktop_chat.gui.tasks import BackgroundTask

MAX_COLLECTED_PROMPTS = 20


class ArenaPanel(QWidget):
    """Choose two models and prompts, vote on anonymous answers, see the tally."""

    voted = Signal()  # a vote was stored (it may be a preference pair now)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.votes = ArenaStore(context.store)
        self.tasks: set[BackgroundTask] = set()
        self.rounds: list[dict[str, Any]] = []  # {prompt, a, b, a_first, vote}
        self.models: tuple[str, str] = ("", "")
        self.current = -1
        self._process: subprocess.Popen[str] | None = None
        self._process_lock = threading.Lock()
        self._random = random.Random()
        self._build()

    def _build(self) -> None:
        self.model_a = QComboBox()
        self.model_a.setAccessibleName(self.tr("First model"))
        self.model_b = QComboBox()
        self.model_b.setAccessibleName(self.tr("Second model"))
        for combo in (self.model_a, self.model_b):
            narrow_combo(combo, 12)
        self.prompts = QPlainTextEdit()
        self.prompts.setTabChangesFocus(True)
        self.prompts.setAccessibleName(self.tr("Prompts, one per line"))
        self.prompts.setPlaceholderText(self.tr("One prompt per line. Both models answer each one."))
        self.collected_button = QPushButton(self.tr("Use collected prompts"))
        self.collected_button.setToolTip(self.tr("The questions of the replies you rated or corrected, and the "
                                                 "questions a fine-tuning run held out"))
        self.collected_button.clicked.connect(self.use_collected_prompts)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        setup = QGridLayout()
        setup.addWidget(QLabel(self.tr("Model A:")), 0, 0)
        setup.addWidget(self.model_a, 0, 1)
        setup.addWidget(QLabel(self.tr("Model B:")), 1, 0)
        setup.addWidget(self.model_b, 1, 1)
        setup.setColumnStretch(1, 1)
        setup_buttons = QHBoxLayout()
        setup_buttons.addWidget(self.collected_button)
        setup_buttons.addStretch(1)
        setup_buttons.addWidget(self.stop_button)
        setup_buttons.addWidget(self.start_button)
        self.status = plain_label(wrap=True, accessible_name=self.tr("Arena status"))

        self.prompt_label = plain_label(object_name="roleLabel", wrap=True, accessible_name=self.tr("The prompt"))
        self.answers = []
        answers_row = QHBoxLayout()
        for number in (1, 2):
            box = QVBoxLayout()
            box.addWidget(plain_label(fill(self.tr("Answer %1"), number), object_name="badge"))
            answer = QPlainTextEdit()
            answer.setReadOnly(True)
            answer.setTabChangesFocus(True)
            answer.setAccessibleName(fill(self.tr("Answer %1"), number))
            box.addWidget(answer, 1)
            answers_row.addLayout(box, 1)
            self.answers.append(answer)
        self.vote_buttons = {
            "first": QPushButton(self.tr("Answer 1 is better")),
            "second": QPushButton(self.tr("Answer 2 is better")),
            "tie": QPushButton(self.tr("Tie")),
            "both_bad": QPushButton(self.tr("Both are bad")),
        }
        votes_row = QGridLayout()  # two by two: the four choices fit a narrow window
        for index, (key, button) in enumerate(self.vote_buttons.items()):
            button.clicked.connect(lambda _checked=False, k=key: self.vote(k))
            votes_row.addWidget(button, index // 2, index % 2)
        self.reveal = plain_label(wrap=True, accessible_name=self.tr("Who wrote which"))
        self.next_button = QPushButton(self.tr("Next prompt"))
        self.next_button.clicked.connect(self.next_round)
        votes_row.addWidget(self.next_button, 2, 0)
        votes_row.setColumnStretch(2, 1)
        self.round_box = QWidget()
        round_layout = QVBoxLayout(self.round_box)
        round_layout.setContentsMargins(0, 0, 0, 0)
        round_layout.addWidget(self.prompt_label)
        round_layout.addLayout(answers_row, 1)
        round_layout.addLayout(votes_row)
        round_layout.addWidget(self.reveal)
        self.round_box.hide()

        self.tally = QTableWidget(0, 3)
        self.tally.setAccessibleName(self.tr("Arena results"))
        self.tally.setHorizontalHeaderLabels([self.tr("Models"), self.tr("Votes"), self.tr("Preferred")])
        self.tally.verticalHeader().hide()
        self.tally.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tally.setTabKeyNavigation(False)
        self.tally.setMaximumHeight(140)
        header = self.tally.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addLayout(setup)
        self.prompts_label = plain_label(self.tr("Prompts:"), object_name="badge")
        layout.addWidget(self.prompts_label)
        layout.addWidget(self.prompts, 1)
        layout.addLayout(setup_buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.round_box, 3)
        layout.addWidget(plain_label(self.tr("Results so far (a tie or \"both are bad\" counts half for each; 95 % "
                                             "interval):"), object_name="badge", wrap=True))
        layout.addWidget(self.tally)

    # ------------------------------------------------------------------------------------ set-up

    def refresh(self) -> None:
        names = [m.name for m in self.context.chat_models()]
        for combo, fallback in ((self.model_a, 0), (self.model_b, 1)):
            wanted = combo.currentData()
            combo.clear()
            for name in names:
                combo.addItem(name, name)
            index = combo.findData(wanted)
            combo.setCurrentIndex(index if index >= 0 else min(fallback, len(names) - 1))
        self.show_tally()

    def choose(self, model_a: str, model_b: str) -> None:
        self.model_a.setCurrentIndex(self.model_a.findData(model_a))
        self.model_b.setCurrentIndex(self.model_b.findData(model_b))

    @Slot()
    def use_collected_prompts(self) -> None:
        """Fill the prompts with the questions of collected feedback and the runs' held-out questions."""
        prompts: list[str] = []
        for entry in FeedbackStore(self.context.store).entries():
            prompts.append(" ".join(entry.prompt.split()))
        for name in (self.model_a.currentData(), self.model_b.currentData()):
            prompts += held_out_prompts(name)
        unique = list(dict.fromkeys(p for p in prompts if p))[:MAX_COLLECTED_PROMPTS]
        if unique:
            self.prompts.setPlainText("\n".join(unique))
            self.status.clear()
        else:
            self.status.setText(self.tr("Nothing collected yet: rate or correct replies in your chats, or type "
                                        "prompts."))

    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.toPlainText().splitlines() if line.strip()]

    # ------------------------------------------------------------------------------------ answering

    @Slot()
    def start(self) -> None:
        """Ask both models, in a process of their own; voting starts when the answers are in."""
        model_a, model_b = self.model_a.currentData(), self.model_b.currentData()
        prompts = self.prompt_list()
        if not model_a or not model_b or model_a == model_b:
            self.status.setText(self.tr("Choose two different models."))
            return
        if not prompts:
            self.status.setText(self.tr("Type at least one prompt, or use the collected ones."))
            return
        self.models = (model_a, model_b)
        self.rounds = []
        self.current = -1
        self._show_round(False)
        enable(self.start_button, False, self.tr("The models are answering."))
        self.stop_button.show()
        count = len(prompts)
        self.status.setText(fill(self.tr("%1 and %2 are answering %n prompt(s), one model after the other…", "",
                                         count), model_a, model_b))

        task = BackgroundTask(lambda report: self._answer(model_a, model_b, prompts, report), parent=self, long=True)
        task.progress.connect(self._on_answers)
        task.finished.connect(self._on_answered)
        task.failed.connect(self._on_failed)
        self.tasks.add(task)
        task.start()

    def _answer(self, model_a: str, model_b: str, prompts: list[str], report: Any) -> list[dict[str, str]]:
        """The worker thread: run the arena module and collect its lines."""
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("\n".join(prompts) + "\n")
        try:
            command = module_command("desktop_chat.core.arena", "--a", model_a, "--b", model_b, "--prompts",
                                     f.name, "--lines")
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       encoding="utf-8", env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
            with self._process_lock:
                self._process = process
            results: list[dict[str, str]] = []
            assert process.stdout is not None and process.stderr is not None
            for line in process.stdout:
                if line.strip():
                    results.append(json.loads(line))
                    report(list(results))
            error = process.stderr.read()
            code = process.wait()
            if code != 0:
                if code < 0:
                    raise RuntimeError(QCoreApplication.translate("ArenaPanel", "stopped"))
                last = (error.strip().splitlines() or
                        [QCoreApplication.translate("ArenaPanel", "the models stopped unexpectedly")])[-1]
                raise RuntimeError(last.removeprefix("error: "))
            return results
        finally:
            with self._process_lock:
                self._process = None
            Path(f.name).unlink(missing_ok=True)

    @Slot()
    def stop(self) -> None:
        with self._process_lock:
            if self._process is not None:
                self._process.kill()

    @Slot(object)
    def _on_answers(self, results: list[dict[str, str]]) -> None:
        self.status.setText(fill(self.tr("Answers ready: %1."), len(results)))

    @Slot(object)
    def _on_answered(self, results: list[dict[str, str]]) -> None:
        self.stop_button.hide()
        enable(self.start_button, True)
        self.rounds = [{**r, "a_first": self._random.random() < 0.5, "vote": None} for r in results]
        self.status.setText(self.tr("Which answer is better? The models' names are shown after your vote."))
        self.next_round()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self.stop_button.hide()
        enable(self.start_button, True)
        self.status.setText(fill(self.tr("The models could not answer: %1"), error))

    # ------------------------------------------------------------------------------------ voting

    @Slot()
    def next_round(self) -> None:
        if self.current + 1 >= len(self.rounds):
            self._show_round(False)
            self.status.setText(self.tr("Every prompt has a vote. Start again with other prompts or models."))
            return
        self.current += 1
        item = self.rounds[self.current]
        self._show_round(True)
        self.prompt_label.setText(fill(self.tr("Prompt %1 of %2: %3"), self.current + 1, len(self.rounds),
                                       item["prompt"]))
        first, second = (item["a"], item["b"]) if item["a_first"] else (item["b"], item["a"])
        self.answers[0].setPlainText(first)
        self.answers[1].setPlainText(second)
        for button in self.vote_buttons.values():
            enable(button, True)
        enable(self.next_button, False, self.tr("Vote first."))
        self.reveal.clear()

    def _show_round(self, shown: bool) -> None:
        """While voting the round takes the prompts' place (a small screen has room for one of them)."""
        self.round_box.setVisible(shown)
        self.prompts.setVisible(not shown)
        self.prompts_label.setVisible(not shown)
        self.collected_button.setVisible(not shown)

    def shown_models(self) -> tuple[str, str]:
        """Which model wrote answer 1 and answer 2 of this round (for after the vote, and tests)."""
        item = self.rounds[self.current]
        model_a, model_b = self.models
        return (model_a, model_b) if item["a_first"] else (model_b, model_a)

    def vote(self, key: str) -> None:
        """Store the vote for the current round ("first", "second", "tie" or "both_bad") and reveal."""
        if not 0 <= self.current < len(self.rounds) or self.rounds[self.current]["vote"] is not None:
            return
        item = self.rounds[self.current]
        if key in ("first", "second"):
            first_is_a = item["a_first"]
            vote = "a" if (key == "first") == first_is_a else "b"
        else:
            vote = key
        try:
            self.votes.record(self.models[0], self.models[1], item["prompt"], item["a"], item["b"],
                              item["a_first"], vote)
        except HistoryError as exc:
            self.status.setText(fill(self.tr("The vote could not be saved: %1"), exc))
            return
        item["vote"] = vote
        for button in self.vote_buttons.values():
            enable(button, False, self.tr("This prompt has your vote."))
        enable(self.next_button, True)
        first, second = self.shown_models()
        self.reveal.setText(fill(self.tr("Answer 1 was written by %1, answer 2 by %2."), first, second))
        self.show_tally()
        self.voted.emit()

    def show_tally(self) -> None:
        tallies = self.votes.tallies()
        self.tally.setRowCount(len(tallies))
        for row, tally in enumerate(tallies):
            cells = (fill(self.tr("%1 vs %2"), tally.model_a, tally.model_b), f"{tally.votes:,}",
                     self.preferred_words(tally))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a narrow window cuts the names short
                self.tally.setItem(row, column, item)

    def preferred_words(self, tally: Tally) -> str:
        low, high = tally.interval()
        rate = tally.win_rate
        if rate >= 0.5:
            return fill(self.tr("%1 in %2 % of votes (%3–%4 %)"), tally.model_a, round(rate * 100),
                        round(low * 100), round(high * 100))
        return fill(self.tr("%1 in %2 % of votes (%3–%4 %)"), tally.model_b, round((1 - rate) * 100),
                    round((1 - high) * 100), round((1 - low) * 100))

    def shutdown(self) -> None:
        self.stop()


def held_out_prompts(model: str | None) -> list[str]:
    """The questions the fine-tuning run that made `model` held out of training (none if no run did)."""
    if not model:
        return []
    from desktop_chat.core.finetune.runner import list_runs

    for run in list_runs():
        if run.spec.out == model:
            data = run.latest_event("data") or {}
            return [p for p in data.get("eval_prompts", []) if isinstance(p, str)]
    return []
