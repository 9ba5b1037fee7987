"""Evaluation plumbing: text error rates, tables, and the letter body cut for rendering."""

from __future__ import annotations

from congvan.evaluate import Report, SetResult, _letter_body, rows_report


def test_cer_and_wer_count_edits_against_the_reference() -> None:
    result = SetResult("x")
    result.add_text("Số: 45/UBND\fCông văn", "Số: 46/UBND\nCông văn")
    assert result.char_total == len("Số: 46/UBND Công văn")
    assert result.char_errors == 1
    assert (result.word_errors, result.word_total) == (1, 4)


def test_report_renders_markdown_and_rich() -> None:
    report = rows_report("T", [{"metric": "acc", "value": 0.99123}, {"metric": "n", "value": 7}])
    assert report.headers == ("metric", "value")
    assert report.markdown().splitlines()[2:] == [
        "| metric | value |", "|---|---|", "| acc | 0.9912 |", "| n | 7 |",
    ]  # fmt: skip
    assert report.rich().row_count == 2
    assert Report("E", ("(no rows)",), ()).markdown().endswith("| (no rows) |\n|---|\n")


def test_letter_body_skips_header_and_stops_at_noi_nhan() -> None:
    text = "\n".join([
        "SỞ NỘI VỤ", "Số: 5/SNV", "Nam Định, ngày 09 tháng 3 năm 2024", "THÔNG BÁO",
        "Về việc họp giao ban", "Kính gửi: Các phòng", "Sở Nội vụ thông báo lịch họp.",
        "Đề nghị các phòng dự đầy đủ./.", "Nơi nhận:", "- Như trên;",
    ])  # fmt: skip
    gold = {"subject": "Về việc họp giao ban", "recipients": ["Các phòng"]}
    assert _letter_body(text, gold) == [
        "Sở Nội vụ thông báo lịch họp.", "Đề nghị các phòng dự đầy đủ./.",
    ]  # fmt: skip
