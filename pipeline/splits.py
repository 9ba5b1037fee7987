"""Which gold documents are kept out of the tuning loop.

Rules are developed on the "dev" part only; ``make eval`` reports "dev" and "heldout" apart,
so a rule fitted to one document shows up as a gap between the two.
"""

from __future__ import annotations

# Every 4th letter (sorted by name, starting at the 3rd) and every 4th scan (from the 2nd).
HELDOUT_LETTERS: frozenset[str] = frozenset(
    {
        "congbot_CV_8794-VPCP-KGVX",
        "tvpl_CD_234-CD-TTg",
        "tvpl_CV_37413-CHQ-NVTHQ",
        "tvpl_NQ_21-2025-NQ-HDND",
        "tvpl_QD_1973-QD-UBND",
        "tvpl_QD_3303-QD-BTP",
        "tvpl_TB_983-TB-CT",
    }
)

HELDOUT_SCANS: frozenset[str] = frozenset(
    {
        "04_QD_138.signed_20250510_124909",
        "239_TTr.signed_20250219_095936",
        "660TBUB.signed_20250219_234149",
        "vht507.signed_20250510_124909",
    }
)


def split_of(stem: str) -> str:
    """"heldout" for documents outside the tuning loop, else "dev"."""
    return "heldout" if stem in HELDOUT_LETTERS | HELDOUT_SCANS else "dev"
