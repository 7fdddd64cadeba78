"""The Fine-tune page's advanced settings, declared once: each row's RunSpec field, label, kind and
range. The page builds its widgets, reads a RunSpec and applies presets from this one table, so a new
setting is one line here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget


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


ADVANCED: tuple[FormField, ...] = (
    FormField("epochs", "epochs", "Epochs", "Epochs", "float", 3.0, 0.1, 100, 0.5),
    FormField("max_steps", "max_steps", "Max steps", "Max steps (0: use epochs)", "int", 0, 0, 1_000_000,
              special="use epochs"),
    FormField("learning_rate", "lr", "Learning rate", "Learning rate", "float", 2e-4, 1e-6, 1.0, 1e-4, decimals=6),
    FormField("batch_size", "batch", "Batch size", "Batch size", "int", 4, 1, 1024),
    FormField("grad_accum", "accum", "Grad. accumulation", "Gradient accumulation", "int", 2, 1, 1024),
    FormField("max_seq_len", "seq_len", "Max tokens", "Max sequence length", "int", 512, 16, 131072, 64),
    FormField("eval_fraction", "eval_fraction", "Eval fraction", "Eval fraction", "float", 0.1, 0.0, 0.49, 0.05),
    FormField("lora_r", "rank", "LoRA rank", "LoRA rank", "int", 16, 1, 1024),
    FormField("lora_alpha", "alpha", "LoRA alpha", "LoRA alpha", "int", 32, 1, 4096),
    FormField("lora_targets", "targets", "LoRA targets", "LoRA target modules", "text", "all-linear",
              tip="all-linear, or module names separated by commas, e.g. q_proj,v_proj"),
    FormField("save_every", "save_every", "Checkpoints", "Checkpoint every N steps", "int", 50, 1, 100000),
    FormField("eval_every", "eval_every", "Evaluate every", "Evaluate every N steps", "int", 0, 0, 100000,
              special="at checkpoints", tip="Steps between evaluations on the held-out examples"),
    FormField("early_stopping_patience", "early_stop", "Early stop", "Early stop patience", "int", 0, 0, 100,
              special="off", tip="Stop when the eval loss has not improved for this many evaluations (the best "
                                 "checkpoint is kept)"),
    FormField("keep_knowledge", "keep_knowledge", "Keep knowledge", "Keep knowledge: general questions", "int", 0, 0,
              1000, special="off", tip="The base model first answers this many general questions; its answers are "
                                       "trained on with your data, so the new model keeps what it knew"),
    FormField("prompt_column", "prompt_column", "Prompt column", "Prompt column", "text", "",
              placeholder="detected from the header", tip="CSV/TSV files: the column that holds the prompt",
              empty_is_none=True),
    FormField("response_column", "response_column", "Response column", "Response column", "text", "",
              placeholder="detected from the header", tip="CSV/TSV files: the column that holds the response",
              empty_is_none=True),
    FormField("gradient_checkpointing", "checkpointing", "", "Gradient checkpointing", "check", False,
              tip="Gradient checkpointing (less memory, slower)"),
)


def make_widget(field: FormField) -> QWidget:
    """The widget for `field`, holding its default."""
    widget: QWidget
    if field.kind == "int":
        box = QSpinBox()
        box.setRange(int(field.low), int(field.high))
        box.setSingleStep(int(field.step))
        box.setValue(int(field.default))
        box.setSpecialValueText(field.special)
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
        line.setPlaceholderText(field.placeholder)
        widget = line
    else:
        widget = QCheckBox(field.tip)
        widget.setChecked(bool(field.default))
    widget.setAccessibleName(field.accessible)
    if field.tip and field.kind != "check":
        widget.setToolTip(field.tip)
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
