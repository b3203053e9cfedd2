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


def scalar_to_photons(M, yukawas: dict, alpha: float, colour_charge2: dict | None = None, kappa_w=0.0):
    """Gamma(S -> gamma gamma) from charged-fermion loops (and a W loop) of a CP-even scalar,
    L = -sum_f y_f S fbar f + kappa_w (2 m_W^2/v) S W+ W-:

    Gamma = alpha^2 M^3 / (256 pi^3) | sum_f (y_f / m_f) N_c Q_f^2 F_1/2(tau_f) + (kappa_w / v) F_1(tau_W) |^2,
    tau = 4 m^2/M^2 (docs/physics.md E1/E2; for y_f = m_f/v, kappa_w = 1 the SM h -> gamma gamma width,
    Djouadi, Phys. Rept. 457 (2008) 1, eqs. (2.15)-(2.18) with A = -F). ``yukawas`` maps the fermion
    mass [GeV] -> y_f (arrays broadcast); ``colour_charge2`` maps the same masses -> N_c Q_f^2 (default
    1: charged leptons); ``kappa_w`` scales the SM hWW coupling (0: no W loop).
    """
    from .constants import M_W, V_EW
    from .loops import F_half, F_one, tau_of

    M = np.asarray(M, float)
    nq2 = colour_charge2 or {}
    amp = sum(np.asarray(y, float) / m_f * nq2.get(m_f, 1.0) * F_half(tau_of(M, m_f)) for m_f, y in yukawas.items())
    if np.any(np.asarray(kappa_w) != 0.0):
        amp = amp + np.asarray(kappa_w, float) / V_EW * F_one(tau_of(M, M_W))
    return alpha**2 * M**3 / (256.0 * np.pi**3) * np.abs(amp) ** 2


def pseudoscalar_to_photons(M, g_agg):
    """Gamma(a -> gamma gamma) = |g_agg|^2 M^3 / (64 pi) for L = -(g_agg/4) a F Ftilde (docs/physics.md D1;
    g_agg may be complex when it includes lepton loops)."""
    return np.abs(g_agg) ** 2 * np.asarray(M, float) ** 3 / (64.0 * np.pi)


# ---------------------------------------------------------------- F -> f + boson (flavour-changing)
def _two_body_root(M, m, mx):
    """sqrt(lambda(M^2, m^2, mx^2)) / (16 pi M^3) = |p|/(8 pi M^2) [GeV^-1], 0 where M <= m + mx (closed);
    |p| in the product form of kinematics.two_body_momentum (no cancellation at threshold)."""
    from .kinematics import two_body_momentum

    M, m, mx = (np.asarray(v, dtype=float) for v in (M, m, mx))
    return two_body_momentum(M, m, mx) / (8.0 * np.pi * M**2)


def fermion_to_fermion_alp(M, m, ma, c_v, c_a):
    """Gamma(F -> f a) for the derivative coupling L = (d_mu a) fbar gamma^mu (c_v + c_a gamma5) F + h.c.
    (c_v, c_a in GeV^-1; for an LFV ALP c = C/(2f), docs/physics.md M1). M, m, ma: masses of F, f, a [GeV].

    On shell the vertex is fbar [c_v (M - m) - c_a (M + m) gamma5] F (equations of motion), so
      Gamma = sqrt(lambda(M^2, m^2, ma^2))/(16 pi M^3) [ |c_a|^2 (M+m)^2 ((M-m)^2 - ma^2)
                                                      + |c_v|^2 (M-m)^2 ((M+m)^2 - ma^2) ],
    -> (|c_v|^2 + |c_a|^2) M^3 (1 - ma^2/M^2)^2 / (16 pi) for m -> 0 (Calibbi, Redigolo, Ziegler, Zupan,
    JHEP 09 (2021) 173 [arXiv:2006.04795]; docs/physics.md M1, re-derived here and checked against explicit
    spinors in the tests). Vector and axial parts do not interfere. 0 where M <= m + ma.

    >>> g = fermion_to_fermion_alp(1.77693, 0.0, 0.0, 0.5e-6, 0.0)   # C^V = 1, f = 1e6 GeV
    >>> round(float(g) / 1e-14, 4)                                     # M^3/(64 pi f^2)
    2.7905
    """
    M, m, ma = (np.asarray(v, dtype=float) for v in (M, m, ma))
    # (M -+ m)^2 - ma^2 as products: no cancellation at threshold
    bracket = (np.abs(c_a) ** 2 * (M + m) ** 2 * np.clip((M - m - ma) * (M - m + ma), 0.0, None)
               + np.abs(c_v) ** 2 * (M - m) ** 2 * np.clip((M + m - ma) * (M + m + ma), 0.0, None))
    return _two_body_root(M, m, ma) * bracket


def fermion_to_fermion_vector(M, m, mv, g_v, g_a):
    """Gamma(F -> f V) for L = V_mu fbar gamma^mu (g_v + g_a gamma5) F + h.c., V massive (polarisation sum
    -g + k k/mv^2), couplings real (docs/physics.md M2, re-derived here):

      <|M|^2> = (g_v^2 + g_a^2) [(M^2 - m^2)^2 + mv^2 (M^2 + m^2) - 2 mv^4] / mv^2 - 6 m M (g_v^2 - g_a^2)
              = [g_v^2 ((M-m)^2 - mv^2)((M+m)^2 + 2 mv^2) + g_a^2 ((M+m)^2 - mv^2)((M-m)^2 + 2 mv^2)] / mv^2,
      Gamma = sqrt(lambda(M^2, m^2, mv^2))/(16 pi M^3) <|M|^2>
    (the factorised form is evaluated: the vector part vanishes at threshold without cancellation).

    The flavour-changing current is not conserved (its divergence is (M - m) fbar F for V, (M + m) fbar
    gamma5 F for A), so the longitudinal mode gives the 1/mv^2 growth; for mv -> 0 V behaves like an ALP
    with c_{v,a} = g_{v,a}/mv (Goldstone equivalence, tested against :func:`fermion_to_fermion_alp`).
    m -> 0: (g_v^2 + g_a^2) M^3/(16 pi mv^2) (1 - mv^2/M^2)^2 (1 + 2 mv^2/M^2) (cf. Heeck, PLB 758 (2016)
    101 [arXiv:1602.03810]). Needs mv > 0; 0 where M <= m + mv.

    >>> round(float(fermion_to_fermion_vector(1.77693, 0.51099895e-3, 0.1, 1e-9, 0.0)) / 2.26735e-12, 8)
    4.92e-06
    """
    M, m, mv = (np.asarray(v, dtype=float) for v in (M, m, mv))
    if np.any(mv <= 0):
        raise ValueError("fermion_to_fermion_vector: the vector mass must be > 0 (the width grows as 1/mv^2)")
    # factorised: <|M|^2> mv^2 = g_v^2 ((M-m)^2 - mv^2)((M+m)^2 + 2 mv^2) + g_a^2 ((M+m)^2 - mv^2)((M-m)^2 + 2 mv^2)
    # (the roots mv^2 = (M -+ m)^2 and -(M +- m)^2/2), so the vector part vanishes at threshold without cancellation
    msq = (np.square(g_v) * np.clip((M - m - mv) * (M - m + mv), 0.0, None) * ((M + m) ** 2 + 2.0 * mv**2)
           + np.square(g_a) * np.clip((M + m - mv) * (M + m + mv), 0.0, None) * ((M - m) ** 2 + 2.0 * mv**2)) / mv**2
    return _two_body_root(M, m, mv) * msq
