"""Per-conversation settings: model, system prompt, sampling, context policy, presets."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QHBoxLayout, QInputDialog, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from desktop_chat.core.conversations import ConversationSettings
from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.core.presets import BUILTIN_PRESETS, apply_preset, matching_preset
from desktop_chat.core.types import GenParams

DEFAULT_MODEL_LABEL = QT_TRANSLATE_NOOP("SettingsDrawer", "Default model")
CUSTOM_PRESET = "Custom"  # the preset list's last entry (its data; shown translated)
POLICIES = {"drop_oldest": QT_TRANSLATE_NOOP("SettingsDrawer", "Leave out the oldest"),
            "error": QT_TRANSLATE_NOOP("SettingsDrawer", "Stop and ask")}
PRESET_NAMES = (QT_TRANSLATE_NOOP("SettingsDrawer", "Precise"), QT_TRANSLATE_NOOP("SettingsDrawer", "Balanced"),
                QT_TRANSLATE_NOOP("SettingsDrawer", "Creative"), QT_TRANSLATE_NOOP("SettingsDrawer", "Custom"))


class SettingsDrawer(QFrame):
    """Edits a ConversationSettings; emits `changed` (debounced) with the new value."""

    changed = Signal(object)  # ConversationSettings
    preset_saved = Signal(str, object)  # name, GenParams

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("drawer")
        self.setMinimumWidth(280)
        self.setMaximumWidth(360)
        self._user_presets: dict[str, GenParams] = {}
        self._loading = False
        self._collections_not_shown: list[str] = []
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Conversation settings"))
        title.setObjectName("roleLabel")
        layout.addWidget(title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.model = QComboBox()
        self.model.setAccessibleName(self.tr("Model"))
        form.addRow(self.tr("Model"), self.model)
        self.system = QPlainTextEdit()
        self.system.setPlaceholderText(self.tr("System prompt (optional): how the assistant should behave"))
        self.system.setAccessibleName(self.tr("System prompt"))
        self.system.setFixedHeight(90)
        self.system.setTabChangesFocus(True)  # Tab moves on; a system prompt of tab characters helps no one
        form.addRow(self.tr("System"), self.system)
        presets_row = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Preset"))
        self.save_preset = QPushButton(self.tr("Save…"))
        self.save_preset.setAccessibleName(self.tr("Save preset"))
        self.save_preset.setToolTip(self.tr("Save these sampling settings as a preset"))
        presets_row.addWidget(self.preset, 1)
        presets_row.addWidget(self.save_preset)
        form.addRow(self.tr("Preset"), presets_row)
        self.temperature = self._double(0.0, 5.0, 0.05, self.tr("Temperature"),
                                        self.tr("0 = always the most likely word (greedy)"))
        self.top_p = self._double(0.01, 1.0, 0.05, self.tr("Top p"), self.tr("Sample from the smallest set of words "
                                                                              "whose probabilities add up to this"))
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 1000)
        self.top_k.setSpecialValueText(self.tr("off"))
        self.top_k.setAccessibleName(self.tr("Top k"))
        self.repetition = self._double(0.5, 3.0, 0.05, self.tr("Repetition penalty"),
                                       self.tr("1 = off; higher discourages repeats"))
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 1_000_000)
        self.max_tokens.setSingleStep(64)
        self.max_tokens.setAccessibleName(self.tr("Max new tokens"))
        seed_row = QHBoxLayout()
        self.fixed_seed = QCheckBox(self.tr("Fixed"))
        self.fixed_seed.setAccessibleName(self.tr("Use a fixed seed"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setAccessibleName(self.tr("Seed"))
        seed_row.addWidget(self.fixed_seed)
        seed_row.addWidget(self.seed, 1)
        self.policy = QComboBox()
        self.policy.setAccessibleName(self.tr("When the conversation outgrows the context"))
        self.policy.setToolTip(self.tr("When the conversation outgrows the model's context: leave out the oldest "
                                       "messages (they are marked in the conversation), or stop and ask first"))
        for key, label in POLICIES.items():
            self.policy.addItem(self.tr(label), key)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top p"), self.top_p)
        form.addRow(self.tr("Top k"), self.top_k)
        form.addRow(self.tr("Repetition"), self.repetition)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(self.tr("Seed"), seed_row)
        form.addRow(self.tr("Too long?"), self.policy)
        layout.addLayout(form)
        documents_title = QLabel(self.tr("<b>Answer from documents</b>"))
        self.documents = QListWidget()
        self.documents.setAccessibleName(self.tr("Document collections to answer from"))
        self.documents.setToolTip(self.tr("Replies quote the passages found in the checked collections and list "
                                          "them as sources (make collections on the Documents page)"))
        self.documents.setMaximumHeight(110)
        self.no_documents = QLabel(self.tr("No document collections yet: make one on the Documents page, or drop "
                                           "files on this conversation."))
        self.no_documents.setWordWrap(True)
        layout.addWidget(documents_title)
        layout.addWidget(self.documents)
        layout.addWidget(self.no_documents)
        layout.addStretch(1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._emit_changed)
        for box in (self.temperature, self.top_p, self.repetition, self.top_k, self.max_tokens, self.seed):
            box.valueChanged.connect(self._on_edit)
        self.fixed_seed.toggled.connect(self._on_edit)
        self.fixed_seed.toggled.connect(self.seed.setEnabled)
        self.system.textChanged.connect(self._on_edit)
        self.documents.itemChanged.connect(self._on_edit)
        self.model.currentIndexChanged.connect(self._on_edit)
        self.policy.currentIndexChanged.connect(self._on_edit)
        self.preset.activated.connect(self._on_preset_chosen)
        self.save_preset.clicked.connect(self._on_save_preset)

    @staticmethod
    def _double(low: float, high: float, step: float, name: str, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setDecimals(2)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        return box

    # ---------------------------------------------------------------------------- load / read

    def set_models(self, names: list[str], default: str | None) -> None:
        current = self.model.currentData()
        self._loading = True
        self.model.clear()
        label = self.tr(DEFAULT_MODEL_LABEL)
        self.model.addItem(fill(self.tr("%1 (%2)", "the default model's label and name"), label, default)
                           if default else label, None)
        for name in names:
            self.model.addItem(name, name)
        index = self.model.findData(current)
        self.model.setCurrentIndex(max(index, 0))
        self._loading = False

    def set_collections(self, names: list[str], private: str | None = None) -> None:
        """The document collections to offer (checked: those the conversation answers from); `private` is
        the conversation's own collection of dropped files, when it has one."""
        checked = set(self._checked_collections()) | set(self._collections_not_shown)
        self._loading = True
        self.documents.clear()
        for name in ([private] if private else []) + names:
            item = QListWidgetItem(self.tr("Files dropped here") if name == private else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
            self.documents.addItem(item)
        self.documents.setVisible(self.documents.count() > 0)
        self.no_documents.setVisible(self.documents.count() == 0)
        self._collections_not_shown = [c for c in checked if c not in self._shown_collections()]
        self._loading = False

    def _checked_collections(self) -> list[str]:
        return [self.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.documents.count())
                if self.documents.item(i).checkState() == Qt.CheckState.Checked]

    def set_user_presets(self, presets: dict[str, GenParams]) -> None:
        self._user_presets = dict(presets)
        self._refresh_presets()

    def all_presets(self) -> dict[str, GenParams]:
        return {**BUILTIN_PRESETS, **self._user_presets}

    def load(self, settings: ConversationSettings) -> None:
        self._loading = True
        index = self.model.findData(settings.model)
        if index < 0 and settings.model:
            self.model.addItem(fill(self.tr("%1 (not installed)"), settings.model), settings.model)
            index = self.model.count() - 1
        self.model.setCurrentIndex(max(index, 0))
        self.system.setPlainText(settings.system_prompt)
        p = settings.params
        self.temperature.setValue(p.temperature)
        self.top_p.setValue(p.top_p)
        self.top_k.setValue(p.top_k)
        self.repetition.setValue(p.repetition_penalty)
        self.max_tokens.setValue(p.max_new_tokens)
        self.fixed_seed.setChecked(p.seed is not None)
        self.seed.setEnabled(p.seed is not None)
        self.seed.setValue(p.seed or 0)
        self.policy.setCurrentIndex(max(self.policy.findData(settings.context_policy), 0))
        wanted = set(settings.collections)
        for i in range(self.documents.count()):
            item = self.documents.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self._collections_not_shown = [c for c in settings.collections if c not in self._shown_collections()]
        self._refresh_presets()
        self._loading = False

    def _shown_collections(self) -> set[str]:
        return {self.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.documents.count())}

    def value(self) -> ConversationSettings:
        params = GenParams(
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            top_k=self.top_k.value(),
            repetition_penalty=round(self.repetition.value(), 2),
            max_new_tokens=self.max_tokens.value(),
            seed=self.seed.value() if self.fixed_seed.isChecked() else None,
        )
        # A collection the list does not show (not read from the index yet) stays as it was.
        collections = self._checked_collections() + [c for c in self._collections_not_shown
                                                      if c not in self._shown_collections()]
        return ConversationSettings(model=self.model.currentData(), system_prompt=self.system.toPlainText(),
                                    params=params, context_policy=self.policy.currentData(), collections=collections)

    # ---------------------------------------------------------------------------- presets

    def _refresh_presets(self) -> None:
        self.preset.blockSignals(True)
        self.preset.clear()
        for name in self.all_presets():  # the built-in ones translated, the user's own as they named them
            self.preset.addItem(self.tr(name) if name in BUILTIN_PRESETS else name, name)
        self.preset.addItem(self.tr(CUSTOM_PRESET), CUSTOM_PRESET)
        current = matching_preset(self.value().params, self.all_presets()) or CUSTOM_PRESET
        self.preset.setCurrentIndex(max(self.preset.findData(current), 0))
        self.preset.blockSignals(False)

    @Slot(int)
    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        preset = self.all_presets().get(name)
        if preset is None:
            return
        settings = self.value()
        settings.params = apply_preset(settings.params, preset)
        self.load(settings)
        self._emit_changed()

    @Slot()
    def _on_save_preset(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Name for these sampling settings:"))
        name = name.strip()
        if ok and name and name != CUSTOM_PRESET:
            params = self.value().params
            self._user_presets[name] = params
            self.preset_saved.emit(name, params)
            self._refresh_presets()

    # ---------------------------------------------------------------------------- change signal

    @Slot()
    def _on_edit(self, *_: object) -> None:
        if not self._loading:
            self._debounce.start()

    @Slot()
    def _emit_changed(self) -> None:
        self._debounce.stop()
        self._refresh_presets()
        self.changed.emit(self.value())

    def flush(self) -> None:
        """Emit a pending change now (before sending a message)."""
        if self._debounce.isActive():
            self._emit_changed()


