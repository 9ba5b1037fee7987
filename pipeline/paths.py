"""Where things live: the repository, its committed models, and the optional shared data."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The project checkout (parent of the ``pipeline`` package)."""
    return _PACKAGE.parent


def models_dir() -> Path:
    """Committed trained artefacts (``models/``); ``CONGVAN_MODELS`` overrides."""
    return Path(os.environ.get("CONGVAN_MODELS", repo_root() / "models"))


def samples_dir() -> Path:
    """Generated sample scans with gold JSON (``samples/``)."""
    return repo_root() / "samples"


def gold_dir() -> Path:
    """Committed hand annotations (``gold/``): gold files whose documents live in the shared
    corpus and are located by a ``_source`` key instead of being copied into the repo."""
    return repo_root() / "gold"


def shared_dir() -> Path | None:
    """The read-only project data folder (``../shared``; ``CONGVAN_SHARED`` overrides), or
    None when it is absent, so callers and tests can skip cleanly."""
    path = Path(os.environ.get("CONGVAN_SHARED", repo_root().parent / "shared"))
    return path if (path / "README.md").is_file() else None
