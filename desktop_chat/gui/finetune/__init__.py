"""The Fine-tune page."""
