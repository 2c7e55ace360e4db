"""Sentence encoders behind one protocol (:mod:`nlp.encoders.base`), built by name (:mod:`nlp.encoders.factory`)."""
