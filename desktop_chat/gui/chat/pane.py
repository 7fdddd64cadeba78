"""One conversation in a tab: the messages, the composer, the settings drawer and a status line.

The pane owns the life of a reply: it stores a placeholder message (status 'streaming'), asks the
engine through the bridge, saves the growing text at least every 0.3 s, and records the outcome
(done, stopped, failed) with its stats. It never waits on the engine: everything arrives as signals.
Every change to a reply goes through the window's SaveQueue, so a full disk or a locked history file
delays the save (the window says so) but never loses the text; what the queue holds is what is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout, QProgressBar, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from desktop_chat.core.conversations import (
    STATUS_DONE, STATUS_ERROR, STATUS_INTERRUPTED, STATUS_STOPPED, STATUS_STREAMING, ConversationSettings,
    StoredMessage,
)
from desktop_chat.core.errors import ContextOverflow, HistoryError
from desktop_chat.core.feedback import FeedbackStore
from desktop_chat.core.i18n import fill
from desktop_chat.core.types import ChatRequest, GenParams, GenResult
from desktop_chat.gui.bridge import ReplyHandle
from desktop_chat.gui.chat.composer import Composer, local_files
from desktop_chat.gui.chat.correction_dialog import CorrectionDialog
from desktop_chat.gui.chat.message_view import MessageItem, MessageListView
from desktop_chat.gui.chat.settings_drawer import SettingsDrawer
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.i18n import shown_title
from desktop_chat.gui.labels import ElidedLabel, plain_label
from desktop_chat.gui.notices import NoticeStack

BANNER = "conversation"  # the key of the pane's one notice
SAVE_INTERVAL_MS = 300  # a killed app loses at most this much of a streaming reply (plus one flush)
MIN_RENDER_INTERVAL_S = 0.016


@dataclass
class ActiveReply:
    handle: ReplyHandle
    message_id: int
    text: str
    request_ids: list[int]  # the stored messages sent, in order (to map dropped indices back)
    saved_text: str = ""
    started: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class ChatPane(QWidget):
    """A conversation: messages, composer, drawer, status line."""

    title_changed = Signal(int, str)
    busy_changed = Signal(bool)
    history_changed = Signal(int)
    feedback_changed = Signal()  # a reply was rated, corrected or marked the best

    def __init__(self, context: AppContext, conversation_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.feedback = FeedbackStore(context.store)
        self.saves = context.saves
        self.conversation_id = conversation_id
        self.reply: ActiveReply | None = None
        self._editing: StoredMessage | None = None
        self._banner_action: Callable[[], None] | None = None  # what the banner's primary button does
        self._last_render = 0.0
        self._render_cost = 0.0
        self._build()
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(SAVE_INTERVAL_MS)
        self._save_timer.timeout.connect(self._save_partial)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_streaming)
        self.refresh_models()
        self.drawer.load(self.settings())
        self.reload()
        self._update_status_line()
        if context.indexer is not None:
            context.indexer.finished.connect(self._on_indexed)

    # ------------------------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.view = MessageListView()
        self.view.colors = self.context.colors
        self.view.action.connect(self._on_message_action)
        self.view.link_requested.connect(self._on_link_requested)
        self.drawer = SettingsDrawer()
        self.drawer.hide()
        self.drawer.changed.connect(self._on_settings_changed)
        self.drawer.preset_saved.connect(self._on_preset_saved)

        self.settings_button = QToolButton()
        self.settings_button.setText(self.tr("⚙ Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.settings_button.setToolTip(self.tr("Model, system prompt and sampling for this conversation"))
        self.settings_button.toggled.connect(self.drawer.setVisible)
        self.title_label = plain_label(object_name="roleLabel", accessible_name=self.tr("Conversation title"))
        self.docs_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight)  # the documents replies come from
        self.docs_label.setObjectName("badge")
        self.docs_label.setAccessibleName(self.tr("Documents this conversation answers from"))
        header = QHBoxLayout()
        header.setContentsMargins(12, 6, 12, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.docs_label)
        header.addWidget(self.settings_button)

        # The conversation's notice (the same component as the window's): one at a time, above the composer.
        self.banner = NoticeStack(margins=(12, 0, 12, 0))

        self.edit_bar = plain_label(object_name="notice")
        self.edit_bar.hide()
        self.composer = Composer()
        self.composer.submitted.connect(self._on_submitted)
        self.composer.files_dropped.connect(self.attach_files)
        self.setAcceptDrops(True)  # files dropped anywhere on the conversation become its documents
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.clicked.connect(lambda: self._on_submitted(self.composer.toPlainText()))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        composer_row = QHBoxLayout()
        composer_row.setContentsMargins(12, 0, 12, 0)
        composer_row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        composer_row.addLayout(buttons)

        self.status_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight)
        self.status_label.setObjectName("badge")
        self.status_label.setAccessibleName(self.tr("Status"))
        self.context_label = plain_label(object_name="badge", accessible_name=self.tr("Context used"))
        self.context_bar = QProgressBar()
        self.context_bar.setTextVisible(False)
        self.context_bar.setFixedWidth(120)
        self.context_bar.setFixedHeight(8)
        self.context_bar.setAccessibleName(self.tr("Context meter"))
        status_row = QHBoxLayout()
        status_row.setContentsMargins(12, 0, 12, 6)
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.context_label)
        status_row.addWidget(self.context_bar)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(6)
        left.addLayout(header)
        left.addWidget(self.view, 1)
        left.addWidget(self.banner)
        left.addWidget(self.edit_bar)
        left.addLayout(composer_row)
        left.addLayout(status_row)
        body = QHBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(left, 1)
        body.addWidget(self.drawer)
        self.drawer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    # ------------------------------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        return self.reply is not None

    def settings(self) -> ConversationSettings:
        unsaved = self.saves.settings_for(self.conversation_id)
        return unsaved if unsaved is not None else self.store.get_conversation(self.conversation_id).settings

    def model_name(self) -> str | None:
        return self.settings().model or self.context.default_model()

    def refresh_models(self) -> None:
        self.drawer.set_models([m.name for m in self.context.chat_models()], self.context.default_model())
        self.drawer.set_user_presets(self.context.user_presets())
        self.refresh_collections()

    def refresh_collections(self) -> None:
        """Offer the document collections in the drawer (this conversation's dropped files first)."""
        try:
            names = self.context.collection_names()
            private = self.dropped_collection if self.context.docs().has_collection(self.dropped_collection) else None
        except Exception:  # noqa: BLE001 - an unreadable index must not stop the chat; the Documents page says why
            names, private = [], None
        self.drawer.set_collections(names, private)

    @property
    def dropped_collection(self) -> str:
        """The name of this conversation's own collection: the files dropped on it."""
        from desktop_chat.core.docs.store import dropped_collection_name

        return dropped_collection_name(self.conversation_id, self.store.get_conversation(self.conversation_id).created)

    def set_colors(self, colors: Any) -> None:
        self.view.set_colors(colors)

    def reload(self) -> None:
        """Rebuild the message list from the store (branch, versions, statuses)."""
        conversation = self.store.get_conversation(self.conversation_id)
        self.title_label.setText(shown_title(conversation.title))
        own = self.dropped_collection
        collections = [self.tr("files dropped here") if name == own else name
                       for name in self.settings().collections]
        self.docs_label.setText(fill(self.tr("Answers from: %1"), ", ".join(collections)) if collections else "")
        self.docs_label.setVisible(bool(collections))
        path = self._active_path()
        dropped = self._dropped_ids(path)
        items = []
        last_assistant = max((i for i, m in enumerate(path) if m.role == "assistant"), default=None)
        marks = self.feedback.for_messages([m.id for m in path if m.role == "assistant"])
        for index, message in enumerate(path):
            versions = self.store.siblings(message.id)
            is_last_reply = index == last_assistant and index == len(path) - 1
            reply = self.reply
            streaming = reply is not None and reply.message_id == message.id
            waiting = reply is not None and streaming and not reply.started
            error = None
            if message.status == STATUS_ERROR and message.stats:
                error = fill(self.tr("Error: %1"), message.stats.get("error") or self.tr("the reply failed"))
            items.append(MessageItem(
                id=message.id, role=message.role, content=message.content,
                status=STATUS_STREAMING if streaming else message.status, model=message.model,
                stats=message.stats, version=versions.index(message.id) + 1, versions=len(versions),
                out_of_context=message.id in dropped,
                can_regenerate=is_last_reply and not self.busy,
                can_continue=is_last_reply and not self.busy and message.status in (STATUS_INTERRUPTED, STATUS_STOPPED),
                waiting=waiting,
                error=error,
                can_rate=message.role == "assistant" and not streaming and bool(message.content),
                rating=marks[message.id].rating if message.id in marks else 0,
                correction=marks[message.id].correction if message.id in marks else None,
                best=marks[message.id].best if message.id in marks else False,
            ))
        notice = ""
        if dropped:
            limit = self._context_limit()
            notice = fill(self.tr("⚠ %n earlier message(s) no longer fit in the model's context of %1 tokens and "
                                  "were not sent with the last question (change what happens in ⚙ Settings ▸ Too "
                                  "long?).", "", len(dropped)), f"{limit:,}")
        self.view.set_messages(items, notice)
        self._update_buttons()

    def _active_path(self) -> list[StoredMessage]:
        """The branch shown, as the user last saw it (changes the history has not taken yet included)."""
        return self.saves.apply(self.store.active_path(self.conversation_id))

    def _path_to(self, message_id: int) -> list[StoredMessage]:
        return self.saves.apply(self.store.path_to(message_id))

    def _dropped_ids(self, path: list[StoredMessage]) -> set[int]:
        for message in reversed(path):
            if message.role == "assistant" and message.stats and "dropped_message_ids" in message.stats:
                return set(message.stats["dropped_message_ids"])
        return set()

    def _context_limit(self) -> int:
        status = self.context.bridge.engine.status
        if status is not None and status.name == self.model_name():
            return status.context_length
        info = self.context.model_info(self.model_name())
        return (info.context_length if info else None) or 0

    def _update_buttons(self) -> None:
        self.send_button.setVisible(not self.busy)
        self.stop_button.setVisible(self.busy)
        self.send_button.setEnabled(not self.busy)

    def _update_status_line(self, stats: dict[str, Any] | None = None) -> None:
        model = self.model_name() or self.tr("no model")
        status = self.context.bridge.engine.status
        parts = [model]
        if status is not None and status.name == model:
            parts.append(f"{status.device} {status.precision or status.dtype}")
        else:
            parts.append(self.tr("not loaded yet"))
        if stats is None:
            last = next((m for m in reversed(self._active_path())
                         if m.role == "assistant" and m.stats and "decode_tok_s" in m.stats), None)
            stats = last.stats if last else None
        if stats and "decode_tok_s" in stats:
            parts.append(fill(self.tr("%1 tok/s"), f"{stats['decode_tok_s']:.1f}"))
            parts.append(fill(self.tr("first token %1 ms"), f"{stats['ttft_s'] * 1000:.0f}"))
        self.status_label.setText(" · ".join(parts))
        self._show_context((stats or {}).get("context_used", 0),
                           (stats or {}).get("context_limit") or self._context_limit())

    def _show_context(self, used: int, limit: int) -> None:
        self.context_label.setText(fill(self.tr("%1 / %2 tokens"), f"{used:,}", f"{limit:,}") if limit else "")
        self.context_bar.setRange(0, max(limit, 1))
        self.context_bar.setValue(min(used, limit) if limit else 0)

    @Slot(object)
    def on_model_status(self, _status: Any) -> None:
        self._update_status_line()

    # ------------------------------------------------------------------------------------ sending

    @Slot(str)
    def _on_submitted(self, text: str) -> None:
        if self.busy or not text.strip():
            return
        self.drawer.flush()
        self._hide_banner()
        parent: int | None | str = self._editing.parent_id if self._editing is not None else "leaf"
        try:
            message = self.store.add_message(self.conversation_id, "user", text, parent_id=parent)
        except HistoryError as exc:  # the text stays in the composer: nothing typed is lost
            self._show_banner(fill(self.tr("Your message could not be saved, so it was not sent: %1. It is still in "
                                           "the box below; send it again once the history file can be written."),
                                   exc.detail), None, kind="error")
            return
        if self._editing is not None:
            self._editing = None
            self.edit_bar.hide()
        self.composer.clear()
        self.title_changed.emit(self.conversation_id, self.store.get_conversation(self.conversation_id).title)
        self.start_reply(message.id)

    def send(self, text: str) -> None:
        """Send `text` as the user (what Enter in the composer does)."""
        self._on_submitted(text)

    def start_reply(self, parent_id: int, *, continue_id: int | None = None, policy: str | None = None,
                    reuse_message: int | None = None) -> None:
        """Ask for a reply to the branch ending at `parent_id` (or carry on message `continue_id`)."""
        settings = self.settings()
        model = settings.model or self.context.default_model()
        if continue_id is not None:
            path = self._path_to(continue_id)
            message_id = continue_id
            text = path[-1].content
            self.saves.update_message(message_id, status=STATUS_STREAMING)
        else:
            path = self._path_to(parent_id)
            text = ""
            if reuse_message is not None:
                message_id = reuse_message
                self.saves.update_message(message_id, status=STATUS_STREAMING, content="")
            else:
                try:
                    message_id = self.store.add_message(self.conversation_id, "assistant", "", parent_id=parent_id,
                                                        status=STATUS_STREAMING, model=model).id
                except HistoryError as exc:
                    self._show_banner(fill(self.tr("No reply was started, because it could not be saved: %1."),
                                           exc.detail), None, kind="error")
                    return
        request = ChatRequest(
            messages=[m.as_message() for m in path],
            params=settings.params,
            system=settings.system_prompt or None,
            context_policy="error" if (policy or settings.context_policy) == "error" else "drop_oldest",
            continue_last=continue_id is not None,
            collections=self._collections(settings) if continue_id is None else [],
        )
        handle = self.context.bridge.chat(request, model=model)
        self.reply = ActiveReply(handle, message_id, text, [m.id for m in path], saved_text=text,
                                 extra={"continue": continue_id is not None})
        handle.started.connect(self._on_started)
        handle.prompt_measured.connect(self._on_prompt_measured)
        handle.text_appended.connect(self._on_text)
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        handle.cancelled.connect(self._on_cancelled_in_queue)
        self._save_timer.start()
        self.reload()
        self.view.scroll_to_end()
        self.busy_changed.emit(True)
        self.history_changed.emit(self.conversation_id)

    def _collections(self, settings: ConversationSettings) -> list[str]:
        """The conversation's collections that still exist (a deleted one is left out, not an error)."""
        if not settings.collections:
            return []
        try:
            docs = self.context.docs()
            return [name for name in settings.collections if docs.has_collection(name)]
        except Exception:  # noqa: BLE001 - without the index, the reply is answered without documents
            return []

    @Slot()
    def stop(self) -> None:
        if self.reply is not None:
            self.reply.handle.cancel()

    def regenerate(self) -> None:
        path = self._active_path()
        if self.busy or not path:
            return
        last = path[-1]
        parent = last.parent_id if last.role == "assistant" else last.id
        if parent is not None:
            self.start_reply(parent)

    # ------------------------------------------------------------------------------------ reply events

    @Slot()
    def _on_started(self) -> None:
        if self.reply is not None:
            self.reply.started = True
            self.reload()
            self._update_status_line()

    @Slot(int, int)
    def _on_prompt_measured(self, used: int, limit: int) -> None:
        """The context meter shows what this reply starts from, not 0 or the last reply's figure."""
        self._show_context(used, limit)

    @Slot(str)
    def _on_text(self, delta: str) -> None:
        if self.reply is None:
            return
        self.reply.text += delta
        if not self._render_timer.isActive():
            # Render at most every 16 ms, and no more than a third of the time (long replies cost more).
            wait = max(MIN_RENDER_INTERVAL_S, 3 * self._render_cost) - (time.perf_counter() - self._last_render)
            self._render_timer.start(max(0, int(wait * 1000)))

    @Slot()
    def _render_streaming(self) -> None:
        if self.reply is None:
            return
        started = time.perf_counter()
        self.view.set_streaming_text(self.reply.message_id, self.reply.text)
        self._last_render = time.perf_counter()
        self._render_cost = self._last_render - started

    @Slot()
    def _save_partial(self) -> None:
        reply = self.reply
        if reply is not None and reply.text != reply.saved_text:
            self.saves.update_message(reply.message_id, content=reply.text)
            reply.saved_text = reply.text  # saved, or queued to be: the queue is what the view shows

    def _end_reply(self) -> ActiveReply:
        reply = self.reply
        assert reply is not None
        self.reply = None
        self._save_timer.stop()
        self._render_timer.stop()
        return reply  # callers emit busy_changed(False) once the outcome is stored

    @Slot(object)
    def _on_finished(self, result: GenResult) -> None:
        if self.reply is None:
            return
        reply = self._end_reply()
        self._store_result(reply, result)
        self.reload()
        self._update_status_line(result.stats.to_dict())
        self.history_changed.emit(self.conversation_id)
        self.busy_changed.emit(False)

    def _store_result(self, reply: ActiveReply, result: GenResult) -> None:
        stopped = result.stats.finish_reason == "cancelled"
        if stopped and not reply.text and not reply.extra.get("continue"):
            self.saves.delete_message(reply.message_id)
            return
        stats = result.stats.to_dict()
        stats["dropped_message_ids"] = [reply.request_ids[i] for i in result.stats.dropped_indices
                                        if 0 <= i < len(reply.request_ids)]
        if result.retrieval is not None:
            stats["retrieval"] = result.retrieval.to_dict()
        self.saves.update_message(reply.message_id, content=reply.text,
                                  status=STATUS_STOPPED if stopped else STATUS_DONE, stats=stats,
                                  model=result.stats.model or None)  # the model that really answered

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        if self.reply is None:
            return
        reply = self._end_reply()
        if isinstance(error, ContextOverflow):
            if reply.extra.get("continue"):
                self.saves.update_message(reply.message_id, status=STATUS_STOPPED, content=reply.text)
            else:
                self.saves.update_message(reply.message_id, status=STATUS_ERROR, content=reply.text,
                                          stats={"error": self.tr("not sent: the conversation is longer than the "
                                                                  "context")})
            message_id, parent_id = reply.message_id, reply.request_ids[-1]
            if reply.extra.get("continue"):
                def retry() -> None:
                    self.start_reply(message_id, continue_id=message_id, policy="drop_oldest")
            else:
                def retry() -> None:
                    self.start_reply(parent_id, policy="drop_oldest", reuse_message=message_id)
            self._show_banner(
                fill(self.tr("This conversation needs %1 tokens, but the model's context leaves room for %2. Leave "
                             "out the oldest messages and answer anyway?"), f"{error.needed:,}", f"{error.limit:,}"),
                self.tr("Leave out the oldest"), kind="notice", on_accept=retry)
        else:
            self.saves.update_message(reply.message_id, status=STATUS_ERROR, content=reply.text,
                                      stats={"error": str(error)})
            self._show_banner(fill(self.tr("The reply failed: %1"), error), None, kind="error")
        self.reload()
        self.history_changed.emit(self.conversation_id)
        self.busy_changed.emit(False)

    @Slot()
    def _on_cancelled_in_queue(self) -> None:
        if self.reply is None:
            return
        reply = self._end_reply()
        if reply.text:
            self.saves.update_message(reply.message_id, status=STATUS_STOPPED)
        else:
            self.saves.delete_message(reply.message_id)
        self.reload()
        self.history_changed.emit(self.conversation_id)
        self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Stop a running reply and keep what it wrote (called when the pane or the app closes)."""
        if self.reply is None:
            return
        self.reply.handle.cancel()
        reply = self._end_reply()
        reply.text += reply.handle._take()  # text the bridge had not delivered yet
        future = reply.handle.job.future if reply.handle.job is not None else None
        if future is not None and future.done() and not future.cancelled() and future.exception() is None:
            self._store_result(reply, future.result())  # it finished; its "done" event was still queued
        elif not reply.started and not reply.text and not reply.extra.get("continue"):
            self.saves.delete_message(reply.message_id)
        else:
            self.saves.update_message(reply.message_id, content=reply.text, status=STATUS_STOPPED)
        self.busy_changed.emit(False)

    # ------------------------------------------------------------------------------------ banner

    def _show_banner(self, text: str, action: str | None, kind: str = "notice",
                     on_accept: Callable[[], None] | None = None) -> None:
        """A notice above the composer; `action` names a button that runs `on_accept` (Dismiss dismisses)."""
        self._banner_action = on_accept
        actions = [(action, self._on_banner_primary)] if action else []
        self.banner.show_notice(text, key=BANNER, error=kind == "error", actions=actions)

    @Slot()
    def _hide_banner(self) -> None:
        self.banner.dismiss(BANNER)
        self._banner_action = None

    @Slot()
    def _on_banner_primary(self) -> None:
        action = self._banner_action
        self._hide_banner()
        if action is not None and not self.busy:
            action()

    # ------------------------------------------------------------------------------------ links

    @Slot(str)
    def _on_link_requested(self, link: str) -> None:
        """A link in a message: a web link opens in the browser once the user has read its whole address
        and said yes; anything else (files, devices, other programs' schemes) is never opened."""
        url = QUrl(link)
        if url.scheme().lower() in ("http", "https") and url.isValid():
            def open_it() -> None:
                QDesktopServices.openUrl(url)

            self._show_banner(fill(self.tr("Open this address in your web browser?\n%1"), url.toString()),
                              self.tr("Open in browser"), on_accept=open_it)
        else:
            self._show_banner(fill(self.tr("This link was not opened: desktop-chat opens only web addresses (http "
                                           "and https) from a chat.\n%1"), link), None)

    # ------------------------------------------------------------------------------------ message actions

    @Slot(str, int, int)
    def _on_message_action(self, name: str, message_id: int, argument: int) -> None:
        if name == "copy":
            QGuiApplication.clipboard().setText(self.saves.apply([self.store.get_message(message_id)])[0].content)
        elif name == "edit" and not self.busy:
            self.begin_edit(message_id)
        elif name == "regenerate" and not self.busy:
            self.regenerate()
        elif name == "continue" and not self.busy:
            self.start_reply(message_id, continue_id=message_id)
        elif name == "version" and not self.busy:
            self.show_version(message_id, argument)
        elif name == "rate":
            self._keep_feedback(lambda: self.feedback.rate(message_id, argument))
        elif name == "best":
            self._keep_feedback(lambda: self.feedback.mark_best(message_id, bool(argument)))
        elif name == "correct":
            self.begin_correction(message_id)
        elif name == "source":
            self.open_source(message_id, argument)

    def open_source(self, message_id: int, number: int) -> Any:
        """Show source `number` of a reply: the document at the passage the reply used."""
        from desktop_chat.core.docs.answer import Retrieval
        from desktop_chat.gui.docs.source_dialog import SourceDialog

        stats = self.saves.apply([self.store.get_message(message_id)])[0].stats or {}
        sources = Retrieval.from_dict(stats["retrieval"]).sources if isinstance(stats.get("retrieval"), dict) else []
        source = next((s for s in sources if s.number == number), None)
        if source is None:
            return None
        dialog = SourceDialog(source, self.context.docs(), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.source_dialog = dialog
        return dialog

    def _keep_feedback(self, write: Callable[[], None]) -> bool:
        """Store a rating, correction or best mark; say so in the window when the history refuses it."""
        try:
            write()
        except HistoryError as exc:
            self._show_banner(fill(self.tr("Your feedback could not be saved: %1"), exc), None, kind="error")
            return False
        self.reload()
        self.feedback_changed.emit()
        return True

    def begin_correction(self, message_id: int, unsaved: str | None = None) -> CorrectionDialog:
        """Open the dialog for the answer this reply should have been (it is kept when saved). A correction
        the history refused comes back in the dialog (`unsaved`), so that nothing typed is lost."""
        message = self.saves.apply([self.store.get_message(message_id)])[0]
        question = next((m.content for m in reversed(self._path_to(message_id)[:-1]) if m.role == "user"), "")
        kept = self.feedback.get(message_id).correction
        dialog = CorrectionDialog(question, message.content, unsaved if unsaved is not None else kept, self)

        def save() -> None:
            text = dialog.correction()
            if not self._keep_feedback(lambda: self.feedback.correct(message_id, text)) and text:
                self.begin_correction(message_id, text)

        dialog.accepted.connect(save)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def begin_edit(self, message_id: int) -> None:
        """Put an earlier message in the composer; sending it makes a new version (a branch)."""
        message = self.saves.apply([self.store.get_message(message_id)])[0]
        self._editing = message
        self.composer.setPlainText(message.content)
        self.composer.setFocus()
        self.edit_bar.setText(self.tr("Editing an earlier message: Enter sends it as a new version (the old one is "
                                      "kept). Esc cancels."))
        self.edit_bar.show()

    def cancel_edit(self) -> None:
        if self._editing is not None:
            self._editing = None
            self.edit_bar.hide()
            self.composer.clear()

    def show_version(self, message_id: int, step: int) -> None:
        versions = self.store.siblings(message_id)
        index = versions.index(message_id) + step
        if 0 <= index < len(versions):
            self._hide_banner()  # a pending retry belongs to the branch being left
            self.store.switch_to(versions[index])
            self.reload()
            self._update_status_line()

    def last_reply_text(self) -> str:
        path = self._active_path()
        return next((m.content for m in reversed(path) if m.role == "assistant" and m.content), "")

    def handle_escape(self) -> None:
        if self._editing is not None:
            self.cancel_edit()
        else:
            self.stop()

    # ------------------------------------------------------------------------------------ settings

    @Slot(object)
    def _on_settings_changed(self, settings: ConversationSettings) -> None:
        self.saves.update_settings(self.conversation_id, settings)
        self._update_status_line()
        self.reload()

    # ------------------------------------------------------------------------------------ dropped files

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.attach_files(files)

    @Slot(list)
    def attach_files(self, paths: list[str]) -> None:
        """Make dropped files this conversation's documents: they are read in the background, and replies
        answer from them once read (the drawer lists them as "Files dropped here")."""
        from pathlib import Path

        from desktop_chat.core.errors import DesktopChatError

        name = self.dropped_collection
        try:
            docs = self.context.docs()
            docs.add_collection(name, private=True)
            docs.add_sources(name, [Path(p) for p in paths])
        except DesktopChatError as exc:
            self._show_banner(fill(self.tr("The dropped files could not be added: %1"), exc), None, kind="error")
            return
        settings = self.settings()
        if name not in settings.collections:
            settings.collections = [*settings.collections, name]
            self.saves.update_settings(self.conversation_id, settings)
        self.refresh_collections()
        self.drawer.load(settings)
        if self.context.indexer is not None:
            self.context.indexer.index(name)
        self._show_banner(self.tr("%n file(s) added to this conversation: they are being read, and replies answer "
                                  "from them once they are.", "", len(paths)), None)

    @Slot(str, object)
    def _on_indexed(self, name: str, summary: Any) -> None:
        if name != self.dropped_collection:
            return
        skipped = int(summary.get("skipped", 0)) if isinstance(summary, dict) else 0
        text = self.tr("The dropped files are read: replies answer from them now.")
        if skipped:
            text = self.tr("The dropped files are read, but %n of them could not be (damaged, empty or of a kind "
                           "that is not read).", "", skipped)
        self._show_banner(text, None)

    @Slot(str, object)
    def _on_preset_saved(self, name: str, params: GenParams) -> None:
        self.context.settings.presets[name] = params.to_dict()
        self.context.settings.save()


