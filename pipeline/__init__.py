"""congvan: scanned Vietnamese official letters (công văn) to clean text and structured JSON.

The Python API for other systems::

    import congvan

    record = congvan.process_file("letter.pdf")  # a congvan.Record (pydantic)
    record.number, record.date, record.signer.name
    record.model_dump_json()  # the published JSON (congvan.json_schema())
    congvan.process_file("letter.pdf", congvan.Options(restore=False))
    congvan.process_text("Số: 45/UBND-VP ...")

Stages, one module each: ingest → cleanup → ocr → normalize/restore → parse → record; they
load on first use, so ``import congvan`` is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from .process import Options, process_file, process_text
    from .record import ErrorRecord, Record, json_schema

# Public name → the module that defines it.
_API = {
    "Options": ".process",
    "process_file": ".process",
    "process_text": ".process",
    "Record": ".record",
    "ErrorRecord": ".record",
    "json_schema": ".record",
}
__all__ = ["ErrorRecord", "Options", "Record", "json_schema", "process_file", "process_text"]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
