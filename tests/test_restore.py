"""Restorer tests: channel, casing, codes, line count, and an accuracy regression check on a
small fixture written by the project (tests/fixtures/restore)."""

from __future__ import annotations

import gzip
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


def test_aligned_words_follow_the_printed_words() -> None:
    from congvan.restore.ocrpairs import aligned_words

    pairs = list(aligned_words(["Thực hiện nhiệm", "vụ của Bộ."],
                               ["Thyc hién", "nhiém vu ctia B6."]))
    assert pairs == [("Thực", "Thyc"), ("hiện", "hién"), ("nhiệm", "nhiém"), ("vụ", "vu"),
                     ("của", "ctia"), ("Bộ.", "B6.")]
    # a word OCR split in two is read as one; a word OCR dropped is read as nothing
    assert list(aligned_words(["công tác xây"], ["cô ng xây"])) == [
        ("công", "công"), ("tác", ""), ("xây", "xây")]


def test_learnt_emissions_keep_multi_letter_readings() -> None:
    from congvan.restore.channel_learn import learn

    pairs = ([("thư", "thir")] * 6 + [("tư", "tu")] * 6 + [("mười", "rnuoi")] * 4
             + [("tiếp", "tiép")] * 5 + [("hiệu", "hiéu")] * 5 + [("Đảng", "Pang")] * 3)
    table = learn(pairs)
    assert table["ư"]["ir"] > table["ư"]["u"] > 0  # both learnt, the plain one cheaper
    assert "rn" in table["m"] and "r" not in table["m"]  # one emission, not two edits
    assert table["ế"]["é"] < 1.0 and table["ệ"]["é"] < 1.0
    assert table["Đ"]["P"] < table["Đ"]["Đ"]  # capital learnt from its own pairs
    assert table["Ế"]["É"] < 1.0 and "e" not in table["Ế"]  # or from the small letter


def test_learnt_channel_finds_readings_beyond_the_skeleton() -> None:
    from congvan.restore.channel import LearntChannel

    vocab = ["<unk>", "thư", "thu", "tiếp", "tiệp", "đảng", "pang", "cổ", "cỏ", "các"]
    emissions = {"ư": {"u": 0.5, "ir": 2.0}, "t": {"t": 0.0}, "h": {"h": 0.0},
                 "u": {"u": 0.0}, "i": {"i": 0.0}, "ế": {"é": 0.3}, "ệ": {"é": 0.4},
                 "p": {"p": 0.0}, "Đ": {"P": 1.0, "D": 0.2}, "P": {"P": 0.0},
                 "ả": {"a": 0.3}, "a": {"a": 0.0, "4": 2.5}, "n": {"n": 0.0},
                 "g": {"g": 0.0, "": 4.0}, "c": {"c": 0.0}, "ổ": {"d": 2.2, "6": 1.0},
                 "ỏ": {"o": 0.2}, "á": {"é": 2.0, "a": 0.1}, "s": {"s": 0.0}}
    ch = LearntChannel(emissions, vocab, 1)

    def read(obs: str, case: str = "lower", budget: float = 10.0) -> dict[str, float]:
        ids, costs = ch.candidates(obs, case, budget)
        return {vocab[i]: round(float(c), 3) for i, c in zip(ids, costs, strict=True)}

    assert read("thir") == {"thư": 2.0}
    assert read("thu") == {"thu": 0.0, "thư": 0.5}
    assert read("tiép") == {"tiếp": 0.3, "tiệp": 0.4}
    assert read("Pang", "title") == {"pang": 0.0, "đảng": 1.3}
    assert read("pang") == {"pang": 0.0}  # a small p was never a printed Đ
    assert read("cd") == {"cổ": 2.2}
    assert read("céc") == {"các": 2.0}
    assert read("pan") == {"pang": 4.0}  # one dropped letter
    assert read("thir", budget=1.0) == {}


def test_syllable_shape_and_abbreviations() -> None:
    from congvan.restore.lm import is_abbreviation
    from congvan.restore.syllables import has_syllable_shape

    assert has_syllable_shape("VIET") and has_syllable_shape("nghia")
    assert not has_syllable_shape("UBND") and not has_syllable_shape("ctia")
    assert is_abbreviation("HĐND") and is_abbreviation("TTg") and is_abbreviation("VHTTDL")
    assert not is_abbreviation("VIỆT") and not is_abbreviation("VIET")
    assert not is_abbreviation("Ubnd")  # one capital: a (foreign) word, not a code


def test_latin_ocr_word_cut_before_its_final_is_joined() -> None:
    from congvan.restore.restorer import _SPLIT, _join_split_finals

    def join(text: str) -> str:
        return "".join(_join_split_finals(_SPLIT.split(text)))

    assert join("nha nu c ngoai") == "nha nuc ngoai"
    assert join("huo ng dan") == "huong dan"
    assert join("diém c khoan 2") == "diém c khoan 2"  # "điểm c": a list item
    assert join("Dung c") == "Dung c"  # "Dungc" is no syllable


@needs_models
def test_latin_ocr_confusions_named_in_issue_11() -> None:
    """Latin-only OCR of one real-style paragraph: the readings the issue lists as wrong
    (é for ế/ệ/ễ, c/d for ơ/ổ, ¢ and € for ệ, P for Đ, A for ấ/ầ, céc, nim)."""
    from congvan.restore import get_restorer

    lines = ["Thuc hién két luan cia Ban Thuong vu vé viéc tiép tuc thi hanh Diéu 5,",
             "dién dan cd phan hoa, nhi€ém vu trong tam nim 2024 cia céc co quan Pang,",
             "cac dAu moi thAm dinh, h¢ thong chinh tri, nang cao hiéu qua quan ly."]
    out, changed = get_restorer().restore_lines(lines)
    words = " ".join(out).split()
    for expected in ("kết", "tiếp", "diễn", "cổ", "nhiệm", "năm", "các", "Đảng,", "đầu",
                     "thẩm", "hệ", "hiệu"):
        assert expected in words
    assert changed >= 30 and len(out) == 3


@needs_models
def test_chunked_decoding_equals_one_lattice(monkeypatch) -> None:
    """Documents are decoded in chunks cut at sentence breaks: same output as one lattice."""
    import congvan.restore.restorer as restorer_module
    from congvan.restore import get_restorer

    text = FIXTURE.read_text("utf-8").splitlines() * 3
    lines = [strip_marks(ln) for ln in text]
    r = get_restorer()
    whole = r.restore_lines(lines)
    monkeypatch.setattr(restorer_module, "CHUNK_SLOTS", 40)
    assert r.restore_lines(lines) == whole


def test_training_keeps_out_the_letters_of_the_kept_out_splits(shared: Path,
                                                               tmp_path: Path) -> None:
    """A main corpus holding a held-out and a dev corpus letter (gold/letters) verbatim:
    the shipped build keeps out only the held-out one, the tuning build both."""
    from congvan.restore.build import DISTINCTIVE_LINE, MAIN_CORPUS, letter_lines, training_lines
    from congvan.splits import HELDOUT_LETTERS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in (shared / "corpus").glob("admin_docs_*.txt.gz"):
        (corpus / src.name).symlink_to(src)
    (tmp_path / "letters").mkdir()
    held = letter_lines(shared, "heldout")
    dev = letter_lines(shared, "tuning")
    assert {s for s in held if s.startswith("corpus_")} == {
        s for s in HELDOUT_LETTERS if s.startswith("corpus_")}
    assert not held.keys() & dev.keys()
    docs = [held["corpus_CD_226-CD-TTg"], dev["corpus_CD_220-CD-TTg"]]
    with gzip.open(corpus / MAIN_CORPUS, "wt", encoding="utf-8") as f:
        f.write("\n\n".join("\n".join(doc) for doc in docs) + "\n")
    for kept_out, expect_dev in ((("heldout",), True), (("tuning", "heldout"), False)):
        seen = set(training_lines(tmp_path, [], kept_out))
        for doc, expected in zip(docs, (False, expect_dev), strict=True):
            distinctive = [ln for ln in doc if len(ln) >= DISTINCTIVE_LINE]
            assert distinctive
            assert all((ln in seen) == expected for ln in distinctive), (kept_out, expected)
