"""Loop functions for spin-0 particles coupled to photons through fermion loops (vectorised, complex).

tau = 4 m_f^2 / m^2 (m: the spin-0 mass, m_f: the loop fermion), PHYSICS.md D3 and E1:
  f(tau) = arcsin(1/sqrt(tau))                                          (tau >= 1)
         = pi/2 + (i/2) ln[(1 + sqrt(1 - tau)) / (1 - sqrt(1 - tau))]    (tau < 1)
  B1(tau)   = 1 - tau f(tau)^2                       ALP, derivative lepton coupling
              (Bauer, Neubert, Thamm, JHEP 12 (2017) 044 [arXiv:1708.00443]);
              -> 1 for m_f << m, -> -m^2/(12 m_f^2) = -1/(3 tau) for m_f >> m
  F_1/2(tau) = -2 tau [1 + (1 - tau) f(tau)^2]         CP-even scalar (the SM h -> gamma gamma fermion
              loop; Djouadi, Phys. Rept. 457 (2008) 1, with A_1/2 = -F_1/2); -> -4/3 heavy, -> 0 light.
  F_1(tau)  = 2 + 3 tau + 3 tau (2 - tau) f(tau)^2     W-boson loop of a CP-even scalar with Higgs-like
              W coupling (Djouadi, ibid., eq. (2.18), with A_1 = -F_1 and tau_Djouadi = 1/tau);
              -> 7 for m_W >> m, -> 2 light. F_1 and F_1/2 enter with the same sign convention, so the
              W and top loops of h -> gamma gamma interfere destructively (|7 - 16/9|).
"""
from __future__ import annotations

import numpy as np


def _f(tau):
    tau = np.asarray(tau, dtype=float)
    out = np.empty(tau.shape, dtype=complex)
    heavy = tau >= 1.0
    out[heavy] = np.arcsin(1.0 / np.sqrt(tau[heavy]))
    t = tau[~heavy]
    r = np.sqrt(1.0 - t)
    # ln((1 + r)/(1 - r)) with 1 - r = t/(1 + r) to avoid cancellation for tau -> 0
    out[~heavy] = np.pi / 2 + 0.5j * np.log((1.0 + r) ** 2 / t)
    return out


def tau_of(m, m_f):
    """tau = 4 m_f^2 / m^2."""
    return 4.0 * np.square(m_f) / np.square(np.asarray(m, float))


def B1(tau):
    """ALP lepton-loop function B1(tau) = 1 - tau f(tau)^2 (complex)."""
    tau = np.asarray(tau, float)
    return 1.0 - tau * _f(tau) ** 2


def F_half(tau):
    """Scalar fermion-loop function F_1/2(tau) = -2 tau [1 + (1 - tau) f(tau)^2] (complex)."""
    tau = np.asarray(tau, float)
    return -2.0 * tau * (1.0 + (1.0 - tau) * _f(tau) ** 2)


def F_one(tau):
    """W-loop function F_1(tau) = 2 + 3 tau + 3 tau (2 - tau) f(tau)^2 (complex; -> 7 heavy, -> 2 light)."""
    tau = np.asarray(tau, float)
    return 2.0 + 3.0 * tau + 3.0 * tau * (2.0 - tau) * _f(tau) ** 2
