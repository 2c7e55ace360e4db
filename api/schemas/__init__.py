"""Request and response models, split by resource. Requests forbid unknown fields and carry limits."""
