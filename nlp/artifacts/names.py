"""File names inside a models folder: one home, shared by writers, readers and verifiers."""

from __future__ import annotations

FORMAT_VERSION = 1
FILES = ("meta.json", "config.json", "training_config.json", "taxonomy.yaml", "thresholds.json",
         "weights.safetensors", "vocabulary.json", "metrics.json", "README.md")  # fmt: skip
CHECKSUMS = "checksums.sha256"
THEMES_VOCABULARY = "themes_vocabulary.json"  # optional: the theme twin's own TF-IDF vocabulary
ENCODER_ONNX = "encoder.int8.onnx"
ENCODER_DENSE = "encoder.dense.safetensors"
REGISTRY = "registry.json"
