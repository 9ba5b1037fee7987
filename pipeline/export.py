"""Export a ``congvan process`` output folder as one file for other systems.

``archive-csv`` maps each record to the document metadata an archive takes in: Decree
30/2020/NĐ-CP Appendix VI (metadata of documents in the electronic records system) and the
digitisation metadata of Circular 05/2025/TT-BNV (which replaced Circular 02/2019/TT-BNV).
Column names follow the English names of those fields in ``shared/docs/DECREE30.md``; the
Vietnamese name is kept next to each below. The Circular's fields that a record can fill
(number, notation, date, type, subject, language, page count) are Appendix VI's too; the file
columns (path, file name, SHA-256 checksum) identify the digitised file. Length limits are
those the docs state (Appendix VI); fields without a limit there get none, rather than an
invented one. A value over its limit is written whole and named in the row's ``flags``
column: an archivist shortens it, never this module. ``jsonl`` and ``parquet`` are the
record tables of ``congvan.tables``.

Rows are sorted by input path, error records included (``status`` = "error"), so the same
folder always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Literal

from . import tables

Format = Literal["archive-csv", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("archive-csv", "jsonl", "parquet")
LANGUAGE = "Tiếng Việt"  # ngôn ngữ: the pipeline rejects pages that are not Vietnamese
LIST_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Column:
    """One archival metadata field: its column name, the Vietnamese field name, the
    character limit its standard states (None: none in our docs), and how to read it."""

    name: str
    vietnamese: str
    limit: int | None
    value: Callable[[dict[str, Any]], Any]


def _at(*keys: str) -> Callable[[dict[str, Any]], Any]:
    def get(record: dict[str, Any]) -> Any:
        for key in keys:
            record = record[key]
        return record

    return get


def _joined(key: str) -> Callable[[dict[str, Any]], str | None]:
    return lambda record: LIST_SEPARATOR.join(record[key]) or None


# Decree 30 Appendix VI fields, in its order.
# Not produced (an archivist's or another system's to fill): file code (mã hồ sơ), document
# ordinal in the file, description, due date, document identifier, information sign,
# keywords, usage mode, confidence level (gốc điện tử / số hóa / hỗn hợp: a PDF may be
# born-digital or scanned), autograph notes, physical condition.
COLUMNS: tuple[Column, ...] = (
    Column("type_name", "tên loại văn bản", None, _at("doc_type")),
    Column("code_number", "số của văn bản", 11, _at("number")),
    Column("code_notation", "ký hiệu của văn bản", 30, _at("symbol")),
    Column("issued_date", "ngày, tháng, năm văn bản (ISO 8601)", None, _at("date")),
    Column("organ_name", "tên cơ quan, tổ chức ban hành văn bản", 200, _at("issuer", "name")),
    Column("subject", "trích yếu nội dung", 500, _at("subject")),
    Column("language", "ngôn ngữ", None, lambda record: LANGUAGE),
    Column("page_amount", "số trang", None, _at("source", "pages")),
    Column("signer_position", "chức vụ người ký", 100, _at("signer", "title")),
    Column("signer_full_name", "họ tên người ký", 50, _at("signer", "name")),
    # Appendix VI "recipients": the addressees (Kính gửi) and the distribution list (Nơi
    # nhận) are both recipients; our docs do not say which one the field means, so both.
    Column("recipients", "kính gửi", None, _joined("recipients")),
    Column("distribution", "nơi nhận", None, _joined("cc")),
    Column("priority", "độ khẩn", None, _at("urgency")),
    # Not in the Appendix VI list of our docs, but an archive must know it (Decree 30 marks).
    Column("confidentiality", "độ mật", None, _at("confidentiality")),
)
FILE_COLUMNS = ("path", "file_name", "checksum_sha256", "status", "error_type", "error_message")
HEADER = (*FILE_COLUMNS, *(c.name for c in COLUMNS), "flags")


def load_records(out_dir: Path) -> list[dict[str, Any]]:
    """Every record and error record under ``out_dir`` (the per-input JSONs; other JSON
    files are not records and are left out), sorted by input path."""
    records = []
    for path in sorted(out_dir.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "schema_version" in data and "source" in data:
            records.append(data)
    return sorted(records, key=lambda r: r["source"]["path"])


def archive_row(record: dict[str, Any]) -> dict[str, Any]:
    """One archive-csv row; ``flags`` names every value longer than its limit."""
    source = record["source"]
    row: dict[str, Any] = dict.fromkeys(HEADER)
    row.update(
        path=source["path"],
        file_name=PurePath(source["path"]).name,
        checksum_sha256=source.get("sha256"),
    )
    if "error" in record:
        error = record["error"]
        row.update(status="error", error_type=error["type"], error_message=error["message"])
        return row
    row["status"] = "ok"
    flags = []
    for column in COLUMNS:
        value = column.value(record)
        row[column.name] = value
        if column.limit is not None and value is not None and len(str(value)) > column.limit:
            flags.append(f"{column.name}: {len(str(value))} > {column.limit} characters")
    row["flags"] = LIST_SEPARATOR.join(flags) or None
    return row


def archive_csv(records: list[dict[str, Any]]) -> str:
    """The archive CSV: UTF-8 (written with a BOM, so spreadsheet programs read the
    Vietnamese right), a header row, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(archive_row(r) for r in records)
    return buffer.getvalue()


def export(out_dir: Path, fmt: Format, target: Path) -> int:
    """Write the records under ``out_dir`` to ``target`` in ``fmt`` (temp file + rename);
    returns the number of rows."""
    from .batch import write_atomic

    records = load_records(out_dir)
    if fmt == "archive-csv":
        write_atomic(target, "\ufeff" + archive_csv(records))
    elif fmt == "jsonl":
        write_atomic(target, "".join(tables.jsonl_line(r) for r in records))
    else:
        buffer = io.BytesIO()
        tables.write_parquet(records, buffer)  # type: ignore[arg-type]
        write_atomic(target, buffer.getvalue())
    return len(records)
