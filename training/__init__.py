"""Training: data loading and validation, fitting heads, evaluation, artefact writing.

Imports ``nlp``; never imported by ``nlp`` or ``api``.
"""
