"""What every part of the window shares: the history store (and the queue of changes it has not taken
yet), the engine bridge, the model library, the user's settings and the current theme colours."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_chat.core.conversations import ConversationSettings, ConversationStore
from desktop_chat.core.library.catalog import Library
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

    def models(self) -> list[ModelInfo]:
        return self.library.list()

    def default_model(self) -> str | None:
        return self.library.default_name()

    def model_info(self, name: str | None) -> ModelInfo | None:
        name = name or self.default_model()
        return next((m for m in self.models() if m.name == name), None)

    def user_presets(self) -> dict[str, GenParams]:
        return {name: GenParams.from_dict(values) for name, values in self.settings.presets.items()}

    def new_conversation_settings(self) -> ConversationSettings:
        return ConversationSettings(params=BUILTIN_PRESETS["Precise"], context_policy=self.settings.context_policy)
