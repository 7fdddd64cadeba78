"""The Documents page: collections, their indexing, and the sources of replies."""
