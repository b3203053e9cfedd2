"""Spin-0 mediators: axion-like particle (photon and lepton couplings), leptophilic scalar, muonphilic scalar.

Lepton couplings enter production through e+e- -> gamma* -> l+l- X with X radiated off the final
leptons (pseudoscalar or scalar vertex of pheno.amplitudes; diagrams with X off the beam electrons are
suppressed by m_e/m_l and neglected), and e+e- -> gamma a through g_agg (docs/physics.md D, E).
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.decay import BELLE2_ECL_INNER
from pheno.loops import B1, tau_of
from pheno.model import Model
from pheno.production import LeptonPairRadiation, PhotonAssociated, PhotonFusion
from pheno.widths import pseudoscalar_to_fermions, pseudoscalar_to_photons, scalar_to_fermions, scalar_to_photons

_LEPTONS = ("e", "mu", "tau")


def _radiation(lepton: str, vertex: str, particle: str) -> LeptonPairRadiation:
    name = f"e+ e- > {lepton}+ {lepton}- {particle}"
    return LeptonPairRadiation(name, lepton, vertex, particle)


class _LeptonCoupled(Model):
    """Shared mechanics: Yukawa-like couplings y_l to the charged leptons set the l+l- widths and the
    production e+e- -> l+l- X; subclasses define ``yukawa(lepton)``."""

    VERTEX = "scalar"
    # limits require the decay before the Belle II calorimeter (pheno.decay; override with fiducial=)
    DEFAULT_FIDUCIAL = BELLE2_ECL_INNER

    def production_coupling(self, process):
        lepton = getattr(process, "lepton", None)
        return self.yukawa(lepton) if lepton else super().production_coupling(process)

    def yukawa(self, lepton: str) -> np.ndarray:
        raise NotImplementedError

    def _lepton_widths(self):
        width = scalar_to_fermions if self.VERTEX == "scalar" else pseudoscalar_to_fermions
        return {f"{l}+ {l}-": width(self.mass, C.LEPTON_MASS[l], self.yukawa(l)) for l in _LEPTONS}


class ALP(_LeptonCoupled):
    """Axion-like particle a.

    L = -(g_agg/4) a F Ftilde + sum_l (c_l/(2 Lambda)) (d_mu a) lbar gamma^mu gamma5 l   (derivative basis)
    or  - i sum_l c_l (m_l/Lambda) a lbar gamma5 l                                           (basis="yukawa")
    (Bauer, Neubert, Thamm, JHEP 12 (2017) 044; Dolan et al., JHEP 12 (2017) 094; docs/physics.md D).
    Parameters: mass [GeV], g_agg [GeV^-1], lepton couplings c_e, c_mu, c_tau (dimensionless; or
    c_ll for all three, or a dict ``c_ll={"e": .., "mu": .., "tau": ..}``), Lambda [GeV] (default
    1000), basis ("derivative" | "yukawa"), bf_invisible (a fixed invisible BF, default 0).
    Widths:
      gamma gamma: |g_eff|^2 m^3/(64 pi), g_eff = g_agg + (alpha/pi) sum_l (c_l/Lambda) B_l with
                   B_l = B1(tau_l) (derivative basis) or B1(tau_l) - 1 (Yukawa basis)  (D1, D3)
      l+l-:        m m_l^2 c_l^2 beta / (8 pi Lambda^2)                                  (D2)
      invisible:   bf_invisible/(1 - bf_invisible) x (visible width)
    Production: e+e- -> gamma a through g_agg only (the lepton-loop contribution at q^2 = s is a
    momentum-dependent form factor, not the on-shell g_eff -- docs/physics.md D3 -- and is not
    included); e+e- -> e+e- a (photon fusion, quasi-real photons: |g_eff|); e+e- -> l+l- a with
    y = c_l m_l/Lambda (pseudoscalar vertex).

    >>> a = ALP(mass=1.0, g_agg=1e-3)
    >>> round(float(a.widths()["gamma gamma"]) / 1e-9, 5)     # GeV; docs/physics.md D1: 4.97359e-9
    4.97359
    >>> round(float(a.cross_section("e+ e- > gamma a")), 2)   # fb; docs/physics.md D4: 115.25
    115.25
    """

    VERTEX = "pseudoscalar"
    PARAMETERS = {
        "mass": ("mass", None),
        "g_agg": ("real", 0.0),
        "c_e": ("real", 0.0),
        "c_mu": ("real", 0.0),
        "c_tau": ("real", 0.0),
        "Lambda": ("mass", 1000.0),
        "bf_invisible": ("coupling", 0.0),
        "basis": (("derivative", "yukawa"), "derivative"),
    }
    COUPLING = "g_agg"
    SYMBOLS = {"mass": "m_a", "g_agg": r"g_{a\gamma\gamma}", "c_e": "c_e", "c_mu": r"c_\mu", "c_tau": r"c_\tau"}
    UNITS = {"g_agg": "GeV^-1"}
    # scan ranges: g_agg up to 1 GeV^-1; lepton couplings up to y_tau = c m_tau/Lambda = sqrt(4 pi) at Lambda = 1 TeV
    COUPLING_MAX = {"g_agg": 1.0, **{k: float(np.sqrt(4 * np.pi) * 1e3 / C.M_TAU) for k in ("c_e", "c_mu", "c_tau", "c_ll")}}
    PROCESSES = {
        "e+ e- > gamma a": PhotonAssociated("e+ e- > gamma a", particle="a", kernel="gamma_pseudoscalar", e_power=2,
                                            aliases=("e+ e- > a gamma",)),
        "e+ e- > e+ e- a": PhotonFusion("e+ e- > e+ e- a", particle="a"),
        "e+ e- > mu+ mu- a": _radiation("mu", "pseudoscalar", "a"),
        "e+ e- > tau+ tau- a": _radiation("tau", "pseudoscalar", "a"),
    }
    AGGREGATES = {"visible": ("gamma gamma", "e+ e-", "mu+ mu-", "tau+ tau-"), "invisible": ("invisible",),
                  "leptons": ("e+ e-", "mu+ mu-", "tau+ tau-")}

    def __init__(self, c_ll=None, **params):
        if c_ll is not None:
            values = c_ll if isinstance(c_ll, dict) else {l: c_ll for l in _LEPTONS}
            unknown = set(values) - set(_LEPTONS)
            if unknown:
                raise ValueError(f"c_ll keys must be among {_LEPTONS}, got {sorted(unknown)}")
            for l, v in values.items():
                params.setdefault(f"c_{l}", v)
        super().__init__(**params)
        if np.any(self.bf_invisible >= 1.0):
            raise ValueError("bf_invisible must be < 1")

    def yukawa(self, lepton):
        """Pseudoscalar Yukawa y_l = c_l m_l / Lambda (on-shell equivalent of the derivative coupling)."""
        return getattr(self, f"c_{lepton}") * C.LEPTON_MASS[lepton] / self.Lambda

    def production_coupling(self, process):
        if getattr(process, "lepton", None):
            return np.abs(self.yukawa(process.lepton))
        if isinstance(process, PhotonFusion):  # real photons: the on-shell coupling with lepton loops
            return np.abs(self.g_agg_effective())
        return np.abs(self.g_agg)

    def g_agg_effective(self):
        """On-shell photon coupling including the lepton loops (complex above 2 m_l), GeV^-1."""
        shift = 0.0 if self.basis == "derivative" else 1.0
        loops = sum(getattr(self, f"c_{l}") / self.Lambda * (B1(tau_of(self.mass, C.LEPTON_MASS[l])) - shift)
                    for l in _LEPTONS)
        return self.g_agg + C.ALPHA0 / np.pi * loops

    def widths(self):
        out = {"gamma gamma": pseudoscalar_to_photons(self.mass, self.g_agg_effective()), **self._lepton_widths()}
        visible = sum(out.values())
        out["invisible"] = self.bf_invisible / (1.0 - self.bf_invisible) * visible
        return {k: np.broadcast_to(v, self.shape).astype(float) for k, v in out.items()}


class LeptophilicScalar(_LeptonCoupled):
    """Leptophilic scalar phi_L with L = -xi sum_l (m_l/v) phi_L lbar l (Batell, Lange, McKeen, Pospelov,
    Ritz, PRD 95 (2017) 075003 [arXiv:1606.04943]; BaBar PRL 125 (2020) 181801; docs/physics.md E1).
    Widths: l+l- = xi^2 m_l^2 m beta^3/(8 pi v^2); gamma gamma through lepton loops (E1).

    >>> round(float(LeptophilicScalar(mass=5.0, xi=1.0).widths()["tau+ tau-"]) / 1e-6, 3)   # docs/physics.md E1
    3.606
    """

    PARAMETERS = {"mass": ("mass", None), "xi": ("coupling", None)}
    COUPLING = "xi"
    SYMBOLS = {"mass": r"m_{\phi_L}", "xi": r"\xi"}
    COUPLING_MAX = {"xi": float(np.sqrt(4 * np.pi) * C.V_EW / C.M_TAU)}  # y_tau = xi m_tau/v <= sqrt(4 pi)
    PROCESSES = {
        "e+ e- > mu+ mu- S": _radiation("mu", "scalar", "S"),
        "e+ e- > tau+ tau- S": _radiation("tau", "scalar", "S"),
    }
    AGGREGATES = {"leptons": ("e+ e-", "mu+ mu-", "tau+ tau-")}

    def yukawa(self, lepton):
        return self.xi * C.LEPTON_MASS[lepton] / C.V_EW

    def widths(self):
        out = self._lepton_widths()
        out["gamma gamma"] = scalar_to_photons(self.mass, {C.LEPTON_MASS[l]: self.yukawa(l) for l in _LEPTONS}, C.ALPHA0)
        return {k: np.broadcast_to(v, self.shape).astype(float) for k, v in out.items()}

    def delta_a(self, lepton="mu"):
        """One-loop scalar exchange (docs/physics.md E3; Leveille, NPB 137 (1978) 63), y = xi m_l/v."""
        from pheno.g2 import delta_a_scalar

        return self._delta_a_from(delta_a_scalar, lepton, self.yukawa(lepton) if lepton in _LEPTONS else 0.0)


class MuonphilicScalar(_LeptonCoupled):
    """Muonphilic scalar S with L = -g_S S mubar mu (Capdevilla, Curtin, Kahn, Krnjaic, JHEP 04 (2022)
    129 [arXiv:2112.08377]; docs/physics.md E2). Widths: mu+mu- = g^2 m beta^3/(8 pi); gamma gamma through
    the muon loop (the only channel below 2 m_mu).

    >>> round(float(MuonphilicScalar(mass=0.5, g=1e-3).widths()["mu+ mu-"]) / 1e-8, 3)   # docs/physics.md E2
    1.481
    """

    PARAMETERS = {"mass": ("mass", None), "g": ("coupling", None)}
    COUPLING = "g"
    SYMBOLS = {"mass": "m_S", "g": "g_S"}
    PROCESSES = {"e+ e- > mu+ mu- S": _radiation("mu", "scalar", "S")}

    def yukawa(self, lepton):
        return self.g if lepton == "mu" else 0.0 * self.g

    def widths(self):
        out = {"mu+ mu-": scalar_to_fermions(self.mass, C.M_MU, self.g),
               "gamma gamma": scalar_to_photons(self.mass, {C.M_MU: self.g}, C.ALPHA0)}
        return {k: np.broadcast_to(v, self.shape).astype(float) for k, v in out.items()}

    def delta_a(self, lepton="mu"):
        """One-loop scalar exchange (docs/physics.md E3), y = g_S for the muon, 0 otherwise."""
        from pheno.g2 import delta_a_scalar

        return self._delta_a_from(delta_a_scalar, lepton, self.g if lepton == "mu" else 0.0)
