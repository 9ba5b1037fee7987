"""The batch's records as tables for other systems: ``records.jsonl`` and ``records.parquet``.

One row per input, in input order, error records included (``status`` tells them apart), so
a consumer sees what ``summary.csv`` lists. The Parquet columns are derived from the record
model, not written by hand: nested objects become flat columns (``issuer.name`` →
``issuer_name``), lists stay lists (of strings or of structs), and ``evidence`` (one entry per
field) becomes a list of structs with the field's name. A field added to the record gets its
column without touching this module.
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from .record import Record

ROW_GROUP = 1000  # rows per Parquet row group (and per chunk held in memory)
STATUS_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("status", pa.string()),  # "ok" or "error"
    ("error_type", pa.string()),
    ("error_message", pa.string()),
)
_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()
}  # fmt: skip


def _arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a record field's annotation (optional = nullable, which Arrow
    columns always are)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in get_args(annotation) if a is not type(None)]
        return _arrow_type(inner)
    if origin is Literal:
        return _SCALARS[type(get_args(annotation)[0])]
    if origin is list:
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if origin is dict:  # {name: model} → [{key, …model fields}]
        key, value = get_args(annotation)
        return pa.list_(pa.struct([pa.field("key", _arrow_type(key)), *_fields(value)]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(_fields(annotation))
    return _SCALARS[annotation]


def _fields(model: type[BaseModel]) -> list[pa.Field]:
    return [pa.field(name, _arrow_type(f.annotation)) for name, f in model.model_fields.items()]


def _flat_fields(
    model: type[BaseModel], prefix: str = ""
) -> list[tuple[tuple[str, ...], pa.Field]]:
    """(path in the JSON, column) for every leaf column: nested models are flattened."""
    out = []
    for name, f in model.model_fields.items():
        a = f.annotation
        if isinstance(a, type) and issubclass(a, BaseModel):
            out += [((name, *path), col) for path, col in _flat_fields(a, f"{prefix}{name}_")]
        else:
            out.append(((name,), pa.field(f"{prefix}{name}", _arrow_type(a))))
    return out


RECORD_COLUMNS = _flat_fields(Record)
SCHEMA = pa.schema(
    [*(col for _, col in RECORD_COLUMNS), *(pa.field(n, t) for n, t in STATUS_COLUMNS)]
)


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data


def row(data: dict[str, Any]) -> dict[str, Any]:
    """One table row from a record or an error record (as JSON data)."""
    out: dict[str, Any] = {}
    for path, col in RECORD_COLUMNS:
        value = _get(data, path)
        if isinstance(value, dict) and pa.types.is_list(col.type):  # evidence
            value = [{"key": k, **v} for k, v in value.items()]
        out[col.name] = value
    error = data.get("error")
    out.update(
        status="error" if error else "ok",
        error_type=error["type"] if error else None,
        error_message=error["message"] if error else None,
    )
    return out


def jsonl_line(record: dict[str, Any]) -> str:
    """One line of ``records.jsonl``: the record as compact JSON."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_parquet(records: Iterable[dict[str, Any]], path: Path) -> None:
    """``records.parquet`` at ``path``, written ``ROW_GROUP`` rows at a time."""
    with pq.ParquetWriter(path, SCHEMA) as writer:
        chunk: list[dict[str, Any]] = []
        for record in records:
            chunk.append(row(record))
            if len(chunk) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=SCHEMA))
                chunk = []
        writer.write_table(pa.Table.from_pylist(chunk, schema=SCHEMA))
