"""FastAPI service over ``nlp`` (no training code; ``training`` never imports it)."""
