"""Tests of the synthetic letter generator: determinism, gold contract, rendering, damage
profiles, committed samples, and a real Tesseract read of a clean page."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan import decree30, synth
from congvan.paths import samples_dir, shared_dir
from congvan.record import ActionItem, Record, Reference, Source

TYPES = list(synth.table("doctypes")["types"])
GOLD_KEYS = {"issuer", "doc_type", "number", "symbol", "place", "date", "subject", "recipients",
             "references", "action_items", "signer", "cc", "urgency", "confidentiality"}


def _record(gold: dict, pages: int) -> Record:
    """The gold as a ``Record``: references and action items take the record's object form."""
    fields = dict(gold)
    fields["references"] = [Reference(**r) for r in gold["references"]]
    fields["action_items"] = [ActionItem(text=t) for t in gold["action_items"]]
    return Record(source=Source(path="synthetic", sha256="0" * 64, pages=pages, kind="image"),
                  **fields)


@pytest.fixture(scope="module")
def page300() -> Image.Image:
    return synth.render(synth.make_letter(11, "Công văn"))[0]


def test_same_seed_same_letter_and_pixels() -> None:
    a, b = synth.make_letter(5), synth.make_letter(5)
    assert a.gold == b.gold and a.gt_text == b.gt_text and a.header_text == b.header_text
    assert synth.render(a, 72)[0].tobytes() == synth.render(b, 72)[0].tobytes()
    assert synth.make_letter(6).gold != a.gold


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_type_renders_with_valid_gold(doc_type: str) -> None:
    letter = synth.make_letter(3, doc_type)
    gold = letter.gold
    assert set(gold) == GOLD_KEYS
    assert gold["doc_type"] == doc_type
    record = _record(gold, len(letter.pages))
    assert record.symbol == gold["symbol"] and " " not in record.symbol
    pages = synth.render(letter, 72)
    assert len(pages) == len(letter.pages) == letter.gt_text.count("\f") + 1
    last = np.asarray(pages[-1], dtype=int)
    red = (last[..., 0] > 150) & (last[..., 1] < 120) & (last[..., 2] < 120)
    blue = (last[..., 2] > 120) & (last[..., 0] < 110)
    assert red.sum() > 100 and blue.sum() > 20  # seal and signature on the signing page
    assert pages[0].size == (round(synth.PAGE_W), round(synth.PAGE_H))
    assert pages[0].info["dpi"] == (72, 72)


def test_gold_matches_printed_text() -> None:
    for seed in range(40):
        letter = synth.make_letter(seed)
        pages = letter.gt_text.split("\f")
        pages[1:] = [p.lstrip("\n").split("\n", 1)[1] for p in pages[1:]]  # page numbers
        gold, text = letter.gold, " ".join(" ".join(pages).split())
        assert unicodedata.is_normalized("NFC", letter.gt_text)
        assert f"{gold['number']}" in text and gold["symbol"] in text.replace(" /", "/")
        assert " ".join(gold["subject"].split()) in text
        assert gold["signer"]["name"] in text and gold["signer"]["title"] in text
        for item in gold["action_items"] + gold["cc"] + gold["recipients"]:
            assert item in text
        for ref in gold["references"]:
            assert f"số {ref['number_symbol']}" in text
        day = dt.date.fromisoformat(gold["date"])
        assert f"năm {day.year}" in letter.header_text
        assert letter.header_text.splitlines()[0] in letter.gt_text.splitlines()[0]


def test_long_letters_break_pages_with_page_numbers() -> None:
    letter = synth.make_letter(2, "Kế hoạch", long=True)
    assert len(letter.pages) >= 2
    assert letter.gt_text.split("\f")[1].lstrip("\n").startswith("2\n")
    assert letter.pages[-1].seals and not letter.pages[0].seals


def test_fonts_cover_every_character_in_the_tables() -> None:
    chars: set[str] = set()

    def printed(value: object) -> str:  # every string but the tables' own notes ("_doc")
        if isinstance(value, dict):
            return "".join(printed(v) for k, v in value.items() if not k.startswith("_doc"))
        if isinstance(value, list):
            return "".join(printed(v) for v in value)
        return value if isinstance(value, str) else ""

    for path in synth.DATA_DIR.glob("*.json"):
        raw = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw), path.name
        chars |= set(printed(json.loads(raw)))
    chars |= set(decree30.NATIONAL_TITLE + decree30.NATIONAL_MOTTO)
    chars |= set("".join(decree30.URGENCIES + decree30.CONFIDENTIALITIES))
    faces = [(family, style) for family in synth.FONT_FAMILIES for style in ("r", "b", "i", "bi")]
    for family, style in [*faces, ("liberation", "sr")]:  # sr: the script stamp face
        f = synth._font(family, style, 40)

        def glyph(c: str, f: ImageFont.FreeTypeFont = f) -> bytes:
            img = Image.new("L", (80, 80))
            ImageDraw.Draw(img).text((10, 10), c, font=f, fill=255)
            return img.tobytes()

        notdef = glyph("\ue000")  # a private-use code point: the font's "missing" box
        missing = [c for c in chars if c.isprintable() and not c.isspace() and glyph(c) == notdef]
        assert not missing, (family, style, missing)


@pytest.mark.parametrize(("profile", "dpi"), [("clean", 300), ("office", 300), ("archive", 200),
                                              ("harsh", 150)])
def test_degrade_profiles(page300: Image.Image, profile: str, dpi: int) -> None:
    out = synth.degrade(page300, profile, seed=1)
    assert out.info["dpi"] == (dpi, dpi) and out.mode == "RGB"
    assert out.size == (round(2480 * dpi / 300), round(3508 * dpi / 300))
    same = out.tobytes() == page300.tobytes()
    assert same == (profile == "clean")
    assert synth.degrade(page300, profile, seed=1).tobytes() == out.tobytes()


def test_letter_from_parts_renders_given_text() -> None:
    letter = synth.letter_from_parts(
        doc_type="Quyết định",
        issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH NAM ĐỊNH"],
        number="100",
        symbol="2025/QĐ-UBND",
        place="Nam Định",
        date=dt.date(2025, 3, 9),
        subject="Về việc ban hành Quy chế làm việc",
        body=["Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:",
              "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc."],
        cc=["Như Điều 3", "Lưu: VT, NC"],
        signer_lines=["TM. ỦY BAN NHÂN DÂN"],
        signer_title="CHỦ TỊCH",
        signer_name="Trần Văn An",
    )
    gold = letter.gold
    assert gold["number"] == "100" and gold["symbol"] == "2025/QĐ-UBND"
    assert gold["issuer"]["name"] == "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"
    assert gold["signer"]["authority"] == "TM." and gold["date"] == "2025-03-09"
    assert "Nam Định, ngày 09 tháng 3 năm 2025" in letter.header_text
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc." in letter.gt_text
    assert letter.body[2].spans[0] == synth.Span("Điều 1.", "b")
    assert len(synth.render(letter, 72)) == 1


def test_committed_samples_match_the_generator() -> None:
    """samples/ is what ``write_samples(seed=0)`` writes (gold, texts, page count, dpi)."""
    folder = samples_dir()
    plan = synth.plan_samples(0)
    assert {p[1] for p in plan} == {"png", "jpg", "tif", "pdf"}
    assert {p[2] for p in plan} == set(synth.PROFILES)
    assert {p[3].doc_type for p in plan} == set(TYPES)
    for stem, fmt, profile, letter in plan:
        gold = json.loads((folder / f"{stem}.gold.json").read_text(encoding="utf-8"))
        assert gold == letter.gold
        assert (folder / f"{stem}.gt.txt").read_text(encoding="utf-8") == letter.gt_text
        assert (folder / f"{stem}.header.txt").read_text(encoding="utf-8") == letter.header_text
        path = folder / f"{stem}.{fmt}"
        dpi = synth.PROFILES[profile].get("dpi", 300)
        if fmt == "pdf":
            assert path.read_bytes().count(b"/Type /Page\n") == len(letter.pages)
        else:
            with Image.open(path) as img:
                assert getattr(img, "n_frames", 1) == len(letter.pages)
                assert round(img.info["dpi"][0]) == dpi
                assert img.convert("RGB").getpixel((0, 0)) != (0, 0, 0)
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < 8 * 1024 * 1024


def test_write_sample_and_cli(tmp_path: Path) -> None:
    synth.main([str(tmp_path), "--count", "2", "--profile", "office", "--seed", "3",
                "--dpi", "100", "--format", "tif"])
    for k in range(2):
        stem = f"synth_3_{k:04d}"
        letter = synth.make_letter(300_000 + k)
        gold = json.loads((tmp_path / f"{stem}.gold.json").read_text(encoding="utf-8"))
        assert gold == letter.gold
        with Image.open(tmp_path / f"{stem}.tif") as img:
            assert img.n_frames == len(letter.pages) and round(img.info["dpi"][0]) == 100


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_tesseract_reads_a_clean_render(page300: Image.Image,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from congvan.engines import get_engine

    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    letter = synth.make_letter(11, "Công văn")
    text = get_engine().read_text(np.asarray(page300.convert("L")), lang="vie", layout="block")
    squeezed = "".join(text.split())
    number_line = f"Số:{letter.gold['number']}/{letter.gold['symbol']}"
    assert number_line in squeezed
    body = [line for line in letter.pages[0].gt if len(line) > 40]
    found = sum("".join(line.split()) in squeezed for line in body)
    assert found >= 0.6 * len(body)


def test_letter_from_gold_round_trips_generated_gold() -> None:
    for seed in range(15):
        letter = synth.make_letter(seed)
        again = synth.letter_from_gold(letter.gold, list(letter.body))
        assert again.gold == letter.gold
        assert again.signer_lines[:1] == letter.signer_lines[:1]


@pytest.mark.shared
def test_letter_from_gold_round_trips_shared_gold() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared data absent")
    paths = sorted((shared / "letters").glob("*.gold.json"))
    paths += sorted((shared / "scans").glob("*/*.gold.json"))
    assert paths
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        letter = synth.letter_from_gold(gold, ["Nội dung."])
        assert letter.gold == gold, path.name
        assert gold["issuer"]["name"] in " ".join(letter.header_text.split())


def test_received_stamp_and_hand_number_stay_out_of_text() -> None:
    letter = next(p[3] for p in synth.plan_samples(0) if p[3].received and p[3].style.hand_number)
    number = letter.received[1]
    assert letter.style.hand_number and number not in letter.header_text.split()
    img = np.asarray(synth.render(letter, 72)[0], dtype=int)
    top = img[: round(20 * synth.MM)]  # the top margin holds the stamp
    violet = (top[..., 0] > 80) & (top[..., 2] > 110) & (top[..., 1] < 110)
    assert violet.sum() > 30


def test_esign_notes_are_printed_but_not_ground_truth() -> None:
    letter = next(p[3] for p in synth.plan_samples(0) if p[3].esign)
    assert "Ký bởi" not in letter.gt_text
    img = np.asarray(synth.render(letter, 72)[0], dtype=int)
    corner = img[: round(15 * synth.MM), round(145 * synth.MM):]
    blue = (corner[..., 2] > 150) & (corner[..., 0] < 120)
    assert blue.sum() > 20


def test_copy_block_is_text_but_not_the_letters_gold() -> None:
    letter = next(p[3] for p in synth.plan_samples(0) if p[3].copy)
    copy = letter.copy
    assert sum(len(p.seals) for p in letter.pages) == 2
    assert sum(len(p.signatures) for p in letter.pages) == 2
    lines = letter.gt_text.splitlines()
    assert copy.kind in lines and f"Số: {copy.number}/{copy.symbol}" in lines
    assert lines.index(copy.kind) > lines.index(letter.signer_name)
    assert letter.gold["number"] != copy.number or letter.gold["symbol"] != copy.symbol


@pytest.mark.parametrize("varied", [False, True])
def test_printed_lines_never_overlap_and_stay_on_the_page(varied: bool) -> None:
    for seed in range(80 if not varied else 40):
        letter = synth.make_letter(seed, long=seed % 4 == 0, varied=varied)
        for page in letter.pages:
            boxes = []
            for line in page.lines:
                with synth.typeface(letter.style.font):
                    width = line.justify or synth._line_width(line.words, line.size)
                box = (line.x, line.y - 0.75 * line.size, line.x + width, line.y + 0.2 * line.size)
                assert box[0] > 0 and box[2] < synth.PAGE_W and box[1] > 0
                assert box[3] < synth.BOTTOM + 2, (seed, line.text)
                boxes.append(box)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


@pytest.mark.parametrize(("new", "old"), [("hòa", "hoà"), ("Thủy,", "Thuỷ,"), ("ỦY BAN", "UỶ BAN"),
                                          ("khỏe", "khoẻ"), ("hóa;", "hoá;"), ("tùy", "tuỳ")])
def test_old_tone_marks_moves_the_tone(new: str, old: str) -> None:
    assert synth.old_tone_marks(new) == old


@pytest.mark.parametrize("word", ["quý", "hoàn", "thuyết", "Hoạ", "Nguyễn", "45/QĐ-UBND"])
def test_old_tone_marks_keeps_other_words(word: str) -> None:
    assert synth.old_tone_marks(word) == word


def test_scan_gives_degraded_pages() -> None:
    letter = synth.make_letter(8, "Giấy mời")
    pages = synth.scan(letter, "harsh", dpi=100)
    assert len(pages) == len(letter.pages) and pages[0].info["dpi"] == (150, 150)


def test_line_boxes_cover_the_printed_ink_with_regions() -> None:
    letter = synth.make_letter(21, "Công văn")
    page = np.asarray(synth.render(letter, 100)[0].convert("L"))
    rows = synth.line_boxes(letter, 100)[0]
    regions = {text: region for text, region, _ in rows}
    assert regions[letter.number_line] == "header_left"
    assert regions[letter.signer_name] == "footer_right"
    assert regions["Nơi nhận:"] == "footer_left"
    for text, _, box in rows:
        ink = page[box.y0:box.y1, box.x0:box.x1] < 128
        assert ink.any(), text


def test_varied_letters_change_the_look_not_the_gold_contract() -> None:
    letters = [synth.make_letter(seed, varied=True) for seed in range(7000, 7012)]
    assert len({x.style.font for x in letters}) >= 4
    assert {x.style.name_stamp for x in letters} >= {None, "red", "black"}
    assert any(x.gold["issuer"]["parent"] for x in letters)
    for letter in letters:
        assert set(letter.gold) == GOLD_KEYS
        _record(letter.gold, len(letter.pages))
        assert any(letter.signer_name in p.gt for p in letter.pages)  # a stamp is text too
    # the house look of the committed samples is untouched
    assert synth.make_letter(7000).style.font == "liberation"


@pytest.mark.parametrize("profile", list(synth.EVAL_PROFILES))
def test_evaluation_damage(profile: str) -> None:
    page = synth.render(synth.make_letter(9000, varied=True), 100)[0]
    drawn = synth.draw_damage(profile, 5)
    assert drawn == synth.draw_damage(profile, 5)
    out = synth.damage(page, drawn, 5)
    assert out.info["dpi"][0] == drawn.get("dpi", 100) and out.mode == "RGB"
    assert out.tobytes() == synth.damage(page, drawn, 5).tobytes()
    arr = np.asarray(out.convert("L"))
    if profile == "bitonal":
        assert set(np.unique(arr)) <= {0, 255}
    if profile == "photo":  # the desk shows around the page
        assert arr[:5, :5].mean() < 180 and arr[arr.shape[0] // 2, arr.shape[1] // 2] > 150
