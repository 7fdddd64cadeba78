"""Chat with your documents: collections of local files (store.py), read into passages (parsers.py,
passages.py), indexed off the GUI thread and resumably (indexer.py), and found again with SQLite's
FTS5, Chinese words included (search.py), to answer with numbered sources (answer.py)."""
