"""Ingest: formats identified by content, odd image modes converted, bad inputs reported."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from congvan import ingest
from congvan.errors import CorruptInputError, EmptyInputError, ImageTooLargeError


def _png_claiming_size(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims a huge size: the guard must trip before any decoding."""
    Image.new("L", (8, 8), 255).save(path)
    data = bytearray(path.read_bytes())
    ihdr = 8 + 8  # signature + length/type of the IHDR chunk
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError, match="empty"):
        ingest.identify(path)


def test_text_named_pdf_is_reported_as_text(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("Số: 45/UBND-VP\n", encoding="utf-8")
    with pytest.raises(CorruptInputError, match="content is text, not a valid PDF"):
        ingest.identify(path)


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    Image.new("L", (200, 200), 255).save(good, resolution=100)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good.read_bytes()[:40])
    item = ingest.identify(bad)
    assert item.kind == "pdf"
    with pytest.raises(CorruptInputError, match="PDF"):
        list(ingest.iter_pages(item))


def test_huge_image_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    _png_claiming_size(path, 20000, 20000)
    with pytest.raises(ImageTooLargeError, match="20000×20000"):
        list(ingest.iter_pages(ingest.identify(path)))


def test_pdf_pages_render_at_300_dpi(tmp_path: Path) -> None:
    path = tmp_path / "two.pdf"
    pages = [Image.new("RGB", (850, 1100), "white") for _ in range(2)]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=100)
    item = ingest.identify(path)
    assert ingest.page_count(item) == 2
    rendered = list(ingest.iter_pages(item))
    assert [p.index for p in rendered] == [1, 2]
    assert rendered[0].dpi == 300
    assert rendered[0].image.shape[:2] == (3300, 2550)


@pytest.mark.parametrize(
    ("mode", "value", "expected_shape"),
    [
        ("CMYK", (0, 0, 0, 255), (10, 12, 3)),
        ("RGBA", (0, 0, 0, 0), (10, 12, 3)),
        ("1", 1, (10, 12)),
        ("I;16", 65535, (10, 12)),
        ("P", 3, (10, 12, 3)),
    ],
)
def test_every_image_mode_becomes_uint8(mode: str, value: object, expected_shape: tuple) -> None:
    array = ingest.to_array(Image.new(mode, (12, 10), value))
    assert array.dtype == np.uint8
    assert array.shape == expected_shape


def test_alpha_composites_on_white() -> None:
    array = ingest.to_array(Image.new("RGBA", (4, 4), (0, 0, 0, 0)))
    assert int(array.min()) == 255


def test_multipage_ccitt_tiff(tmp_path: Path) -> None:
    path = tmp_path / "fax.tif"
    frames = [Image.new("1", (64, 32), 1) for _ in range(3)]
    frames[0].save(
        path, save_all=True, append_images=frames[1:], compression="group4", dpi=(200, 200)
    )
    pages = list(ingest.iter_pages(ingest.identify(path)))
    assert len(pages) == 3
    assert pages[0].dpi == 200
    assert pages[0].image.dtype == np.uint8


def test_text_in_windows_1258_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Công văn đi 45/UBND-VP".encode("cp1258"))
    assert ingest.identify(path).read_text() == "Công văn đi 45/UBND-VP"


def test_blank_text_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        ingest.identify(path).read_text()


def test_text_layer_words_land_on_the_page_rendered_at_300_dpi(shared: Path) -> None:
    from congvan.textlayer import page_text, read_layer

    pdf = shared / "scans" / "quangngai" / "vht534.signed_20250510_124908.pdf"
    lines = read_layer(pdf, ingest.pdf_pages(pdf), 300)[0].lines
    so = next(words for words in lines if words[0].text == "Số:")
    assert so[1].text == "565"
    # the Số line sits in the left header column, in the page's top fifth (A4: 2480×3508 px)
    assert so[0].bbox.x1 < 2480 / 2 and so[0].bbox.y1 < 3508 / 5
    assert "Thời gian ký: 07/02/2025" in page_text(
        shared / "scans" / "quangngai" / "53_TB.signed_20250510_124908.pdf", 1
    )
