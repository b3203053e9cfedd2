"""Hadronic decays of a light CP-even scalar S coupled to quarks and gluons like the Higgs boson.

Two regimes, joined smoothly (module docstring of :mod:`pheno.models.darkscalar` for the model):

1. m_S below ~1.2 GeV: S -> pi pi, K Kbar from the two-meson matrix elements of the scalar's
   quark/gluon operator, computed here with a coupled-channel (pi pi, K Kbar) unitarised chiral
   calculation (the "chiral unitary approach").
2. m_S above ~2 GeV: perturbative QCD, S -> s sbar, c cbar, b bbar and S -> g g with QCD corrections.

Between TRANSITION = (1.2, 2.0) GeV the two are mixed with a smooth weight (:func:`transition_weight`):
channel widths of regime 1 are multiplied by 1 - w, those of regime 2 by w (w = 3x^2 - 2x^3,
x = (m - 1.2)/(2.0 - 1.2)), so the total width and its derivative are continuous. Neither picture
holds there (4 pi, eta eta, f0(1370), f0(1500) are absent from 1., alpha_s ~ 0.35 in 2.): the
window is the place of the largest uncertainty, a factor ~3 (docs/physics.md F2; Monin, Boyarsky,
Ruchayskiy, PRD 99 (2019) 015019 [arXiv:1806.07759] show how extra resonances above 1.4 GeV
change the width).

Operators
---------
Below ~2 GeV, with the heavy quarks c, b, t integrated out (their loops give the gluon coupling),
a scalar with couplings

    L = -(S/v) [ kappa_theta theta^mu_mu + kappa_ud m_hat (u ubar + d dbar) + kappa_s m_s s sbar ]

(theta^mu_mu: trace of the QCD energy-momentum tensor, theta = -(9 alpha_s/8 pi) G G + sum_light m_q q qbar
at three light flavours) is described by three form factors per meson pair. For the Higgs-mixed scalar
(L = -sin(theta) sum_q (m_q/v) S q qbar) the heavy-quark loops give -(sin(theta)/v) (-3 alpha_s/12 pi) S G G;
with the trace anomaly this is kappa_theta = 2/9 sin(theta), kappa_ud = kappa_s = 7/9 sin(theta)
(M. Voloshin, Sov. J. Nucl. Phys. 44 (1986) 478; J.F. Donoghue, J. Gasser, H. Leutwyler, NPB 343 (1990)
341 [DGL]; M.W. Winkler, PRD 99 (2019) 015018 [arXiv:1809.01876], eq. (6)): :func:`higgs_sources`.

Widths (pi^a pi^b and K+K-, K0 K0bar matrix elements delta^{ab} G_pi and G_K; docs/physics.md F2, Winkler eq. (8)):

    Gamma(S -> pi+ pi-) = beta_pi+  |G_pi|^2 / (16 pi v^2 m),   Gamma(S -> pi0 pi0) = beta_pi0 |G_pi|^2 / (32 pi v^2 m),
    Gamma(S -> K+ K-)   = beta_K+   |G_K|^2  / (16 pi v^2 m),   Gamma(S -> K0 K0bar) = beta_K0  |G_K|^2  / (16 pi v^2 m),

i.e. Gamma(pi pi) = 3 beta |G_pi|^2/(32 pi v^2 m) and Gamma(K K) = beta |G_K|^2/(8 pi v^2 m) in the isospin limit.
At leading order in chiral perturbation theory (DGL; Winkler eqs. (11)-(13))

    G_pi^(0) = kappa_theta (s + 2 m_pi^2) + kappa_ud m_pi^2,
    G_K^(0)  = kappa_theta (s + 2 m_K^2)  + kappa_ud m_pi^2/2 + kappa_s (m_K^2 - m_pi^2/2),

which for the Higgs-mixed scalar is (2/9)(s + 11 m_pi^2/2) and (2/9)(s + 11 m_K^2/2) (docs/physics.md F2, LO ChPT).

Final-state interactions: chiral unitary approach
-------------------------------------------------
The S-wave, isospin-0 pi pi and K Kbar channels rescatter strongly (f0(500), f0(980)); the LO result
is a factor 2.5-20 too small (docs/physics.md F2). Here the rescattering is resummed as in J.A. Oller and
E. Oset, NPA 620 (1997) 438 [hep-ph/9702314] (T-matrix) and U.-G. Meissner, J.A. Oller, NPA 679 (2001)
671 [hep-ph/0005253] (scalar form factors): with the channel vector F = (sqrt(3/2) G_pi, sqrt(2) G_K)
(unitary normalisation of the I = 0 states; the pi pi state of identical particles carries 1/sqrt2),

    F(s) = [1 - K(s) J(s)]^(-1) F^(0)(s),      T(s) = [1 - K(s) J(s)]^(-1) K(s),

with the LO chiral S-wave kernel (f = f_pi)

    K_11 = (2 s - m_pi^2)/(2 f^2),   K_12 = sqrt(3) s/(4 f^2),   K_22 = 3 s/(4 f^2)

(signs and normalisation fixed by the one-loop scalar form factors of J. Gasser, H. Leutwyler, NPB 250
(1985) 465: the K Kbar loop enters the pion form factor as s/(4 f^2) Jbar_KK and the pi pi loop as
(2s - m_pi^2)/(2 f^2) Jbar_pipi; K_11 reproduces Weinberg's scattering length a_0^0 = 7 m_pi^2/(32 pi f^2))
and the two-meson loop J_i(s) regularised with a three-momentum cutoff q_max (Oller-Oset),

    J_i(s) = -(1/16 pi^2) [ sigma ln((sigma a + 1)/(sigma a - 1)) - 2 ln((q_max/m)(1 + a)) ],
    sigma = (1 - 4 m^2/s)^(1/2),  a = (1 + m^2/q_max^2)^(1/2),  s -> s + i0,   Im J_i = sigma/(16 pi).

F then satisfies unitarity, Im F_i = sum_j T_ij^* rho_j F_j with rho = sigma/(16 pi) (Watson's theorem:
below the K Kbar threshold the phase of G_pi is the pi pi phase shift), and T gives the pi pi S-wave
S_11 = 1 + 2 i rho_1 T_11 = eta exp(2 i delta). Inputs: f = f_pi = 92.07 MeV (PDG 2024), isospin-averaged
masses m_pi = 138.04 MeV, m_K = 495.64 MeV (PDG 2024), q_max = 1.03 GeV (Oller-Oset's fit to the pi pi
phase shifts and inelasticity, 0.5-1.2 GeV). The eta eta channel of Oller-Oset (a small effect) is not
included. The poles of this T-matrix (sheet II, tests) are the f0(980) at sqrt(s) = 983 - 20i MeV, 13 MeV
below the Roy-equation pole 996 - 25i MeV (R. Garcia-Martin et al., PRL 107 (2011) 072001), and the
sigma/f0(500) at 465 - 183i MeV (Roy equations: 441 - 272i MeV, I. Caprini, G. Colangelo, H. Leutwyler,
PRL 96 (2006) 132001).

Accuracy: against Winkler's dispersive result (digitised tables, tests/test_darkscalar.py) the pi pi width
is 0.62-1.8 x Winkler at 0.30-0.97 GeV and the K Kbar width 0.59-1.43 x at 1.0-1.2 GeV; in the f0(980)
region the pi pi width is lower, 0.12-1.05 x at 0.97-1.2 GeV (the total pi pi + K Kbar 0.23-1.05 x; its
integral over 0.9-1.1 GeV 0.60 x): this f0(980) sits 13 MeV lower, and the pi pi strength above the K Kbar
threshold falls faster than with the measured phases. Theory uncertainty of these widths: a factor ~2
at 0.3-0.97 GeV and ~4 at 0.97-1.2 GeV (use the model's ``hadronic_scale`` for bands).

Perturbative regime (above 2 GeV)
---------------------------------
    Gamma(S -> q qbar) = 3 sin^2(theta) m_q(m_S)^2 m_S beta^3 / (8 pi v^2) [1 + 5.67 a + (35.94 - 1.36 n_f) a^2
                          + (164.14 - 25.77 n_f + 0.259 n_f^2) a^3],   a = alpha_s(m_S)/pi,
    Gamma(S -> g g)    = sin^2(theta) alpha_s(m_S)^2 m_S^3 / (72 pi^3 v^2) |sum_{Q=c,b,t} (3/4) F_1/2(tau_Q)|^2 [1 + (95/4 - 7 n_f/6) a]

(A. Djouadi, Phys. Rept. 457 (2008) 1, eqs. (2.9)-(2.12) and (2.24)-(2.29); M. Spira et al., NPB 453
(1995) 17; K.G. Chetyrkin, PLB 390 (1997) 309): running MS-bar masses m_q(m_S) (:func:`pheno.hadrons.running_mass`
from m_s(2 GeV) = 93.5 MeV, m_c(m_c) = 1.273 GeV, m_b(m_b) = 4.183 GeV), the velocity factor beta^3
with the lightest open-flavour meson pair (K Kbar, D0 Dbar0, B+ B-: the physical thresholds, as for
R(s) in :mod:`pheno.hadrons`), pole masses in the gluon loop, n_f = active flavours of alpha_s(m_S).
At 2 GeV the QCD factors are 1.96 (q qbar) and 2.9 (g g): perturbation theory is marginal there.
"""
from __future__ import annotations

import math

import numpy as np

from . import constants as C
from .validation import checked_array

__all__ = [
    "TRANSITION",
    "Q_MAX",
    "higgs_sources",
    "meson_form_factors",
    "meson_pair_widths",
    "pipi_s_wave",
    "loop_function",
    "quark_pair_width",
    "gluon_pair_width",
    "transition_weight",
]

TRANSITION = (1.2, 2.0)  # GeV: chiral-unitary widths fade out, perturbative widths fade in
Q_MAX = 1.03  # GeV, three-momentum cutoff of the meson loops (Oller, Oset, NPA 620 (1997) 438)


def _meson_masses():
    """(m_pi+, m_pi0, m_K+, m_K0) PDG 2024 (pheno.hadrons) and the isospin averages used in the T-matrix."""
    from .vmd import M_K, M_K0, M_PI, M_PI0

    return M_PI, M_PI0, M_K, M_K0, (2.0 * M_PI + M_PI0) / 3.0, 0.5 * (M_K + M_K0)


def higgs_sources(sin_theta=1.0):
    """(kappa_theta, kappa_ud, kappa_s) = (2/9, 7/9, 7/9) sin(theta): a scalar with Higgs-like quark
    couplings and c, b, t integrated out (module docstring)."""
    s = np.asarray(sin_theta, float)
    return 2.0 / 9.0 * s, 7.0 / 9.0 * s, 7.0 / 9.0 * s


def loop_function(s, m, q_max=Q_MAX):
    """Two-meson loop J(s) of equal masses m with a three-momentum cutoff (Oller-Oset), Im J = sigma/(16 pi)
    above threshold; complex, vectorised in s [GeV^2] (s -> s + i0)."""
    s = np.asarray(s, float) + 1e-14j
    sigma = np.sqrt(1.0 - 4.0 * m * m / s)
    a = math.sqrt(1.0 + (m / q_max) ** 2)
    return -(sigma * np.log((sigma * a + 1.0) / (sigma * a - 1.0)) - 2.0 * math.log(q_max / m * (1.0 + a))) / (16.0 * np.pi**2)


def _kernel(s, f):
    """LO chiral I = 0 S-wave kernel (K_11, K_12, K_22) for (pi pi, K Kbar) in unitary normalisation."""
    _, _, _, _, mpi, _ = _meson_masses()
    return (2.0 * s - mpi**2) / (2.0 * f * f), math.sqrt(3.0) * s / (4.0 * f * f), 3.0 * s / (4.0 * f * f)


def _resolvent(sqrt_s, q_max, f):
    """(s, K, J, D^-1 as (d11, d12, d21, d22)) with D = 1 - K J."""
    _, _, _, _, mpi, mk = _meson_masses()
    s = np.square(np.asarray(sqrt_s, float))
    k11, k12, k22 = _kernel(s, f)
    j1, j2 = loop_function(s, mpi, q_max), loop_function(s, mk, q_max)
    d11, d12, d21, d22 = 1.0 - k11 * j1, -k12 * j2, -k12 * j1, 1.0 - k22 * j2
    det = d11 * d22 - d12 * d21
    return s, (k11, k12, k22), (j1, j2), (d22 / det, -d12 / det, -d21 / det, d11 / det)


def meson_form_factors(sqrt_s, kappa_theta, kappa_ud, kappa_s, q_max=Q_MAX, f=C.F_PI, unitarise=True):
    """(G_pi, G_K) [GeV^2], complex: <pi^a pi^b|O|0> = delta^{ab} G_pi, <K+ K-|O|0> = G_K for the operator
    O = kappa_theta theta^mu_mu + kappa_ud m_hat(u ubar + d dbar) + kappa_s m_s s sbar (module docstring),
    at invariant mass sqrt_s [GeV]. ``unitarise=False`` returns the LO chiral values.

    >>> gp, gk = meson_form_factors(0.0, *higgs_sources(1.0), unitarise=False)
    >>> round(float(gp.real) / 0.13804**2, 4)   # (2/9)(11/2) m_pi^2 at s = 0
    1.2222
    """
    _, _, _, _, mpi, mk = _meson_masses()
    x = checked_array("sqrt_s", sqrt_s, lo=0.0, what="an invariant mass >= 0 [GeV]")
    s = x * x
    kt, ku, ks = (np.asarray(k, float) for k in (kappa_theta, kappa_ud, kappa_s))
    g_pi = kt * (s + 2.0 * mpi**2) + ku * mpi**2
    g_k = kt * (s + 2.0 * mk**2) + ku * mpi**2 / 2.0 + ks * (mk**2 - mpi**2 / 2.0)
    if not unitarise:
        return g_pi + 0j, g_k + 0j
    f1, f2 = math.sqrt(1.5) * g_pi, math.sqrt(2.0) * g_k
    _, _, _, (i11, i12, i21, i22) = _resolvent(x, q_max, f)
    return (i11 * f1 + i12 * f2) / math.sqrt(1.5), (i21 * f1 + i22 * f2) / math.sqrt(2.0)


def _beta(m, m_meson):
    return np.sqrt(np.clip(1.0 - 4.0 * m_meson**2 / np.square(m), 0.0, None))


def meson_pair_widths(m, kappa_theta, kappa_ud, kappa_s, q_max=Q_MAX, f=C.F_PI) -> dict[str, np.ndarray]:
    """{"pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~"} widths [GeV] of a scalar of mass m [GeV] with the operator
    couplings of :func:`meson_form_factors` (chiral unitary approach; physical thresholds; 0 when closed).

    >>> w = meson_pair_widths(0.5, *higgs_sources(1.0))
    >>> round(float(w["pi+ pi-"] / w["pi0 pi0"]), 3)   # isospin 0: 2 x (beta_+/beta_0)
    1.971
    """
    mpc, mp0, mkc, mk0, _, _ = _meson_masses()
    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    g_pi, g_k = meson_form_factors(m, kappa_theta, kappa_ud, kappa_s, q_max, f)
    norm = 16.0 * np.pi * C.V_EW**2 * m
    a_pi, a_k = np.abs(g_pi) ** 2 / norm, np.abs(g_k) ** 2 / norm
    return {"pi+ pi-": _beta(m, mpc) * a_pi, "pi0 pi0": 0.5 * _beta(m, mp0) * a_pi,
            "K+ K-": _beta(m, mkc) * a_k, "K0 K0~": _beta(m, mk0) * a_k}


def pipi_s_wave(sqrt_s, q_max=Q_MAX, f=C.F_PI):
    """(delta [deg, in [0, 360)], eta) of the I = 0 pi pi S wave of the same T-matrix, sqrt_s above 2 m_pi:
    S_11 = 1 + 2 i rho T_11 = eta exp(2 i delta). The phase is continued from 0 at threshold."""
    _, _, _, _, mpi, _ = _meson_masses()
    x = checked_array("sqrt_s", sqrt_s, lo=2.0 * mpi, lo_strict=True, what="above the pi pi threshold [GeV]")
    s, (k11, k12, k22), _, (i11, i12, _, _) = _resolvent(x, q_max, f)
    t11 = i11 * k11 + i12 * k12
    rho = np.sqrt(1.0 - 4.0 * mpi**2 / s) / (16.0 * np.pi)
    s11 = 1.0 + 2j * rho * t11
    two_delta = np.angle(s11)
    order = np.argsort(x.ravel())
    unwrapped = np.empty(x.size)
    unwrapped[order] = np.unwrap(np.concatenate([[0.0], two_delta.ravel()[order]]))[1:]
    return np.degrees(unwrapped.reshape(x.shape)) / 2.0 % 360.0, np.abs(s11)


def transition_weight(m):
    """Weight w(m) of the perturbative widths: 0 below TRANSITION[0], 1 above TRANSITION[1], smoothstep between."""
    lo, hi = TRANSITION
    x = np.clip((np.asarray(m, float) - lo) / (hi - lo), 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _quark_inputs(quark):
    from .hadrons import M_B_MESON, M_B_MSBAR, M_C_MSBAR, M_D0
    from .vmd import M_K

    table = {"s": (C.M_S_2GEV, 2.0, M_K), "c": (M_C_MSBAR, M_C_MSBAR, M_D0), "b": (M_B_MSBAR, M_B_MSBAR, M_B_MESON)}
    if quark not in table:
        raise ValueError(f"quark must be one of {sorted(table)}, got {quark!r}")
    return table[quark]


def quark_pair_width(m, quark: str, sin_theta=1.0):
    """Gamma(S -> q qbar) [GeV] for q = "s", "c", "b" with QCD corrections to O(alpha_s^3) (module docstring);
    0 below the open-flavour meson-pair threshold."""
    from .hadrons import _nf_of, alpha_s, running_mass

    m_ref, mu_ref, m_meson = _quark_inputs(quark)
    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    a = np.asarray(alpha_s(m), float) / np.pi
    nf = _nf_of(np.maximum(m, 1.0)).astype(float)
    qcd = 1.0 + 5.67 * a + (35.94 - 1.36 * nf) * a**2 + (164.14 - 25.77 * nf + 0.259 * nf**2) * a**3
    mq = running_mass(m_ref, mu_ref, m)
    return (3.0 * np.square(sin_theta) * mq**2 * m * _beta(m, m_meson) ** 3 / (8.0 * np.pi * C.V_EW**2) * qcd)


def gluon_pair_width(m, sin_theta=1.0):
    """Gamma(S -> g g) [GeV] through c, b, t loops (pole masses) with the NLO factor 1 + (95/4 - 7 n_f/6) alpha_s/pi."""
    from .hadrons import _nf_of, alpha_s
    from .loops import F_half, tau_of

    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    a_s = np.asarray(alpha_s(m), float)
    nf = _nf_of(np.maximum(m, 1.0)).astype(float)
    amp = sum(0.75 * F_half(tau_of(m, mq)) for mq in (C.M_C_POLE, C.M_B_POLE, C.M_TOP_POLE))
    k_nlo = 1.0 + (95.0 / 4.0 - 7.0 * nf / 6.0) * a_s / np.pi
    return np.square(sin_theta) * a_s**2 * m**3 / (72.0 * np.pi**3 * C.V_EW**2) * np.abs(amp) ** 2 * k_nlo
