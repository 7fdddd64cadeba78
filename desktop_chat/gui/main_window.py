"""The main window: conversations on the left, open conversations as tabs, menus and shortcuts,
model status at the bottom, notices (corrupt history, model errors) at the top.

It paints before anything heavy happens: the history opens and the model loads right after the
first paint, the model on the engine's thread.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDialog, QFileDialog, QGridLayout, QInputDialog, QLabel, QMainWindow, QMenu, QProgressBar, QSplitter,
    QSizePolicy, QStackedWidget, QTabBar, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from desktop_chat.core.errors import DesktopChatError, HistoryError
from desktop_chat.core.fsutil import atomic_write_text
from desktop_chat.core.i18n import fill
from desktop_chat.core.inference.compiled import compiled_mode
from desktop_chat.core.inference.engine import Engine, ModelStatus
from desktop_chat.core.library.catalog import Library
from desktop_chat.core.save_queue import SaveQueue
from desktop_chat.core.settings import Settings, load_settings
from desktop_chat.core.startup import OpenedHistory, open_history
from desktop_chat.gui.bridge import EngineBridge
from desktop_chat.gui.chat.pane import ChatPane
from desktop_chat.gui.context import AppContext
from desktop_chat.gui.i18n import shown_title
from desktop_chat.gui.icons import app_icon, ui_icon
from desktop_chat.gui.labels import ElidedLabel
from desktop_chat.gui.notices import NoticeStack
from desktop_chat.gui.pages import PAGES
from desktop_chat.gui.server_control import ApiServerController
from desktop_chat.gui.settings_dialog import SettingsDialog, server_status_text
from desktop_chat.gui.sidebar import Sidebar
from desktop_chat.gui.theme import apply_theme, colors_for

log = logging.getLogger(__name__)

RETRY_INTERVAL_MS = 3000
STARTUP_LOAD_DELAY_MS = 150


class MainWindow(QMainWindow):
    first_painted = Signal()
    ready = Signal()

    def __init__(self, engine: Engine | None = None, settings: Settings | None = None, theme: str = "light"):
        super().__init__()
        self.setWindowTitle("desktop-chat")
        self.setAccessibleName("desktop-chat")
        self.setWindowIcon(app_icon())
        self.resize(1180, 760)
        self.settings = settings or load_settings()
        self.theme = theme
        self.bridge = EngineBridge(engine or Engine(
            device=self.settings.device, dtype=self.settings.dtype, threads=self.settings.cpu_threads,
            compiled_decode=compiled_mode(self.settings.compiled_decode), prepare_compiled=True), self)
        self.compiled_note = ""  # what preparing the compiled decode step found (shown in Settings)
        self.api_server = ApiServerController(self.bridge.engine, self)
        self.context: AppContext | None = None
        self.sidebar: Sidebar | None = None
        self.is_ready = False
        self._painted = False
        self.first_paint_info: dict[str, Any] = {}
        self.history: OpenedHistory | None = None
        self.instance_server: Any = None  # answers later launches (gui/single_instance.py), when run as the app
        self._dialog: QDialog | None = None  # the Help window shown last
        self._closing_blocked = False  # a close was refused because chats were not saved yet
        self._closed = False
        self.load_model_on_start = True  # False: the window measures something else (gui/probes.py)
        self._discard_unsaved = False
        # Retries what the history file refused (locked, disk full) until it takes it.
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_INTERVAL_MS)
        self._retry_timer.timeout.connect(self._retry_saving)
        self._build_skeleton()
        self._build_menus()
        self.installEventFilter(self)
        self.bridge.model_status_changed.connect(self._on_model_status)
        self.bridge.load_progress.connect(self._on_load_progress)
        self.bridge.load_failed.connect(self._on_load_failed)
        self.bridge.compiled_progress.connect(self._on_compiled_progress)
        self.api_server.state_changed.connect(self._on_server_state)
        # History and model come after the first paint (or soon anyway, if the window is never shown).
        self.first_painted.connect(self._finish_startup, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(1000, self._finish_startup)

    # ------------------------------------------------------------------------------------ skeleton

    def _build_skeleton(self) -> None:
        self.notices = NoticeStack()

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Open conversations"))
        self.tabs.tabBar().setAccessibleName(self.tr("Chat tabs"))
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.empty_page = QLabel(self.tr("Start a new chat (Ctrl+N), or open one from the list on the left."))
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setWordWrap(True)
        self.empty_page.setObjectName("badge")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.tabs)

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.sidebar_slot = QWidget()
        self.sidebar_layout = QVBoxLayout(self.sidebar_slot)
        self.sidebar_layout.setContentsMargins(0, 0, 0, 0)
        self.sidebar_layout.setSpacing(0)
        # Two buttons a row: four in one row made the sidebar 400 px wide, half of an 800 px window.
        nav = QGridLayout()
        nav.setContentsMargins(8, 8, 8, 0)
        self.nav_buttons: dict[str, QToolButton] = {}
        self._page_widgets: dict[str, Any] = {}  # pages made so far (on first use); see gui/pages.py
        for index, spec in enumerate(PAGES):
            button = QToolButton()
            button.setText(spec.label)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setAccessibleName(spec.label)
            button.setToolTip(fill(self.tr("%1 (%2)", "a page's name and its shortcut"), spec.label, spec.shortcut))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            nav.addWidget(button, index // 2, index % 2)
            self.nav_buttons[spec.key] = button
        self.nav_buttons["chats"].setChecked(True)
        self._paint_icons()
        self.sidebar_layout.addLayout(nav)
        self.splitter.addWidget(self.sidebar_slot)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 920])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notices)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.model_label = ElidedLabel(self.tr("Starting…"), mode=Qt.TextElideMode.ElideRight)
        self.model_label.setAccessibleName(self.tr("Model status"))
        self.load_bar = QProgressBar()
        self.load_bar.setFixedWidth(220)
        self.load_bar.setAccessibleName(self.tr("Model loading progress"))
        self.load_bar.hide()
        self.server_label = QLabel()
        self.server_label.setAccessibleName(self.tr("API server status"))
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_label.hide()
        self.compiled_label = ElidedLabel("", mode=Qt.TextElideMode.ElideRight)
        self.compiled_label.setAccessibleName(self.tr("Compiled decoding status"))
        self.compiled_label.hide()
        self.statusBar().addWidget(self.model_label, 1)
        self.statusBar().addWidget(self.compiled_label)
        self.statusBar().addPermanentWidget(self.server_label)
        self.statusBar().addPermanentWidget(self.load_bar)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = self._action(file_menu, self.tr("New chat"), QKeySequence.StandardKey.New, self.new_chat)
        self._action(file_menu, self.tr("Import conversations (JSONL)…"), None, self.import_conversations)
        self._action(file_menu, self.tr("Export chat as Markdown…"), None, lambda: self.export_current("md"))
        self._action(file_menu, self.tr("Export chat as JSONL…"), None, lambda: self.export_current("jsonl"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Close chat"), QKeySequence("Ctrl+W"),
                     lambda: self.close_tab(self.tabs.currentIndex()))
        self._action(file_menu, self.tr("Settings…"), QKeySequence("Ctrl+,"), self.open_settings)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        self._action(chat_menu, self.tr("Find chats"), QKeySequence("Ctrl+F"), self.focus_search)
        self._action(chat_menu, self.tr("Stop reply"), QKeySequence(Qt.Key.Key_Escape), self.escape_pressed)
        self._action(chat_menu, self.tr("Regenerate reply"), QKeySequence("Ctrl+R"), self._regenerate_current)
        self._action(chat_menu, self.tr("Copy last reply"), QKeySequence("Ctrl+Shift+C"), self.copy_last_reply)
        self._action(chat_menu, self.tr("Rename chat…"), QKeySequence("F2"), self._rename_current)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for spec in PAGES:
            self._action(view_menu, spec.label, QKeySequence(spec.shortcut), lambda key=spec.key: self.show_page(key))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("Keyboard shortcuts"), QKeySequence(QKeySequence.StandardKey.HelpContents),
                     self.show_shortcuts)
        self._action(help_menu, self.tr("Welcome"), None, self.show_welcome)
        help_menu.addSeparator()
        self._action(help_menu, self.tr("About desktop-chat"), None, self.show_about)

    @Slot()
    def show_welcome(self) -> None:
        from desktop_chat.gui.help import WelcomeDialog

        self._dialog = WelcomeDialog(self.show_models, self.show_finetune, self)
        self._dialog.show()  # not modal: the window stays usable behind it

    @Slot()
    def show_shortcuts(self) -> None:
        from desktop_chat.gui.help import ShortcutsDialog

        actions = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        self._dialog = ShortcutsDialog(actions, self)
        self._dialog.show()

    @Slot()
    def show_about(self) -> None:
        from desktop_chat.gui.help import AboutDialog

        status = self.bridge.engine.status
        device = fill(self.tr("%1 (%2), %3 loaded"), status.device, status.dtype, status.name) if status else \
            self.tr("no model loaded yet")
        self._dialog = AboutDialog(device, self)
        self._dialog.show()

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------------------------ startup

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # What was imported when the window first painted (the startup probe reports it).
            self.first_paint_info = {"at": time.perf_counter(), "torch_imported": "torch" in sys.modules}
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    @Slot()
    def _finish_startup(self) -> None:
        if self.context is not None:
            return
        try:
            opened = open_history()
        except HistoryError as exc:  # e.g. locked by another program while it needs upgrading: wait for it
            self.notices.show_notice(
                fill(self.tr("Your chats cannot be opened yet: %1. desktop-chat tries again every few seconds."), exc),
                key="history-open", error=True, actions=[(self.tr("Try again"), self._finish_startup)])
            self._retry_timer.start()
            return
        self.notices.dismiss("history-open")
        self.history = opened
        store = opened.store
        saves = SaveQueue(store)
        saves.on_change = self._on_saves_changed
        self.context = AppContext(store=store, saves=saves, bridge=self.bridge, library=Library(settings=self.settings),
                                  settings=self.settings, colors=colors_for(self.theme))
        from desktop_chat.gui.docs.indexing import IndexRunner

        self.context.indexer = IndexRunner(self)
        # Indexing that a crash, a kill or a closed window cut short goes on where it stopped.
        QTimer.singleShot(STARTUP_LOAD_DELAY_MS, self, self._resume_indexing)
        self.sidebar = Sidebar(store)
        self.sidebar_layout.addWidget(self.sidebar)
        self.sidebar.open_requested.connect(self.open_conversation)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.rename_requested.connect(self.rename_conversation)
        self.sidebar.export_requested.connect(self.export_conversation)
        self.sidebar.deleted.connect(self._on_conversation_deleted)
        self.sidebar.refresh()
        for notice in opened.notices:
            self.notices.show_notice(notice.text, key=notice.key, error=notice.error)
        if store.recovery_pending:
            self._retry_timer.start()
        ids = self.sidebar.ids()
        if ids:
            self.open_conversation(ids[0])
        else:
            self.new_chat()
        default = self.context.model_info(self.settings.default_model)
        if self.load_model_on_start and (default is None or default.kind != "remote"):  # a remote one runs there
            # A moment later: the engine thread's first imports (torch) hold the interpreter for
            # seconds, and the window must be fully drawn before they start.
            name = default.name if default else None
            QTimer.singleShot(STARTUP_LOAD_DELAY_MS, self, lambda: self._start_loading(name))
            self.model_label.setText(self.tr("Setting up the starter model: once, about half a minute…")
                                     if default is None else self.tr("Loading the model…"))
        if self.settings.server_enabled:
            self.apply_server_settings()
        self.is_ready = True
        self.ready.emit()
        if not self.settings.welcome_shown:  # a new data folder: say what to know first, once
            self.settings.welcome_shown = True
            self.settings.save()
            QTimer.singleShot(0, self.show_welcome)
        from desktop_chat.gui.chat.message_view import warm_up

        colors = self.context.colors
        QTimer.singleShot(50, lambda: warm_up(colors))  # when idle, before the first message

    def bring_to_front(self) -> None:
        """Another launch of desktop-chat asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _start_loading(self, name: str | None) -> None:
        # A window closed within the delay loads nothing; one where a model was loaded or asked for
        # meanwhile (Load on the Models page, a first message) keeps that one.
        if not (self._closed or self.bridge.engine.status or self.bridge.loading or self.bridge.replying):
            self.bridge.load(name)

    # ------------------------------------------------------------------------------------ pages

    def show_page(self, key: str) -> None:
        """Show the page `key` (see gui/pages.py), making it on first use."""
        if key == "chats":
            self.nav_buttons["chats"].setChecked(True)
            self.pages.setCurrentWidget(self.tabs if self.tabs.count() else self.empty_page)
            return
        page = self.page(key)
        if page is None:
            return
        self.nav_buttons[key].setChecked(True)
        self.pages.setCurrentWidget(page)

    def page(self, key: str) -> Any:
        """The page `key`, made now if it was not yet (None before the history is open)."""
        if key in self._page_widgets or self.context is None:
            return self._page_widgets.get(key)
        spec = next(s for s in PAGES if s.key == key)
        assert spec.create is not None
        page: Any = spec.create(self.context)
        page.library_changed.connect(self._on_library_changed)
        if hasattr(page, "chat_requested"):
            page.chat_requested.connect(self.chat_with_model)
        if hasattr(page, "chat_with_documents"):
            page.chat_with_documents.connect(self.chat_with_collection)
        if hasattr(page, "collections_changed"):
            page.collections_changed.connect(self._on_collections_changed)
        if hasattr(page, "train_requested"):
            page.train_requested.connect(self.train_on)
        self._page_widgets[key] = page
        self.pages.addWidget(page)
        return page

    @property
    def models_page(self) -> Any:
        return self._page_widgets.get("models")

    @property
    def finetune_page(self) -> Any:
        return self._page_widgets.get("finetune")

    @property
    def feedback_page(self) -> Any:
        return self._page_widgets.get("feedback")

    @property
    def docs_page(self) -> Any:
        return self._page_widgets.get("docs")

    @Slot(str, list, str)
    def train_on(self, base: str, files: list[str], out: str) -> None:
        """Open the Fine-tune page set up to train `base` on `files`; the run starts once the data checks out."""
        self.show_page("finetune")
        self.page("finetune").train_on(base, files, out)

    @Slot()
    def _on_feedback_changed(self) -> None:
        if self.feedback_page is not None:
            self.feedback_page.mark_stale()

    @Slot()
    def show_chats(self) -> None:
        self.show_page("chats")

    @Slot()
    def show_models(self) -> None:
        self.show_page("models")

    @Slot()
    def show_finetune(self) -> None:
        self.show_page("finetune")

    @Slot()
    def show_feedback(self) -> None:
        self.show_page("feedback")

    @Slot()
    def show_docs(self) -> None:
        self.show_page("docs")

    def _paint_icons(self) -> None:
        color = colors_for(self.theme).text
        for spec in PAGES:
            self.nav_buttons[spec.key].setIcon(ui_icon(spec.icon, color))

    @Slot(str)
    def chat_with_model(self, name: str) -> ChatPane | None:
        """A new conversation answered by `name` (e.g. a model just fine-tuned)."""
        pane = self.new_chat()
        if pane is None or self.context is None:
            return None
        settings = pane.settings()
        settings.model = name
        self.context.saves.update_settings(pane.conversation_id, settings)
        pane.refresh_models()
        pane.drawer.load(settings)
        pane.on_model_status(None)
        return pane

    def chat_with_collection(self, collection: str) -> ChatPane | None:
        """A new conversation that answers from the document collection `collection`."""
        pane = self.new_chat()
        if pane is None or self.context is None:
            return None
        settings = pane.settings()
        settings.collections = [collection]
        self.context.saves.update_settings(pane.conversation_id, settings)
        pane.refresh_models()
        pane.drawer.load(settings)
        self.show_page("chats")
        return pane

    @Slot()
    def _on_library_changed(self) -> None:
        if self.context is not None:
            self.context.forget_models()
        for pane in self.panes():
            pane.refresh_models()
            pane.on_model_status(None)
        for page in self._page_widgets.values():
            page.mark_stale()

    # ------------------------------------------------------------------------------------ panes

    def panes(self) -> list[ChatPane]:
        return [pane for pane in (self.tabs.widget(i) for i in range(self.tabs.count())) if isinstance(pane, ChatPane)]

    def current_pane(self) -> ChatPane | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ChatPane) else None

    def pane_for(self, conversation_id: int) -> ChatPane | None:
        return next((p for p in self.panes() if p.conversation_id == conversation_id), None)

    @Slot()
    def new_chat(self) -> ChatPane | None:
        """A new conversation in a new tab (None, with the reason shown, when the history refuses it)."""
        assert self.context is not None
        try:
            conversation_id = self.context.store.create_conversation(
                settings=self.context.new_conversation_settings())
        except HistoryError as exc:
            self._show_history_trouble(exc)
            return None
        pane = self.open_conversation(conversation_id)
        pane.composer.setFocus()
        return pane

    @Slot(int)
    def open_conversation(self, conversation_id: int) -> ChatPane:
        assert self.context is not None and self.sidebar is not None
        pane = self.pane_for(conversation_id)
        if pane is None:
            pane = ChatPane(self.context, conversation_id)
            pane.title_changed.connect(self._on_title_changed)
            pane.busy_changed.connect(lambda busy, p=pane: self._on_pane_busy(p, busy))
            pane.history_changed.connect(lambda _id: self.sidebar.refresh())
            pane.feedback_changed.connect(self._on_feedback_changed)
            self.bridge.model_status_changed.connect(pane.on_model_status)
            title = shown_title(self.context.store.get_conversation(conversation_id).title)
            index = self.tabs.addTab(pane, _tab_title(title))
            self.tabs.setTabToolTip(index, title)
            close_button = self.tabs.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
            if close_button is not None:
                close_button.setAccessibleName(self.tr("Close chat"))
                close_button.setToolTip(self.tr("Close chat (Ctrl+W)"))
        self.tabs.setCurrentWidget(pane)
        self.pages.setCurrentWidget(self.tabs)
        self.nav_buttons["chats"].setChecked(True)
        self.sidebar.refresh()
        self.sidebar.select(conversation_id)
        return pane

    @Slot(int)
    def close_tab(self, index: int) -> None:
        pane = self.tabs.widget(index)
        if not isinstance(pane, ChatPane) or self.context is None:
            return
        pane.shutdown()
        self.bridge.model_status_changed.disconnect(pane.on_model_status)
        self.tabs.removeTab(index)
        if not self.context.store.active_path(pane.conversation_id):
            try:
                self.context.store.delete_permanently(pane.conversation_id)
            except HistoryError:
                pass  # an unused chat: start-up removes it next time
        pane.deleteLater()
        if self.tabs.count() == 0 and self.pages.currentWidget() is self.tabs:
            self.pages.setCurrentWidget(self.empty_page)
        if self.sidebar:
            self.sidebar.refresh()

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        pane = self.tabs.widget(index)
        if isinstance(pane, ChatPane) and self.sidebar is not None:
            self.sidebar.select(pane.conversation_id)

    @Slot(int, str)
    def _on_title_changed(self, conversation_id: int, title: str) -> None:
        title = shown_title(title)
        pane = self.pane_for(conversation_id)
        if pane is not None:
            index = self.tabs.indexOf(pane)
            self.tabs.setTabText(index, _tab_title(title))
            self.tabs.setTabToolTip(index, title)
        if self.sidebar:
            self.sidebar.refresh()

    def _on_pane_busy(self, pane: ChatPane, busy: bool) -> None:
        if self.sidebar is None:
            return
        if busy:
            self.sidebar.busy_ids.add(pane.conversation_id)
        else:
            self.sidebar.busy_ids.discard(pane.conversation_id)
        index = self.tabs.indexOf(pane)
        if index >= 0:
            title = shown_title(self.context.store.get_conversation(pane.conversation_id).title) if self.context else ""
            self.tabs.setTabText(index, ("● " if busy else "") + _tab_title(title))
        self.sidebar.refresh()

    @Slot(int)
    def _on_conversation_deleted(self, conversation_id: int) -> None:
        pane = self.pane_for(conversation_id)
        if pane is not None:
            pane.shutdown()
            self.tabs.removeTab(self.tabs.indexOf(pane))
            pane.deleteLater()
            if self.tabs.count() == 0:
                self.pages.setCurrentWidget(self.empty_page)

    # ------------------------------------------------------------------------------------ actions

    @Slot()
    def focus_search(self) -> None:
        if self.sidebar is not None:
            self.sidebar.search.setFocus()
            self.sidebar.search.selectAll()

    @Slot()
    def escape_pressed(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.handle_escape()

    @Slot()
    def _regenerate_current(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.regenerate()

    @Slot()
    def copy_last_reply(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            text = pane.last_reply_text()
            if text:
                QGuiApplication.clipboard().setText(text)
                self.statusBar().showMessage(self.tr("Copied the last reply."), 3000)

    @Slot()
    def _rename_current(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            self.rename_conversation(pane.conversation_id)

    @Slot(int)
    def rename_conversation(self, conversation_id: int) -> None:
        assert self.context is not None
        current = shown_title(self.context.store.get_conversation(conversation_id).title)
        title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Title:"), text=current)
        if ok:
            self.context.store.rename(conversation_id, title)
            self._on_title_changed(conversation_id, self.context.store.get_conversation(conversation_id).title)

    @Slot()
    def open_settings(self) -> None:
        assert self.context is not None
        dialog = SettingsDialog(self.settings, [m.name for m in self.context.chat_models()], self,
                                (self.api_server.state, self.api_server.detail), self.context.default_model(),
                                self.bridge.engine.status, self.compiled_note)
        if dialog.exec():
            previous = (self.context.default_model(), self.settings.device, self.settings.dtype,
                        self.settings.cpu_threads)
            dialog.apply_to(self.settings)
            self.settings.save()
            self.apply_appearance()
            engine = self.bridge.engine
            engine.device, engine.dtype = self.settings.device, self.settings.dtype
            engine.threads = self.settings.cpu_threads
            engine.set_compiled_decode(compiled_mode(self.settings.compiled_decode))
            # Only what changes the model that answers reloads it (a new theme does not).
            if (self.context.default_model(), self.settings.device, self.settings.dtype,
                    self.settings.cpu_threads) != previous:
                engine.unload()
                self.bridge.load(self.context.default_model())
            for pane in self.panes():
                pane.refresh_models()
            self.apply_server_settings()

    def apply_server_settings(self) -> None:
        """Start, restart or stop the local API server to match the settings."""
        s = self.settings
        wanted = (s.server_enabled, s.server_host, s.server_port, s.server_api_key, tuple(s.server_allowed_origins),
                  s.server_max_body_mb)
        if wanted == getattr(self, "_server_settings", None) and self.api_server.state in ("running", "starting"):
            return
        self._server_settings = wanted
        if s.server_enabled or self.api_server.state != "off":
            self.api_server.apply(s.server_enabled, s.server_host, s.server_port, s.server_api_key,
                                  allowed_origins=tuple(s.server_allowed_origins), max_body_mb=s.server_max_body_mb)

    @Slot(str, str)
    def _on_server_state(self, state: str, detail: str) -> None:
        self.server_label.setText(server_status_text(state, detail, colors_for(self.theme)))
        self.server_label.setVisible(state != "off")
        if state == "failed":
            self.show_notice(fill(self.tr("The local API server could not start: %1. Change the port in File ▸ "
                                          "Settings."), detail), error=True, key="server")

    def apply_appearance(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.theme = apply_theme(app, self.settings.theme, self.settings.font_size)
        if self.context is not None:
            self.context.colors = colors_for(self.theme)
            for pane in self.panes():
                pane.set_colors(self.context.colors)
            for page in self._page_widgets.values():
                if hasattr(page, "set_palette"):
                    page.set_palette(self.context.colors)
        self._paint_icons()

    # ------------------------------------------------------------------------------------ import / export

    def export_current(self, kind: str) -> None:
        pane = self.current_pane()
        if pane is not None:
            self.export_conversation(pane.conversation_id, kind)

    @Slot(int, str)
    def export_conversation(self, conversation_id: int, kind: str) -> None:
        assert self.context is not None
        store = self.context.store
        title = store.get_conversation(conversation_id).title
        suggested = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        filters = self.tr("Markdown (*.md)") if kind == "md" else self.tr("JSON Lines (*.jsonl)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chat"), f"{suggested}.{kind}", filters)
        if path:
            text = store.export_markdown(conversation_id) if kind == "md" else store.export_jsonl(conversation_id)
            asyncio.ensure_future(self._write_file(Path(path), text))

    async def _write_file(self, path: Path, text: str) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, atomic_write_text, path, text)
        except OSError as exc:
            self.show_notice(fill(self.tr("Could not write %1: %2"), path, exc), error=True)
        else:
            self.statusBar().showMessage(fill(self.tr("Saved %1"), path), 5000)

    @Slot()
    def import_conversations(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import conversations"), "",
                                              self.tr("JSON Lines (*.jsonl);;All files (*)"))
        if path:
            asyncio.ensure_future(self.import_file(Path(path)))

    async def import_file(self, path: Path) -> list[int]:
        """Read and check a JSONL file off the GUI thread, then add its conversations."""
        from desktop_chat.core.conversations import read_messages_jsonl

        assert self.context is not None
        loop = asyncio.get_running_loop()
        try:
            conversations = await loop.run_in_executor(None, read_messages_jsonl, path)
            created = self.context.store.import_conversations(conversations)
        except OSError as exc:
            self.show_notice(fill(self.tr("Could not read %1: %2"), path, exc), error=True)
            return []
        except DesktopChatError as exc:
            self.show_notice(fill(self.tr("Nothing was imported: %1"), exc), error=True)
            return []
        self.sidebar.refresh() if self.sidebar else None
        if created:
            self.open_conversation(created[0])
        self.statusBar().showMessage(fill(self.tr("Imported %n conversation(s) from %1.", "", len(created)),
                                          path.name), 5000)
        return created

    # ------------------------------------------------------------------------------------ model status

    @Slot(object)
    def _on_model_status(self, status: ModelStatus | None) -> None:
        self.load_bar.hide()
        if status is not None and self.context is not None and \
                status.name not in {m.name for m in self.context.models()}:
            # Loading put a model into the library (the starter, imported on the first start): read
            # the library again, so the panes (whose slots run after this one) name it as their model.
            self.context.forget_models()
            for pane in self.panes():
                pane.refresh_models()
        if status is None:
            self.model_label.setText(self.tr("No model loaded"))
        else:
            self.model_label.setText(fill(self.tr("Model: %1 · %2 %3 · context %4 tokens · loaded in %5 s"),
                                          status.name, status.device, status.precision or status.dtype,
                                          f"{status.context_length:,}", f"{status.load_s:.1f}"))
            self.model_label.setToolTip(status.precision_reason)

    @Slot(str, str, object)
    def _on_compiled_progress(self, kind: str, text: str, fraction: Any) -> None:
        """Preparing the compiled decode step: its progress, then whether replies use it."""
        label = self.compiled_label
        if kind == "preparing":
            stage = text[:1].upper() + text[1:]
            if fraction is None:
                label.setText(fill(self.tr("Preparing faster replies: %1…"), stage))
            else:
                label.setText(fill(self.tr("Preparing faster replies: %1… %2 %"), stage, f"{fraction * 100:.0f}"))
            label.setToolTip(self.tr("The decoding step is compiled in the background, once per model; chat as usual "
                                     "meanwhile. Settings ▸ Compiled decoding turns this off."))
            label.show()
            return
        self.compiled_note = text
        if kind == "ready":
            label.setText(self.tr("Compiled decoding"))
            label.show()
        elif kind == "failed":
            label.setText(text)
            label.show()
        else:  # measured slower here, or not possible: said in Settings
            label.hide()
        label.setToolTip(text)  # after setText, which sets the tooltip to the text

    @Slot(str, object)
    def _on_load_progress(self, stage: str, fraction: Any) -> None:
        self.model_label.setText(stage[:1].upper() + stage[1:] + "…")
        self.load_bar.show()
        if fraction is None:
            self.load_bar.setRange(0, 0)
        else:
            self.load_bar.setRange(0, 100)
            self.load_bar.setValue(int(fraction * 100))

    @Slot(object)
    def _on_load_failed(self, error: BaseException) -> None:
        self.load_bar.hide()
        self.model_label.setText(self.tr("No model loaded"))
        self.show_notice(fill(self.tr("The model could not be loaded: %1. The app still works: choose another model "
                                      "in ⚙ Settings of a chat, or in File ▸ Settings."), error),
                         error=True, key="model-load")

    # ------------------------------------------------------------------------------------ notices

    def show_notice(self, text: str, error: bool = False, key: str | None = None) -> str:
        """Add a notice above the chats (one with the same key is replaced); each has its own Dismiss."""
        return self.notices.show_notice(text, key=key, error=error)

    def show_unexpected_error(self, error: BaseException) -> None:
        """What the app's exception hook shows: never "your chats are saved" while some are not."""
        if isinstance(error, HistoryError) and self.context is not None:
            self._show_history_trouble(error)
            return
        if self.context is None or self.context.saves.empty:
            text = fill(self.tr("Something went wrong: %1: %2. Your chats are saved; if this keeps happening, run "
                                "`desktop-chat --verbose` and report the log."), type(error).__name__, error)
        else:
            text = fill(self.tr("Something went wrong: %1: %2. Some of your chats are not saved yet (see the notice "
                                "about it); if this keeps happening, run `desktop-chat --verbose` and report the "
                                "log."), type(error).__name__, error)
        self.show_notice(text, error=True)

    # ------------------------------------------------------------------------------------ saving

    def _on_saves_changed(self) -> None:
        """The save queue started or stopped refusing: say so at once, and retry until it takes them."""
        assert self.context is not None
        saves = self.context.saves
        if saves.error is not None:
            self._show_history_trouble(saves.error)
        elif self.notices.has("unsaved"):
            self.notices.dismiss("unsaved")
            self.show_notice(self.tr("Your chats are all saved again."), key="saved-again")

    def _show_history_trouble(self, error: BaseException) -> None:
        assert self.context is not None
        what = error.detail if isinstance(error, HistoryError) else str(error)
        count = self.context.saves.unsaved_characters()
        if count == 0:
            kept = self.tr("Nothing you wrote is lost: what is on screen is kept while desktop-chat stays open.")
        else:
            kept = self.tr("%Ln character(s) are kept in memory and saved as soon as the history file takes them "
                           "again.", "", count)
        actions = [(self.tr("Retry now"), self._retry_saving), (self.tr("Save a copy…"), self._save_unsaved_copy)]
        if self._closing_blocked:
            actions[0] = (self.tr("Retry now"), self._retry_and_close)
            text = fill(self.tr("desktop-chat cannot close yet: your chats are not all saved (%1). %2 Free some space "
                                "or close the program holding the file, then close again; or save a copy elsewhere, "
                                "or quit without saving them."), what, kept)
            actions.append((self.tr("Quit without saving"), self._quit_without_saving))
        else:
            text = fill(self.tr("Your chats are not all saved: %1. %2"), what, kept)
        self.notices.dismiss("saved-again")
        self.notices.show_notice(text, key="unsaved", error=True, actions=actions)
        self._retry_timer.start()

    @Slot()
    def _retry_saving(self) -> None:
        """Timer and "Retry now": the history that could not be opened, recovery, then unsaved changes."""
        if self.context is None:
            self._finish_startup()
            if self.context is None:
                return
        assert self.history is not None
        for notice in self.history.finish_recovery():
            self.notices.dismiss("history-recovery")
            self.show_notice(notice.text, key=notice.key, error=notice.error)
        if not self.context.saves.retry():
            self._show_history_trouble(self.context.saves.error or HistoryError(self.tr("not saved"), "io"))
            return
        if not self.context.store.recovery_pending:
            self._retry_timer.stop()
        self._closing_blocked = False  # saved: a later close goes through

    @Slot()
    def _retry_and_close(self) -> None:
        """"Retry now" after a refused close: save, and finish closing if that worked."""
        self._retry_saving()
        if self.context is not None and self.context.saves.empty:
            self.close()

    @Slot()
    def _save_unsaved_copy(self) -> None:
        assert self.context is not None
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy of unsaved chats"), "unsaved-chats.md",
                                              self.tr("Markdown (*.md)"))
        if path:
            asyncio.ensure_future(self._write_file(Path(path), self.context.saves.unsaved_text()))

    @Slot()
    def _quit_without_saving(self) -> None:
        self._discard_unsaved = True
        self.close()

    @Slot()
    def _on_collections_changed(self) -> None:
        for pane in self.panes():
            pane.refresh_collections()

    @Slot()
    def _resume_indexing(self) -> None:
        """Go on with indexing cut short; forget the files dropped on conversations that are gone."""
        if self.context is None or self._closed:
            return
        try:
            docs = self.context.docs()
            self._forget_dropped_files(docs)
            self.context.indexer.resume_unfinished(docs)
        except Exception as exc:  # noqa: BLE001 - the document index must not stop the window
            log.warning("could not resume indexing: %s", exc)

    def _forget_dropped_files(self, docs: Any) -> None:
        """The dropped files of deleted conversations leave the index (in the background: it can be large)."""
        from desktop_chat.core.docs.store import DocsStore, dropped_collection_name, is_dropped_collection
        from desktop_chat.gui.tasks import BackgroundTask

        assert self.context is not None
        live = {dropped_collection_name(c.id, c.created) for c in self.context.store.list_conversations()}
        stale = [c.name for c in docs.collections(include_private=True)
                 if is_dropped_collection(c.name) and c.name not in live]
        if not stale:
            return

        def forget(_report: Any) -> None:
            store = DocsStore(docs.path)
            try:
                for name in stale:
                    store.remove_collection(name)
            finally:
                store.close()

        task = BackgroundTask(forget, parent=self)
        task.failed.connect(lambda error: log.warning("could not forget dropped files: %s", error))
        task.start()

    # ------------------------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for pane in self.panes():
            pane.shutdown()
        if self.context is not None and not self._discard_unsaved and not self.context.saves.flush():
            event.ignore()  # nothing the user wrote is dropped by closing: say so, and offer the ways out
            self._closing_blocked = True
            self._show_history_trouble(self.context.saves.error or HistoryError(self.tr("not saved"), "io"))
            return
        self._retry_timer.stop()
        self._closed = True
        self.bridge.blockSignals(True)  # late engine events must not reach panes after the store closes
        self.api_server.stop()
        for page in self._page_widgets.values():
            if hasattr(page, "shutdown"):
                page.shutdown()  # e.g. the Fine-tune page stops following; the run goes on in its own process
        self.bridge.shutdown()
        if self.context is not None and self.context.indexer is not None:
            self.context.indexer.shutdown()  # what is indexed stays; the rest goes on at the next start
        if self.history is not None:
            self.history.close()
        event.accept()
        super().closeEvent(event)


def _tab_title(title: str, limit: int = 28) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


