"""b -> s transitions with a light spin-0 particle X: B -> K X, B -> K* X (hadronic matrix elements).

Quark-level interaction (any model supplies its couplings; docs/physics.md F1, F3)

    L = X sbar (g_S + g_P gamma5) b + h.c.

The B -> P (pseudoscalar, K) transition takes the scalar density, B -> V (vector, K*) the
pseudoscalar density (parity), with (BSZ / GKvD conventions; q = p_B - p_M, q^2 = m_X^2)

    <K(p')| sbar b |B(p)>          = (m_B^2 - m_K^2)/(m_b - m_s) f_0(q^2),
    <K*(eps)| sbar gamma5 b |B(p)> = -i 2 m_K* (eps*.q)/(m_b + m_s) A_0(q^2),   sum_pol |eps*.q|^2 = m_B^2 |p|^2 / m_K*^2,

so that (Gamma = |p| <|M|^2>/(8 pi m_B^2), |p| = lambda^(1/2)(m_B^2, m_M^2, m_X^2)/(2 m_B))

    Gamma(B -> P X) = |g_S|^2 (m_B^2 - m_P^2)^2 f_0(m_X^2)^2 lambda^(1/2) / (16 pi m_B^3 (m_b - m_s)^2),
    Gamma(B -> V X) = |g_P|^2 A_0(m_X^2)^2 lambda^(3/2)                     / (16 pi m_B^3 (m_b + m_s)^2).

For the Higgs-mixed scalar the top-W loop gives (large-m_t limit; B. Grinstein, L. Hall, L. Randall,
PLB 211 (1988) 363; R.S. Chivukula, A. Manohar, PLB 207 (1988) 86; Batell, Pospelov, Ritz, PRD 83
(2011) 054005; Boiarska et al., JHEP 11 (2019) 162 [arXiv:1904.10447]; docs/physics.md F1)

    L_eff = xi sin(theta) (m_b/v) S sbar P_R b + h.c.,   xi = 3 sqrt2 G_F m_t^2 V_ts^* V_tb / (16 pi^2),

i.e. g_S = g_P = xi sin(theta) m_b/(2 v) (:func:`higgs_portal_couplings`; the m_s P_L piece is
dropped and m_s = 0 in the matrix elements, so m_b cancels; keeping m_s = 93 MeV would change the
widths by (1 -+ m_s/m_b)^-2, about +-4 %). The loop is leading order: the top-mass scheme is a
convention worth ~ 25 % in the rate (pole m_t = 172.57 GeV, the default, vs MS-bar m_t(m_t) = 162.5 GeV:
x 0.786); the CKM default is |V_ts V_tb| = 0.04106 (PDG 2024 global fit). Both are parameters.

Form factors (z expansion; docs/physics.md F3b, numbers verified against the cited files):

* :data:`F0_BK_GKVD2018` (default): f_0^{B->K}, N. Gubernari, A. Kokulu, D. van Dyk, JHEP 02 (2019) 150
  [arXiv:1811.00983], LCSR + lattice fit, BSZ form F(q^2) = sum_k a_k [z(q^2) - z(0)]^k / (1 - q^2/m_R^2),
  m_R = 5.630 GeV (B_s*(0+)), a_0 = a_0(f_+) (f_0(0) = f_+(0)); coefficients from flavio 2.7.0
  (flav-io/flavio @2591f8c, data/arXiv-1811-00983v1/BK_LCSR-Lattice.json).
* :data:`F0_BK_HPQCD2022`: f_0^{B->K}, W.G. Parrott, C. Bouchard, C.T.H. Davies (HPQCD), PRD 107 (2023)
  014510 [arXiv:2207.12468], lattice: F = L sum_n a_n z^n / (1 - q^2/M_{H_s0}^2) with t_0 = 0; numbers as
  in basf2's EvtGen model EvtbTosllNPR.cc (getScalarFF), which encodes the published fit.
* :data:`A0_BKSTAR_BSZ2015`: A_0^{B->K*}, A. Bharucha, D.M. Straub, R. Zwicky, JHEP 08 (2016) 098
  [arXiv:1503.05534], LCSR + lattice fit, BSZ form with m_R = 5.367 GeV (B_s, 0^-); flavio 2.7.0
  data/arXiv-1503-05534v2/BKstar_LCSR-Lattice.json and resonance_masses_bsz.

z(t) = (sqrt(t_+ - t) - sqrt(t_+ - t_0))/(sqrt(t_+ - t) + sqrt(t_+ - t_0)), t_+- = (m_B +- m_M)^2,
t_0 = t_+ (1 - sqrt(1 - t_-/t_+)) (BSZ, GKvD) or 0 (HPQCD); masses B0/K0 and B0/K*0 from
:mod:`pheno.particles`, as in flavio. Uncertainty of f_0, A_0 at q^2 <~ 10 GeV^2: ~ 8-10 %
(a_0 +- 0.028, 0.029), i.e. ~ 20 % in the rate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import constants as C
from .kinematics import kallen
from .validation import checked_array

__all__ = [
    "ZExpansionFormFactor",
    "F0_BK_GKVD2018",
    "F0_BK_HPQCD2022",
    "A0_BKSTAR_BSZ2015",
    "F0_FORM_FACTORS",
    "xi_bs",
    "higgs_portal_couplings",
    "width_to_pseudoscalar",
    "width_to_vector",
]


@dataclass(frozen=True)
class ZExpansionFormFactor:
    """F(q^2) = norm / (1 - q^2/pole_mass^2) x sum_k a_k [z(q^2) - z(0)]^k (see the module docstring).

    parent, daughter: PDG names whose masses define z (pheno.particles), unless ``masses`` fixes them;
    t0: "optimal" (t_+(1 - sqrt(1 - t_-/t_+))) or "zero". Call with q^2 [GeV^2] (vectorised)."""

    name: str
    parent: str
    daughter: str
    coefficients: tuple[float, ...]
    pole_mass: float
    source: str
    t0: str = "optimal"
    norm: float = 1.0
    masses: tuple[float, float] | None = None

    def _masses(self):
        if self.masses is not None:
            return self.masses
        from .particles import mass

        return mass(self.parent), mass(self.daughter)

    def z(self, q2):
        m_p, m_d = self._masses()
        tp, tm = (m_p + m_d) ** 2, (m_p - m_d) ** 2
        t0 = tp * (1.0 - math.sqrt(1.0 - tm / tp)) if self.t0 == "optimal" else 0.0
        a, b = np.sqrt(tp - np.asarray(q2, float)), math.sqrt(tp - t0)
        return (a - b) / (a + b)

    def __call__(self, q2):
        q2 = checked_array("q2", q2, lo=0.0, what="a momentum transfer >= 0 [GeV^2]")
        dz = self.z(q2) - self.z(0.0)
        series = sum(a * dz**k for k, a in enumerate(self.coefficients))
        return self.norm * series / (1.0 - q2 / self.pole_mass**2)


F0_BK_GKVD2018 = ZExpansionFormFactor(
    "f0 B->K (GKvD 2018, LCSR+lattice)", "B0", "K0",
    (0.3290899285463681, 0.195117199570376, -0.4461264576740431), 5.630,
    "Gubernari, Kokulu, van Dyk, JHEP 02 (2019) 150 [arXiv:1811.00983]; flavio 2.7.0 BK_LCSR-Lattice.json")
F0_BK_HPQCD2022 = ZExpansionFormFactor(
    "f0 B->K (HPQCD 2022, lattice)", "B0", "K0",
    (0.2546162729845652, 0.211016713841977, 0.02690776720598433), 5.729495108051249,
    "Parrott, Bouchard, Davies, PRD 107 (2023) 014510 [arXiv:2207.12468]; as coded in basf2 EvtbTosllNPR.cc",
    t0="zero", norm=1.3036556717286227, masses=(5.279495108051249, 0.495644))
A0_BKSTAR_BSZ2015 = ZExpansionFormFactor(
    "A0 B->K* (BSZ 2015, LCSR+lattice)", "B0", "K*0", (0.369196, -1.36584, 0.128191), 5.367,
    "Bharucha, Straub, Zwicky, JHEP 08 (2016) 098 [arXiv:1503.05534]; flavio 2.7.0 BKstar_LCSR-Lattice.json (v2)")

F0_FORM_FACTORS = {"GKvD2018": F0_BK_GKVD2018, "HPQCD2022": F0_BK_HPQCD2022}


def xi_bs(m_top=C.M_TOP_POLE, vts_vtb=C.V_TS * C.V_TB):
    """xi = 3 sqrt2 G_F m_t^2 |V_ts^* V_tb| / (16 pi^2) (dimensionless; docs/physics.md F1). Defaults: pole m_t
    (PDG 2024), PDG 2024 global-fit CKM. With m_t = 172.57 and |V_ts V_tb| = 0.0405: 3.7796e-4 (the compiled check value; tests/test_flavour.py).

    >>> round(float(xi_bs(172.57, 0.0405)) * 1e4, 4)
    3.7796
    """
    m_top = np.asarray(m_top, float)
    return 3.0 * math.sqrt(2.0) * C.G_F * m_top**2 * np.asarray(vts_vtb, float) / (16.0 * np.pi**2)


def higgs_portal_couplings(sin_theta=1.0, m_top=C.M_TOP_POLE, vts_vtb=C.V_TS * C.V_TB, m_b=None):
    """(g_S, g_P) of L = S sbar (g_S + g_P gamma5) b + h.c. for the Higgs-mixed scalar: both
    xi sin(theta) m_b/(2 v) (m_b: MS-bar m_b(m_b) by default; it cancels in the widths at m_s = 0)."""
    g = xi_bs(m_top, vts_vtb) * np.asarray(sin_theta, float) * (C.M_BOTTOM_MSBAR if m_b is None else m_b) / (2.0 * C.V_EW)
    return g, g


def _two_body(m_x, parent, recoil):
    from .particles import mass

    m_x = checked_array("m_x", m_x, lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    m_b_meson, m_m = mass(parent), mass(recoil)
    lam = np.clip(kallen(m_b_meson**2, m_m**2, m_x**2), 0.0, None)
    open_ = m_x + m_m < m_b_meson
    return m_x, m_b_meson, m_m, np.where(open_, lam, 0.0), open_


def width_to_pseudoscalar(m_x, g_scalar, parent="B+", recoil="K+", form_factor=F0_BK_GKVD2018, m_b=None, m_s=0.0):
    """Gamma(B -> P X) [GeV] = |g_S|^2 (m_B^2 - m_P^2)^2 f_0(m_X^2)^2 lambda^(1/2) / (16 pi m_B^3 (m_b - m_s)^2);
    0 where closed. Vectorised over m_x [GeV] and g_scalar; masses from pheno.particles."""
    m_b = C.M_BOTTOM_MSBAR if m_b is None else m_b
    m_x, mb_, mp, lam, open_ = _two_body(m_x, parent, recoil)
    ff = form_factor(np.where(open_, m_x**2, 0.0))
    return (np.abs(g_scalar) ** 2 * (mb_**2 - mp**2) ** 2 * ff**2 * np.sqrt(lam)
            / (16.0 * np.pi * mb_**3 * (m_b - m_s) ** 2))


def width_to_vector(m_x, g_pseudoscalar, parent="B0", recoil="K*0", form_factor=A0_BKSTAR_BSZ2015, m_b=None, m_s=0.0):
    """Gamma(B -> V X) [GeV] = |g_P|^2 A_0(m_X^2)^2 lambda^(3/2) / (16 pi m_B^3 (m_b + m_s)^2) (narrow V); 0 where closed."""
    m_b = C.M_BOTTOM_MSBAR if m_b is None else m_b
    m_x, mb_, _, lam, open_ = _two_body(m_x, parent, recoil)
    ff = form_factor(np.where(open_, m_x**2, 0.0))
    return np.abs(g_pseudoscalar) ** 2 * ff**2 * lam**1.5 / (16.0 * np.pi * mb_**3 * (m_b + m_s) ** 2)
