"""Loop functions for spin-0 particles coupled to photons through fermion loops (vectorised, complex).

tau = 4 m_f^2 / m^2 (m: the spin-0 mass, m_f: the loop fermion), docs/physics.md D3 and E1:
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


# tau f(tau)^2 - 1 = sum_{n>=2} c_n tau^(1-n) for tau > 1, from arcsin(x)^2 = sum_n (2x)^(2n) / (2 n^2 binom(2n, n)):
_SERIES = (1.0 / 3.0, 8.0 / 45.0, 4.0 / 35.0, 128.0 / 1575.0, 128.0 / 2079.0)
_TAU_SERIES = 1e3  # above it the series (truncation < 2e-16) replaces 1 - tau f^2, which loses ~tau x 1e-16


def _tau_f2_minus_1(tau):
    """S = tau f(tau)^2 - 1 (real, tau >= _TAU_SERIES) without cancellation: 1/(3 tau) + 8/(45 tau^2) + ..."""
    u = 1.0 / np.asarray(tau, float)
    acc = np.zeros_like(u)
    for c in reversed(_SERIES):
        acc = (acc + c) * u
    return acc


def B1(tau):
    """ALP lepton-loop function B1(tau) = 1 - tau f(tau)^2 (complex); -> -1/(3 tau) for a heavy loop
    fermion, evaluated by its series there (docs/physics.md D3)."""
    tau = np.asarray(tau, float)
    far = tau >= _TAU_SERIES
    out = 1.0 - tau * _f(np.where(far, 1.0, tau)) ** 2
    return np.where(far, -_tau_f2_minus_1(np.where(far, tau, _TAU_SERIES)), out)


def F_half(tau):
    """Scalar fermion-loop function F_1/2(tau) = -2 tau [1 + (1 - tau) f(tau)^2] (complex); for a heavy
    loop fermion -2 - 2 S + 2 tau S with S = tau f^2 - 1 (-> -4/3 - 14/(45 tau)) (docs/physics.md E1)."""
    tau = np.asarray(tau, float)
    far = tau >= _TAU_SERIES
    out = -2.0 * tau * (1.0 + (1.0 - tau) * _f(np.where(far, 1.0, tau)) ** 2)
    t = np.where(far, tau, _TAU_SERIES)
    S = _tau_f2_minus_1(t)
    return np.where(far, -2.0 - 2.0 * S + 2.0 * t * S, out)


def F_one(tau):
    """W-loop function F_1(tau) = 2 + 3 tau + 3 tau (2 - tau) f(tau)^2 (complex; -> 7 heavy, -> 2 light); for a
    heavy W, 8 + 6 S - 3 tau S with S = tau f^2 - 1 (-> 7 + 22/(15 tau)), free of the 3 tau cancellation."""
    tau = np.asarray(tau, float)
    far = tau >= _TAU_SERIES
    out = 2.0 + 3.0 * tau + 3.0 * tau * (2.0 - tau) * _f(np.where(far, 1.0, tau)) ** 2
    t = np.where(far, tau, _TAU_SERIES)
    S = _tau_f2_minus_1(t)
    return np.where(far, 8.0 + 6.0 * S - 3.0 * t * S, out)
