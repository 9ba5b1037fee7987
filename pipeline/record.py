"""The JSON record: the contract other systems consume (schema version 1.1).

1.1 (from 1.0): ``number`` and ``date`` are filled only when read with confidence (a wrong
number or date is worse than none); ``date_partial`` keeps the month and year when only the
day could not be read; ``evidence.<field>.candidate`` holds the best reading of a refused
value; ``quality.needs_review`` lists the fields a person should look at.

Field meanings follow Decree 30/2020/NĐ-CP and the project's gold format; the Vietnamese
names of the parts of a document are given next to each field. Every key is always present
(null or [] when not found), so consumers never need ``.get``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import decree30

SCHEMA_VERSION = "1.1"

# Allowed values from the Decree-30 tables (a tuple subscript gives one Literal member each).
Authority = Literal[decree30.AUTHORITIES]  # type: ignore[valid-type]
Urgency = Literal[decree30.URGENCIES]  # type: ignore[valid-type]
Confidentiality = Literal[decree30.CONFIDENTIALITIES]  # type: ignore[valid-type]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE = r"^\d{4}(?:-\d{2})?$"  # reduced-precision ISO 8601: "2025-01" or "2025"


class _Model(BaseModel):
    # Every key is always written, so the published schema marks every key required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Source(_Model):
    """Input file: path as given, SHA-256 of its bytes, page count, kind and the resolution
    its pages were read at."""

    path: str
    sha256: str
    pages: int = Field(ge=0)
    kind: Literal["pdf", "image", "text"]
    # Evidence boxes are pixels of the input page: an image file's frame as stored, or a PDF
    # page rendered at this resolution. Null for text.
    dpi: int | None = None


class Issuer(_Model):
    """Cơ quan ban hành (issuing body) and cơ quan chủ quản (superior body printed above)."""

    name: str | None = None
    parent: str | None = None


class Reference(_Model):
    """A document cited in the body as "<loại> số <số/ký hiệu> ngày …" (văn bản được viện dẫn)."""

    doc_type: str | None = None
    number_symbol: str
    date: str | None = Field(default=None, pattern=ISO_DATE)
    issuer: str | None = None


class ActionItem(_Model):
    """A request or assignment (nhiệm vụ được giao), with assignee and deadline when stated."""

    text: str
    assignee: str | None = None
    deadline: str | None = Field(default=None, pattern=ISO_DATE)


class Signer(_Model):
    """Người ký: name, the position line above it (chức vụ) and the authority prefix
    (thẩm quyền ký: KT., TL., TM., TUQ., Q.)."""

    name: str | None = None
    title: str | None = None
    authority: Authority | None = None


class Evidence(_Model):
    """Where a field value came from: page, pixel box (scans only), confidence (0–100: OCR
    word confidence; for a handwritten number or date, the digit reading's), rule id. For a
    number or date refused as not read with confidence (the field is null), ``candidate``
    is the best reading and ``confidence`` its confidence."""

    page: int | None = None
    bbox: list[int] | None = Field(default=None, min_length=4, max_length=4)
    confidence: float | None = None
    rule: str
    candidate: str | None = None


class Quality(_Model):
    """Mean OCR word confidence (0–100, null for text input), tokens changed by
    restoration, warnings a reviewer should see, and ``needs_review``: the record keys
    ("number", "date") a person should check, because they are null or were refused."""

    ocr_confidence: float | None = None
    restored_tokens: int = 0
    warnings: list[str] = Field(default_factory=list)
    needs_review: list[str] = Field(default_factory=list)


class Record(_Model):
    """One processed document (schema 1.1: number and date only when read with
    confidence, date_partial, evidence candidates, quality.needs_review)."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    source: Source
    issuer: Issuer = Field(default_factory=Issuer)
    doc_type: str | None = None  # tên loại văn bản, title case: "Công văn", "Quyết định"
    number: str | None = Field(
        default=None,
        description="Số, as printed (\"05\"); null when blank or not read with confidence "
        "(a handwritten number): see evidence.number.candidate and quality.needs_review.",
    )
    symbol: str | None = None  # ký hiệu, after the first "/", no spaces ("QĐ-UBND")
    place: str | None = None  # địa danh
    date: str | None = Field(
        default=None,
        pattern=ISO_DATE,
        description="Ngày ban hành (ISO date); null when not read with confidence or "
        "inconsistent with the signing time or the documents cited: see date_partial, "
        "evidence.date.candidate and quality.needs_review.",
    )
    date_partial: str | None = Field(
        default=None,
        pattern=PARTIAL_DATE,
        description="Reduced-precision ISO 8601 date (YYYY-MM or YYYY) of a date whose day "
        "(or month) could not be read with confidence; null when `date` is set.",
    )
    subject: str | None = None  # trích yếu nội dung
    recipients: list[str] = Field(default_factory=list)  # Kính gửi
    references: list[Reference] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    signer: Signer = Field(default_factory=Signer)
    cc: list[str] = Field(default_factory=list)  # Nơi nhận
    urgency: Urgency | None = None  # độ khẩn
    confidentiality: Confidentiality | None = None  # độ mật
    text: str = ""
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    quality: Quality = Field(default_factory=Quality)


class ErrorInfo(_Model):
    type: str
    message: str


class ErrorSource(_Model):
    path: str
    sha256: str | None = None


class ErrorRecord(_Model):
    """What a failed input leaves in the output folder instead of a Record."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    source: ErrorSource
    error: ErrorInfo


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of ``Record`` (what ``congvan schema`` prints)."""
    schema = Record.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://congvan.example/schema/record-{SCHEMA_VERSION}.json"
    schema["title"] = "congvan record"
    return schema
