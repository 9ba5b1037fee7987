"""Number and date: filled only when read with confidence, checked against the signing date
and the documents cited; partial date, evidence candidate and review list otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jsonschema

from congvan.parse import parse_lines, parse_text
from congvan.record import SCHEMA_VERSION, Quality, Record, Source, json_schema
from congvan.signature import signed_on, signing_dates
from congvan.types import BBox, Fill, OcrLine, OcrWord

BODY = [
    "THÔNG BÁO",
    "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp",
    "Căn cứ Quyết định số 12/QĐ-UBND ngày 10/01/2025 của UBND tỉnh;",
    "Ủy ban nhân dân tỉnh thông báo kết luận như sau.",
]


def _line(text: str, region: str, y: int, fills: tuple[Fill, ...] = ()) -> OcrLine:
    words, x = [], 100 if region != "header_right" else 1300
    for t in text.split():
        words.append(OcrWord(t, BBox(x, y, x + 20 * len(t), y + 50), 95.0))
        x += 20 * len(t) + 15
    box = BBox(words[0].bbox.x0, y, words[-1].bbox.x1, y + 50)
    return OcrLine(text, 1, region, box, 95.0, tuple(words), fills)  # type: ignore[arg-type]


def _fill(field: str, readings: tuple[tuple[str, float], ...], conf: float) -> Fill:
    return Fill(field, readings[0][0], conf, BBox(0, 0, 10, 10), readings, 2)  # type: ignore[arg-type]


def _doc(day: Fill, number: Fill | None = None, day_text: str | None = None) -> list[OcrLine]:
    number = number or _fill("number", (("46", 99.9),), 99.9)
    month = _fill("month", (("01", 99.5),), 99.5)
    lines = [
        _line("ỦY BAN NHÂN DÂN", "header_left", 100),
        _line("TỈNH QUẢNG NGÃI", "header_left", 160),
        _line(f"Số: {number.text} /TB-UBND", "header_left", 260, (number,)),
        _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "header_right", 100),
        _line("Độc lập - Tự do - Hạnh phúc", "header_right", 160),
        _line(f"Quảng Ngãi, ngày {day_text or day.text} tháng 01 năm 2025", "header_right", 260,
              (day, month)),
    ]
    lines += [_line(t, "body", 400 + 60 * k) for k, t in enumerate(BODY)]
    return lines


def test_confident_number_and_date_are_kept() -> None:
    r = parse_lines(_doc(_fill("day", (("24", 99.8),), 99.8)))
    assert r.fields["number"] == "46" and r.fields["date"] == "2025-01-24"
    assert r.fields["date_partial"] is None and r.needs_review == []
    assert r.evidence["number"].confidence == 99.9


def test_unreadable_day_gives_null_date_partial_and_review() -> None:
    r = parse_lines(_doc(_fill("day", (("24", 70.0), ("21", 30.0)), 40.0)))
    assert r.fields["date"] is None
    assert r.fields["date_partial"] == "2025-01"
    assert r.needs_review == ["date"]
    assert r.evidence["date"].candidate == "2025-01-24"
    assert r.evidence["date"].rule.endswith(".refused")
    assert any("day of the date" in w for w in r.warnings)


def test_doubtful_number_is_refused_with_its_candidate() -> None:
    number = _fill("number", (("87", 90.0), ("81", 60.0)), 30.0)
    r = parse_lines(_doc(_fill("day", (("24", 99.8),), 99.8), number))
    assert r.fields["number"] is None and r.fields["symbol"] == "TB-UBND"
    assert r.evidence["number"].candidate == "87" and r.evidence["number"].confidence == 30.0
    assert r.needs_review == ["number"]


def test_signing_date_refuses_a_later_day() -> None:
    """Signed on 26 January: a day read as 28 cannot be, and the possible reading (26) is
    unsure: it is the candidate, with its own confidence."""
    day = _fill("day", (("28", 99.0), ("26", 40.0)), 59.0)
    r = parse_lines(_doc(day), signed=dt.date(2025, 1, 26))
    assert r.fields["date"] is None and r.fields["date_partial"] == "2025-01"
    assert r.evidence["date"].candidate == "2025-01-26"
    assert r.evidence["date"].confidence == 40.0
    day = _fill("day", (("28", 99.0),), 99.0)
    r = parse_lines(_doc(day), signed=dt.date(2025, 1, 26))
    assert r.fields["date"] is None and r.evidence["date"].candidate == "2025-01-28"
    assert any("impossible" in w for w in r.warnings)


def test_signing_date_chooses_between_two_readings() -> None:
    """"28" and "23" read almost as surely: unsure alone; signed on the 24th, only 23 can be."""
    day = _fill("day", (("28", 99.0), ("23", 97.0)), 2.0)
    assert parse_lines(_doc(day)).fields["date"] is None
    r = parse_lines(_doc(day), signed=dt.date(2025, 1, 24))
    assert r.fields["date"] == "2025-01-23" and r.needs_review == []


def test_a_cited_document_bounds_the_date_from_below() -> None:
    """The body cites a decision of 10 January: a day read as 04 is impossible."""
    r = parse_lines(_doc(_fill("day", (("04", 99.0),), 99.0)))
    assert r.fields["date"] is None and r.needs_review == ["date"]
    assert r.fields["date_partial"] == "2025-01"


def test_day_impossible_in_its_month() -> None:
    lines = _doc(_fill("day", (("31", 99.0),), 99.0))
    lines[5] = _line("Quảng Ngãi, ngày 31 tháng 02 năm 2025", "header_right", 260,
                     (_fill("day", (("31", 99.0),), 99.0), _fill("month", (("02", 99.0),), 99.0)))
    r = parse_lines(lines)
    assert r.fields["date"] is None and r.fields["date_partial"] == "2025-02"


def test_text_input_keeps_what_it_reads() -> None:
    r = parse_text("\n".join(["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Số: 46/TB-UBND",
                              "Quảng Ngãi, ngày 24 tháng 01 năm 2025", *BODY]))
    assert r.fields["number"] == "46" and r.fields["date"] == "2025-01-24"
    assert r.needs_review == []


def test_record_schema_documents_the_new_keys() -> None:
    schema = json_schema()
    assert SCHEMA_VERSION == "1.1" and schema["$id"].endswith("record-1.1.json")
    props = schema["properties"]
    assert "date_partial" in props and "description" in props["date_partial"]
    assert "needs_review" in schema["$defs"]["Quality"]["properties"]
    assert "candidate" in schema["$defs"]["Evidence"]["properties"]
    record = Record(source=Source(path="x.pdf", sha256="0" * 64, pages=1, kind="pdf"),
                    date_partial="2025-01", quality=Quality(needs_review=["date"]))
    jsonschema.validate(record.model_dump(mode="json"), schema)


def test_signing_dates_in_text_layers() -> None:
    text = ("TRUNG TÂM CÔNG BÁO\n27.01.2025 07:10:01 +07:00\nKý bởi: Ủy ban nhân dân tỉnh\n"
            "Thời gian ký: 26/01/2025 11:12:09\nngày 24 tháng 01 năm 2025 (không phải)")
    assert signing_dates(text) == [dt.date(2025, 1, 27), dt.date(2025, 1, 26)]
    assert signing_dates("Số: 46/TB-UBND ngày 10/01/2025") == []


def test_signing_date_of_a_real_scan(shared: Path) -> None:
    pdf = shared / "scans" / "quangngai" / "46_TB.signed_20250510_123557.pdf"
    assert signed_on(pdf) == dt.date(2025, 1, 26)  # the Công báo stamp is a day later


def test_junk_text_layer_gives_no_signing_date(shared: Path) -> None:
    """A scanner's own garbled OCR layer holds no signature box."""
    assert signed_on(shared / "scans" / "dhdl" / "dl_2025_0007.pdf") is None


def test_eval_counts_wrong_values_apart_from_nulls() -> None:
    from congvan.evaluate import SetResult, identity_report
    from congvan.scoring import score_document

    gold = {"number": "46", "date": "2025-01-24"}
    result = SetResult("scans:quangngai/dev", docs=3, scores=[
        score_document({"number": "46", "date": "2025-01-24"}, gold),
        score_document({"number": None, "date": None}, gold),
        score_document({"number": "48", "date": None}, gold),
    ])
    (row,) = identity_report([result]).rows
    assert row == ("scans:quangngai/dev", "3", "0.333", "0.333", "0.333", "0.000", "0.333")
