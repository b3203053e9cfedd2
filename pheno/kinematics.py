"""Small kinematics helpers (GeV), vectorised; docs/physics.md section 0."""
from __future__ import annotations

import numpy as np


def kallen(a, b, c):
    """Kallen function lambda(a, b, c) = a^2 + b^2 + c^2 - 2ab - 2bc - 2ca."""
    return a * a + b * b + c * c - 2.0 * (a * b + b * c + c * a)


def two_body_momentum(sqrt_s, m1, m2):
    """|p| of either daughter in the two-body decay/production sqrt_s -> m1 m2 (0 below threshold,
    sqrt_s <= m1 + m2), from the product form lambda = (s - (m1+m2)^2)(s - (m1-m2)^2), free of
    cancellation near threshold. sqrt_s > 0.

    >>> round(float(two_body_momentum(10.58, 0.0, 10.58 - 1e-6)) / 1e-6, 6)   # (s - m^2)/(2 sqrt s) = 1e-6 GeV
    1.0
    >>> float(two_body_momentum(1.0, 3.0, 0.5))   # closed (lambda > 0 again below |m1 - m2|)
    0.0
    """
    lam = (sqrt_s - m1 - m2) * (sqrt_s + m1 + m2) * (sqrt_s - m1 + m2) * (sqrt_s + m1 - m2)
    return np.sqrt(np.where(sqrt_s > m1 + m2, np.maximum(lam, 0.0), 0.0)) / (2.0 * sqrt_s)


def lab_boost(e_minus: float, e_plus: float) -> float:
    """Velocity of the CM frame in the lab for head-on beams, along the e- direction (+z).

    Belle II: 7.0 GeV e- on 4.0 GeV e+ -> beta = 3/11, beta*gamma = 0.2835 (crossing angle neglected).
    """
    return (e_minus - e_plus) / (e_minus + e_plus)
