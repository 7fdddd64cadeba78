"""Data files the program reads at run time (they ship inside the package)."""
