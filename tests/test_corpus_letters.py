"""The corpus-letter gold set: every locator resolves to the annotated document, and a changed
corpus is caught instead of scoring a different text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import regex

from congvan.corpus_letters import (
    CorpusLetterError,
    block_sha256,
    corpus_blocks,
    corpus_letters,
)
from congvan.paths import gold_dir

GOLD = gold_dir() / "letters"
GOLD_KEYS = {
    "issuer", "doc_type", "number", "symbol", "place", "date", "subject", "recipients",
    "references", "signer", "cc", "urgency", "confidentiality",
}  # fmt: skip
STEM = regex.compile(r"corpus_[A-Z]{2}_[\w.&-]+")


def test_every_gold_file_resolves_to_its_document(shared: Path) -> None:
    letters = corpus_letters(shared)
    assert len(letters) == len(list(GOLD.glob("*.gold.json"))) >= 42
    for letter in letters:
        assert STEM.fullmatch(letter.stem), letter.stem
        assert letter.gold.keys() >= GOLD_KEYS and "_source" not in letter.gold, letter.stem
        # the located block is the annotated document: its own number and symbol are printed
        # in it ("Số: 220/CĐ-TTg", Party style "Số 212-KL/TW")
        number, symbol = letter.gold["number"], letter.gold["symbol"]
        printed = regex.sub(r"\s+", "", letter.text)
        assert f"{number}/{symbol}" in printed or f"{number}-{symbol}" in printed, letter.stem


def test_items_are_objects_with_assignee_and_deadline() -> None:
    for path in sorted(GOLD.glob("*.gold.json")):
        for item in json.loads(path.read_text(encoding="utf-8")).get("action_items", []):
            assert set(item) == {"text", "assignee", "deadline"}, path.name
            deadline = item["deadline"]
            assert deadline is None or regex.fullmatch(r"\d{4}-\d\d-\d\d", deadline), path.name


def _corpus(tmp_path: Path, blocks: list[str]) -> Path:
    shared = tmp_path / "shared"
    (shared / "corpus").mkdir(parents=True)
    with gzip.open(shared / "corpus" / "admin_docs_x.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n\n".join(blocks) + "\n\n")
    return shared


def _gold(folder: Path, stem: str, source: dict[str, object]) -> None:
    folder.mkdir(exist_ok=True)
    gold = {"_source": source, "number": "5", "symbol": "UBND"}
    (folder / f"{stem}.gold.json").write_text(json.dumps(gold), encoding="utf-8")


def test_block_is_located_and_checked(tmp_path: Path) -> None:
    blocks = ["SỞ A\nSố: 4/UBND", "SỞ B\nSố: 5/UBND\nNơi nhận:"]
    shared = _corpus(tmp_path, blocks)
    assert corpus_blocks(shared / "corpus" / "admin_docs_x.txt.gz") == blocks
    source = {"file": "admin_docs_x.txt.gz", "block": 1, "sha256": block_sha256(blocks[1])}
    _gold(tmp_path / "gold", "corpus_CV_5-UBND", source)
    [letter] = corpus_letters(shared, tmp_path / "gold")
    assert (letter.stem, letter.text) == ("corpus_CV_5-UBND", blocks[1])
    assert letter.gold == {"number": "5", "symbol": "UBND"}


@pytest.mark.parametrize(
    ("block", "sha", "message"),
    [(0, None, "sha256"), (2, None, "out of range"), (1, "0" * 64, "sha256")],
)
def test_a_changed_corpus_is_an_error(
    tmp_path: Path, block: int, sha: str | None, message: str
) -> None:
    blocks = ["SỞ A\nSố: 4/UBND", "SỞ B\nSố: 5/UBND"]
    shared = _corpus(tmp_path, blocks)
    digest = sha or block_sha256(blocks[1])
    source = {"file": "admin_docs_x.txt.gz", "block": block, "sha256": digest}
    _gold(tmp_path / "gold", "corpus_CV_5-UBND", source)
    with pytest.raises(CorpusLetterError, match=message):
        corpus_letters(shared, tmp_path / "gold")
