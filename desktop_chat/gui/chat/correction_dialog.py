"""The dialog where the user writes the answer a reply should have been (core/feedback.py keeps it)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_chat.gui.labels import plain_label


class CorrectionDialog(QDialog):
    """Edit a correction; `correction()` is the text to keep ("" when the user removed it)."""

    def __init__(self, question: str, reply: str, correction: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct the reply"))
        self.setModal(True)
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("Write the answer the model should have given. The chat stays as it "
                                             "is; the correction becomes a training example and a preference "
                                             "pair on the Feedback page."), wrap=True))
        if question:
            layout.addWidget(plain_label(self.tr("The question:"), object_name="badge"))
            layout.addWidget(plain_label(question, wrap=True, accessible_name=self.tr("The question")))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("The answer the model should have given"))
        self.editor.setTabChangesFocus(True)
        self.editor.setPlainText(correction if correction else reply)
        self.editor.selectAll()
        layout.addWidget(self.editor, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = None
        if correction:
            self.remove_button = self.buttons.addButton(self.tr("Remove the correction"),
                                                        QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self._remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._removed = False

    def _remove(self) -> None:
        self._removed = True
        self.accept()

    def correction(self) -> str:
        return "" if self._removed else self.editor.toPlainText().strip()
