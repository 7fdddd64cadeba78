"""desktop-chat: chat with, manage and fine-tune local language models."""

__version__ = "0.1.0"
