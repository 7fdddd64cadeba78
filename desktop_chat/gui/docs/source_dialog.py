"""A reply's source opened: the document's text as it was indexed, scrolled to the passage that was
used and with it highlighted; Open the file shows the file itself (a PDF at its page)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_chat.core.i18n import fill

# Opened in their own program; anything else (code, scripts) by showing its folder.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".md", ".markdown", ".txt", ".text", ".rst", ".html", ".htm",
                               ".csv", ".tsv", ".log"})


class SourceDialog(QDialog):
    """Shows `source` (a docs.answer.Source) from the index `docs` (a DocsStore)."""

    def __init__(self, source: Any, docs: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.cited_passage = ""  # the highlighted passage's text
        self.setWindowTitle(fill(self.tr("Source [%1]"), source.number))
        self.resize(720, 520)
        self.title = QLabel(f"<b>{html.escape(source.location())}</b><br>"
                            f'<span style="color:gray">{html.escape(source.path)}</span>')
        self.title.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("The source's text"))
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(self.tr("Open the file"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(Path(source.path).is_file())
        if not self.open_button.isEnabled():
            self.open_button.setToolTip(self.tr("The file is no longer there."))
        self.open_button.clicked.connect(self.open_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self._show(docs)

    def _show(self, docs: Any) -> None:
        """The document's passages, the cited one marked; the snippet alone if it left the index."""
        rows = docs.db.execute(
            "SELECT p.page, p.line_start, p.line_end, p.text FROM passages p JOIN files f ON f.id = p.file_id "
            "JOIN collections c ON c.id = f.collection_id WHERE c.name = ? AND f.path = ? ORDER BY p.ordinal",
            (self.source.collection, self.source.path)).fetchall()
        if not rows:
            gone = self.tr("This document is no longer in the collection; the snippet the reply used:")
            self.text.setHtml(f"<p><i>{html.escape(gone)}</i></p><p>{html.escape(self.source.snippet)}</p>")
            return
        parts = []
        for row in rows:
            cited = (row["page"], row["line_start"]) == (self.source.page, self.source.line_start)
            if cited:
                self.cited_passage = row["text"]
            where = fill(self.tr("page %1, lines %2–%3"), row["page"], row["line_start"], row["line_end"]) \
                if row["page"] is not None else fill(self.tr("lines %1–%2"), row["line_start"], row["line_end"])
            body = self._lines_html(row["text"], row["line_start"]) if cited \
                else html.escape(row["text"]).replace("\n", "<br>")
            style = ' style="background-color:#fff8d6; color:#000000"' if cited else ""
            anchor = '<a name="cited"></a>' if cited else ""
            parts.append(f'{anchor}<p style="color:gray">{html.escape(where)}</p><p{style}>{body}</p>')
        self.text.setHtml("".join(parts))
        QTimer.singleShot(0, lambda: self.text.scrollToAnchor("cited"))  # once laid out

    def _lines_html(self, text: str, first_line: int) -> str:
        """A passage's lines, the one the reply drew on (`source.line`) marked more strongly."""
        lines = []
        for number, line in enumerate(text.split("\n"), start=first_line):
            escaped = html.escape(line)
            if number == self.source.line and line.strip():
                escaped = f'<span style="background-color:#ffd54f"><b>{escaped}</b></span>'
            lines.append(escaped)
        return "<br>".join(lines)

    @Slot()
    def open_file(self) -> None:
        """Open a document in its program (a PDF at its page); for code and other files, which some
        systems would run rather than show, open the folder that holds it."""
        path = Path(self.source.path)
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
            return
        url = QUrl.fromLocalFile(str(path))
        if self.source.page is not None and path.suffix.lower() == ".pdf":
            url.setFragment(f"page={self.source.page}")
        QDesktopServices.openUrl(url)
