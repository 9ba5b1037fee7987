"""Training entry point: ``python -m congvan.restore.build`` rebuilds models/restore_*.

Reads ../shared/corpus (letter-style ``admin_docs_*`` sources counted twice), keeps the
held-out split out of training (congvan.splits.HELDOUT_LETTERS: shared letters and corpus
letters with gold, and every 50th corpus document), and writes a syllable vocabulary,
forward and backward KN trigram LMs, word and name pairs, and the OCR channel learnt from
real OCR of typeset training text. Settings are chosen with a tuning build
(``--tuning DIR``) that also keeps out the tuning split (the dev letters and another every
50th corpus document).
Deterministic: same corpus in, same bytes out.
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..corpus_letters import corpus_letters
from ..paths import models_dir, shared_dir
from ..splits import HELDOUT_LETTERS
from . import channel_learn, ocrpairs
from .lm import (
    ABBR,
    BITS,
    BOS,
    CHANNEL_FILE,
    EOS,
    LEXICON_PAIRS,
    LM_BACKWARD,
    LM_FORWARD,
    LM_TOKEN,
    NAME_PAIRS,
    NUM,
    PUNCT,
    SPECIALS,
    UNK,
    VOCAB_FILE,
    is_abbreviation,
    pack_windows,
    train_kn,
)
from .ocrpairs import OcrStyle
from .syllables import is_structural_syllable, retone

MAIN_CORPUS = "vi_legal_admin_combined_dedup.txt.gz"
UPWEIGHTED = "admin_docs_*.txt.gz"
UPWEIGHT = 1  # extra passes over the letter-style sources
# Every 50th document of the main corpus is held out (reported numbers), and another
# every 50th, offset by half, is the tuning split (settings are chosen there).
HELDOUT_EVERY = 50
CORPUS_SPLIT_OFFSET = {"heldout": HELDOUT_EVERY - 1, "tuning": HELDOUT_EVERY // 2 - 1}
MIN_SYLLABLE_COUNT = 2
TRIGRAM_MIN_COUNT = 1  # no pruning: pruning singletons lost 0.04 pp (tuning letters)
LEXICON = "underthesea_Viet74K_words.txt"
LEXICON_MAX_SYLLABLES = 2  # pairs inside longer words ("đa liên kết") are not words
DISTINCTIVE_LINE = 40  # characters; shorter lines are boilerplate shared by many letters


def corpus_documents(path: Path) -> Iterator[list[str]]:
    """Documents of a corpus file (blank-line separated), as lists of lines."""
    doc: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line:
                doc.append(line)
            elif doc:
                yield doc
                doc = []
    if doc:
        yield doc


def corpus_split_documents(shared: Path, split: str) -> Iterator[list[str]]:
    """The main-corpus documents of ``split`` ("tuning" or "heldout"), kept out of
    training."""
    offset = CORPUS_SPLIT_OFFSET[split]
    for i, doc in enumerate(corpus_documents(shared / "corpus" / MAIN_CORPUS)):
        if i % HELDOUT_EVERY == offset:
            yield doc


def letter_lines(shared: Path, split: str) -> dict[str, list[str]]:
    """The real letters of ``split`` by name, as lists of non-empty lines: the shared
    letters (../shared/letters) and the corpus letters with gold (gold/letters, their text
    a block of ../shared/corpus); "heldout" = congvan.splits.HELDOUT_LETTERS, "tuning" =
    the dev letters."""
    texts = {path.stem: path.read_text("utf-8")
             for path in sorted((shared / "letters").glob("*.txt"))}
    texts |= {letter.stem: letter.text for letter in corpus_letters(shared)}
    return {stem: [ln.strip() for ln in text.splitlines() if ln.strip()]
            for stem, text in sorted(texts.items())
            if (stem in HELDOUT_LETTERS) == (split == "heldout")}


def training_lines(shared: Path, log: list[str], kept_out: tuple[str, ...] = ("heldout",),
                   ) -> Iterator[str]:
    """Every training line, minus the text of the ``kept_out`` splits: corpus documents
    that contain one of their letters (two or more of its distinctive lines) are dropped
    whole, and any remaining distinctive line of those letters or any line of those corpus
    documents is skipped. Short boilerplate ("Nơi nhận:", the national motto) is common to
    all letters and stays. The shipped models keep out the held-out split only; the tuning
    build (settings are chosen with it) keeps out the tuning split too."""
    distinctive = {ln for split in kept_out
                   for lines in letter_lines(shared, split).values() for ln in lines
                   if len(ln) >= DISTINCTIVE_LINE}
    blocked = distinctive | {ln for split in kept_out
                             for doc in corpus_split_documents(shared, split) for ln in doc}
    offsets = {CORPUS_SPLIT_OFFSET[split] for split in kept_out}
    skipped_lines = skipped_docs = 0
    sources = [shared / "corpus" / MAIN_CORPUS,
               *sorted((shared / "corpus").glob(UPWEIGHTED)) * UPWEIGHT]
    for src in sources:
        for i, doc in enumerate(corpus_documents(src)):
            if src.name == MAIN_CORPUS and i % HELDOUT_EVERY in offsets:
                continue
            if sum(ln in distinctive for ln in doc) >= 2:
                skipped_docs += 1
                continue
            for line in doc:
                if line in blocked:
                    skipped_lines += 1
                    continue
                yield line
    log.append(f"kept out ({', '.join(kept_out)}): {skipped_docs} documents with a letter, "
               f"{skipped_lines} more lines")


def tokenize_corpus(lines: Iterator[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Raw id stream (<s> <s> tokens </s> </s> per line), a parallel flag for Title-case
    words inside a line (names: "Hà Tĩnh", "Lâm Đồng"), and the raw token table."""
    table: dict[str, int] = {s: i for i, s in enumerate(SPECIALS)}
    ids = array("i")
    titles = array("b")
    for line in lines:
        ids.extend((BOS, BOS))
        titles.extend((0, 0))
        for k, tok in enumerate(LM_TOKEN.findall(line)):
            if tok[0].isdigit():
                ids.append(NUM)
                titles.append(0)
                continue
            if tok[0].isalpha() and is_abbreviation(tok):
                ids.append(ABBR)
                titles.append(0)
                continue
            key = tok.lower() if tok[0].isalpha() else tok
            i = table.get(key)
            if i is None:
                i = table[key] = len(table)
            ids.append(i)
            # the line's first word is capitalised anyway
            titles.append(k > 0 and tok[0].isupper() and tok[1:].islower())
        ids.extend((EOS, EOS))
        titles.extend((0, 0))
    return (np.frombuffer(ids, dtype=np.int32).copy(),
            np.frombuffer(titles, dtype=np.int8).astype(bool), list(table))


def name_pairs(ids: np.ndarray, titles: np.ndarray, min_count: int = 2) -> tuple[
        np.ndarray, np.ndarray]:
    """Sorted packed ids of adjacent Title-case syllables inside lines (proper names) seen at
    least ``min_count`` times, with log10 of their count: lets "Ha Tinh" become "Hà Tĩnh"
    (thousands of times a name) rather than "Hạ Tỉnh" (a handful)."""
    pos = np.nonzero(titles[:-1] & titles[1:])[0]
    a, b = ids[pos].astype(np.int64), ids[pos + 1].astype(np.int64)
    ok = (a >= len(SPECIALS)) & (b >= len(SPECIALS))
    keys, counts = np.unique((a[ok] << BITS) | b[ok], return_counts=True)
    keep = counts >= min_count
    return keys[keep], np.log10(counts[keep]).astype(np.float16)


def build_vocab(raw: np.ndarray, table: list[str], extra: list[str]) -> tuple[
        list[str], np.ndarray]:
    """Final vocabulary (specials, then syllables by falling frequency) and raw→final map."""
    counts = np.bincount(raw, minlength=len(table))
    syl_count: dict[str, int] = {}
    for tok, c in zip(table[len(SPECIALS):], counts[len(SPECIALS):], strict=True):
        if tok[0].isalpha() and is_structural_syllable(tok):
            norm = retone(tok)
            syl_count[norm] = syl_count.get(norm, 0) + int(c)
    for tok in extra:
        if is_structural_syllable(tok):
            syl_count.setdefault(retone(tok), 0)
    kept = [s for s, c in syl_count.items() if c >= MIN_SYLLABLE_COUNT or c == 0]
    kept.sort(key=lambda s: (-syl_count[s], s))
    vocab = list(SPECIALS) + kept
    index = {s: i for i, s in enumerate(vocab)}
    punct_other = SPECIALS.index("<p>")
    remap = np.full(len(table), UNK, dtype=np.int32)
    for i, tok in enumerate(table):
        if i < len(SPECIALS):
            remap[i] = i
        elif tok[0].isalpha():
            remap[i] = index.get(retone(tok), UNK) if is_structural_syllable(tok) else UNK
        else:
            remap[i] = index[tok] if tok in PUNCT else punct_other
    return vocab, remap


def lexicon_pairs(shared: Path, vocab: list[str]) -> np.ndarray:
    """Sorted packed ids of adjacent syllable pairs inside multi-syllable dictionary words
    (underthesea Viet74K): word knowledge beyond what the corpus counts show."""
    index = {w: i for i, w in enumerate(vocab)}
    words = (shared / "lexicons" / LEXICON).read_text("utf-8").splitlines()
    keys = set()
    for word in words:
        syl = [index.get(retone(s.lower()), UNK) for s in word.split()]
        if len(syl) > LEXICON_MAX_SYLLABLES:
            continue
        for a, b in itertools.pairwise(syl):
            if a != UNK and b != UNK:
                keys.add((a << BITS) | b)
    return np.array(sorted(keys), dtype=np.int64)


# OCR styles the channel is learnt from: Tesseract eng (Latin-only OCR) on five fonts, clean
# and shrunk/blurred/noisy; each reads its own pages of training text (a different slice of
# the channel documents). A vie channel learnt the same way was measured and not kept
# (models/README.md); the file is keyed by language for that reason.
CHANNEL_STYLES: tuple[OcrStyle, ...] = (
    OcrStyle("eng", "dejavu-serif"),
    OcrStyle("eng", "dejavu-sans"),
    OcrStyle("eng", "liberation-serif", 40),
    OcrStyle("eng", "liberation-sans"),
    OcrStyle("eng", "liberation-mono", 32),
    OcrStyle("eng", "liberation-serif", 40, scale=0.6, blur=0.5, noise=8.0),
    OcrStyle("eng", "dejavu-serif", 30, scale=0.7, blur=0.4, noise=6.0),
    OcrStyle("eng", "liberation-sans", 38, scale=0.6, blur=0.6),
)
CHANNEL_PAGES = 24  # pages per style
CHANNEL_PAGE_CHARS = 1500
CHANNEL_DOCUMENT_OFFSET = 7  # main-corpus documents i % 50 == 7 (training text) are printed


def channel_pages(shared: Path, count: int) -> list[list[str]]:
    """``count`` pages of training text (``CHANNEL_PAGE_CHARS`` each, whole lines) for
    learning the channel, in corpus order."""
    pages: list[list[str]] = []
    page: list[str] = []
    size = 0
    for i, doc in enumerate(corpus_documents(shared / "corpus" / MAIN_CORPUS)):
        if i % HELDOUT_EVERY != CHANNEL_DOCUMENT_OFFSET:
            continue
        for line in doc:
            page.append(line)
            size += len(line)
            if size >= CHANNEL_PAGE_CHARS:
                pages.append(page)
                if len(pages) == count:
                    return pages
                page, size = [], 0
    return pages


def learn_channels(shared: Path, log: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Emission costs per Tesseract language from real OCR of typeset training text (reads
    cached in .cache/restore_ocr; the first build runs Tesseract on every page)."""
    pages = channel_pages(shared, CHANNEL_PAGES * len(CHANNEL_STYLES))
    pairs: dict[str, list[tuple[str, str]]] = {}
    for k, style in enumerate(CHANNEL_STYLES):
        for n, lines in enumerate(pages[k * CHANNEL_PAGES:(k + 1) * CHANNEL_PAGES]):
            read = ocrpairs.read(lines, style, seed=n)
            pairs.setdefault(style.lang, []).extend(ocrpairs.aligned_words(lines, read))
    out = {}
    for lang in sorted(pairs):
        out[lang] = channel_learn.learn(pairs[lang])
        rules = sum(len(v) for v in out[lang].values())
        log.append(f"channel {lang}: {len(pairs[lang])} aligned words, {rules} emissions")
    return out


def build(shared: Path, out: Path, kept_out: tuple[str, ...] = ("heldout",)) -> list[str]:
    """Build every restoration artefact into ``out`` from the training text without the
    ``kept_out`` splits; returns a log of facts for the card."""
    log: list[str] = []
    raw, titles, table = tokenize_corpus(training_lines(shared, log, kept_out))
    hunspell = (shared / "lexicons" / "hunspell_vi_VN_syllables.txt").read_text("utf-8")
    extra = [w.lower() for w in hunspell.split() if w.isalpha()]
    vocab, remap = build_vocab(raw, table, extra)
    ids = remap[raw]
    n_tokens = int(np.count_nonzero(ids > NUM))
    log.append(f"training tokens (syllables+punct): {n_tokens}; vocabulary: {len(vocab)}")
    out.mkdir(parents=True, exist_ok=True)
    (out / VOCAB_FILE).write_text("\n".join(vocab) + "\n", "utf-8")
    fwd = train_kn(pack_windows(ids), len(vocab), TRIGRAM_MIN_COUNT)
    fwd.save(out / LM_FORWARD)
    rev = ids[::-1].copy()
    bos, eos = rev == BOS, rev == EOS
    rev[bos], rev[eos] = EOS, BOS
    bwd = train_kn(pack_windows(rev), len(vocab), TRIGRAM_MIN_COUNT)
    bwd.save(out / LM_BACKWARD)
    pairs = lexicon_pairs(shared, vocab)
    np.save(out / LEXICON_PAIRS, pairs)
    names, strength = name_pairs(ids, titles)
    np.savez_compressed(out / NAME_PAIRS, keys=names, log10_count=strength)
    log.append(f"lexicon syllable pairs: {len(pairs)}; name pairs: {len(names)}")
    channels = learn_channels(shared, log)
    (out / CHANNEL_FILE).write_text(
        json.dumps(channels, ensure_ascii=False, sort_keys=True, indent=0) + "\n", "utf-8")
    for name, lm in (("forward", fwd), ("backward", bwd)):
        log.append(f"{name} LM: {len(lm.keys2)} bigrams, {len(lm.keys3)} trigrams")
    return log


def main() -> None:
    """``python -m congvan.restore.build``: the shipped models into models/;
    ``python -m congvan.restore.build --tuning DIR``: the tuning build (tuning split kept
    out too) into DIR, for choosing settings (``CONGVAN_MODELS=DIR``)."""
    shared = shared_dir()
    if shared is None:
        sys.exit("../shared not found (set CONGVAN_SHARED)")
    if sys.argv[1:2] == ["--tuning"] and len(sys.argv) == 3:
        log = build(shared, Path(sys.argv[2]), ("tuning", "heldout"))
    else:
        log = build(shared, models_dir())
    for line in log:
        print(line)


if __name__ == "__main__":
    main()
