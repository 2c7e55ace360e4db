"""The labelled-data format: what ``npslens train`` reads and ``/v1/feedback/export`` writes.

One record per comment, JSONL::

    {"text": "...", "sentiment": "negative", "themes": {"wait_time": "negative", "price_value": "positive"}}

``themes`` may be a plain list of ids (theme sentiment unknown), ``{}``/``[]`` (no theme applies) or
``null``/absent (themes unknown: the row only labels sentiment); ``sentiment`` may be ``null``/absent.
CSV files use the columns ``text, sentiment, themes`` with ``wait_time:negative;price_value`` cells; an
empty themes cell means "no theme applies" unless the whole row is unlabelled (sentiment empty too).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from nlp.csv_text import csv_chunks, parser_message
from nlp.errors import InputFileError

COLUMNS = ("text", "sentiment", "themes")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def parse_themes(value: Any) -> dict[str, str | None]:
    """Normalise a themes cell: dict, list of ids, or ``id:sentiment;id`` string → ``{id: sentiment|None}``."""
    if _missing(value):
        return {}
    if isinstance(value, dict):
        return {str(k): (None if v in (None, "") else str(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return {str(k): None for k in value}
    out: dict[str, str | None] = {}
    for part in str(value).split(";"):
        part = part.strip()
        if not part:
            continue
        tid, _, sent = part.partition(":")
        out[tid.strip()] = sent.strip() or None
    return out


def _read_jsonl(p: Path) -> pd.DataFrame:
    rows = []
    with p.open(encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputFileError(f"{p}:{n}: not valid JSON ({err.msg}); each line must be one JSON "
                                     "object") from None
            if not isinstance(obj, dict):
                raise InputFileError(f"{p}:{n}: expected a JSON object like {{\"text\": …, \"sentiment\": …, "
                                     f"\"themes\": …}}, got {type(obj).__name__}")
            obj["line"] = n
            obj["themes_known"] = not _missing(obj.get("themes"))
            rows.append(obj)
    return pd.DataFrame(rows)


def _read_csv(p: Path) -> pd.DataFrame:
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:  # strict: extra fields or duplicate names are errors
            df = pd.concat(list(csv_chunks(fh, str(p), chunksize=100_000)), ignore_index=True)
    except pd.errors.ParserError as err:
        raise InputFileError(parser_message(str(p), err)) from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputFileError(f"{p}: not a readable UTF-8 CSV ({err})") from None
    df["line"] = range(2, len(df) + 2)
    has_themes = "themes" in df.columns
    sent = df["sentiment"] if "sentiment" in df.columns else pd.Series([""] * len(df))
    labelled = (df["themes"].str.strip() != "") if has_themes else pd.Series([False] * len(df))
    df["themes_known"] = has_themes & (labelled.to_numpy() | (sent.str.strip() != "").to_numpy())
    return df


def read_labelled(path: str | Path) -> pd.DataFrame:
    """Read one labelled file (``.jsonl``/``.ndjson`` or ``.csv``).

    Returns:
        A DataFrame with ``text`` (as read, validated later), ``sentiment`` (str or None), ``themes``
        (``{id: sentiment|None}``), ``themes_known`` (False when the file says nothing about themes),
        ``line`` (1-based line in the file), ``source`` (file name) and any extra columns.

    Raises:
        InputFileError: missing file, unknown extension, bad JSON line or no ``text`` column.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"training file not found: {p}")
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        df = _read_jsonl(p)
    elif suffix == ".csv":
        df = _read_csv(p)
    else:
        raise InputFileError(f"{p}: labelled data must be .jsonl or .csv (got {suffix or 'no extension'})")
    if len(df) and "text" not in df.columns:
        raise InputFileError(f"{p}: no 'text' column/field (found {[c for c in df.columns if c != 'line'][:10]}); "
                             "each record needs text plus sentiment and/or themes")
    if not len(df):
        df = pd.DataFrame(columns=["text", "line", "themes_known"])
    if "sentiment" not in df.columns:
        df["sentiment"] = None
    df["sentiment"] = [None if _missing(s) or s == "" else s for s in df["sentiment"]]
    df["themes"] = [parse_themes(v) for v in (df["themes"] if "themes" in df.columns else [None] * len(df))]
    df["themes_known"] = df["themes_known"].astype(bool)
    df["source"] = p.name
    return df.reset_index(drop=True)


def write_labelled(records: list[dict[str, Any]], path: str | Path) -> Path:
    """Write records in the labelled format (JSONL, or CSV when ``path`` ends in ``.csv``), atomically."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.partial")
    if p.suffix.lower() == ".csv":
        def cell(v: Any) -> Any:
            if isinstance(v, dict):
                return ";".join(f"{k}:{s}" if s else k for k, s in v.items())
            return "" if v is None else v
        pd.DataFrame([{k: cell(v) for k, v in r.items()} for r in records]).to_csv(tmp, index=False)
    else:
        with tmp.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(p)
    return p
