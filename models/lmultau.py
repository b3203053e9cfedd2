"""L_mu - L_tau gauge boson Z' (coupling g'), optionally with a Dirac dark fermion chi.

L = g' Z'_a ( mubar g^a mu - taubar g^a tau + nubar_mu g^a P_L nu_mu - nubar_tau g^a P_L nu_tau )
    [+ g_chi Z'_a chibar g^a chi]
(He, Joshi, Lew, Volkas, PRD 43 (1991) R22; Altmannshofer, Gori, Pospelov, Yavin, PRL 113 (2014)
091801 [arXiv:1406.2332]; docs/physics.md C1). No tree-level coupling to electrons or quarks; the
loop-induced kinetic mixing eps ~ g'/70 (:meth:`LmuLtau.kinetic_mixing`) is neglected in widths
(Z' -> e+e- would have BF ~ 1e-5) and in production (e+e- -> gamma Z' is a different final state,
a few % of mu mu Z' at 1 GeV; docs/physics.md C5).
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.model import Model
from pheno.production import LeptonPairRadiation
from pheno.widths import vector_to_fermions

_PROCESSES = {
    "e+ e- > mu+ mu- Z'": LeptonPairRadiation("e+ e- > mu+ mu- Z'", "mu", "vector", "Z'"),
    "e+ e- > tau+ tau- Z'": LeptonPairRadiation("e+ e- > tau+ tau- Z'", "tau", "vector", "Z'"),
}


class LmuLtau(Model):
    """L_mu - L_tau Z'.

    Parameters (numpy arrays broadcast):
      mass   : Z' mass [GeV] (> 0)
      g      : gauge coupling g' (>= 0)
      m_chi  : optional Dirac dark-fermion mass [GeV] (None: no chi)
      g_chi  : chi coupling (default: equal to g, i.e. chi carries unit L_mu - L_tau charge)

    Widths (docs/physics.md C2): Gamma(l+l-) = g'^2 m/(12 pi)(1 + 2x) beta, Gamma(nu nubar) = g'^2 m/(24 pi)
    per flavour (left-handed only), Gamma(chi chibar) = g_chi^2 m/(12 pi)(1 + 2x) beta.
    Channels: "mu+ mu-", "tau+ tau-", "nu nu~" (nu_mu + nu_tau), "chi chi~";
    aggregates: "invisible" (nu nu~ + chi chi~), "visible" (mu+ mu- + tau+ tau-).

    >>> z = LmuLtau(mass=1.0, g=1e-3)
    >>> round(float(z.branching_ratio("invisible")), 4)
    0.5002
    >>> round(float(z.cross_section("e+ e- > mu+ mu- Z'", alpha="0")), 4)   # fb
    0.0996
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "g": ("coupling", None),
        "m_chi": ("optional_mass", None),
        "g_chi": ("optional_coupling", None),
    }
    COUPLING = "g"
    SYMBOLS = {"mass": "m_{Z'}", "g": "g'"}
    PROCESSES = _PROCESSES
    AGGREGATES = {"invisible": ("nu nu~", "chi chi~"), "visible": ("mu+ mu-", "tau+ tau-")}

    def widths(self) -> dict[str, np.ndarray]:
        m, g = self.mass, self.g
        out = {
            "mu+ mu-": vector_to_fermions(m, C.M_MU, g),
            "tau+ tau-": vector_to_fermions(m, C.M_TAU, g),
            # two flavours of left-handed neutrinos: g P_L = (g/2)(1 - gamma5)
            "nu nu~": 2.0 * vector_to_fermions(m, 0.0, 0.5 * g, 0.5 * g),
        }
        if self.m_chi is not None:
            g_chi = g if self.g_chi is None else self.g_chi
            out["chi chi~"] = vector_to_fermions(m, self.m_chi, g_chi)
        return {k: np.broadcast_to(v, self.shape).astype(float) for k, v in out.items()}

    def delta_a(self, lepton: str = "mu") -> np.ndarray:
        """One-loop Delta a_l from Z' exchange (docs/physics.md C4; Pospelov, PRD 80 (2009) 095002):
        (g'^2/8 pi^2) Int_0^1 2 m_l^2 z (1-z)^2 / (m_l^2 (1-z)^2 + m^2 z) dz for l = mu, tau;
        0 for the electron (no tree-level coupling)."""
        from pheno.g2 import delta_a_vector

        return self._delta_a_from(delta_a_vector, lepton, 0.0 if lepton == "e" else self.g)

    def kinetic_mixing(self, q2=None, complex_value: bool = False):
        """Loop-induced Z'-photon mixing eps(q^2) from mu and tau loops, |eps| by default.

        eps(q^2) = (e g'/2 pi^2) Int_0^1 dx x(1-x) ln[(m_tau^2 - x(1-x) q^2)/(m_mu^2 - x(1-x) q^2 - i0)]
        in closed form (docs/physics.md C3; Kamada & Yu, PRD 92 (2015) 113004; Escudero et al.,
        JHEP 03 (2019) 071), complex above 2 m_mu; q2 defaults to the on-shell m^2.
        eps(0) = e g' ln(m_tau^2/m_mu^2)/(12 pi^2) = g'/69.3.
        """
        q2 = np.square(self.mass) if q2 is None else np.asarray(q2, float) + np.zeros(self.shape)
        eps = C.E0 * self.g * _mixing_integral(q2) / (2.0 * np.pi**2)
        return eps if complex_value else np.abs(eps)


def _mixing_integral(q2):
    """Int_0^1 x(1-x) ln[(m_tau^2 - x(1-x)q2)/(m_mu^2 - x(1-x)q2 - i0)] dx (complex), q2 >= 0.

    Closed form of docs/physics.md C3 (as in DarkCast's L_mu-L_tau model; Amaral, Cerdeno, Foldenauer,
    Reid, arXiv:2006.11225, eq. 7 as quoted in docs/physics.md C3, not re-read) divided by 6; principal branches of sqrt and arctan.
    For q2 < 1e-4 m_mu^2 the series (1/6) ln(m_tau^2/m_mu^2) + (q2/30)(1/m_mu^2 - 1/m_tau^2)
    avoids the cancellation between the O(m) terms (next term is O(q2^2/m_mu^4) ~ 1e-8).
    """
    q2 = np.asarray(q2, dtype=float)
    if np.any(q2 < 0):
        raise ValueError("kinetic_mixing: q2 must be >= 0 (time-like)")
    mu2, tau2 = C.M_MU**2, C.M_TAU**2
    small = q2 < 1e-4 * mu2
    out = np.empty(q2.shape, dtype=complex)
    out[small] = np.log(tau2 / mu2) / 6.0 + q2[small] / 30.0 * (1.0 / mu2 - 1.0 / tau2)
    m = np.sqrt(q2[~small]).astype(complex)
    if m.size:
        def piece(m2l):
            root = np.sqrt(4.0 * m2l - m * m)
            return 2.0 * (m * m + 2.0 * m2l) * root * np.arctan(m / root)
        bracket = 4.0 * m * (mu2 - tau2) - piece(mu2) + piece(tau2) - m**3 * np.log(mu2 / tau2)
        out[~small] = bracket / (6.0 * m**3)
    return out
