"""Upsilon(1S) -> invisible and Upsilon(1S) -> gamma + invisible (docs/physics.md H).

Searches: BaBar, PRL 103 (2009) 251801 (Upsilon(1S) -> invisible, tagged by Upsilon(3S) -> pi+ pi- Upsilon(1S));
BaBar, PRL 107 (2011) 021804 (Upsilon(1S) -> gamma + invisible); Belle; Belle II with Upsilon(2S) -> pi+ pi-
Upsilon(1S). The Upsilon(1S) is then at rest (its recoil momentum, ~0.1 GeV, is neglected).

Rates are normalised to a measured leptonic decay (pheno.quarkonium): BF(Upsilon -> X) = R x BF(Upsilon -> l l)
with the f_Upsilon-free ratio R = Gamma(X)/Gamma(l l) (``normalisation`` = "mu+ mu-" (default, the most
precise PDG BF: 2.48 +- 0.05 %), "e+ e-" (2.38 +- 0.11 %), "tau+ tau-" (2.60 +- 0.10 %) or "Gamma_ee"
(Gamma_ee = 1.340 keV / Gamma_tot); PDG 2024, pheno.constants). ``alpha``: "0" (default, the literature
convention) or "running" (alpha(m_Upsilon), consistent with the dressed measured Gamma_ll; -7 % in BF).
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.model import FixedBFModel
from pheno.quarkonium import NORMALISATIONS, leptonic_width, lepton_of, vector_current_ratio, wilczek_ratio
from pheno.sm_decays import ParentDecay

from .darkphoton import DarkPhoton

UPSILON = "Upsilon(1S)"
_COMMON = {
    "normalisation": (NORMALISATIONS, "mu+ mu-"),
    "alpha": (("0", "running"), "0"),
}


def _m_upsilon() -> float:
    from pheno.particles import mass

    return mass(UPSILON)


def _normalised(model, ratio_at_unit):
    """Partial width [GeV] = R x Gamma(Upsilon -> l l)(PDG) for the model's normalisation channel."""
    return ratio_at_unit * leptonic_width(UPSILON, model.normalisation)


def _alpha(model) -> float:
    """alpha(0) or alpha(m_Upsilon^2) for the photon of Gamma(Upsilon -> l l) (the parameter allows only these)."""
    return C.resolve_alpha(model.alpha, _m_upsilon())


def _chi_pair_width(model):
    """Gamma(Upsilon(1S) -> chi chi~) at G = 1 GeV^-2 (contact operator)."""
    current = "scalar" if model.chi == "scalar" else model.current
    ratio = vector_current_ratio(_m_upsilon(), model.mass, 1.0, current, lepton_of(model.normalisation), _alpha(model))
    return _normalised(model, ratio)


class QuarkoniumContact(FixedBFModel):
    """Dark matter chi coupled to b quarks through a contact operator, G = 1/Lambda^2 (docs/physics.md H1; Fernandez,
    Kumar, Seong, Stengel, PRD 90 (2014) 015029):

      chi = "dirac", current = "vector":  G (chibar gamma^mu chi)(bbar gamma_mu b)
      chi = "dirac", current = "axial":   G (chibar gamma^mu gamma5 chi)(bbar gamma_mu b)
      chi = "scalar" (complex scalar):    i G (chi* d^mu chi - chi d^mu chi*)(bbar gamma_mu b)
    Only the vector b current annihilates the 1^-- Upsilon. Widths: G^2 f^2 m (m^2 + 2 m_chi^2) beta/(12 pi),
    G^2 f^2 m^3 beta^3/(12 pi), G^2 f^2 m^3 beta^3/(48 pi), normalised f-free to BF(Upsilon -> l l).
    Parameters: ``mass`` = m_chi [GeV] (alias ``m_chi``; 0 allowed), ``Lambda`` [GeV] (a scale: limits on it are
    lower limits), ``chi``, ``current``, ``normalisation``, ``alpha`` (module docstring).
    Process "Upsilon(1S) > chi chi~" (the whole final state: invisible). EFT validity needs Lambda >> m_Upsilon.

    >>> x = QuarkoniumContact(m_chi=0.0, Lambda=1000.0, normalisation="e+ e-")
    >>> round(float(x.production_branching_ratio("Upsilon(1S) > chi chi~")) / 0.0238 * 1e6, 3)   # H1: 8.57e-6
    8.573
    """

    PARAMETERS = {
        "mass": ("mass_or_zero", None),
        "Lambda": ("mass", None),
        "chi": (("dirac", "scalar"), "dirac"),
        "current": (("vector", "axial"), "vector"),
        **_COMMON,
    }
    COUPLING = "Lambda"
    SCALES = {"Lambda": (1.0, 1e5)}
    PROCESSES = {"Upsilon(1S) > chi chi~": ParentDecay("Upsilon(1S) > chi chi~", UPSILON, None, "chi chi~",
                                                       width=_chi_pair_width, source="at rest")}

    def __init__(self, **params):
        if "m_chi" in params:
            if "mass" in params:
                raise TypeError("give the dark-matter mass as mass= or m_chi=, not both")
            params["mass"] = params.pop("m_chi")
        super().__init__(**params)
        if self.chi == "scalar" and self.current == "axial":
            raise ValueError("QuarkoniumContact: a complex scalar has no axial current; use chi='dirac' or current='vector'")

    @property
    def m_chi(self):
        return self.mass

    def production_coupling(self, process):
        """G = 1/Lambda^2 [GeV^-2]."""
        return 1.0 / np.square(self.Lambda)

    def ratio_to_leptons(self, lepton: str = "e") -> np.ndarray:
        """BF(Upsilon -> chi chi~)/BF(Upsilon -> l l) (f-free; docs/physics.md H1)."""
        current = "scalar" if self.chi == "scalar" else self.current
        return vector_current_ratio(_m_upsilon(), self.mass, 1.0 / np.square(self.Lambda), current, lepton, _alpha(self))


def _dark_photon_width(model):
    """Gamma(Upsilon(1S) -> A'* -> chi chi~) at eps = 1: a vector b current with
    G = e Q_b g_D / (m_Y^2 - m_A'^2 + i m_A' Gamma_A') (e with alpha(0), the definition of eps), Gamma_A' the
    A' -> chi chi~ width (the SM part, O(eps^2 alpha), is neglected in the propagator)."""
    if model.m_chi is None:
        return np.zeros(model.shape)
    m_y = _m_upsilon()
    g_d = np.sqrt(4.0 * np.pi * model.alpha_D)
    width_ap = model.widths()["chi chi~"]  # the dark A' width: eps-independent, so BF stays eps^2 x (eps = 1 value)
    prop = 1.0 / np.abs(m_y**2 - np.square(model.mass) + 1j * model.mass * width_ap)
    g_eff = C.E0 * abs(C.QUARK_CHARGE["b"]) * g_d * prop  # the Q_b that vector_current_ratio divides by
    current = "scalar" if model.chi == "scalar" else "vector"
    ratio = vector_current_ratio(m_y, model.m_chi, g_eff, current, lepton_of(model.normalisation), _alpha(model))
    return np.broadcast_to(_normalised(model, ratio), model.shape)


class DarkPhotonUpsilon(DarkPhoton):
    """A dark photon (pheno.models.DarkPhoton: mass = m_A', epsilon, alpha_D, m_chi, chi) that also gives
    Upsilon(1S) -> A'* -> chi chi~ (docs/physics.md H1; Fernandez et al. 2014):

      BF(chi chi~)/BF(l l) = (eps^2 alpha_D alpha(0)/alpha^2) |m_Y^2/(m_Y^2 - m_A'^2 + i m_A' Gamma_A')|^2
                             (1 + 2x_chi) beta_chi / ((1 + 2x_l) beta_l)   (Dirac chi; beta^3/4 for a scalar),
    Gamma_A' = Gamma(A' -> chi chi~) from DarkPhoton.widths() (matters only near m_A' = m_Y, where A'-Upsilon
    mixing, not modelled, matters too). Process "Upsilon(1S) > chi chi~" (the whole final state, invisible; BF scales with eps^2)
    next to DarkPhoton's e+e- -> gamma A'. Extra parameters ``normalisation``, ``alpha`` (module docstring).

    >>> a = DarkPhotonUpsilon(mass=1.0, epsilon=1e-3, alpha_D=0.5, m_chi=0.0)
    >>> round(float(a.production_branching_ratio("Upsilon(1S) > chi chi~")) * 1e6, 3)   # H1: 1.74e-6
    1.738
    """

    PARAMETERS = {**DarkPhoton.PARAMETERS, **_COMMON}
    PROCESSES = {**DarkPhoton.PROCESSES,
                 "Upsilon(1S) > chi chi~": ParentDecay("Upsilon(1S) > chi chi~", UPSILON, None, "chi chi~",
                                                       width=_dark_photon_width, source="at rest")}


def _gamma_a0_width(model):
    """Gamma(Upsilon(1S) -> gamma A0) at g_b = 1 (Wilczek x F_QCD, normalised to Gamma(mu mu))."""
    m_y = _m_upsilon()
    m_b = m_y / 2.0 if model.m_b is None else model.m_b
    ratio = model.f_qcd * wilczek_ratio(m_y, model.mass, m_b / C.V_EW, _alpha(model), lepton_of(model.normalisation))
    return np.broadcast_to(_normalised(model, ratio), model.shape)


class LightA0(FixedBFModel):
    """Light (pseudo)scalar A0 with a Yukawa coupling to b quarks, y_b = g_b m_b / v (g_b = 1: SM-like), produced
    in Upsilon(1S) -> gamma A0 and decaying invisibly (A0 -> chi chi~) with BF ``bf_invisible`` (docs/physics.md H2):

      BF(Upsilon -> gamma A0)/BF(Upsilon -> mu mu) = F_QCD G_F m_b^2 g_b^2 (1 - m_A0^2/m_Y^2)/(sqrt2 pi alpha)
    (Wilczek, PRL 39 (1977) 1304; leading order, the same for CP-even and CP-odd A0). F_QCD (``f_qcd``) holds the
    O(alpha_s) QCD (Vysotsky, PLB 97 (1980) 159; Nason, PLB 175 (1986) 223) and relativistic corrections, which
    reduce the rate for a light A0 by about a factor 2; default 0.5, the value used e.g. by Dermisek, Gunion,
    McElrath, PRD 76 (2007) 051105 (quoted from the literature, not re-derived; docs/physics.md H2 gives 0.5-0.9);
    f_qcd=1 is the leading-order formula. ``m_b`` defaults to m_Y/2 (the non-relativistic bound-state value in
    Wilczek's derivation; m_b(m_b) = 4.18 GeV gives 0.78 x the rate). Parameters: ``mass`` (m_A0, 0 allowed),
    ``g_b``, ``m_b``, ``f_qcd``, ``bf_invisible``, ``normalisation``, ``alpha``.

    >>> x = LightA0(mass=0.0, g_b=1.0, f_qcd=1.0)
    >>> round(float(x.production_branching_ratio("Upsilon(1S) > gamma A0")) * 1e4, 3)   # H2: 2.0e-4
    1.996
    """

    PARAMETERS = {
        "mass": ("mass_or_zero", None),
        "g_b": ("coupling", None),
        "m_b": ("optional_mass", None),
        "f_qcd": ("coupling", 0.5),
        "bf_invisible": ("coupling", 1.0),
        **_COMMON,
    }
    COUPLING = "g_b"
    # limit-scan end: y_b = g_b m_b(m_b)/v <= sqrt(4 pi), the MS-bar mass that normalises the SM Yukawa coupling
    COUPLING_MAX = {"g_b": float(np.sqrt(4 * np.pi) * C.V_EW / C.M_BOTTOM_MSBAR)}
    PROCESSES = {"Upsilon(1S) > gamma A0": ParentDecay("Upsilon(1S) > gamma A0", UPSILON, "gamma", "A0",
                                                       width=_gamma_a0_width, source="at rest")}
