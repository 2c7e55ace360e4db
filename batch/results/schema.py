"""The classify results format, defined once: the writer writes :func:`results_schema`, the reader reads
the part of it the report needs (:func:`read_schema`).

One record per input row::

    {"row", "id", "sentiment": {"label", "scores": {"negative", "neutral", "positive"}, "mixed"} | null,
     "themes": [{"id", "label", "confidence", "sentiment", "evidence"}], "language", "skipped"}

``language`` is optional when reading (files written before it existed lack it).
"""

from __future__ import annotations

from typing import Any

COLUMNS = ("row", "id", "sentiment", "themes", "skipped")  # required when reading
OPTIONAL = ("language",)
SENTIMENT_SCORES = ("negative", "neutral", "positive")
_NOT_READ = {"sentiment": ("scores",), "themes": ("label",)}  # written for people, not needed by the report


def results_schema() -> Any:
    """The Arrow schema of a results file (Parquet as written; JSONL and CSV carry the same fields)."""
    import pyarrow as pa

    scores = pa.struct([(k, pa.float64()) for k in SENTIMENT_SCORES])
    theme = pa.struct([("id", pa.string()), ("label", pa.string()), ("confidence", pa.float64()),
                       ("sentiment", pa.string()), ("evidence", pa.string())])
    return pa.schema([("row", pa.int64()), ("id", pa.string()),
                      ("sentiment", pa.struct([("label", pa.string()), ("scores", scores), ("mixed", pa.bool_())])),
                      ("themes", pa.list_(theme)), ("language", pa.string()), ("skipped", pa.string())])


def read_schema() -> Any:
    """:func:`results_schema` without the fields the reader skips (sentiment scores, theme labels)."""
    import pyarrow as pa

    fields = []
    for f in results_schema():
        drop = _NOT_READ.get(f.name, ())
        typ = f.type
        if pa.types.is_struct(typ):
            typ = pa.struct([c for c in typ if c.name not in drop])
        elif pa.types.is_list(typ):
            typ = pa.list_(pa.struct([c for c in typ.value_type if c.name not in drop]))
        fields.append(pa.field(f.name, typ))
    return pa.schema(fields)
