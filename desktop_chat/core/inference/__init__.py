"""Running a model: device choice, loading, streaming generation, and the engine's worker thread."""
