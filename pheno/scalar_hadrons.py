"""Hadronic decays of a light CP-even scalar S coupled to quarks and gluons like the Higgs boson.

Two regimes, joined smoothly (module docstring of :mod:`pheno.models.darkscalar` for the model):

1. m_S below ~1.2 GeV: S -> pi pi, K Kbar from the two-meson matrix elements of the scalar's
   quark/gluon operator, computed with the coupled-channel (pi pi, K Kbar) dispersive method
   (Muskhelishvili-Omnes; default) or with the chiral unitary approach (alternative, for a theory band).
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

Final-state interactions
------------------------
The S-wave, isospin-0 pi pi and K Kbar channels rescatter strongly (f0(500), f0(980)); the LO result is a
factor 2.5-20 too small (docs/physics.md F2). Two treatments, ``method=`` of :func:`meson_form_factors`:

1. "dispersive" (default): the two-channel Muskhelishvili-Omnes solution (DGL; B. Moussallam, EPJC 14 (2000)
   111 [hep-ph/9909292]; Winkler sec. III; S. Ropertz, C. Hanhart, B. Kubis, EPJC 78 (2018) 1000
   [arXiv:1809.06867]). With F = (G_pi, (2/sqrt3) G_K),

       F(s) = Omega(s) P(s),   Im Omega = T^* Sigma Omega,   Omega(0) = 1,   Omega ~ 1/s

   (:func:`omnes_matrix`, solved by :mod:`pheno.omnes`) and P fixed by LO ChPT at s = 0 (DGL; Winkler eqs.
   (11)-(13)): P = kappa_theta [theta(0) + s (theta'(0) - Omega'(0) theta(0))] + kappa_ud Gamma(0) + kappa_s Delta(0),
   theta(0) = (2 m_pi^2, (2/sqrt3) 2 m_K^2), theta'(0) = (1, 2/sqrt3), Gamma(0) = (m_pi^2, (2/sqrt3) m_pi^2/2),
   Delta(0) = (0, (2/sqrt3)(m_K^2 - m_pi^2/2)): the scalar densities keep their s = 0 values and fall like
   1/s; theta^mu_mu also keeps its LO slope. The T-matrix (S_ij = delta_ij + 2i sqrt(sigma_i sigma_j) T_ij;
   S_11 = eta e^{2i delta}, S_22 = eta e^{2i delta_K}, S_12 = i sqrt(1 - eta^2) e^{i(delta + delta_K)}):

   - delta = delta_0^0 of R. Garcia-Martin, R. Kaminski, J.R. Pelaez, J. Ruiz de Elvira, F.J. Yndurain, PRD
     83 (2011) 074004 [arXiv:1102.2183] (GKPY; Roy-like equations up to 1.1 GeV, data fit to 1.42 GeV), its
     "CFD" parametrisation (:func:`gkpy_phase`): below 0.85 GeV
     cot delta = sqrt(s)/(2k) m_pi^2/(s - m_pi^2/2) [m_pi/sqrt(s) + B0 + B1 w + B2 w^2 + B3 w^3],
     w = (sqrt(s) - sqrt(4 m_K^2 - s))/(sqrt(s) + sqrt(4 m_K^2 - s)), B = (7.14, -25.3, -33.2, -26.2); from
     0.85 GeV to 2 m_K a polynomial in |k_K| matched in value and slope, d0 (1 - |k_K|/k_M)^2 + delta_M
     |k_K|/k_M (2 - |k_K|/k_M) + |k_K| (k_M - |k_K|) (8 delta'_M + c (k_M - |k_K|)/m_K^3), d0 = 226.5 deg,
     c = -81 deg; above 2 m_K d0 + B k_K^2/m_K^2 + C k_K^4/m_K^4 + D theta(s - 4 m_eta^2) k_eta^2/m_eta^2,
     B = 93.3, C = 48.7, D = -88.3 deg; masses m_pi = 139.57, m_K = 496, m_eta = 547.51 MeV (the paper's).
     The numbers were read in two public implementations that agree, github.com/mmikhasenko/GKPY-2011
     (src/s-wave.jl) and github.com/dwinney/GKPY-pipi (src/pipi.cpp); delta(0.5 GeV) = 39.8668 deg is the
     former's documented value (test).
   - the K Kbar channel, which GKPY does not give (its "K Kbar -> pi pi input"): eta and delta_K above the
     K Kbar threshold and the pseudo-physical pi pi -> K Kbar modulus |T_12| below it (there its phase is
     delta, Watson's theorem) from the chiral unitary amplitude of method 2, evaluated at the GKPY masses.
     S is then unitary and T_12 continuous at the threshold. Variant ``inelasticity="gkpy"``: the GKPY
     inelasticity eta = exp[-(k_K/sqrt s)(e1 + e2 k_K/sqrt s + e3 k_K^2/s)^2 - e4 theta(s - 4 m_eta^2)
     k_eta/sqrt s], e = (4.9, -15.1, 4.7, 0.32) (same sources; :func:`gkpy_inelasticity`); with it |T_12|
     jumps at the threshold from 1.7 (chiral unitary, below) to 2.5.
   - above MATCH = 1.4 GeV delta and psi = delta + delta_K are guided to 2 pi and sqrt(1 - eta^2) to 0,
     x(s) = x_inf + (x(s_m) - x_inf) q/(q - 1 + (s/s_m)^(3/2)) with q matching the slope at s_m (:func:`_guide`):
     the eigenphases add up to 2 pi, Omega ~ 1/s (DGL, Moussallam).

   Checks (tests/test_scalar_hadrons.py, tests/test_omnes.py): the solver against the single-channel
   Omnes closed form and against exact coupled-channel solutions (< 1e-7); F(0) = the LO values; Watson's
   theorem below the K Kbar threshold (phase of G_pi = delta); two-channel unitarity Im F = T^* Sigma F
   above it; discretisation: |G|^2 changes by < 2e-4 (median 1e-7) when the panels are doubled, 3e-3
   within 1.5 MeV of the K Kbar threshold (its square-root cusp).

2. "chiral_unitary": the rescattering resummed as in J.A. Oller and E. Oset, NPA 620 (1997) 438
   [hep-ph/9702314] (T-matrix) and U.-G. Meissner, J.A. Oller, NPA 679 (2001) 671 [hep-ph/0005253]
   (scalar form factors): with the channel vector F = (sqrt(3/2) G_pi, sqrt(2) G_K) (unitary normalisation
   of the I = 0 states; the pi pi state of identical particles carries 1/sqrt2),

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
   PRL 96 (2006) 132001). Its form factors are not normalised to the chiral values at s = 0 (G_pi(0) is
   D^{-1}(0) F^(0)(0)).

Accuracy (tests/test_darkscalar.py; docs/physics.md F2 has the per-region table). Against
Winkler's dispersive result (digitised tables; their noise ~2 % on smooth stretches, 20-60 % at the pi pi
threshold and around the f0(980) peak) the dispersive pi pi width is 0.88-1.06 x Winkler at 0.30-0.985 GeV
(the chiral unitary one 0.62-1.81 x); the K Kbar width 0.82-1.72 x at 1.00-1.02 GeV and 0.85-0.95 x at
1.02-1.2 GeV. Above the K Kbar threshold the pi pi width falls: 0.14-0.24 x Winkler at 1.00-1.02 GeV,
0.25-0.58 x at 1.02-1.2 GeV, where Winkler's curve peaks at 0.996-1.006 GeV (pi pi + K K: 0.27-1.02 x at
0.97-1.2 GeV). That fall is robust here: it is there for both inelasticities, every MATCH in 1.3-1.5 GeV,
the chiral unitary T-matrix, and a +-20 % change of the pseudo-physical |T_12|, the most influential input
(it moves the width at 0.9-0.98 GeV by -+25-40 %); another dispersive calculation with other inputs shows it
too (the DGL-method result file of the public code hipsofcobra of Blackstone, Tarrus Castella, Passemar,
Zupan, arXiv:2407.13587, github.com/blackstonep/hipsofcobra: its pi pi width drops by a factor ~3 from
0.98 to 1.00 GeV). Hence c*tau(1.000 GeV, sin = 1e-3) = 0.84 mm here (GKPY inelasticity 1.03, MATCH
1.3-1.5 GeV 0.82-0.85, |T_12| +-20 % 0.55-1.20, chiral unitary 0.99 mm) against 0.29 mm from Winkler's
tables. Theory uncertainty of these widths: ~20 % at 0.3-0.9 GeV, a factor ~2 at 0.9-0.985 GeV, a factor
~4 for pi pi + K K at 0.985-1.05 GeV (f0(980) and K Kbar threshold; the pi pi share alone up to ~7), a
factor ~2 for pi pi + K K at 1.05-1.2 GeV (the pi pi share ~3.5) (use the model's ``hadronic_scale`` and
``hadronic_model`` for bands).

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
from functools import lru_cache

import numpy as np

from . import constants as C
from .validation import checked_array

__all__ = [
    "TRANSITION",
    "Q_MAX",
    "MATCH",
    "METHODS",
    "gkpy_phase",
    "gkpy_inelasticity",
    "omnes_matrix",
    "higgs_sources",
    "meson_form_factors",
    "meson_pair_widths",
    "pipi_s_wave",
    "loop_function",
    "quark_pair_width",
    "gluon_pair_width",
    "transition_weight",
]

TRANSITION = (1.2, 2.0)  # GeV: meson-pair widths fade out, perturbative widths fade in
Q_MAX = 1.03  # GeV, three-momentum cutoff of the meson loops (Oller, Oset, NPA 620 (1997) 438)
MATCH = 1.4  # GeV: above, the dispersive T-matrix phases are guided to 2 pi, the inelasticity to 1
METHODS = ("dispersive", "chiral_unitary")  # final-state interactions of the meson pairs (module docstring)
# GKPY "CFD" S0-wave parametrisation, PRD 83 (2011) 074004 (module docstring): its masses (m_pi+, m_K, m_eta)
# [GeV], the matching point s_M = (0.85 GeV)^2, and the parameters (phase parameters in degrees)
GKPY_MASSES = (0.13957, 0.496, 0.54751)
GKPY_S_M = 0.85**2
GKPY_CFD = {"B": (7.14, -25.3, -33.2, -26.2), "d0": 226.5, "c": -81.0, "B_h": 93.3, "C_h": 48.7, "D_h": -88.3,
            "eps": (4.9, -15.1, 4.7, 0.32)}


def _meson_masses():
    """(m_pi+, m_pi0, m_K+, m_K0) PDG 2024 (pheno.vmd) and the isospin averages used in the chiral unitary
    T-matrix and in the LO sources."""
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


def _kernel(s, f, m_pi=None):
    """LO chiral I = 0 S-wave kernel (K_11, K_12, K_22) for (pi pi, K Kbar) in unitary normalisation."""
    mpi = _meson_masses()[4] if m_pi is None else m_pi
    return (2.0 * s - mpi**2) / (2.0 * f * f), math.sqrt(3.0) * s / (4.0 * f * f), 3.0 * s / (4.0 * f * f)


def _resolvent(sqrt_s, q_max, f, masses=None):
    """(s, K, J, D^-1 as (d11, d12, d21, d22)) with D = 1 - K J; ``masses`` = (m_pi, m_K), default the
    isospin averages."""
    mpi, mk = _meson_masses()[4:] if masses is None else masses
    s = np.square(np.asarray(sqrt_s, float))
    k11, k12, k22 = _kernel(s, f, mpi)
    j1, j2 = loop_function(s, mpi, q_max), loop_function(s, mk, q_max)
    d11, d12, d21, d22 = 1.0 - k11 * j1, -k12 * j2, -k12 * j1, 1.0 - k22 * j2
    det = d11 * d22 - d12 * d21
    return s, (k11, k12, k22), (j1, j2), (d22 / det, -d12 / det, -d21 / det, d11 / det)


def _chiral_t_matrix(s, masses, q_max=Q_MAX, f=C.F_PI):
    """Chiral unitary T-matrix (T_11, T_12, T_22) in the normalisation S = 1 + 2 i sqrt(sigma) T sqrt(sigma)
    (the resolvent's T divided by 16 pi), s [GeV^2] real (s + i0), ``masses`` = (m_pi, m_K)."""
    _, (k11, k12, k22), _, (i11, i12, i21, i22) = _resolvent(np.sqrt(s), q_max, f, masses)
    n = 16.0 * np.pi
    return (i11 * k11 + i12 * k12) / n, (i11 * k12 + i12 * k22) / n, (i21 * k12 + i22 * k22) / n


# ---------------------------------------------------------------------------------------------- dispersive
def gkpy_phase(s):
    """I = 0 S-wave pi pi phase shift delta_0^0 [rad] of R. Garcia-Martin, R. Kaminski, J.R. Pelaez,
    J. Ruiz de Elvira, F.J. Yndurain, PRD 83 (2011) 074004 [arXiv:1102.2183], "CFD" parametrisation
    (module docstring), s [GeV^2]; 0 below 4 m_pi^2; valid to 1.42 GeV (continued with the same formula
    above: :func:`_dispersive_x` guides it to 2 pi from MATCH on).

    >>> round(math.degrees(float(gkpy_phase(0.25))), 6)   # 0.5 GeV
    39.866802
    """
    s = np.asarray(s, float)
    mpi, mk, meta = GKPY_MASSES
    s_m, s_k = GKPY_S_M, 4.0 * mk * mk
    b0, b1, b2, b3 = GKPY_CFD["B"]

    def low(x):   # conformal expansion, Adler zero at z0^2/2 = m_pi^2/2
        k = np.sqrt(x / 4.0 - mpi**2)
        w = (np.sqrt(x) - np.sqrt(s_k - x)) / (np.sqrt(x) + np.sqrt(s_k - x))
        cot = np.sqrt(x) / (2.0 * k) * mpi**2 / (x - mpi**2 / 2.0) * (mpi / np.sqrt(x) + b0 + b1 * w + b2 * w * w + b3 * w**3)
        return np.arctan2(1.0, cot)

    out = np.zeros(s.shape)
    r1 = (s > 4.0 * mpi**2) & (s <= s_m)
    out[r1] = low(s[r1])
    r2 = (s > s_m) & (s <= s_k)   # polynomial in |k_K| matched to low() in value and slope at s_M
    eps = 1e-7
    d_m, dd_m = low(s_m), (low(s_m + eps) - low(s_m - eps)) / (2.0 * eps)
    k_m, k = math.sqrt(mk**2 - s_m / 4.0), np.sqrt(mk**2 - s[r2] / 4.0)
    d0, c = np.radians(GKPY_CFD["d0"]), np.radians(GKPY_CFD["c"])
    out[r2] = (d0 * (1.0 - k / k_m) ** 2 + d_m * k / k_m * (2.0 - k / k_m)
               + k * (k_m - k) * (8.0 * dd_m + c * (k_m - k) / mk**3))
    r3 = s > s_k
    k2 = s[r3] / 4.0 - mk**2
    k3 = np.clip(s[r3] / 4.0 - meta**2, 0.0, None)
    out[r3] = d0 + np.radians(GKPY_CFD["B_h"] * k2 / mk**2 + GKPY_CFD["C_h"] * (k2 / mk**2) ** 2 + GKPY_CFD["D_h"] * k3 / meta**2)
    return out


def gkpy_inelasticity(s):
    """Inelasticity eta_0^0 of the same analysis (CFD), 1 below 4 m_K^2:
    eta = exp[-(k_K/sqrt s)(e1 + e2 k_K/sqrt s + e3 k_K^2/s)^2 - e4 theta(s - 4 m_eta^2) k_eta/sqrt s]."""
    s = np.asarray(s, float)
    _, mk, meta = GKPY_MASSES
    e1, e2, e3, e4 = GKPY_CFD["eps"]
    out = np.ones(s.shape)
    r = s > 4.0 * mk * mk
    rs = np.sqrt(s[r])
    k2, k3 = np.sqrt(s[r] / 4.0 - mk**2), np.sqrt(np.clip(s[r] / 4.0 - meta**2, 0.0, None))
    out[r] = np.exp(-k2 / rs * (e1 + e2 * k2 / rs + e3 * k2**2 / s[r]) ** 2 - e4 * k3 / rs)
    return out


def _guide(value, slope, s, s_m, target):
    """Continuation of a function with ``value`` and ``slope`` [per GeV^2] at s_m to ``target`` as s -> inf:
    target + (value - target) q/(q - 1 + (s/s_m)^(3/2)), q = (3/2)(target - value)/(s_m slope) so that value
    and slope are continuous; q = 2 (value only) when the input moves away from the target or q > 20."""
    q = 1.5 * (target - value) / (s_m * slope) if slope != 0.0 else np.inf
    q = q if 0.0 < q < 20.0 else 2.0
    return target + (value - target) * q / (q - 1.0 + (s / s_m) ** 1.5)


def _kkbar_channel(s, q_max, f):
    """(eta, delta_KK [rad], |T_12|) of the chiral unitary T-matrix at the GKPY masses, s [GeV^2]:
    eta and delta_KK above 4 m_K^2 (delta_KK on the branch (-135, 45] deg, continuous from 0 at threshold
    up to 1.5 GeV), |T_12| everywhere."""
    mpi, mk, _ = GKPY_MASSES
    _, t12, t22 = _chiral_t_matrix(s, (mpi, mk), q_max, f)
    sig_k = np.sqrt(np.clip(1.0 - 4.0 * mk * mk / s, 0.0, None))
    s22 = 1.0 + 2j * sig_k * t22
    two_d = np.angle(s22)
    two_d = np.where(two_d > np.pi / 2.0, two_d - 2.0 * np.pi, two_d)
    return np.abs(s22), two_d / 2.0, np.abs(t12)


def _dispersive_t_matrix(s, q_max=Q_MAX, f=C.F_PI, inelasticity="chiral_unitary", match=MATCH):
    """The dispersive T-matrix (module docstring) at s [GeV^2] > 4 m_pi^2 in phase representation:
    (delta_pipi, eta, delta_KK, |T_12|) with delta [rad]; below 4 m_K^2 eta = 1 and delta_KK = 0 and |T_12|
    is the pseudo-physical pi pi -> K Kbar modulus; above, |T_12| follows from eta."""
    s = np.asarray(s, float)
    mk, s_m = GKPY_MASSES[1], match**2

    def parametrised(x):   # delta_pipi, psi = delta_pipi + delta_KK, sqrt(1 - eta^2), |T_12|
        eta_kk, d_kk, t12 = _kkbar_channel(x, q_max, f)
        eta = gkpy_inelasticity(x) if inelasticity == "gkpy" else np.where(x > 4.0 * mk * mk, eta_kk, 1.0)
        d1 = gkpy_phase(x)
        return d1, d1 + np.where(x > 4.0 * mk * mk, d_kk, 0.0), np.sqrt(np.clip(1.0 - eta**2, 0.0, None)), t12

    d1, psi, coupling, t12 = parametrised(s)
    far = s > s_m
    if far.any():   # beyond the parametrisations: delta_pipi, psi -> 2 pi, sqrt(1 - eta^2) -> 0 (C^1 at s_m)
        h = 1e-6 * s_m
        at = parametrised(np.array([s_m - h, s_m, s_m + h]))
        for arr, v, target in ((d1, at[0], 2.0 * np.pi), (psi, at[1], 2.0 * np.pi), (coupling, at[2], 0.0)):
            arr[far] = _guide(v[1], (v[2] - v[0]) / (2.0 * h), s[far], s_m, target)
    return d1, np.sqrt(1.0 - coupling**2), psi - d1, t12


def _dispersive_x(s, q_max=Q_MAX, f=C.F_PI, inelasticity="chiral_unitary", match=MATCH):
    """X = T^* Sigma (N, 2, 2) of the dispersive T-matrix at s [GeV^2] > 4 m_pi^2 (pheno.omnes)."""
    s = np.asarray(s, float)
    mpi, mk, _ = GKPY_MASSES
    d1, eta, d2, t12 = _dispersive_t_matrix(s, q_max, f, inelasticity, match)
    r1, r2 = np.sqrt(1.0 - 4.0 * mpi**2 / s), np.sqrt(np.clip(1.0 - 4.0 * mk**2 / s, 0.0, None))
    out = np.zeros(s.shape + (2, 2), complex)
    out[..., 0, 0] = np.exp(-1j * d1) * np.sin(d1)   # T_11^* sigma_1 = (eta e^{-2i d1} - 1)/(-2i) for eta = 1
    below = r2 == 0.0
    out[below, 1, 0] = t12[below] * r1[below] * np.exp(-1j * d1[below])   # Watson: arg T_12 = delta_pipi
    a = ~below
    e, p1, p2, q1, q2 = eta[a], d1[a], d2[a], r1[a], r2[a]
    t12a = np.sqrt(1.0 - e**2) * np.exp(1j * (p1 + p2)) / (2.0 * np.sqrt(q1 * q2))
    out[a, 0, 0] = np.conj((e * np.exp(2j * p1) - 1.0) / 2j)
    out[a, 0, 1] = np.conj(t12a) * q2
    out[a, 1, 0] = np.conj(t12a) * q1
    out[a, 1, 1] = np.conj((e * np.exp(2j * p2) - 1.0) / 2j)
    return out


@lru_cache(maxsize=8)
def omnes_matrix(q_max=Q_MAX, f=C.F_PI, inelasticity="chiral_unitary", match=MATCH, resolution=1):
    """Two-channel Omnes matrix (pheno.omnes.OmnesMatrix) of the dispersive T-matrix; channel basis
    (pi pi, K Kbar) with F = (G_pi, (2/sqrt3) G_K). Solved once per argument set (~0.3 s) and cached.
    ``inelasticity``: "chiral_unitary" (default) or "gkpy"; ``match`` [GeV]: start of the asymptotic guide;
    ``resolution``: panels per interval multiplier (convergence checks)."""
    from .omnes import solve_omnes

    if inelasticity not in ("chiral_unitary", "gkpy"):
        raise ValueError(f"inelasticity must be 'chiral_unitary' or 'gkpy', got {inelasticity!r}")
    mpi, mk, meta = GKPY_MASSES
    if not 2.0 * meta < match <= 1.5:
        raise ValueError(f"match must be in ({2.0 * meta:.3f}, 1.5] GeV, got {match!r}")
    breaks = (4.0 * mpi**2, GKPY_S_M, 4.0 * mk**2, 4.0 * meta**2, match**2)
    panels = tuple(resolution * p for p in (5, 5, 6, 4, 6))
    return solve_omnes(lambda s: _dispersive_x(s, q_max, f, inelasticity, match), breaks, panels, order=16)


def _source_vectors(s, kappa_theta, kappa_ud, kappa_s, derivative):
    """P(s) (..., 2) in the basis (pi pi, (2/sqrt3) K Kbar): LO ChPT values at s = 0 (DGL; Winkler eqs.
    (11)-(13)): Gamma_pi = m_pi^2, Gamma_K = m_pi^2/2, Delta_pi = 0, Delta_K = m_K^2 - m_pi^2/2,
    theta_P = 2 m_P^2 + s; theta enters with the slope theta'(0) = 1 minus Omega'(0) theta(0)."""
    _, _, _, _, mpi, mk = _meson_masses()
    c = 2.0 / math.sqrt(3.0)
    theta0, slope = np.array([2.0 * mpi**2, c * 2.0 * mk**2]), np.array([1.0, c])
    slope = slope - derivative.real @ theta0
    gamma0, delta0 = np.array([mpi**2, c * mpi**2 / 2.0]), np.array([0.0, c * (mk**2 - mpi**2 / 2.0)])
    kt, ku, ks = (np.asarray(k, float)[..., None] for k in (kappa_theta, kappa_ud, kappa_s))
    return kt * (theta0 + s[..., None] * slope) + ku * gamma0 + ks * delta0


def meson_form_factors(sqrt_s, kappa_theta, kappa_ud, kappa_s, q_max=Q_MAX, f=C.F_PI, unitarise=True,
                       method="dispersive"):
    """(G_pi, G_K) [GeV^2], complex: <pi^a pi^b|O|0> = delta^{ab} G_pi, <K+ K-|O|0> = G_K for the operator
    O = kappa_theta theta^mu_mu + kappa_ud m_hat(u ubar + d dbar) + kappa_s m_s s sbar (module docstring),
    at invariant mass sqrt_s [GeV]. ``method``: "dispersive" (default: Omnes matrix times the chiral
    s = 0 values) or "chiral_unitary"; ``unitarise=False`` returns the LO chiral values.

    >>> gp, gk = meson_form_factors(0.0, *higgs_sources(1.0), unitarise=False)
    >>> round(float(gp.real) / 0.13804**2, 4)   # (2/9)(11/2) m_pi^2 at s = 0
    1.2222
    >>> gp, gk = meson_form_factors(0.0, *higgs_sources(1.0))   # the dispersive result keeps it
    >>> round(float(gp.real) / 0.13804**2, 4)
    1.2222
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    _, _, _, _, mpi, mk = _meson_masses()
    x = checked_array("sqrt_s", sqrt_s, lo=0.0, what="an invariant mass >= 0 [GeV]")
    s = x * x
    kt, ku, ks = (np.asarray(k, float) for k in (kappa_theta, kappa_ud, kappa_s))
    if unitarise and method == "dispersive":
        om = omnes_matrix(q_max, f)
        shape = np.broadcast_shapes(s.shape, kt.shape, ku.shape, ks.shape)
        s_b = np.broadcast_to(s, shape)
        p = _source_vectors(s_b, *(np.broadcast_to(k, shape) for k in (kt, ku, ks)), om.derivative_at_zero)
        fv = np.einsum("...ab,...b->...a", om(s_b), p)
        return fv[..., 0], fv[..., 1] * math.sqrt(3.0) / 2.0
    g_pi = kt * (s + 2.0 * mpi**2) + ku * mpi**2
    g_k = kt * (s + 2.0 * mk**2) + ku * mpi**2 / 2.0 + ks * (mk**2 - mpi**2 / 2.0)
    if not unitarise:
        return g_pi + 0j, g_k + 0j
    f1, f2 = math.sqrt(1.5) * g_pi, math.sqrt(2.0) * g_k
    _, _, _, (i11, i12, i21, i22) = _resolvent(x, q_max, f)
    return (i11 * f1 + i12 * f2) / math.sqrt(1.5), (i21 * f1 + i22 * f2) / math.sqrt(2.0)


def _beta(m, m_meson):
    return np.sqrt(np.clip(1.0 - 4.0 * m_meson**2 / np.square(m), 0.0, None))


def meson_pair_widths(m, kappa_theta, kappa_ud, kappa_s, q_max=Q_MAX, f=C.F_PI, method="dispersive") -> dict[str, np.ndarray]:
    """{"pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~"} widths [GeV] of a scalar of mass m [GeV] with the operator
    couplings of :func:`meson_form_factors` (``method`` "dispersive" or "chiral_unitary"; physical
    thresholds; 0 when closed).

    >>> w = meson_pair_widths(0.5, *higgs_sources(1.0))
    >>> round(float(w["pi+ pi-"] / w["pi0 pi0"]), 3)   # isospin 0: 2 x (beta_+/beta_0)
    1.971
    """
    mpc, mp0, mkc, mk0, _, _ = _meson_masses()
    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    g_pi, g_k = meson_form_factors(m, kappa_theta, kappa_ud, kappa_s, q_max, f, method=method)
    norm = 16.0 * np.pi * C.V_EW**2 * m
    a_pi, a_k = np.abs(g_pi) ** 2 / norm, np.abs(g_k) ** 2 / norm
    return {"pi+ pi-": _beta(m, mpc) * a_pi, "pi0 pi0": 0.5 * _beta(m, mp0) * a_pi,
            "K+ K-": _beta(m, mkc) * a_k, "K0 K0~": _beta(m, mk0) * a_k}


def pipi_s_wave(sqrt_s, q_max=Q_MAX, f=C.F_PI, method="dispersive"):
    """(delta [deg, in [0, 360)], eta) of the I = 0 pi pi S wave of the T-matrix that ``method`` uses,
    sqrt_s above 2 m_pi: S_11 = eta exp(2 i delta). Dispersive: GKPY phase (guided to 360 deg above
    MATCH) and the chiral unitary inelasticity; chiral unitary: its own, continued from 0 at threshold."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    mpi = GKPY_MASSES[0] if method == "dispersive" else _meson_masses()[4]
    x = checked_array("sqrt_s", sqrt_s, lo=2.0 * mpi, lo_strict=True, what="above the pi pi threshold [GeV]")
    s = x * x
    if method == "dispersive":
        d1, eta, _, _ = _dispersive_t_matrix(s.ravel(), q_max, f)
        return np.degrees(d1.reshape(s.shape)) % 360.0, eta.reshape(s.shape)
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
    0 below the open-flavour meson-pair threshold: pheno.widths.scalar_to_fermions with the Yukawa coupling
    sin(theta) m_q(m_S)/v, N_c = 3 and the meson mass in beta, times the QCD factor."""
    from .hadrons import _nf_of, alpha_s, running_mass
    from .widths import scalar_to_fermions

    m_ref, mu_ref, m_meson = _quark_inputs(quark)
    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    a = np.asarray(alpha_s(m), float) / np.pi
    nf = _nf_of(np.maximum(m, 1.0)).astype(float)
    qcd = 1.0 + 5.67 * a + (35.94 - 1.36 * nf) * a**2 + (164.14 - 25.77 * nf + 0.259 * nf**2) * a**3
    mq = running_mass(m_ref, mu_ref, m)
    return scalar_to_fermions(m, m_meson, np.asarray(sin_theta, float) * mq / C.V_EW, n_c=3.0) * qcd


def gluon_pair_width(m, sin_theta=1.0):
    """Gamma(S -> g g) [GeV] through c, b, t loops (pole masses) with the NLO factor 1 + (95/4 - 7 n_f/6) alpha_s/pi."""
    from .hadrons import _nf_of, alpha_s
    from .loops import F_half, tau_of

    m = checked_array("m", m, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    a_s = np.asarray(alpha_s(m), float)
    nf = _nf_of(np.maximum(m, 1.0)).astype(float)
    amp = sum(0.75 * F_half(tau_of(m, mq)) for mq in (C.M_CHARM_POLE, C.M_BOTTOM_POLE, C.M_TOP_POLE))
    k_nlo = 1.0 + (95.0 / 4.0 - 7.0 * nf / 6.0) * a_s / np.pi
    return np.square(sin_theta) * a_s**2 * m**3 / (72.0 * np.pi**3 * C.V_EW**2) * np.abs(amp) ** 2 * k_nlo
