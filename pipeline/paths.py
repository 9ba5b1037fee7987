"""Where things live: the repository, its committed models, and the optional shared data."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The project checkout (parent of the ``pipeline`` source folder); for an installed
    wheel, the site-packages folder."""
    return _PACKAGE.parent


def models_dir() -> Path:
    """Trained artefacts: ``CONGVAN_MODELS`` when set, else the ``models`` folder the wheel
    installs inside the package, else the checkout's ``models/``."""
    if env := os.environ.get("CONGVAN_MODELS"):
        return Path(env)
    installed = _PACKAGE / "models"
    return installed if installed.is_dir() else repo_root() / "models"


def gold_dir() -> Path:
    """The project's own gold annotations of shared documents (``gold/``): the documents
    stay in ``../shared`` (scans; corpus letters located by a ``_source`` key), only what
    the project wrote about them is committed."""
    return repo_root() / "gold"


def samples_dir() -> Path:
    """Generated sample scans with gold JSON (``samples/``)."""
    return repo_root() / "samples"


def shared_dir() -> Path | None:
    """The read-only project data folder (``../shared``; ``CONGVAN_SHARED`` overrides), or
    None when it is absent, so callers and tests can skip cleanly."""
    path = Path(os.environ.get("CONGVAN_SHARED", repo_root().parent / "shared"))
    return path if (path / "README.md").is_file() else None

