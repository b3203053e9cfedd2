"""The limit-table type shared by the limit-file readers (pheno's CSV layout, HEPData)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LimitTable:
    mass: np.ndarray          # GeV, 1-D
    observed: np.ndarray      # the observed upper limit: fb when quantity == "sigma", a BF when "bf"
    quantity: str             # "sigma" or "bf"
    expected: dict            # optional bands, keys among "median", "minus1sigma", "plus1sigma",
                              # "minus2sigma", "plus2sigma" -> arrays like `observed` ({} if none)
    cl: float | None          # 0.90 / 0.95 when the source states it, else None (never guessed)
    source: str               # file path or description
    mass_column: str          # the column chosen as the mass
    limit_column: str         # the column chosen as the observed limit
