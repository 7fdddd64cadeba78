"""The Fine-tune page: base model, data files (drag and drop) with their validation, method and
presets with advanced settings, a memory and time estimate, Start / Cancel / Resume, live curves,
progress, the log, the scale-out command, and "Chat with it" when done.

Training runs in its own process (core/finetune/worker.py); this page only starts it and follows
its events.jsonl, so it can be closed and reopened (or the window restarted) while a run goes on.
"""

from __future__ import annotations

import html
import threading
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QPlainTextEdit, QProgressBar, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from desktop_chat.core.errors import DesktopChatError
from desktop_chat.core.finetune.compare import saved_comparison
from desktop_chat.core.finetune.health import diagnose, too_few_steps
from desktop_chat.core.i18n import carried_message, fill, translate
from desktop_chat.core.finetune.presets import CUSTOM, PLANNED_FIELDS, PRESETS
from desktop_chat.core.finetune.runner import STATE_WORDS, Run, describe_smoke_result, list_runs, new_run
from desktop_chat.core.finetune.spec import RunSpec, dpo_available
from desktop_chat.gui.buttons import enable
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.finetune.chart import TrainingChart
from desktop_chat.gui.finetune.comparison import ComparisonPanel
from desktop_chat.gui.finetune.form_fields import ADVANCED, FormField, changed_signal, make_widget, set_value, \
    translated, value_of
from desktop_chat.gui.layout import ResponsiveSplitter, narrow_combo
from desktop_chat.gui.notices import NoticeStack
from desktop_chat.gui.palette import Palette
from desktop_chat.gui.tasks import BackgroundTask

EARLY_STOPPING_OFFERED = 3  # evaluations without improvement, when the page turns early stopping on


# The runs' states (core/finetune/runner.py), shown translated (context "FinetunePage").
class RunFollower(QObject):
    """Follows one run's events on a thread; they arrive on the GUI thread in batches as `events`
    (one batch per poll, so a reattach to a long run is one update, not thousands)."""

    events = Signal(object)
    ended = Signal(str)
    _events = Signal(object)
    _ended = Signal(str)

    def __init__(self, run: Run, parent: QObject | None = None):
        super().__init__(parent)
        self.run = run
        self.stop = threading.Event()
        self._events.connect(self.events, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self.ended, Qt.ConnectionType.QueuedConnection)

    def start(self) -> RunFollower:
        self.follow_thread = threading.Thread(
            target=lambda: self._ended.emit(self.run.follow(self._events.emit, self.stop)),
            name="desktop-chat-run-follower", daemon=True)
        self.follow_thread.start()
        return self

    def detach(self) -> None:
        """Stop following; batches already on their way reach nobody."""
        self.stop.set()
        self.events.disconnect()
        self.ended.disconnect()


class DataList(QListWidget):
    """The training files; takes files and folders dropped from a file manager."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setAccessibleName(self.tr("Training data files"))
        self.setToolTip(self.tr("Drop .jsonl, .csv, .tsv, .txt or .md files or folders here"))

    def paths(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def add_paths(self, paths: list[str]) -> None:
        existing = set(self.paths())
        for path in paths:
            if path and path not in existing:
                self.addItem(path)
                existing.add(path)
        self.changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self.add_paths([url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()


class FinetunePage(QWidget):
    chat_requested = Signal(str)  # a model name to open a conversation with
    library_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.run: Run | None = None
        self.follower: RunFollower | None = None
        self.report: Any = None
        self.tasks: set[BackgroundTask] = set()
        self._validation_serial = 0
        self._step_times: list[tuple[float, int]] = []
        self._run_events: list[dict[str, Any]] = []  # the attached run's events so far (for its findings)
        self._findings_seen: set[str] = set()  # shown once each; one the user dismissed stays dismissed
        self._watching_live = False  # the attached run was training when attached (not a finished one reopened)
        self._plan_text = ""  # what the preset chose for the checked data
        self._estimate: Any = None  # the memory and time estimate of the last check
        self._filling = False  # the page itself is setting fields (from a preset): not the user's edit
        self._start_when_checked = False  # "Train on these" (Feedback page): start once the data checks out
        self._build()
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(400)
        self._validate_timer.timeout.connect(self.validate)
        self._stale = True

    # ------------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.base = narrow_combo(QComboBox(), 16)  # "name (GGUF: convert it first)" must not widen the page
        self.base.setAccessibleName(self.tr("Base model"))
        self.base.currentIndexChanged.connect(self._on_setup_changed)
        self.data = DataList()
        self.data.setMinimumHeight(80)
        self.data.setMaximumHeight(200)  # a list of files scrolls; the form below it should stay in view
        self.data.changed.connect(self._on_setup_changed)
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add folder…"))
        remove = QPushButton(self.tr("Remove"))
        add_files.setAccessibleName(self.tr("Add data files"))
        add_folder.setAccessibleName(self.tr("Add a data folder"))
        remove.setAccessibleName(self.tr("Remove the selected data"))
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        remove.clicked.connect(self._remove_selected)
        data_buttons = QHBoxLayout()
        for button in (add_files, add_folder, remove):
            data_buttons.addWidget(button)
        self.validation = QLabel(self.tr("Add training data: JSONL conversations, prompt/completion or Alpaca records, "
                                         "CSV/TSV with prompt and response columns, or text files."))
        self.validation.setWordWrap(True)
        self.validation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.validation.setAccessibleName(self.tr("Data check"))

        self.preset = narrow_combo(QComboBox(), 16)
        for key, preset in PRESETS.items():  # core marks the titles (context "Core")
            self.preset.addItem(QCoreApplication.translate("Core", preset.title), key)
        self.preset.addItem(self.tr("Custom"), CUSTOM)
        self.preset.setCurrentIndex(self.preset.findData("balanced"))
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setToolTip(self.tr("How much to learn, scaled to your data; Custom keeps the settings below as "
                                       "you set them"))
        self.preset.activated.connect(self._on_setup_changed)
        self.method = narrow_combo(QComboBox(), 16)
        self.method.addItem(self.tr("LoRA adapter (fast, small)"), "lora")
        self.method.addItem(self.tr("Full fine-tuning (all weights)"), "full")
        self.method.setAccessibleName(self.tr("Method"))
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self.objective = narrow_combo(QComboBox(), 16)  # its longest item would widen the page past 800 px
        self.objective.addItem(self.tr("Learn the answers (SFT)"), "sft")
        self.objective.addItem(self.tr("Prefer the chosen answers (DPO, preference pairs)"), "dpo")
        self.objective.setAccessibleName(self.tr("Objective"))
        self.objective.setToolTip(self.tr("SFT learns the assistant's answers; DPO learns from preference pairs "
                                          "(a chosen and a rejected answer, as the Feedback page exports them) to "
                                          "prefer the chosen one, with LoRA"))
        if not dpo_available():
            item = self.objective.model().item(1)  # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip(self.tr("Preference training needs the trl package: pip install 'desktop-chat[dpo]'."))
        self.objective.currentIndexChanged.connect(self._on_objective_changed)
        self.out = QLineEdit()
        self.out.setPlaceholderText(self.tr("name of the new model, e.g. support-bot"))
        self.out.setAccessibleName(self.tr("New model name"))
        self.merge = QCheckBox(self.tr("Merge into a standalone model"))
        self.merge.setToolTip(self.tr("Save base + adapter as one model (bigger) instead of a small adapter"))
        self.merge.setAccessibleName(self.tr("Merge the adapter"))

        self.fields: dict[str, QWidget] = {}
        for field in ADVANCED:
            widget = make_widget(field)
            changed_signal(field, widget).connect(lambda *_args, f=field: self._on_field_edited(f))
            self.fields[field.name] = widget
            setattr(self, field.attribute, widget)  # page.lr, page.epochs…: what tests and scripts reach

        self.convert_base_button = QPushButton(self.tr("Convert it for fine-tuning"))
        self.convert_base_button.setAccessibleName(self.tr("Convert the GGUF base model for fine-tuning"))
        self.convert_base_button.setToolTip(self.tr("Make a transformers copy of this GGUF model and train that (the "
                                                    "GGUF model stays)"))
        self.convert_base_button.clicked.connect(self.convert_base)
        self.convert_base_button.hide()
        setup = QFormLayout()
        setup.addRow(self.tr("Base model"), self.base)
        setup.addRow("", self.convert_base_button)
        setup.addRow(self.tr("Preset"), self.preset)
        setup.addRow(self.tr("Method"), self.method)
        setup.addRow(self.tr("Objective"), self.objective)
        setup.addRow(self.tr("Save as"), self.out)
        setup.addRow("", self.merge)
        advanced = QGroupBox(self.tr("Advanced"))
        advanced.setCheckable(True)
        advanced.setChecked(False)
        advanced.setAccessibleName(self.tr("Advanced settings"))
        advanced_form = QFormLayout()
        for field in ADVANCED:
            advanced_form.addRow(translated(field.label), self.fields[field.name])
        advanced_body = QWidget()
        advanced_body.setLayout(advanced_form)
        advanced_body.hide()
        advanced.toggled.connect(advanced_body.setVisible)
        advanced_layout = QVBoxLayout(advanced)
        advanced_layout.addWidget(advanced_body)
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.estimate.setAccessibleName(self.tr("Memory and time estimate"))
        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName(self.tr("Start training"))
        enable(self.start_button, False, self.tr("Add training data first: files or folders, on the left."))
        self.start_button.clicked.connect(self.start)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("<b>Training data</b>")))
        left_layout.addWidget(self.data, 1)
        left_layout.addLayout(data_buttons)
        left_layout.addWidget(self.validation)
        left_layout.addLayout(setup)
        left_layout.addWidget(advanced)
        left_layout.addWidget(self.estimate)
        left_layout.addWidget(self.start_button)
        self.form_scroll = left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(320)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.runs = QComboBox()
        self.runs.setAccessibleName(self.tr("Runs"))
        self.runs.activated.connect(self._on_run_chosen)
        self.status = QLabel(self.tr("No run yet."))
        self.status.setObjectName("roleLabel")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Run status"))
        self.findings = NoticeStack(margins=(0, 0, 0, 0))
        self.findings.setAccessibleName(self.tr("Is the run learning?"))
        self.comparison = ComparisonPanel()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Training progress"))
        self.chart = TrainingChart()
        self.chart.set_palette(self.context.colors)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setAccessibleName(self.tr("Training log"))
        self.log.setMaximumBlockCount(5000)
        self.log.setTabChangesFocus(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.chat_button = QPushButton(self.tr("Chat with it"))
        self.chat_button.setObjectName("primary")
        for button in (self.cancel_button, self.resume_button, self.chat_button):
            button.setAccessibleName(button.text())
        self._update_buttons("none")
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(self.resume)
        self.chat_button.clicked.connect(self._chat_with_result)
        self.scale_out = QLineEdit()
        self.scale_out.setReadOnly(True)
        self.scale_out.setAccessibleName(self.tr("Command to run this training on several GPUs"))
        copy_command = QPushButton(self.tr("Copy"))
        copy_command.setAccessibleName(self.tr("Copy the scale-out command"))
        copy_command.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.scale_out.text()))
        run_row = QHBoxLayout()
        run_row.addWidget(QLabel(self.tr("Run:")))
        run_row.addWidget(self.runs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        buttons.addWidget(self.chat_button)
        scale_row = QHBoxLayout()
        scale_row.addWidget(QLabel(self.tr("On several GPUs or machines:")))
        scale_row.addWidget(self.scale_out, 1)
        scale_row.addWidget(copy_command)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(run_row)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.findings)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.chart, 3)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.comparison, 2)
        right_layout.addWidget(self.log, 2)
        right_layout.addLayout(scale_row)

        right.setMinimumWidth(320)
        # Below the form on a narrow window: it scrolls instead of overlapping.
        self.right_scroll = right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setWidget(right)
        right.setMinimumHeight(700)
        self.split = split = ResponsiveSplitter(side_by_side_width=740)
        split.addWidget(left_scroll)
        split.addWidget(right_scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([440, 560])
        title = QLabel(self.tr("Fine-tune"))
        title.setObjectName("roleLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------------------------ state

    def refresh(self) -> None:
        """Models and runs from disk; reattach to a run that is still going."""
        current = self.base.currentData()
        self.base.blockSignals(True)
        self.base.clear()
        for info in self.context.chat_models():
            if info.kind == "local":  # a GGUF model is listed too: choosing it offers to convert it
                label = fill(self.tr("%1 (GGUF: convert it first)"), info.name) if info.is_gguf else info.name
                self.base.addItem(label, info.name)
        default = current or self.context.default_model()
        self.base.setCurrentIndex(max(self.base.findData(default), 0))
        self.base.blockSignals(False)
        self._refresh_runs()
        if self.run is None:
            running = next((r for r in list_runs() if r.state() == "running"), None)
            if running is not None:
                self.attach(running)

    def _refresh_runs(self) -> None:
        chosen = self.run.id if self.run else None
        self.runs.blockSignals(True)
        self.runs.clear()
        for run in list_runs():
            self.runs.addItem(fill(self.tr("%1 · %2"), run.id, translate("Core", STATE_WORDS.get(run.state(),
                                                                                             run.state()))),
                              run.id)
        if chosen:
            self.runs.setCurrentIndex(max(self.runs.findData(chosen), 0))
        self.runs.blockSignals(False)

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

    def spec(self) -> RunSpec:
        preset = self.preset.currentData()
        return RunSpec(
            base=self.base.currentData() or "", data=self.data.paths(), out=self.out.text().strip(),
            method=self.method.currentData(), objective=self.objective.currentData(),
            merge=self.merge.isChecked(), device=self.context.settings.device,
            preset=preset, plan=self._plan_text if preset != CUSTOM else "",
            compare_prompts=self.comparison.own_questions(),
            **{field.name: value_of(field, self.fields[field.name]) for field in ADVANCED},
        )

    def _on_field_edited(self, field: FormField) -> None:
        """A setting changed: one the preset decides, changed by the user, makes the run Custom."""
        if not self._filling and field.name in PLANNED_FIELDS and self.preset.currentData() != CUSTOM:
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self._plan_text = ""
            self._show_estimate(self._estimate)  # no longer the preset's plan (the new figures follow)
        self._on_setup_changed()

    def _fill_from(self, spec: RunSpec) -> None:
        """Show what the preset chose for this data in the advanced fields."""
        self._filling = True
        try:
            for field in ADVANCED:
                if field.name in PLANNED_FIELDS:
                    set_value(field, self.fields[field.name], getattr(spec, field.name))
        finally:
            self._filling = False

    @Slot(int)
    def _on_method_changed(self, _index: int) -> None:
        if self.preset.currentData() == CUSTOM:
            # Full fine-tuning moves every weight: a LoRA learning rate would wreck the model.
            learning_rate = next(f for f in ADVANCED if f.name == "learning_rate")
            self._filling = True
            set_value(learning_rate, self.fields["learning_rate"],
                      RunSpec(base="", data=[], out="", method=self.method.currentData(),
                              objective=self.objective.currentData()).lr)
            self._filling = False
        self._on_setup_changed()  # a preset chooses the learning rate for the method when the data is checked

    def _base_info(self) -> Any:
        name = self.base.currentData()
        return next((m for m in self.context.models() if m.name == name), None) if name else None

    @Slot()
    def convert_base(self) -> None:
        """Convert the chosen GGUF base into a transformers model (off the GUI thread) and choose that."""
        from desktop_chat.core.library.importers import convert_kept_gguf, converted_copy, converted_name

        info = self._base_info()
        if info is None or not info.is_gguf:
            return
        name = converted_name(info)
        library = self.context.library
        enable(self.convert_base_button, False, self.tr("Converting…"))
        self.validation.setText(fill(self.tr("Converting %1 into %2…"), info.name, name))

        def converted(copy: Any) -> None:
            enable(self.convert_base_button, True)
            self.context.forget_models()
            self.refresh()
            index = self.base.findData(copy.name)
            if index >= 0:
                self.base.setCurrentIndex(index)
            self.library_changed.emit()
            self._on_setup_changed()

        def failed(error: BaseException) -> None:
            enable(self.convert_base_button, True)
            self.validation.setText(fill(self.tr("The conversion failed: %1"), html.escape(str(error))))

        def work(report: Any) -> Any:
            return converted_copy(library, info) or convert_kept_gguf(
                info, name, library=library, progress=lambda stage, fraction: report((stage, fraction)))

        task = BackgroundTask(work, parent=self, long=True)
        task.progress.connect(lambda value: self.validation.setText(fill(self.tr("Converting %1 into %2: %3"),
                                                                         info.name, name, value[0])))
        task.finished.connect(converted)
        task.failed.connect(failed)
        self.tasks.add(task)
        task.start()

    def train_on(self, base: str, files: list[str], out: str) -> None:
        """Set the page up to train `base` on `files` as `out` (the preset as chosen) and start the run as
        soon as the data is checked; a problem with the data is shown instead, and nothing starts."""
        if self._stale:
            self._stale = False
            self.refresh()
        index = self.base.findData(base)
        if index >= 0:
            self.base.setCurrentIndex(index)
        self.data.clear()
        self.data.add_paths(files)
        self.out.setText(out)
        self._start_when_checked = True
        self._validate_timer.stop()
        self.validate()

    @Slot(int)
    def _on_objective_changed(self, _index: int) -> None:
        """Preference training trains a LoRA adapter (its base is the reference): the method follows."""
        if self.objective.currentData() == "dpo":
            self.method.setCurrentIndex(self.method.findData("lora"))
            self.method.setEnabled(False)
            self.method.setToolTip(self.tr("Preference training (DPO) trains a LoRA adapter."))
        else:
            self.method.setEnabled(True)
            self.method.setToolTip("")
        self._on_method_changed(0)  # a Custom run takes the objective's usual learning rate

    def _add_files(self) -> None:
        filters = self.tr("Training data (*.jsonl *.csv *.tsv *.txt *.md);;All files (*)")
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Training data"), "", filters)
        self.data.add_paths(files)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of training data"))
        if folder:
            self.data.add_paths([folder])

    def _remove_selected(self) -> None:
        for item in self.data.selectedItems():
            self.data.takeItem(self.data.row(item))
        self.data.changed.emit()

    # ------------------------------------------------------------------------------------ validation

    @Slot()
    def _on_setup_changed(self, *_: Any) -> None:
        self._validate_timer.start()

    @Slot()
    def validate(self) -> None:
        """Check the data with the base model's tokenizer, off the GUI thread."""
        spec = self.spec()
        self._validation_serial += 1
        serial = self._validation_serial
        base = self._base_info()
        self.convert_base_button.setVisible(base is not None and base.is_gguf)
        if base is not None and base.is_gguf:
            self.report = None
            self.estimate.clear()
            self.validation.setText(fill(self.tr("%1 is kept as GGUF and runs with llama.cpp, which cannot train it. "
                                                 "Convert it for fine-tuning: a transformers copy is made (%2) and "
                                                 "trained; the GGUF model stays."), base.name, base.quantization))
            enable(self.start_button, False, self.tr("Convert the GGUF base model first (the button under it)."))
            if self._start_when_checked:  # "Train on these" with a GGUF model: nothing starts by itself later
                self._start_when_checked = False
                self.status.setText(fill(self.tr("The run did not start: %1"), self.start_button.toolTip()))
            return
        if not spec.data or not spec.base:
            enable(self.start_button, False, self.tr("Add training data first: files or folders, on the left.")
                   if spec.base else self.tr("Choose a base model first."))
            self.report = None
            self.estimate.clear()
            return
        enable(self.start_button, False, self.tr("The data is being checked."))
        self.validation.setText(self.tr("Checking the data…"))

        def work(_report: Any) -> Any:
            from desktop_chat.core.finetune.data import check_data
            from desktop_chat.core.finetune.estimate import plan_run
            from desktop_chat.core.inference.devices import resolve_device

            info = self.context.library.get(spec.base)
            report = check_data(spec, info.path)
            planned, estimate = plan_run(spec, info, report, resolve_device(spec.device).type)
            return report, planned, estimate

        task = BackgroundTask(work, parent=self)
        task.finished.connect(lambda result: self._show_validation(serial, *result))
        task.failed.connect(lambda error: self._show_validation(serial, None, None, None, error))
        self.tasks.add(task)
        task.start()

    def _show_validation(self, serial: int, report: Any, planned: RunSpec | None, estimate: Any,
                         error: BaseException | None = None) -> None:
        if serial != self._validation_serial:
            return  # the setup changed again meanwhile
        self.report = report
        # Lines quote the user's files (paths, JSON keys): escaped, or `<img src=…>` in a key would load.
        if error is not None:
            self.validation.setText(f"<span style='color:{self.context.colors.danger}'>{html.escape(str(error))}"
                                    "</span>")
            enable(self.start_button, False, self.tr("The data could not be checked (see above)."))
            return
        lines = report.lines()
        problems = set(report.problems)
        self.validation.setText("<br>".join(
            f"<span style='color:{self.context.colors.danger}'>{html.escape(line)}</span>" if line in problems
            else html.escape(line)
            for line in lines))
        if planned is not None and planned.preset != CUSTOM:
            self._fill_from(planned)
            self._plan_text = planned.plan
        self._show_estimate(estimate)
        if problems:
            enable(self.start_button, False, self.tr("Fix the problems the data check lists first."))
        elif not report.examples:
            enable(self.start_button, False, self.tr("The data has no training examples."))
        else:
            enable(self.start_button, self.run_is_idle(),
                   self.tr("A run is training; wait for it to end, or cancel it."))
        if self._start_when_checked:
            self._start_when_checked = False
            if self.start_button.isEnabled():
                self.start()
            else:
                self.status.setText(fill(self.tr("The run did not start: %1"), self.start_button.toolTip()))

    def _show_estimate(self, estimate: Any) -> None:
        """What the preset chose (if one did), the memory and time, and a word when that is too little."""
        self._estimate = estimate
        lines = [self._plan_text] if self.preset.currentData() != CUSTOM and self._plan_text else []
        if estimate is not None:  # the plan's sentence already says the time
            lines.append(estimate.memory_sentence() if lines else estimate.line())
            warning = too_few_steps(estimate.steps)
            if warning:
                lines.append(warning)
        self.estimate.setText("\n".join(lines))

    def run_is_idle(self) -> bool:
        return self.run is None or self.run.state() != "running"

    # ------------------------------------------------------------------------------------ running

    @Slot()
    def start(self) -> None:
        spec = self.spec()
        try:
            spec.validate()
            if self.context.library.has(spec.out):
                raise DesktopChatError(fill(self.tr("a model named '%1' is already installed; choose another name"),
                                            spec.out))
            training = next((r for r in list_runs() if r.state() == "running"), None)
            if training is not None:  # two runs would fight for the same GPU and memory
                raise DesktopChatError(fill(self.tr("run %1 is still training: wait for it or cancel it first"),
                                            training.id))
        except DesktopChatError as exc:
            self.status.setText(str(exc))
            return
        engine = self.context.bridge.engine
        if engine.status is not None and engine.status.device.startswith("cuda"):
            # One model on the GPU at a time: the chat model makes room for training.
            self.context.bridge.unload()
            self.log.appendPlainText(self.tr("The chat model was unloaded to leave the GPU to training."))
        run = new_run(spec)
        run.start()
        self.attach(run)
        self._refresh_runs()

    def attach(self, run: Run) -> None:
        """Show `run` (its events so far, then live ones)."""
        if self.follower is not None:
            self.follower.detach()
        self.run = run
        self.chart.clear()
        self.log.clear()
        self._step_times = []
        self._run_events = []
        self._findings_seen = set()
        for key in self.findings.keys():
            self.findings.dismiss(key)
        self.progress.setValue(0)
        state = "running" if run.alive() else run.state()
        self._watching_live = state == "running"
        self.comparison.clear(run.dir, finished=state == "done")
        # Until its events arrive, say which run this is and what it does: never the last run's "Done".
        self.status.setText(fill({"running": self.tr("Run %1: starting…"), "done": self.tr("Run %1: finished."),
                                  "failed": self.tr("Run %1: failed."), "cancelled": self.tr("Run %1: stopped.")}
                                 .get(state, self.tr("Run %1.")), run.id))
        self.scale_out.setText(run.accelerate_command())
        self.follower = RunFollower(run, self)
        self.follower.events.connect(self._on_events)
        self.follower.ended.connect(self._on_ended)
        self.follower.start()
        self._update_buttons("running" if run.alive() else run.state())

    @Slot(int)
    def _on_run_chosen(self, index: int) -> None:
        run_id = self.runs.itemData(index)
        chosen = next((r for r in list_runs() if r.id == run_id), None)
        if chosen is not None:
            self.attach(chosen)

    @Slot(object)
    def _on_events(self, events: list[dict[str, Any]]) -> None:
        lines: list[str] = []
        for event in events:
            self._on_event(event, lines)
        if lines:
            self.log.appendPlainText("\n".join(lines))
        self._run_events.extend(events)
        self._show_findings()

    def _show_findings(self) -> None:
        """The run's problems (not learning, over-fitting, diverged, too few steps), each with what to change."""
        findings = diagnose(self._run_events)
        for key in set(self.findings.keys()) - {f.kind for f in findings}:
            self.findings.dismiss(key)  # e.g. the loss started falling after all
        for finding in findings:
            if finding.kind in self._findings_seen and not self.findings.has(finding.kind):
                continue  # the user dismissed it
            self._findings_seen.add(finding.kind)
            actions = [(self.tr("Use early stopping"), self._use_early_stopping)] \
                if finding.fix == "early_stopping" else []
            self.findings.show_notice(finding.text, key=finding.kind, error=finding.kind == "diverged",
                                      actions=actions)

    @Slot()
    def _use_early_stopping(self) -> None:
        """Set up the next run to stop when the eval loss stops improving (and keep the best checkpoint)."""
        fields: dict[str, Any] = self.fields
        fields["early_stopping_patience"].setValue(EARLY_STOPPING_OFFERED)  # a planned setting: the run is Custom now
        if fields["eval_fraction"].value() == 0:
            fields["eval_fraction"].setValue(0.1)
        self.status.setText(self.tr("Early stopping is on for the next run: it stops after %n evaluation(s) without "
                                    "improvement and keeps the best checkpoint.", "", EARLY_STOPPING_OFFERED))

    def _on_event(self, event: dict[str, Any], lines: list[str]) -> None:
        """Show one event; what goes into the log is added to `lines`."""
        kind = event["event"]
        if kind == "step":
            step, total = event["step"], event.get("max_steps") or 0
            self.chart.add("train", step, event.get("loss"))
            self.chart.add("lr", step, event.get("lr"))
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(step)
            self._step_times.append((event.get("time", time.time()), step))
            self.status.setText(fill(self.tr("Training · step %1 of %2 · loss %3 · %4 tokens/s%5"), step, total,
                                     f"{event['loss']:.4f}", f"{event.get('tokens_per_s', 0):.0f}", self._eta(total)))
            lines.append(fill(self.tr("step %1: loss %2, learning rate %3, %4 tokens/s"), step, f"{event['loss']:.4f}",
                              f"{event.get('lr') or 0:.2e}", f"{event.get('tokens_per_s', 0):.0f}"))
        elif kind == "eval":
            self.chart.add("eval", event["step"], event.get("eval_loss"))
            lines.append(fill(self.tr("step %1: eval loss %2"), event["step"], f"{event['eval_loss']:.4f}"))
        elif kind in ("stage", "cancelled", "resumed"):
            message = carried_message(event)
            lines.append(message)
            self.status.setText(message)
        elif kind == "data":
            lines.extend(self._report_lines(event.get("report", {})))
        elif kind == "start":
            if event.get("plan"):
                lines.append(event["plan"])
            lines.append(fill(self.tr("training %1 of %2 parameters on %3 (%4)"),
                              f"{event.get('trainable_params', 0):,}", f"{event.get('total_params', 0):,}",
                              event.get("device"), event.get("precision")))
        elif kind == "checkpoint":
            lines.append(fill(self.tr("checkpoint saved at step %1"), event["step"]))
        elif kind == "smoke":
            for result in event["results"]:
                lines.append(describe_smoke_result(result))
        elif kind == "compare" and self.run is not None:
            # compare.json holds the latest comparison ("Compare again" after the run writes only that)
            self.comparison.show_comparison(saved_comparison(self.run.dir) or event)
            if self._watching_live:  # the run just ended here: show what changed
                self.right_scroll.ensureWidgetVisible(self.comparison, 0, 0)
        elif kind == "done":
            kind_words = self.tr("adapter") if event["kind"] == "adapter" else self.tr("model")
            self.status.setText(fill(self.tr("Done: %1 is in the library (%2); train loss %3, eval loss %4")
                                     if event.get("eval_loss") else
                                     self.tr("Done: %1 is in the library (%2); train loss %3"),
                                     event["model"], kind_words, event["train_loss"], event.get("eval_loss")))
            self.progress.setValue(self.progress.maximum())
        elif kind == "error":
            self.status.setText(fill(self.tr("Failed: %1"), carried_message(event)))
            lines.append(fill(self.tr("error: %1"), carried_message(event)))

    def _report_lines(self, report: dict[str, Any]) -> list[str]:
        if not report:
            return []
        return [fill(self.tr("data: %1 examples (%2 train, %3 eval), %4 tokens, %5 cut short"),
                     report.get("examples", 0), report.get("train_examples", 0), report.get("eval_examples", 0),
                     f"{report.get('total_tokens', 0):,}", report.get("truncated", 0))]

    def _eta(self, total: int) -> str:
        if len(self._step_times) < 2 or not total:
            return ""
        (t0, s0), (t1, s1) = self._step_times[max(0, len(self._step_times) - 10)], self._step_times[-1]
        if s1 <= s0:
            return ""
        left = (total - s1) * (t1 - t0) / (s1 - s0)
        return fill(self.tr(" · about %1 min left"), f"{left / 60:.0f}") if left >= 90 else \
            fill(self.tr(" · about %1 s left"), f"{left:.0f}")

    @Slot(str)
    def _on_ended(self, state: str) -> None:
        if self.run is None:
            return
        if state == "failed":
            self.status.setText(fill(self.tr("Failed: %1"), self.run.error()))
        if state == "done":
            self.library_changed.emit()
            if self.comparison.table.rowCount() == 0:  # finished without a comparison: offer to make one
                self.comparison.clear(self.run.dir, finished=True)
        self._update_buttons(state)
        self._refresh_runs()
        self._on_setup_changed()

    def _update_buttons(self, state: str) -> None:
        running = state == "running"
        enable(self.cancel_button, running, self.tr("No run is training."))
        enable(self.resume_button, state in ("failed", "cancelled") and self.run is not None
               and self.run.has_checkpoint(),
               self.tr("Only a stopped or failed run that saved a checkpoint can resume."))
        enable(self.chat_button, state == "done" and self.run is not None and self.run.result() is not None,
               self.tr("The new model can be chatted with once its run has finished."))
        if running:
            enable(self.start_button, False, self.tr("A run is training; wait for it to end, or cancel it."))

    @Slot()
    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()
            self.status.setText(self.tr("Stopping: saving a checkpoint…"))
            self.cancel_button.setEnabled(False)

    @Slot()
    def resume(self) -> None:
        if self.run is None:
            return
        try:
            self.run.start(resume=True)
        except DesktopChatError as exc:
            self.status.setText(str(exc))
            return
        self.attach(self.run)

    @Slot()
    def _chat_with_result(self) -> None:
        name = self.run.result() if self.run else None
        if name:
            self.chat_requested.emit(name)

    def set_palette(self, palette: Palette) -> None:
        self.chart.set_palette(palette)

    def shutdown(self) -> None:
        """Stop following (the training itself goes on in its own process)."""
        if self.follower is not None:
            self.follower.stop.set()

