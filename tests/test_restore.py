"""Restorer tests: channel, casing, codes, line count, and an accuracy regression check on a
small fixture written by the project (tests/fixtures/restore)."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.paths import models_dir
from congvan.restore import get_restorer
from congvan.restore.channel import Channel, mark_signature
from congvan.restore.evaluation import strip_marks, syllable_counts
from congvan.restore.syllables import is_structural_syllable, place_tone, skeleton

FIXTURE = Path(__file__).parent / "fixtures" / "restore" / "admin_sentences.txt"
needs_models = pytest.mark.skipif(not (models_dir() / "restore_vocab.txt").is_file(),
                                  reason="models/ not built")


def test_syllable_structure() -> None:
    assert is_structural_syllable("nghiêng") and is_structural_syllable("Đắk")
    assert not is_structural_syllable("câp")  # stop final needs sắc or nặng
    assert not is_structural_syllable("UBND")
    assert skeleton("Đường") == "duong"
    assert place_tone("hoa", 2, "new") == "hòa" and place_tone("hoa", 2, "old") == "hoà"


def test_channel_prefers_same_marks() -> None:
    vocab = ["<unk>", "đôi", "đối", "đồi", "dồi"]
    ch = Channel(vocab, 1)
    ids, costs = ch.candidates("đôi")
    by_word = {vocab[i]: c for i, c in zip(ids, costs, strict=True)}
    assert by_word["đôi"] == 0.0
    assert 0 < by_word["đối"] < by_word["dồi"]  # one tone change < tone + stroke change
    assert mark_signature("đối")[0] == 1


def test_channel_invalid_token_is_cheaper_to_change() -> None:
    vocab = ["<unk>", "cấp", "cập"]
    ch = Channel(vocab, 1)
    _, invalid = ch.candidates("câp")
    _, valid = ch.candidates("cập")
    assert invalid.max() < valid.max()


@needs_models
def test_examples_from_issue() -> None:
    from congvan.restore import get_restorer

    r = get_restorer()
    assert r.restore_line("cong tac xay dung Dang")[0] == "công tác xây dựng Đảng"
    out, changed = r.restore_line("tang cuong lanh dao, chi dao quyet liet")
    assert out == "tăng cường lãnh đạo, chỉ đạo quyết liệt" and changed == 8


@needs_models
def test_latin_ocr_examples_from_issue() -> None:
    from congvan.restore import get_restorer

    r = get_restorer()
    out, _ = r.restore_line("Thyc hién Quyét dinh sé 15/QD-UBND ngay 03/4/2024 cua Uy ban")
    assert out == "Thực hiện Quyết định số 15/QD-UBND ngày 03/4/2024 của Ủy ban"
    assert r.restore_line("tang cuong 1anh dao, chi dao quyét liét")[0] == (
        "tăng cường lãnh đạo, chỉ đạo quyết liệt")
    out = r.restore_line("Pang bo x3 Hoang Tién 1an thr V")[0].split()
    assert out[:3] == ["Đảng", "bộ", "xã"] and out[4:] == ["Tiến", "lần", "thứ", "V"]
    assert r.restore_line("nang cao chat luong thirc hien ctia can bo")[0] == (
        "nâng cao chất lượng thực hiện của cán bộ")


def test_latin_ocr_capitals_with_small_i() -> None:
    from congvan.restore.syllables import case_pattern

    assert case_pattern("NGHiA") == "upper" and case_pattern("Nội") == "title"


@needs_models
def test_case_codes_and_numbers_kept() -> None:
    from congvan.restore import get_restorer

    r = get_restorer()
    out, _ = r.restore_line("CONG HOA XA HOI CHU NGHIA VIET NAM")
    assert out == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    out, _ = r.restore_line("Thuc hien Quyet dinh so 15/QD-UBND ngay 03/4/2024 cua UBND tinh")
    assert out == "Thực hiện Quyết định số 15/QD-UBND ngày 03/4/2024 của UBND tỉnh"
    assert r.restore_line("Điều 2. Khoản XIII, mục V")[0] == "Điều 2. Khoản XIII, mục V"


@needs_models
def test_line_count_and_empty_lines() -> None:
    from congvan.restore import get_restorer

    lines = ["", "Ha Noi, ngay", "   ", "15 thang 3 nam 2025", "---"]
    out, _ = get_restorer().restore_lines(lines)
    assert len(out) == len(lines) and out[0] == "" and out[2] == "   " and out[4] == "---"


def test_confidence_scales_change_costs() -> None:
    vocab = ["<unk>", "đôi", "đối"]
    ch = Channel(vocab, 1)
    _, plain = ch.candidates("đôi")
    _, confident = ch.candidates("đôi", scale=3.0)
    assert confident[1] == pytest.approx(3 * plain[1])


@needs_models
def test_confidences_accepted_per_token() -> None:
    from congvan.restore import get_restorer

    r = get_restorer()
    text = "Ủy ban nhân dân tỉnh đôi với cán bộ"
    assert r.restore_line(text, [95.0] * 8)[0] == "Ủy ban nhân dân tỉnh đối với cán bộ"
    assert r.restore_line(text, [100.0] * 8)[1] <= r.restore_line(text, [0.0] * 8)[1]


@needs_models
def test_fixture_accuracy_regression() -> None:
    from congvan.restore import get_restorer

    ref = FIXTURE.read_text("utf-8").splitlines()
    out, _ = get_restorer().restore_lines([strip_marks(ln) for ln in ref])
    correct, total = syllable_counts(ref, out)
    assert total >= 120
    assert correct / total >= 0.98
    unchanged, _ = get_restorer().restore_lines(ref)
    assert unchanged == ref


def test_ocr_damage_simulator_is_seeded_and_damages() -> None:
    import random

    from congvan.restore.evaluation import ocr_damage

    line = FIXTURE.read_text("utf-8")
    a = ocr_damage(line, random.Random(3), 0.5, 0.2)
    assert a == ocr_damage(line, random.Random(3), 0.5, 0.2)
    assert a != line and len(a.split()) == len(line.split())


def test_impossible_rate_ignores_codes() -> None:
    from congvan.restore.evaluation import impossible_rate

    rate, n = impossible_rate(["câp giây phép", "Số 12/QĐ-UBND của HĐND"])
    assert n == 5 and rate == pytest.approx(0.2)  # câp of câp, giây, phép, Số, của


@needs_models
def test_sentence_wrapped_over_lines_keeps_context() -> None:
    from congvan.restore import get_restorer

    lines = ["Kế hoạch này được gửi tới Ủy ban nhân dân thị xã Đức",
             "Phô để triển khai thực hiện."]
    out, changed = get_restorer().restore_lines(lines)
    assert out == [lines[0], "Phổ để triển khai thực hiện."] and changed == 1


@needs_models
def test_viterbi_equals_brute_force() -> None:
    """The sparse window scoring must give exactly the best path of the full score."""
    import itertools

    import numpy as np

    from congvan.restore import get_restorer
    from congvan.restore.decoder import PairBonus, _swap_bounds, viterbi
    from congvan.restore.lm import BOS, EOS

    r = get_restorer()
    rng = np.random.default_rng(7)
    words = ["công", "cong", "cộng", "tác", "tạc", "xây", "xảy", "dựng", "dũng", "đảng", "dang"]
    ids = [r.index[w] for w in words]
    for _ in range(5):
        slots = [(np.array(rng.choice(ids, size=3, replace=False), np.int64),
                  rng.uniform(0, 3, size=3).astype(np.float32)) for _ in range(4)]
        bonus = PairBonus(r.pairs, 2.0)

        def score(path: tuple[int, ...], slots: list = slots) -> float:
            seq = np.array([BOS, BOS, *path, EOS, EOS], np.int64)
            a, b, c = seq[:-2], seq[1:-1], seq[2:]
            fw = r.forward.logprob(a, b, c).astype(np.float64)
            bw = r.backward.logprob(_swap_bounds(c), _swap_bounds(b), _swap_bounds(a))
            pair = np.isin((seq[2:-2][:-1] << 20) | seq[2:-2][1:], r.pairs).sum()
            cost = sum(float(s[1][list(s[0]).index(w)]) for s, w in zip(slots, path,
                                                                         strict=True))
            # windows that only involve padding are the same for every path
            return float(0.5 * fw[:-1].sum() + 0.5 * bw[1:].sum()) + 2.0 * pair - cost

        best = max(itertools.product(*(s[0].tolist() for s in slots)), key=score)
        got = viterbi(slots, r.forward, r.backward, 0.5, (bonus,))
        assert tuple(int(s[0][k]) for s, k in zip(slots, got, strict=True)) == best


@needs_models
def test_arbitrary_text_keeps_lines() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from congvan.restore import get_restorer

    r = get_restorer()
    alphabet = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÔ0123456789 .,:;/-()\n"
                                    "àáảãạếềểễệốồổỗộứừửữựí¢©&"))

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet, max_size=80))
    def check(text: str) -> None:
        lines = text.split("\n")
        out, _ = r.restore_lines(lines)
        assert len(out) == len(lines)
        assert all(ln.count(" ") <= o.count(" ") for ln, o in zip(lines, out, strict=True))

    check()


@needs_models
def test_compiled_search_equals_numpy_search(monkeypatch) -> None:
    """The numba kernel must choose exactly what the numpy loop chooses (same float
    additions, first maximum on ties), on lattices of 1 to 16 candidates per slot."""
    pytest.importorskip("numba")
    import numpy as np

    import congvan.restore.decoder as decoder
    from congvan.restore import get_restorer
    from congvan.restore.decoder import PairBonus

    r = get_restorer()
    rng = np.random.default_rng(11)
    first = len(r.vocab) - 3000  # rarer syllables too, so that back-offs are exercised
    for _ in range(6):
        slots = []
        for _ in range(int(rng.integers(5, 40))):
            k = int(rng.choice([1, 1, 2, 4, 9, 16]))
            pool = rng.integers(14, 400, size=k) if rng.random() < 0.7 else rng.integers(
                first, len(r.vocab), size=k)
            ids = np.unique(pool).astype(np.int64)
            slots.append((ids, rng.uniform(0, 3, size=len(ids)).astype(np.float32)))
        titles = rng.random(len(slots)) < 0.3
        compiled = r._decode(slots, titles)
        forward_only = decoder.viterbi(slots, r.forward, None, 0.5, (PairBonus(r.pairs, 2.0),))
        with monkeypatch.context() as m:
            m.setattr(decoder, "search", None)
            m.setattr(decoder, "find", None)
            assert r._decode(slots, titles) == compiled
            assert decoder.viterbi(slots, r.forward, None, 0.5,
                                   (PairBonus(r.pairs, 2.0),)) == forward_only


def test_wrapped_capital_heading_is_decoded_as_one_name() -> None:
    """A body name wrapped over two capital lines keeps its context: no lone-word guess."""
    restored, changed = get_restorer().restore_lines(["THỦ TƯỚNG CHÍNH", "PHỦ", "Số: 5/QĐ-TTg"])
    assert restored == ["THỦ TƯỚNG CHÍNH", "PHỦ", "Số: 5/QĐ-TTg"]
    assert changed == 0
