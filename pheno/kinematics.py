"""Small kinematics helpers (GeV), vectorised; PHYSICS.md section 0."""
from __future__ import annotations

import numpy as np


def kallen(a, b, c):
    """Kallen function lambda(a, b, c) = a^2 + b^2 + c^2 - 2ab - 2bc - 2ca."""
    return a * a + b * b + c * c - 2.0 * (a * b + b * c + c * a)


def lab_boost(e_minus: float, e_plus: float) -> float:
    """Velocity of the CM frame in the lab for head-on beams, along the e- direction (+z).

    Belle II: 7.0 GeV e- on 4.0 GeV e+ -> beta = 3/11, beta*gamma = 0.2835 (crossing angle neglected).
    """
    return (e_minus - e_plus) / (e_minus + e_plus)
