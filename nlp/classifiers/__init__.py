"""Heads on encoder vectors: sentiment, supervised themes, the taxonomy matcher and TF-IDF features."""
