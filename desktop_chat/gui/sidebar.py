"""The list of conversations: search (title and text), new, rename, pin, export, delete with undo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QToolButton, QVBoxLayout,
    QWidget,
)

from desktop_chat.core.conversations import ConversationStore
from desktop_chat.core.i18n import fill
from desktop_chat.gui.i18n import shown_title
from desktop_chat.gui.labels import plain_label

UNDO_SECONDS = 10


class Sidebar(QFrame):
    open_requested = Signal(int)
    new_requested = Signal()
    rename_requested = Signal(int)
    export_requested = Signal(int, str)  # conversation id, "md" | "jsonl"
    deleted = Signal(int)

    def __init__(self, store: ConversationStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("sidebar")
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.new_button = QPushButton(self.tr("＋ New chat"))
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("New chat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search chats  (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search chats"))
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):
            button.setAccessibleName(self.tr("Clear search"))
        self.search.textChanged.connect(self._on_search_typed)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        self.undo_label = plain_label()  # it names the deleted chat: never rich text
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_frame = QFrame()
        self.undo_frame.setLayout(undo_row)
        self.undo_frame.hide()
        self.empty_label = QLabel(self.tr("No chats match."))
        self.empty_label.setObjectName("badge")
        self.empty_label.hide()
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.undo_frame)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._expire_undo)
        self._last_deleted: int | None = None
        self.busy_ids: set[int] = set()

    @Slot(str)
    def _on_search_typed(self, _text: str) -> None:
        self._search_timer.start()  # searching waits until typing pauses

    @Slot()
    def refresh(self) -> None:
        current = self.current_id()
        self.list.clear()
        conversations = self.store.search(self.search.text())
        for conversation in conversations:
            mark = "📌 " if conversation.pinned else ""
            busy = " ●" if conversation.id in self.busy_ids else ""
            title = shown_title(conversation.title)
            item = QListWidgetItem(f"{mark}{title}{busy}")
            item.setData(Qt.ItemDataRole.UserRole, conversation.id)
            item.setToolTip(title)
            self.list.addItem(item)
            if conversation.id == current:
                self.list.setCurrentItem(item)
        self.empty_label.setVisible(not conversations and bool(self.search.text().strip()))

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, conversation_id: int) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == conversation_id:
                self.list.setCurrentItem(item)
                return

    def ids(self) -> list[int]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())]

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    @Slot(QPoint)
    def _context_menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        if item is None:
            return
        conversation_id = item.data(Qt.ItemDataRole.UserRole)
        pinned = self.store.get_conversation(conversation_id).pinned
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self.rename_requested.emit(conversation_id))
        menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin to top"),
                       lambda: self.set_pinned(conversation_id, not pinned))
        menu.addSeparator()
        menu.addAction(self.tr("Export as Markdown…"), lambda: self.export_requested.emit(conversation_id, "md"))
        menu.addAction(self.tr("Export as JSONL…"), lambda: self.export_requested.emit(conversation_id, "jsonl"))
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete(conversation_id))
        menu.exec(self.list.viewport().mapToGlobal(position))

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self.store.set_pinned(conversation_id, pinned)
        self.refresh()

    def delete(self, conversation_id: int) -> None:
        """Hide the conversation, offering Undo for a few seconds."""
        self._expire_undo()
        title = shown_title(self.store.get_conversation(conversation_id).title)
        self.store.delete(conversation_id)
        self._last_deleted = conversation_id
        self.undo_label.setText(fill(self.tr("Deleted “%1”."), title))
        self.undo_frame.show()
        self._undo_timer.start(UNDO_SECONDS * 1000)
        self.deleted.emit(conversation_id)
        self.refresh()

    @Slot()
    def undo_delete(self) -> None:
        if self._last_deleted is not None:
            self.store.undo_delete(self._last_deleted)
            self.open_requested.emit(self._last_deleted)
            self._last_deleted = None
        self.undo_frame.hide()
        self._undo_timer.stop()
        self.refresh()

    @Slot()
    def _expire_undo(self) -> None:
        if self._last_deleted is not None:
            self.store.delete_permanently(self._last_deleted)
            self._last_deleted = None
        self.undo_frame.hide()
