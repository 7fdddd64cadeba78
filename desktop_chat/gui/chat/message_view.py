"""The conversation: one widget per message in a scroll area that follows the end while a reply
streams, unless the user has scrolled up. Streaming re-renders only the last message.

Rendering a message never touches the disk or the network: the message body loads inline (`data:`)
images only, and a click on a link is handed to the pane, which opens web links after the user has
seen the whole address, and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP, fill
from desktop_chat.gui.chat.render import code_blocks, is_inline_image, to_html
from desktop_chat.gui.icons import ui_icon
from desktop_chat.gui.labels import ElidedLabel, plain_label
from desktop_chat.gui.palette import LIGHT, Palette

STATUS_BADGES = {  # English; shown translated (context "MessageWidget")
    "streaming": "",
    "interrupted": QT_TRANSLATE_NOOP("MessageWidget",
                                     "interrupted — the app closed while this reply was being written"),
    "stopped": QT_TRANSLATE_NOOP("MessageWidget", "stopped"),
    "error": QT_TRANSLATE_NOOP("MessageWidget", "failed"),
}


@dataclass
class MessageItem:
    """What the view needs to show one message."""

    id: int
    role: str
    content: str
    status: str = "done"
    model: str | None = None
    stats: dict[str, Any] | None = None
    version: int = 1
    versions: int = 1
    out_of_context: bool = False
    can_regenerate: bool = False
    can_continue: bool = False
    waiting: bool = False
    error: str | None = None
    can_rate: bool = False  # a finished reply: 👍 / 👎, "Correct it", "Best version"
    rating: int = 0  # 1 good, -1 bad, 0 not rated (core/feedback.py)
    correction: str | None = None
    best: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class MessageBody(QTextBrowser):
    """Rich text that is exactly as tall as its content (the scroll area scrolls, not this)."""

    link_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        # Not a Tab stop (Tab would walk its links and never reach the next message): the message's own
        # buttons are; a click still selects text.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("background: transparent;")
        self.anchorClicked.connect(self._on_anchor)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)

    def set_html(self, html: str) -> None:
        self.setHtml(html)
        self._fit_height()

    def _fit_height(self, *_: Any) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 4
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, self.height())

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        """Only inline images: a message must never make the GUI thread read a file, a device (an
        endless /dev/zero), a pipe or the network.

        The answer is never None: for a null answer QTextDocument opens the file itself.
        """
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return inline_image(url.toString() if isinstance(url, QUrl) else url) or QImage()
        return ""

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        self.link_clicked.emit(url.toString())


def inline_image(src: str) -> QImage | None:
    """The picture in a `data:image/…;base64,…` URL, or None (not inline, too large, or not an image)."""
    if not is_inline_image(src) or "," not in src:
        return None
    header, payload = src.split(",", 1)
    if not header.endswith(";base64"):
        return None
    image = QImage()
    if not image.loadFromData(QByteArray.fromBase64(payload.encode("ascii", "ignore"))):
        return None
    return image


def _link_button(text: str, tooltip: str, accessible: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName("link")
    button.setText(text)
    button.setToolTip(tooltip)
    button.setAccessibleName(accessible)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def _icon_button(tooltip: str, accessible: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName("link")
    button.setCheckable(True)
    button.setAutoRaise(True)
    button.setToolTip(tooltip)
    button.setAccessibleName(accessible)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class MessageWidget(QFrame):
    """One message: who, status, actions (copy, edit, versions, regenerate, continue), body, the
    user's feedback on a reply (good, bad, a correction, the best version), stats."""

    action = Signal(str, int, int)  # name, message id, argument
    link_requested = Signal(str)  # a link in the message was clicked: its full address

    def _stats_line(self, stats: dict[str, Any] | None) -> str:
        if not stats or "completion_tokens" not in stats:
            return ""
        tokens = int(stats["completion_tokens"])
        parts = [self.tr("%n token(s)", "", tokens)]
        if stats.get("decode_tok_s"):
            parts.append(fill(self.tr("%1 tok/s"), f"{stats['decode_tok_s']:.1f}"))
        if stats.get("ttft_s"):
            parts.append(fill(self.tr("first token %1 ms"), f"{stats['ttft_s'] * 1000:.0f}"))
        if stats.get("cached_tokens"):
            parts.append(fill(self.tr("%1 of %2 prompt tokens cached"), f"{stats['cached_tokens']:,}",
                              f"{stats['prompt_tokens']:,}"))
        if stats.get("finish_reason") == "length":
            parts.append(self.tr("reached the max new tokens limit"))
        return " · ".join(parts)

    def __init__(self, item: MessageItem, colors: Palette, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.colors = colors
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        header = QHBoxLayout()
        header.setSpacing(6)
        # Both give way (cut short, whole in the tooltip) so the buttons always fit a narrow window.
        self.role_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.role_label.setObjectName("roleLabel")
        self.badge = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.badge.setObjectName("badge")
        header.addWidget(self.role_label)
        header.addWidget(self.badge, 1)
        self.previous_button = _link_button("‹", self.tr("Previous version"), self.tr("Previous version"))
        self.version_label = plain_label(accessible_name=self.tr("Version"))
        self.next_button = _link_button("›", self.tr("Next version"), self.tr("Next version"))
        self.copy_button = _link_button(self.tr("Copy"), self.tr("Copy this message"), self.tr("Copy message"))
        self.edit_button = _link_button(self.tr("Edit"), self.tr("Edit this message: the reply is redone, the old "
                                                                 "version kept"), self.tr("Edit message"))
        self.regenerate_button = _link_button(self.tr("Regenerate"), self.tr("Write a new reply (the old one is kept)"),
                                              self.tr("Regenerate"))
        self.continue_button = _link_button(self.tr("Continue"), self.tr("Carry on writing this reply"),
                                            self.tr("Continue reply"))
        for button in (self.previous_button, self.version_label, self.next_button, self.copy_button,
                       self.edit_button, self.regenerate_button, self.continue_button):
            header.addWidget(button)
        layout.addLayout(header)
        self.body = MessageBody()
        self.body.setAccessibleName({"user": self.tr("Your message"), "system": self.tr("System message")}.get(
            item.role, self.tr("Reply")))
        layout.addWidget(self.body)
        self.correction_label = plain_label(object_name="notice", wrap=True,
                                            accessible_name=self.tr("Your correction"))
        layout.addWidget(self.correction_label)
        self.good_button = _icon_button(self.tr("A good reply: it becomes a training example (Feedback page)"),
                                        self.tr("Good reply"))
        self.bad_button = _icon_button(self.tr("A bad reply: correct it, or regenerate and mark the best version"),
                                       self.tr("Bad reply"))
        self.correct_button = _link_button(self.tr("Correct it"),
                                           self.tr("Write the answer the model should have given; the chat stays "
                                                   "as it is"), self.tr("Correct this reply"))
        self.best_button = _link_button(self.tr("Best version"), self.tr("Mark this version as the best of them"),
                                        self.tr("Best version"))
        self.best_button.setCheckable(True)
        feedback_row = QHBoxLayout()
        feedback_row.setSpacing(4)
        for button in (self.good_button, self.bad_button, self.correct_button, self.best_button):
            feedback_row.addWidget(button)
        feedback_row.addStretch(1)
        self.feedback_row = QWidget()
        self.feedback_row.setLayout(feedback_row)
        feedback_row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.feedback_row)
        self.sources_label = QLabel()  # the documents a reply came from, each a link to its passage
        self.sources_label.setWordWrap(True)
        self.sources_label.setObjectName("sources")
        self.sources_label.setTextFormat(Qt.TextFormat.RichText)
        self.sources_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                   | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.sources_label.setAccessibleName(self.tr("Sources"))
        self.sources_label.linkActivated.connect(self._on_link)
        self.sources_label.hide()
        layout.addWidget(self.sources_label)
        self.footer = plain_label(object_name="badge", wrap=True)
        layout.addWidget(self.footer)
        self.previous_button.clicked.connect(lambda: self.action.emit("version", self.item.id, -1))
        self.next_button.clicked.connect(lambda: self.action.emit("version", self.item.id, 1))
        self.copy_button.clicked.connect(lambda: self.action.emit("copy", self.item.id, 0))
        self.edit_button.clicked.connect(lambda: self.action.emit("edit", self.item.id, 0))
        self.regenerate_button.clicked.connect(lambda: self.action.emit("regenerate", self.item.id, 0))
        self.continue_button.clicked.connect(lambda: self.action.emit("continue", self.item.id, 0))
        # The pane stores the feedback and shows the new state; a click never leaves a button toggled alone.
        self.good_button.clicked.connect(lambda: self._rate(1))
        self.bad_button.clicked.connect(lambda: self._rate(-1))
        self.correct_button.clicked.connect(lambda: self.action.emit("correct", self.item.id, 0))
        self.best_button.clicked.connect(lambda: self.action.emit("best", self.item.id, int(not self.item.best)))
        self.body.link_clicked.connect(self._on_link)
        self.update_item(item)

    def update_item(self, item: MessageItem) -> None:
        content_changed = item.content != self.item.content or not self.body.toPlainText()
        self.item = item
        kind = "outOfContext" if item.out_of_context else ("userBubble" if item.role == "user" else "assistantBubble")
        if kind != self.objectName():  # re-styling costs; only when the kind of bubble changes
            self.setObjectName(kind)
            self.style().unpolish(self)
            self.style().polish(self)
        self.role_label.setText({"user": self.tr("You"), "system": self.tr("System")}.get(
            item.role, item.model or self.tr("Assistant")))
        badges = [self.tr(STATUS_BADGES.get(item.status, ""))]
        if item.out_of_context:
            badges.append(self.tr("out of context: not sent to the model"))
        if item.waiting:
            badges.append(self.tr("waiting for the model…"))
        elif item.status == "streaming":
            badges.append(self.tr("writing…"))
        self.badge.setText(" · ".join(b for b in badges if b))
        multiple = item.versions > 1
        self.previous_button.setVisible(multiple)
        self.next_button.setVisible(multiple)
        self.version_label.setVisible(multiple)
        self.previous_button.setEnabled(item.version > 1)
        self.next_button.setEnabled(item.version < item.versions)
        self.version_label.setText(f"{item.version}/{item.versions}")
        streaming = item.status == "streaming"
        self.copy_button.setVisible(bool(item.content) and not streaming)
        self.edit_button.setVisible(item.role == "user" and not streaming)
        self.regenerate_button.setVisible(item.can_regenerate)
        self.continue_button.setVisible(item.can_continue)
        self._show_feedback(item)
        footer = item.error or self._stats_line(item.stats)
        self.footer.setText(footer)
        self.footer.setVisible(bool(footer))
        sources = self._sources_html(item)
        self.sources_label.setText(sources)
        self.sources_label.setVisible(bool(sources))
        if content_changed:
            self.render_body()

    def _retrieval(self, item: MessageItem) -> Any:
        from desktop_chat.core.docs.answer import Retrieval

        data = (item.stats or {}).get("retrieval")
        return Retrieval.from_dict(data) if isinstance(data, dict) and item.status != "streaming" else None

    def _sources_html(self, item: MessageItem) -> str:
        """"Sources" and a line per source (a link to its passage), or that no passage matched."""
        retrieval = self._retrieval(item)
        if retrieval is None:
            return ""
        if not retrieval.sources:
            text = retrieval.none_found(dropped_files=self.tr("the files dropped here"))
            return f'<span style="color:{self.colors.muted}">{html_escape(text)}</span>'
        lines = [f"<b>{html_escape(self.tr('Sources'))}</b>"]
        for source in retrieval.sources:
            lines.append(f'[{source.number}] <a href="source:{source.number}">{html_escape(source.location())}</a>'
                         f' — <span style="color:{self.colors.muted}">{html_escape(source.snippet)}</span>')
        return "<br>".join(lines)

    def _rate(self, rating: int) -> None:
        self.action.emit("rate", self.item.id, 0 if self.item.rating == rating else rating)

    def _show_feedback(self, item: MessageItem) -> None:
        self.feedback_row.setVisible(item.can_rate)
        for button, value, icon in ((self.good_button, 1, "thumb-up"), (self.bad_button, -1, "thumb-down")):
            button.setChecked(item.rating == value)
            chosen = item.rating == value  # filled in the accent colour: the state shows without a frame
            button.setIcon(ui_icon(f"{icon}-on", self.colors.accent) if chosen else ui_icon(icon, self.colors.muted))
        self.correct_button.setText(self.tr("Edit the correction") if item.correction else self.tr("Correct it"))
        self.best_button.setVisible(item.can_rate and item.versions > 1)
        self.best_button.setChecked(item.best)
        self.best_button.setText(self.tr("★ Best version") if item.best else self.tr("Best version"))
        self.correction_label.setText(fill(self.tr("Your correction: %1"), item.correction) if item.correction else "")
        self.correction_label.setVisible(bool(item.correction))

    def render_body(self) -> None:
        text = self.item.content
        if not text and self.item.status == "streaming":
            html = f'<p style="color:{self.colors.muted}">…</p>'
        else:
            html = to_html(text, self.colors)
            retrieval = self._retrieval(self.item)
            if retrieval is not None and retrieval.sources:
                html = link_citations(html, len(retrieval.sources))
        self.body.set_html(html)

    def set_streaming_text(self, text: str) -> None:
        self.item.content = text
        self.render_body()
        self.copy_button.setVisible(False)

    @Slot(str)
    def _on_link(self, link: str) -> None:
        if link.startswith("source:"):
            number = link.split(":", 1)[1]
            if number.isdigit():  # a reply may write its own source: links; they open only its real sources
                self.action.emit("source", self.item.id, int(number))
        elif link.startswith("copy-code:"):
            number = link.split(":", 1)[1]
            index = int(number) if number.isdigit() else -1  # a message may write its own copy-code: links
            blocks = code_blocks(self.item.content)
            if 0 <= index < len(blocks):
                QGuiApplication.clipboard().setText(blocks[index])
                self.action.emit("copied-code", self.item.id, index)
        else:
            self.link_requested.emit(link)


_CITATION = re.compile(r"\[(\d{1,2})\]")
_CODE_BLOCK = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S)
_TAG = re.compile(r"(<[^>]*>)")


def link_citations(html: str, count: int) -> str:
    """A reply's citations "[1]"… as links to its sources (not inside code, not past `count`)."""

    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f'<a href="source:{number}">[{number}]</a>' if 1 <= number <= count else match.group()

    def in_text(part: str) -> str:  # only between tags: never inside an attribute such as href="…[1]"
        return "".join(piece if piece.startswith("<") else _CITATION.sub(link, piece) for piece in _TAG.split(part))

    parts = _CODE_BLOCK.split(html)
    return "".join(part if index % 2 else in_text(part) for index, part in enumerate(parts))


def warm_up(colors: Palette) -> None:
    """Pay first-use costs while the app is idle, not when the first message appears (measured here:
    60 ms, mostly PySide6 creating its enum classes on first use and the Markdown converter)."""
    widget = MessageWidget(MessageItem(id=-1, role="assistant",
                                       content="*warm* `up`\n\n| a |\n|---|\n| 1 |\n\n```python\nx = 1\n```"),
                           colors)
    widget.deleteLater()


class MessageListView(QScrollArea):
    """The scrolling list of messages plus notices (e.g. what no longer fits the context)."""

    action = Signal(str, int, int)
    link_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Conversation"))
        self.colors = LIGHT
        self._container = QWidget()
        self._layout = QVBoxLayout(self._container)
        self._layout.setContentsMargins(16, 16, 16, 16)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._container)
        self._widgets: dict[int, MessageWidget] = {}
        self._notice = plain_label(object_name="notice", accessible_name=self.tr("Context notice"), wrap=True)
        self._notice.hide()
        self._empty = QLabel(self.tr("Ask anything. Replies are written by a model running on this computer; "
                                     "nothing leaves it."))
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setObjectName("badge")
        self._empty.setWordWrap(True)
        self._layout.insertWidget(0, self._empty)
        self._follow = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # ---------------------------------------------------------------------------- content

    def set_messages(self, items: list[MessageItem], notice: str = "") -> None:
        """Show `items` (re-using widgets of unchanged messages)."""
        wanted = {item.id for item in items}
        for message_id in list(self._widgets):
            if message_id not in wanted:
                widget = self._widgets.pop(message_id)
                widget.setParent(None)
                widget.deleteLater()
        self._layout.removeWidget(self._notice)
        first_kept = next((i for i, item in enumerate(items) if not item.out_of_context), None)
        for item in items:
            existing = self._widgets.get(item.id)
            if existing is None:
                existing = MessageWidget(item, self.colors)
                existing.action.connect(self.action)
                existing.link_requested.connect(self.link_requested)
                self._widgets[item.id] = existing
            else:
                existing.update_item(item)
            self._layout.removeWidget(existing)
        index = 1  # after the "empty" placeholder
        for position, item in enumerate(items):
            if notice and position == first_kept:
                self._layout.insertWidget(index, self._notice)
                index += 1
            widget = self._widgets[item.id]
            self._layout.insertWidget(index, widget, 0, Qt.AlignmentFlag.AlignTop)
            index += 1
        self._notice.setText(notice)
        self._notice.setVisible(bool(notice))
        self._empty.setVisible(not items)

    def widget_for(self, message_id: int) -> MessageWidget | None:
        return self._widgets.get(message_id)

    def message_widgets(self) -> list[MessageWidget]:
        items = (self._layout.itemAt(i) for i in range(self._layout.count()))
        return [w for w in (item.widget() for item in items if item is not None) if isinstance(w, MessageWidget)]

    def set_streaming_text(self, message_id: int, text: str) -> None:
        widget = self._widgets.get(message_id)
        if widget is not None:
            widget.set_streaming_text(text)

    def set_colors(self, colors: Palette) -> None:
        self.colors = colors
        for widget in self._widgets.values():
            widget.colors = colors
            widget.render_body()
            widget.update_item(widget.item)  # the feedback icons are drawn in the theme's colours

    # ---------------------------------------------------------------------------- following the end

    @property
    def following(self) -> bool:
        return self._follow

    def scroll_to_end(self) -> None:
        self._follow = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 24

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)
