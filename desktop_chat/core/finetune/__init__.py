"""Fine-tuning: data, the training worker process, and its supervisor."""
