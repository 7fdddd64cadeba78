"""Everything that works without a display. Nothing in this package may import Qt."""
