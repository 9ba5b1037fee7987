"""Diacritic restoration and OCR-confusion repair for Vietnamese text.

Design: (a) per-token candidates from a confusion channel (``channel``), (b) forward and
backward modified-KN syllable trigram LMs (``lm``), (c) exact Viterbi search (``decoder``).
Case, punctuation, numbers and document codes pass through untouched.

Importing this package is cheap: the models, numpy kernels and numba load on the first
``get_restorer()`` call, so modules that only need the syllable tables (normalisation, the
parser) never pay for them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .restorer import Restorer

__all__ = ["get_restorer"]


@cache
def get_restorer() -> Restorer:
    """The shared restorer built from the committed artefacts in ``models/``."""
    from ..paths import models_dir
    from .restorer import Restorer

    return Restorer(models_dir())
