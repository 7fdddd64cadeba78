"""The model library: what is installed, and how models get there."""
