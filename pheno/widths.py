"""Two-body decay widths shared by all models (GeV; 0 below threshold, never NaN).

Conventions: docs/physics.md section 0; x = m_f^2/M^2, beta = sqrt(1 - 4x).
Every function broadcasts over numpy arrays.
"""
from __future__ import annotations

import numpy as np


def _beta2(M, m_f):
    """1 - 4 m_f^2/M^2 clipped at 0 (closed channel), and x = m_f^2/M^2."""
    M = np.asarray(M, dtype=float)
    x = (np.asarray(m_f, dtype=float) / M) ** 2
    return np.clip(1.0 - 4.0 * x, 0.0, None), x


def vector_to_fermions(M, m_f, g_v, g_a=0.0, n_c=1.0):
    """Gamma(V -> f fbar) for L = V_mu fbar gamma^mu (g_v + g_a gamma5) f.

    Gamma = n_c M / (12 pi) beta [ g_v^2 (1 + 2x) + g_a^2 (1 - 4x) ]
    (for g_a = 0: Bjorken, Essig, Schuster, Toro, PRD 80 (2009) 075018, and docs/physics.md A1/C2; the axial
    term is the standard beta^3 P-wave result). Examples: a dark photon to l+l- has g_v = eps e
    (docs/physics.md A1); a Z' of L_mu-L_tau to l+l- has g_v = g' (C2); to a left-handed neutrino
    g_v = g_a = g'/2 gives g'^2 M / (24 pi) (C2).
    """
    b2, x = _beta2(M, m_f)
    beta = np.sqrt(b2)
    return n_c * np.asarray(M, float) / (12.0 * np.pi) * beta * (
        np.square(g_v) * (1.0 + 2.0 * x) + np.square(g_a) * b2
    )


def vector_to_scalars(M, m_s, g):
    """Gamma(V -> phi phi*) for a complex scalar of unit charge, coupling g (current i(phi* d phi - c.c.)).

    Gamma = g^2 M / (48 pi) beta^3 (docs/physics.md A3: alpha_D M/12 (1 - 4x)^(3/2) with g^2 = 4 pi alpha_D).
    """
    b2, _ = _beta2(M, m_s)
    return np.square(g) * np.asarray(M, float) / (48.0 * np.pi) * b2**1.5


def scalar_to_fermions(M, m_f, y, n_c=1.0):
    """Gamma(S -> f fbar) for L = -y S fbar f:  n_c y^2 M beta^3 / (8 pi) (docs/physics.md E1/E2)."""
    b2, _ = _beta2(M, m_f)
    return n_c * np.square(y) * np.asarray(M, float) / (8.0 * np.pi) * b2**1.5


def pseudoscalar_to_fermions(M, m_f, y, n_c=1.0):
    """Gamma(a -> f fbar) for L = -i y a fbar gamma5 f:  n_c y^2 M beta / (8 pi) (docs/physics.md D2)."""
    b2, _ = _beta2(M, m_f)
    return n_c * np.square(y) * np.asarray(M, float) / (8.0 * np.pi) * np.sqrt(b2)


def scalar_to_photons(M, yukawas: dict, alpha: float):
    """Gamma(S -> gamma gamma) from charged-lepton loops of a CP-even scalar, L = -sum_l y_l S lbar l:

    Gamma = alpha^2 M^3 / (256 pi^3) | sum_l (y_l / m_l) F_1/2(tau_l) |^2,  tau_l = 4 m_l^2/M^2
    (docs/physics.md E1/E2; the SM h -> gamma gamma fermion loop with Q^2 N_c = 1, Djouadi, Phys. Rept.
    457 (2008) 1, section on h -> gamma gamma). ``yukawas`` maps lepton mass [GeV] -> y_l (arrays broadcast).
    """
    from .loops import F_half, tau_of

    M = np.asarray(M, float)
    amp = sum(np.asarray(y, float) / m_l * F_half(tau_of(M, m_l)) for m_l, y in yukawas.items())
    return alpha**2 * M**3 / (256.0 * np.pi**3) * np.abs(amp) ** 2


def pseudoscalar_to_photons(M, g_agg):
    """Gamma(a -> gamma gamma) = |g_agg|^2 M^3 / (64 pi) for L = -(g_agg/4) a F Ftilde (docs/physics.md D1;
    g_agg may be complex when it includes lepton loops)."""
    return np.abs(g_agg) ** 2 * np.asarray(M, float) ** 3 / (64.0 * np.pi)
