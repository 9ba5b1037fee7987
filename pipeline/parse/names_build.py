"""Build the name model: ``python -m congvan.parse.names_build`` writes data/names/.

Personal names are collected where a text names a person: in the corpus, a name after a form
of address or a title ("ông", "đồng chí", "PTTg", "Phó Thủ tướng …"), a line that is a name
alone (a signer), and any three or four capitalised syllables that open with a family name
and are no place ("Tỉnh …", "xã …"); in the lexicons, the multi-word entries that are such
names; and the generator's own lists of names. A name opens with a known family name
(``vocab.SURNAMES``). Each distinct name counts once (a minister who signs a thousand letters
is one person), its last syllable as a given name and the ones between as middle names.
Held-out documents stay out (the restorer's held-out rules, and the held-out gold letters
located in the corpus). Deterministic: same sources, same file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import regex

from ..paths import gold_dir, shared_dir
from ..restore.build import corpus_documents, training_lines
from ..splits import split_of
from . import vocab
from .folding import fold
from .names import DATA_DIR, NAMES_FILE

# Words after which a person's name follows ("ông Nguyễn Văn A", "PTTg Lê Minh Khái").
_ADDRESS = (
    "ông", "bà", "đồng chí", "đ/c", "Đồng chí", "Ông", "Bà", "Thủ tướng", "Bộ trưởng",
    "Thứ trưởng", "Chủ tịch", "Giám đốc", "Tổng Bí thư", "Chủ nhiệm", "Trưởng ban",
    "Cục trưởng", "Vụ trưởng", "Hiệu trưởng", "Bí thư", "Chánh Văn phòng", "Tổng Giám đốc",
    "Viện trưởng", "Trưởng phòng", "PTTg", "TTg", "PCN", "CN", "PCT", "CT", "TTr", "PCTr",
    "PVT", "VT", "PCVP", "CVP", "PGĐ", "GĐ",
)  # fmt: skip
# Words that make the capitalised syllables after them a place or a body, not a person.
_NOT_PERSON = regex.compile(
    r"(?i:tỉnh|huyện|xã|thành phố|tp\.?|quận|phường|thị trấn|thị xã|thôn|xóm|ấp|bản|cầu|"
    r"sông|núi|hồ|đảo|khu|cụm|kcn|công ty|tnhh|dntn|trường|bệnh viện)\s*$"
)
_PLACE_WORDS = frozenset({"tinh", "tp", "huyen", "xa", "quan", "phuong", "thanh", "pho"})
_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]+"
_SURNAME = "|".join(sorted(vocab.SURNAMES, key=len, reverse=True))
_NAME = rf"(?:{_SURNAME})(?:\s+{_SYLLABLE}){{1,3}}"
_AFTER_ADDRESS = regex.compile(
    rf"(?<![\p{{L}}])(?:Phó\s+)?(?:{'|'.join(map(regex.escape, _ADDRESS))})\s+(?P<name>{_NAME})"
    r"(?!\p{L}|\s+\p{Lu})"  # the whole name: not one cut before an initial ("… Văn A")
)
_NAME_LINE = regex.compile(rf"^(?P<name>(?:{_SURNAME})(?:\s+{_SYLLABLE}){{2,3}})$")
_LONG_NAME = regex.compile(
    rf"(?<![\p{{L}}\d])(?P<name>(?:{_SURNAME})(?:\s+{_SYLLABLE}){{2,3}})(?![\p{{L}}\d]|\s+[\p{{Lu}}\d])"
)
_PLACES = frozenset(fold(p) for p in vocab.PLACES)


def names_in(line: str) -> list[str]:
    """The personal names a corpus line gives."""
    found = [m["name"] for m in _AFTER_ADDRESS.finditer(line)]
    found += [
        m["name"] for m in _LONG_NAME.finditer(line) if not _NOT_PERSON.search(line[: m.start()])
    ]
    if (m := _NAME_LINE.match(line.strip())) is not None:
        found.append(m["name"])
    return list(dict.fromkeys(n for n in found if _person(n)))


def _person(name: str) -> bool:
    """No place: not a known place, no place word inside, no place at its end ("… Đà Nẵng")."""
    words = fold(name).split()
    tails = {" ".join(words[k:]) for k in range(1, len(words) - 1)}
    places = fold(name) in _PLACES or bool(tails & _PLACES)
    return not places and not any(w.strip(".") in _PLACE_WORDS for w in words[1:])


def lexicon_names(shared: Path) -> set[str]:
    """Multi-word lexicon entries that are personal names."""
    out: set[str] = set()
    for path in sorted((shared / "lexicons").glob("*_words.txt")):
        for entry in path.read_text(encoding="utf-8").splitlines():
            words = entry.split()
            shaped = all(regex.fullmatch(_SYLLABLE, w) for w in words)
            if 3 <= len(words) <= 4 and words[0] in vocab.SURNAMES and shaped and _person(entry):
                out.add(entry)
    return out


def generator_names() -> set[str]:
    """The sample generator's lists of names, each given and middle name once."""
    lists = json.loads((DATA_DIR / "synth" / "names.json").read_text(encoding="utf-8"))
    out: set[str] = set()
    for sex in ("male", "female"):
        middles, givens = lists[f"middles_{sex}"], lists[f"givens_{sex}"]
        for k in range(max(len(middles), len(givens))):
            out.add(f"{lists['surnames'][0]} {middles[k % len(middles)]} {givens[k % len(givens)]}")
    return out


def heldout_gold_lines(shared: Path, folder: Path) -> set[str]:
    """Lines of the held-out gold letters that live in the corpus (``_source`` locators)."""
    blocked: set[str] = set()
    for path in sorted(folder.glob("*.gold.json")):
        if split_of(path.name.removesuffix(".gold.json")) != "heldout":
            continue
        source = json.loads(path.read_text(encoding="utf-8")).get("_source")
        if isinstance(source, dict) and {"file", "block"} <= source.keys():
            docs = corpus_documents(shared / "corpus" / str(source["file"]))
            doc = next((d for k, d in enumerate(docs) if k == source["block"]), [])
            blocked.update(doc)
    return blocked


def build(shared: Path, gold_letters: Path, out: Path) -> tuple[int, int]:
    """Write the name table; returns (distinct names, syllables)."""
    log: list[str] = []
    blocked = heldout_gold_lines(shared, gold_letters)
    people: set[str] = set()
    for line in training_lines(shared, log):
        if line not in blocked:
            people.update(names_in(line))
    people |= lexicon_names(shared) | generator_names()
    given: Counter[str] = Counter()
    middle: Counter[str] = Counter()
    for name in people:
        words = name.split()
        given[words[-1]] += 1
        middle.update(words[1:-1])
    rows = sorted(set(given) | set(middle), key=lambda w: (fold(w), w))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        f.write("syllable\tgiven\tmiddle\n")
        for w in rows:
            f.write(f"{w}\t{given[w]}\t{middle[w]}\n")
    return len(people), len(rows)


def main() -> None:
    shared = shared_dir()
    if shared is None:
        sys.exit("shared data folder not found (set CONGVAN_SHARED)")
    people, syllables = build(shared, gold_dir() / "letters", NAMES_FILE)
    print(f"{people} distinct names, {syllables} syllables -> {NAMES_FILE}")


if __name__ == "__main__":
    main()
