"""Conversation panes: message view, composer, settings drawer."""
