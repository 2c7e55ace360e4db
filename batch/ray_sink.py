"""Distributed writing for ``npslens classify --engine ray`` into a folder: part files written by the workers,
``_manifest.json`` written last by the driver.

Folder layout (``MANIFEST_SCHEMA`` 1)::

    out/part-000000000000.parquet   rows 0 … n0−1   (name = first row, 12 digits: name order = row order)
    out/part-000000050000.parquet   rows n0 …
    out/_manifest.json              {"schema_version", "format", "model", "input", "rows", "files", "created", …}

Each part holds a contiguous run of rows in row order (a write task sorts what it gets and splits it at any gap);
the driver checks that the parts tile ``0 … rows−1`` exactly before it writes the manifest. A local folder is
written as a hidden sibling (``.out.partial-XXXX``) and renamed into place only after the manifest is written, so a
failed run leaves nothing that looks complete; on an object store (``s3://`` …), where renames do not exist, the
parts go straight to the prefix and the manifest is the commit marker (readers refuse a folder without one).
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from batch.results.writer import _is_uri, _local, first_line
from nlp.errors import ConfigError, DistributedError

MANIFEST = "_manifest.json"
MANIFEST_SCHEMA = 1
PART_FORMATS = ("parquet", "jsonl")
MIN_ROWS_PER_PART = 50_000


def part_name(first_row: int, fmt: str) -> str:
    return f"part-{first_row:012d}.{fmt}"


def _fs(path: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    if _is_uri(path):
        return pafs.FileSystem.from_uri(path)
    return pafs.LocalFileSystem(), str(Path(_local(path)).resolve())


def write_part(fs: Any, folder: str, rows: Any, lines: list[str], fmt: str) -> dict[str, Any]:
    """Write one part (``rows`` contiguous, ascending) and return its manifest entry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from batch.results.schema import results_schema

    first = int(rows[0])
    name = part_name(first, fmt)
    where = f"{folder.rstrip('/')}/{name}"
    if fmt == "parquet":
        table = pa.Table.from_pylist([json.loads(line) for line in lines], schema=results_schema())
        pq.write_table(table, where, filesystem=fs)
    else:
        with fs.open_output_stream(where) as out:
            out.write("".join(line + "\n" for line in lines).encode("utf-8"))
    return {"path": name, "first_row": first, "rows": len(lines)}


def result_sink(folder: str, fmt: str, min_rows: int = MIN_ROWS_PER_PART) -> Any:
    """A Ray Data datasink writing ``{"row", "line"}`` blocks as parts of ``folder`` (see the module doc)."""
    import numpy as np
    from ray.data.block import BlockAccessor
    from ray.data.datasource import Datasink

    class ResultSink(Datasink):
        def __init__(self) -> None:
            self.parts: list[dict[str, Any]] = []

        @property
        def min_rows_per_write(self) -> int:
            return min_rows

        def write(self, blocks: Any, ctx: Any) -> list[dict[str, Any]]:
            import pyarrow as pa

            tables = [BlockAccessor.for_block(b).to_arrow() for b in blocks]
            tables = [t for t in tables if t.num_rows]
            if not tables:
                return []
            table = pa.concat_tables(tables)
            rows = table.column("row").to_numpy()
            order = np.argsort(rows, kind="stable")
            rows, lines = rows[order], table.column("line").take(pa.array(order)).to_pylist()
            cuts = np.flatnonzero(np.diff(rows) != 1) + 1
            fs, where = _fs(folder)
            out = []
            for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(rows)], strict=True):
                out.append(write_part(fs, where, rows[a:b], lines[a:b], fmt))
            return out

        def on_write_complete(self, write_result: Any) -> None:
            self.parts = [p for ret in write_result.write_returns for p in (ret or [])]

        def get_name(self) -> str:
            return "NPSLensResults"

    return ResultSink()


def check_tiling(parts: list[dict[str, Any]], expected: int | None) -> list[dict[str, Any]]:
    """The parts sorted by first row; an error unless they cover ``0 … n−1`` once each (and ``n == expected``)."""
    parts = sorted(parts, key=lambda p: int(p["first_row"]))
    row = 0
    for p in parts:
        if int(p["first_row"]) != row:
            raise DistributedError(f"internal: part {p['path']} starts at row {p['first_row']}, expected {row}")
        row += int(p["rows"])
    if expected is not None and row != expected:
        raise DistributedError(f"internal: wrote {row} rows, the input has {expected}")
    return parts


class Staging:
    """Where the parts go before the run succeeds, and the commit (manifest, then rename) or the abort."""

    def __init__(self, output: str) -> None:
        self.output = output.rstrip("/") or output
        self.remote = _is_uri(output)
        if self.remote:
            self.fs, self.final = _fs(self.output)
            self.where = self.output
            try:
                self.fs.create_dir(self.final, recursive=True)
                self.fs.delete_file(f"{self.final}/{MANIFEST}")  # a rerun: the old output is no longer complete
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as err:
                raise ConfigError(f"cannot write {output}: {first_line(err)}") from None
            return
        out = Path(_local(self.output)).resolve()
        if out.exists() and not out.is_dir():
            raise ConfigError(f"{output} is a file; a folder output needs a folder path (or a new name)")
        if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
            raise ConfigError(f"{output} is a folder that is not an `npslens classify` output (no {MANIFEST}): "
                              "pick a new or empty folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.final_path = out
        self.tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
        self.tmp.mkdir()
        self.where = str(self.tmp)

    def commit(self, manifest: dict[str, Any]) -> None:
        """Write the manifest last, then (local) swap the staged folder into place."""
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        if self.remote:
            with self.fs.open_output_stream(f"{self.final}/{MANIFEST}") as out:
                out.write(text.encode("utf-8"))
            return
        (self.tmp / MANIFEST).write_text(text, encoding="utf-8")
        old = None
        if self.final_path.exists():
            old = self.final_path.with_name(f".{self.final_path.name}.old-{uuid.uuid4().hex[:8]}")
            self.final_path.rename(old)
        self.tmp.rename(self.final_path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self, parts: list[dict[str, Any]] | None = None) -> None:
        """Remove what a failed run wrote: the staged folder, or (object store) the parts it knows of."""
        if not self.remote:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        import pyarrow.fs as pafs

        try:
            names = [i.path for i in self.fs.get_file_info(pafs.FileSelector(self.final))
                     if i.base_name.startswith("part-")] if parts is None else \
                [f"{self.final}/{p['path']}" for p in parts]
            for name in names:
                self.fs.delete_file(name)
        except (OSError, ValueError):
            pass  # best effort: without a manifest the folder is not read as complete anyway


def manifest(*, parts: list[dict[str, Any]], fmt: str, model: dict[str, str], input_path: str,
             inputs: int, taxonomy: str | None) -> dict[str, Any]:
    """The manifest of a finished folder output."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("npslens")
    except PackageNotFoundError:
        ours = "unknown"
    return {"schema_version": MANIFEST_SCHEMA, "format": fmt, "rows": sum(int(p["rows"]) for p in parts),
            "model": model, "taxonomy": taxonomy, "input": input_path, "input_files": inputs,
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "npslens_version": ours, "files": parts}


def read_manifest(folder: str) -> dict[str, Any]:
    """The manifest of a classify folder output (local), checked.

    Raises:
        InputFileError: no manifest (an unfinished or failed run) or an unreadable / newer one.
    """
    from nlp.errors import InputFileError

    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InputFileError(f"{folder} is a folder without {MANIFEST}: not a finished `npslens classify` folder "
                             "output (the run failed or is still running); run classify again")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if int(data["schema_version"]) > MANIFEST_SCHEMA:
            raise InputFileError(f"{path}: manifest schema {data['schema_version']} is newer than this npslens "
                                 f"reads ({MANIFEST_SCHEMA}): upgrade npslens")
        files = [(str(f["path"]), int(f["first_row"]), int(f["rows"])) for f in data["files"]]
    except (ValueError, KeyError, TypeError) as err:
        if isinstance(err, InputFileError):
            raise
        raise InputFileError(f"{path}: not a readable classify manifest ({first_line(err)})") from None
    for name, _, _ in files:
        if "/" in name or name.startswith(".") or not (Path(folder) / name).is_file():
            raise InputFileError(f"{path} lists {name!r}, which is not a file of the folder: the folder is incomplete")
    return data
