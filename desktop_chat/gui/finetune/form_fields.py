"""The Fine-tune page's advanced settings, declared once: each row's RunSpec field, label, kind and
range. The page builds its widgets, reads a RunSpec and applies presets from this one table, so a new
setting is one line here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class FormField:
    name: str  # the RunSpec field it sets
    attribute: str  # the page attribute that holds its widget (e.g. page.lr)
    label: str
    accessible: str
    kind: str  # "int" | "float" | "text" | "check"
    default: Any
    low: float = 0
    high: float = 0
    step: float = 1
    decimals: int = 2
    special: str = ""  # shown at the lowest value ("off", "use epochs")
    tip: str = ""
    placeholder: str = ""
    empty_is_none: bool = False  # text: an empty box means "not set"


ADVANCED: tuple[FormField, ...] = (  # words in English, shown translated (context "FormFields")
    FormField("epochs", "epochs", QT_TRANSLATE_NOOP("FormFields", "Epochs"),
              QT_TRANSLATE_NOOP("FormFields", "Epochs"), "float", 3.0, 0.1, 100, 0.5),
    FormField("max_steps", "max_steps", QT_TRANSLATE_NOOP("FormFields", "Max steps"),
              QT_TRANSLATE_NOOP("FormFields", "Max steps (0: use epochs)"), "int", 0, 0, 1_000_000,
              special=QT_TRANSLATE_NOOP("FormFields", "use epochs")),
    FormField("learning_rate", "lr", QT_TRANSLATE_NOOP("FormFields", "Learning rate"),
              QT_TRANSLATE_NOOP("FormFields", "Learning rate"), "float", 2e-4, 1e-6, 1.0, 1e-4, decimals=6),
    FormField("batch_size", "batch", QT_TRANSLATE_NOOP("FormFields", "Batch size"),
              QT_TRANSLATE_NOOP("FormFields", "Batch size"), "int", 4, 1, 1024),
    FormField("grad_accum", "accum", QT_TRANSLATE_NOOP("FormFields", "Grad. accumulation"),
              QT_TRANSLATE_NOOP("FormFields", "Gradient accumulation"), "int", 2, 1, 1024),
    FormField("max_seq_len", "seq_len", QT_TRANSLATE_NOOP("FormFields", "Max tokens"),
              QT_TRANSLATE_NOOP("FormFields", "Max sequence length"), "int", 512, 16, 131072, 64),
    FormField("eval_fraction", "eval_fraction", QT_TRANSLATE_NOOP("FormFields", "Eval fraction"),
              QT_TRANSLATE_NOOP("FormFields", "Eval fraction"), "float", 0.1, 0.0, 0.49, 0.05),
    FormField("lora_r", "rank", QT_TRANSLATE_NOOP("FormFields", "LoRA rank"),
              QT_TRANSLATE_NOOP("FormFields", "LoRA rank"), "int", 16, 1, 1024),
    FormField("lora_alpha", "alpha", QT_TRANSLATE_NOOP("FormFields", "LoRA alpha"),
              QT_TRANSLATE_NOOP("FormFields", "LoRA alpha"), "int", 32, 1, 4096),
    FormField("lora_targets", "targets", QT_TRANSLATE_NOOP("FormFields", "LoRA targets"),
              QT_TRANSLATE_NOOP("FormFields", "LoRA target modules"), "text", "all-linear",
              tip=QT_TRANSLATE_NOOP("FormFields",
                                    "all-linear, or module names separated by commas, e.g. q_proj,v_proj")),
    FormField("save_every", "save_every", QT_TRANSLATE_NOOP("FormFields", "Checkpoints"),
              QT_TRANSLATE_NOOP("FormFields", "Checkpoint every N steps"), "int", 50, 1, 100000),
    FormField("eval_every", "eval_every", QT_TRANSLATE_NOOP("FormFields", "Evaluate every"),
              QT_TRANSLATE_NOOP("FormFields", "Evaluate every N steps"), "int", 0, 0, 100_000,
              special=QT_TRANSLATE_NOOP("FormFields", "at checkpoints"),
              tip=QT_TRANSLATE_NOOP("FormFields", "Steps between evaluations on the held-out examples")),
    FormField("early_stopping_patience", "early_stop", QT_TRANSLATE_NOOP("FormFields", "Early stop"),
              QT_TRANSLATE_NOOP("FormFields", "Early stop patience"), "int", 0, 0, 100,
              special=QT_TRANSLATE_NOOP("FormFields", "off"),
              tip=QT_TRANSLATE_NOOP("FormFields", "Stop when the eval loss has not improved for this many "
                                                  "evaluations (the best checkpoint is kept)")),
    FormField("keep_knowledge", "keep_knowledge", QT_TRANSLATE_NOOP("FormFields", "Keep knowledge"),
              QT_TRANSLATE_NOOP("FormFields", "Keep knowledge: general questions"), "int", 0, 0, 1000,
              special=QT_TRANSLATE_NOOP("FormFields", "off"),
              tip=QT_TRANSLATE_NOOP("FormFields", "The base model first answers this many general questions; its "
                                                  "answers are trained on with your data, so the new model keeps "
                                                  "what it knew")),
    FormField("prompt_column", "prompt_column", QT_TRANSLATE_NOOP("FormFields", "Prompt column"),
              QT_TRANSLATE_NOOP("FormFields", "Prompt column"), "text", "",
              placeholder=QT_TRANSLATE_NOOP("FormFields", "detected from the header"),
              tip=QT_TRANSLATE_NOOP("FormFields", "CSV/TSV files: the column that holds the prompt"),
              empty_is_none=True),
    FormField("response_column", "response_column", QT_TRANSLATE_NOOP("FormFields", "Response column"),
              QT_TRANSLATE_NOOP("FormFields", "Response column"), "text", "",
              placeholder=QT_TRANSLATE_NOOP("FormFields", "detected from the header"),
              tip=QT_TRANSLATE_NOOP("FormFields", "CSV/TSV files: the column that holds the response"),
              empty_is_none=True),
    FormField("gradient_checkpointing", "checkpointing", "",
              QT_TRANSLATE_NOOP("FormFields", "Gradient checkpointing"), "check", False,
              tip=QT_TRANSLATE_NOOP("FormFields", "Gradient checkpointing (less memory, slower)")),
)


def translated(text: str) -> str:
    """One of the table's words in the window's language."""
    return QCoreApplication.translate("FormFields", text) if text else ""


def make_widget(field: FormField) -> QWidget:
    """The widget for `field`, holding its default."""
    widget: QWidget
    if field.kind == "int":
        box = QSpinBox()
        box.setRange(int(field.low), int(field.high))
        box.setSingleStep(int(field.step))
        box.setValue(int(field.default))
        box.setSpecialValueText(translated(field.special))
        widget = box
    elif field.kind == "float":
        spin = QDoubleSpinBox()
        spin.setDecimals(field.decimals)
        spin.setRange(field.low, field.high)
        spin.setSingleStep(field.step)
        spin.setValue(float(field.default))
        widget = spin
    elif field.kind == "text":
        line = QLineEdit(str(field.default))
        line.setPlaceholderText(translated(field.placeholder))
        widget = line
    else:
        widget = QCheckBox(translated(field.tip))
        widget.setChecked(bool(field.default))
    widget.setAccessibleName(translated(field.accessible))
    if field.tip and field.kind != "check":
        widget.setToolTip(translated(field.tip))
    return widget


def value_of(field: FormField, widget: Any) -> Any:
    """What `widget` says for `field`, as RunSpec wants it."""
    if field.kind in ("int", "float"):
        value = widget.value()
        return round(value, 3) if field.name == "eval_fraction" else value
    if field.kind == "text":
        text = widget.text().strip()
        return (text or None) if field.empty_is_none else (text or field.default)
    return widget.isChecked()


def set_value(field: FormField, widget: Any, value: Any) -> None:
    if field.kind in ("int", "float"):
        widget.setValue(value)
    elif field.kind == "text":
        widget.setText("" if value is None else str(value))
    else:
        widget.setChecked(bool(value))


def changed_signal(field: FormField, widget: Any) -> Any:
    """The signal that says the user changed `widget`."""
    name = {"int": "valueChanged", "float": "valueChanged", "text": "textChanged", "check": "toggled"}[field.kind]
    return getattr(widget, name)
