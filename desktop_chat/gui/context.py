"""What every part of the window shares: the history store (and the queue of changes it has not taken
yet), the engine bridge, the model library, the user's settings and the current theme colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_chat.core.conversations import ConversationSettings, ConversationStore
from desktop_chat.core.library.catalog import STARTER_NAME, Library
from desktop_chat.core.presets import BUILTIN_PRESETS
from desktop_chat.core.save_queue import SaveQueue
from desktop_chat.core.settings import Settings
from desktop_chat.core.types import GenParams, ModelInfo
from desktop_chat.gui.bridge import EngineBridge
from desktop_chat.gui.palette import LIGHT, Palette


@dataclass
class AppContext:
    store: ConversationStore
    saves: SaveQueue  # every change to a reply or a conversation's settings goes through it
    bridge: EngineBridge
    library: Library
    settings: Settings
    colors: Palette = LIGHT

    _models: list[ModelInfo] | None = None  # the library as last read: forget_models() after a change
    indexer: Any = None  # the IndexRunner (gui/docs/indexing.py) that indexes document collections
    _docs: Any = None  # the document index (core/docs/store.py), opened on first use

    def docs(self) -> Any:
        """The document index (a DocsStore): short reads on the GUI thread, the indexer writes elsewhere."""
        if self._docs is None:
            from desktop_chat.core.docs.store import DocsStore

            self._docs = DocsStore()
        return self._docs

    def collection_names(self) -> list[str]:
        """The user's document collections (not the files dropped on one conversation), by name."""
        return [c.name for c in self.docs().collections()]

    def models(self) -> list[ModelInfo]:
        """The installed models, read once, not at every reply (manifests live on disk)."""
        if self._models is None:
            self._models = self.library.list()
        return self._models

    def chat_models(self) -> list[ModelInfo]:
        """The installed models that can chat (not the embedding models that search documents)."""
        return [m for m in self.models() if not m.is_embedding]

    def forget_models(self) -> None:
        """The library changed (import, download, rename, delete): read it again when next asked."""
        self._models = None

    def default_model(self) -> str | None:
        names = [m.name for m in self.chat_models()]
        for candidate in (self.settings.default_model, STARTER_NAME):
            if candidate and candidate in names:
                return candidate
        return names[0] if names else None

    def model_info(self, name: str | None) -> ModelInfo | None:
        name = name or self.default_model()
        return next((m for m in self.models() if m.name == name), None)

    def user_presets(self) -> dict[str, GenParams]:
        return {name: GenParams.from_dict(values) for name, values in self.settings.presets.items()}

    def new_conversation_settings(self) -> ConversationSettings:
        return ConversationSettings(params=BUILTIN_PRESETS["Precise"], context_policy=self.settings.context_policy)
