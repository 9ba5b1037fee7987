"""Real letters annotated in the repository but stored in the shared corpus.

The corpus (``../shared/corpus/admin_docs_*.txt.gz``: one document per blank-line-separated
block, one paragraph per line) may not be copied into the repo, so each gold file under
``gold/letters/`` carries a locator instead of the text::

    "_source": {"file": "admin_docs_congbot.txt.gz", "block": 14, "sha256": "…"}

``block`` is the 0-based index of the block in that file and ``sha256`` the hash of the
block's text (UTF-8, lines joined with "\\n", no trailing newline), so a changed corpus is
caught instead of silently scoring a different document.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from .paths import gold_dir

SOURCE_KEY = "_source"
# Documents are separated by one blank line (two newlines); more are tolerated.
_BLOCK_SEPARATOR = regex.compile(r"\n{2,}")


class CorpusLetterError(ValueError):
    """A gold file's locator does not resolve to the document it was annotated on."""


@dataclass(frozen=True, slots=True)
class CorpusLetter:
    """One annotated corpus document: its stem, its text (a block of the corpus file) and its
    gold annotation (GOLD_FORMAT keys, without the locator)."""

    stem: str
    text: str
    gold: dict[str, Any]


def corpus_blocks(path: Path) -> list[str]:
    """The blank-line-separated blocks of a gzip corpus file, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return _BLOCK_SEPARATOR.split(fh.read().strip("\n"))


def block_sha256(block: str) -> str:
    return hashlib.sha256(block.encode("utf-8")).hexdigest()


def corpus_letters(shared: Path, folder: Path | None = None) -> list[CorpusLetter]:
    """Every gold file of ``folder`` (default ``gold/letters`` of the repo), sorted by stem,
    with its text read from ``shared/corpus``. Raises CorpusLetterError when a locator names
    a missing file or block or the block's hash differs from the annotated one."""
    folder = gold_dir() / "letters" if folder is None else folder
    blocks: dict[str, list[str]] = {}
    letters = []
    for path in sorted(folder.glob("*.gold.json")):
        stem = path.name.removesuffix(".gold.json")
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = gold.pop(SOURCE_KEY, None)
        if not isinstance(source, dict) or not {"file", "block", "sha256"} <= source.keys():
            raise CorpusLetterError(f"{path}: no '{SOURCE_KEY}' locator {{file, block, sha256}}")
        name, index = str(source["file"]), source["block"]
        corpus = shared / "corpus" / name
        if name not in blocks:
            if not corpus.is_file():
                raise CorpusLetterError(f"{stem}: corpus file {corpus} not found")
            blocks[name] = corpus_blocks(corpus)
        if not isinstance(index, int) or not 0 <= index < len(blocks[name]):
            raise CorpusLetterError(
                f"{stem}: block {index!r} out of range ({len(blocks[name])} blocks in {name})"
            )
        text = blocks[name][index]
        digest = block_sha256(text)
        if digest != source["sha256"]:
            raise CorpusLetterError(
                f"{stem}: block {index} of {name} has sha256 {digest}, the gold was annotated "
                f"on {source['sha256']}; the corpus changed, re-locate the document"
            )
        letters.append(CorpusLetter(stem, text, gold))
    return letters
