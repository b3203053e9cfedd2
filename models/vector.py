"""A vector boson X with arbitrary vector charges: dark photon, B-L, baryonic, protophobic, L_mu - L_tau, ...

L = g X_mu [ sum_f x_f fbar gamma^mu f + sum_nu x_nu nubar gamma^mu P_L nu ] (+ g_chi X_mu J^mu_chi),
with x_f the charges (``charges``: a preset name of PRESETS or a dict). Widths (GeV):

  l+ l-:    (g x_l)^2 m/(12 pi) (1 + 2 x) beta                              (docs/physics.md A1/C2)
  nu nu~:   sum over flavours (g x_nu)^2 m/(24 pi) (left-handed only)        (docs/physics.md C2: the vector width with g_v = g_a = g x_nu/2)
  hadrons:  g^2 m R_X(m^2)/(12 pi) with R_X the hadronic R of X's quark current (pheno.hadrons): every
            exclusive channel's isovector (rho-like), isoscalar (omega-like) and s sbar (phi-like) parts
            weighted by X's charge in that combination relative to the photon's, heavy quarks by
            (x_c/Q_c)^2, (x_b/Q_b)^2 (the DarkCast method: Ilten, Soreq, Williams, Xue, JHEP 06 (2018) 004);
            for the photon's charges g = eps e this is the dark photon's (alpha eps^2 m/3) R.
  chi chi~: as for the dark photon, with the coupling g_chi (default g x_chi)   (docs/physics.md A3)

Production: e+e- -> gamma X through the electron charge (sigma = sigma_dark photon(eps) with eps e -> g |x_e|,
pheno.production.PhotonAssociated), and e+e- -> mu+mu- X, tau+tau- X (radiation off the final leptons,
only for x_e = 0: the diagrams with X off the beams are not included). ``production_coupling`` returns
g |x_lepton|, so the limit converter and :func:`pheno.recast_limit` recast any published vector limit
between charge assignments: production by the electron (or muon) charge, decay by the final state.
"""
from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np

from pheno import constants as C
from pheno.hadrons import R_channels, R_ratio, current_weights
from pheno.model import Model
from pheno.production import LeptonPairRadiation, PhotonAssociated
from pheno.widths import vector_to_fermions, vector_to_scalars

FERMIONS = ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau", "u", "d", "s", "c", "b")
CHARGE_KEYS = (*FERMIONS, "chi")
LEPTONS = ("e", "mu", "tau")


def _charges(**x) -> MappingProxyType:
    return MappingProxyType({k: float(x.get(k, 0.0)) for k in CHARGE_KEYS})


_QUARKS_EM = {q: C.QUARK_CHARGE[q] for q in ("u", "d", "s", "c", "b")}  # the photon's
_BARYON = {q: 1 / 3 for q in _QUARKS_EM}
PRESETS: dict[str, MappingProxyType] = {
    # the photon's charges: with g = eps e(0) this is pheno.models.DarkPhoton
    "dark_photon": _charges(e=-1, mu=-1, tau=-1, **_QUARKS_EM),
    # B - L: anomaly-free with three right-handed neutrinos (here: left-handed neutrinos only, light ones)
    "B-L": _charges(e=-1, mu=-1, tau=-1, nu_e=-1, nu_mu=-1, nu_tau=-1, **_BARYON),
    # baryon number; leptons only through the loop-induced mixing eps = e g/(4 pi)^2 with the photon,
    # x_l = -e^2/(4 pi)^2 = -alpha/(4 pi) (its natural size, as in DarkCast; S. Tulin, PRD 89 (2014) 114008)
    "B": _charges(e=-C.ALPHA0 / (4 * math.pi), mu=-C.ALPHA0 / (4 * math.pi), tau=-C.ALPHA0 / (4 * math.pi), **_BARYON),
    # protophobic: no coupling to protons (2 x_u + x_d = 0), x_d = x_s = x_b, x_u = x_c; electron-like leptons
    # (J.L. Feng et al., PRL 117 (2016) 071803; the charges of DarkCast's protophobic model)
    "protophobic": _charges(e=-1, mu=-1, tau=-1, u=-1 / 3, d=2 / 3, s=2 / 3, c=-1 / 3, b=2 / 3),
    # L_mu - L_tau; chi with unit charge, as in pheno.models.LmuLtau (g_chi defaults to g)
    "L_mu-L_tau": _charges(mu=1, nu_mu=1, tau=-1, nu_tau=-1, chi=1),
}


def resolve_charges(charges) -> MappingProxyType:
    """A preset name or a {fermion: charge} dict (missing fermions: 0) -> the full charge mapping."""
    if isinstance(charges, str):
        if charges not in PRESETS:
            raise ValueError(f"charges: unknown preset {charges!r}; presets: {list(PRESETS)} (or give a dict)")
        return PRESETS[charges]
    if not isinstance(charges, (dict, MappingProxyType)):
        raise TypeError(f"charges must be a preset name {list(PRESETS)} or a dict {{fermion: charge}}, got {charges!r}")
    unknown = set(charges) - set(CHARGE_KEYS)
    if unknown:
        raise ValueError(f"charges: unknown fermion(s) {sorted(unknown)}; valid: {list(CHARGE_KEYS)}")
    out = {}
    for k, v in charges.items():
        try:
            out[k] = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"charges[{k!r}] must be a number, got {v!r}") from None
        if not math.isfinite(out[k]):
            raise ValueError(f"charges[{k!r}] must be finite, got {v!r}")
    return _charges(**out)


def hadron_weights(x) -> tuple[float, ...]:
    """(w_rho, w_omega, w_phi, w_c, w_b) of charges ``x`` (pheno.hadrons.current_weights)."""
    return current_weights(x["u"], x["d"], x["s"], x["c"], x["b"])


def vector_widths(mass, g, x, shape, m_chi=None, g_chi=None, chi="dirac", neutrinos=True) -> dict:
    """Partial widths [GeV] of a vector of mass ``mass`` with couplings g x_f (module docstring);
    shared by VectorBoson and DarkPhoton. ``g_chi``: the chi coupling (None: g x_chi)."""
    def fermions(m_f, charge, axial=False):  # 0 without computing for an uncharged fermion
        if charge == 0.0:
            return np.zeros(shape)
        c = g * charge
        return vector_to_fermions(mass, m_f, 0.5 * c, 0.5 * c) if axial else vector_to_fermions(mass, m_f, c)

    out = {f"{l}+ {l}-": fermions(C.LEPTON_MASS[l], x[l]) for l in LEPTONS}
    if neutrinos:  # massless, left-handed: g x P_L = (g x/2)(1 - gamma5); the flavours add as sum x^2
        out["nu nu~"] = fermions(0.0, math.sqrt(sum(x[n] ** 2 for n in ("nu_e", "nu_mu", "nu_tau"))), axial=True)
    out["hadrons"] = np.square(g) * mass / (12.0 * math.pi) * R_ratio(mass, weights=hadron_weights(x))
    if m_chi is not None:
        gc = g * x["chi"] if g_chi is None else g_chi
        fn = vector_to_fermions if chi == "dirac" else vector_to_scalars
        out["chi chi~"] = fn(mass, m_chi, gc)
    return {k: np.broadcast_to(v, shape).astype(float) for k, v in out.items()}


def hadronic_channel_widths(mass, g, x, shape) -> dict:
    """Gamma(X -> F) [GeV] for every channel of pheno.hadrons.CHANNELS; they sum to the "hadrons" width."""
    pref = np.square(g) * mass / (12.0 * math.pi)
    return {ch: np.broadcast_to(pref * r, shape).astype(float)
            for ch, r in R_channels(mass, weights=hadron_weights(x)).items()}


_ALIASES_GAMMA = ("e+ e- > X gamma", "e+ e- > gamma A'", "e+ e- > A' gamma", "e+ e- > gamma Z'", "e+ e- > Z' gamma")


class VectorBoson(Model):
    """Vector boson X of mass ``mass`` [GeV], gauge coupling ``g``, charges ``charges`` (a name of PRESETS:
    "dark_photon", "B-L", "B", "protophobic", "L_mu-L_tau", or a dict {fermion: charge} over
    e, mu, tau, nu_e, nu_mu, nu_tau, u, d, s, c, b, chi; missing ones are 0); optional dark fermion
    (``chi`` = "dirac") or complex scalar ("scalar") of mass ``m_chi`` with coupling ``g_chi``
    (default g x_chi).

    Channels: "e+ e-", "mu+ mu-", "tau+ tau-", "nu nu~", "hadrons", "chi chi~"; :meth:`hadronic_widths`
    splits "hadrons" into pheno.hadrons.CHANNELS. Aggregates "visible", "invisible" (nu nu~ + chi chi~).

    >>> x = VectorBoson(mass=0.5, g=1e-4, charges="B-L")
    >>> round(float(x.branching_ratio("invisible")), 4)    # 3 nu flavours: (1/8)/(1/8 + (1 + 0.9873)/12)
    0.4301
    >>> round(float(x.hadronic_parts()["rho"]), 6)         # B - L is isoscalar: no rho-like part
    0.0
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "g": ("coupling", None),
        "m_chi": ("optional_mass", None),
        "g_chi": ("optional_coupling", None),
        "chi": (("dirac", "scalar"), "dirac"),
    }
    COUPLING = "g"
    CHARGES = None  # preset of a subclass (see BminusL, Baryonic, Protophobic)
    PROCESSES = {
        "e+ e- > gamma X": PhotonAssociated("e+ e- > gamma X", particle="X", aliases=_ALIASES_GAMMA, e_power=2),
        "e+ e- > mu+ mu- X": LeptonPairRadiation("e+ e- > mu+ mu- X", "mu", "vector", "X",
                                                 aliases=("e+ e- > mu+ mu- Z'",)),
        "e+ e- > tau+ tau- X": LeptonPairRadiation("e+ e- > tau+ tau- X", "tau", "vector", "X",
                                                   aliases=("e+ e- > tau+ tau- Z'",)),
    }
    AGGREGATES = {"visible": ("e+ e-", "mu+ mu-", "tau+ tau-", "hadrons"), "invisible": ("nu nu~", "chi chi~")}

    def __init__(self, charges=None, **params):
        if self.CHARGES is not None:
            if charges is not None and resolve_charges(charges) != resolve_charges(self.CHARGES):
                raise ValueError(f"{type(self).__name__} has the {self.CHARGES!r} charges; use VectorBoson for others")
            charges = self.CHARGES
        if charges is None:
            raise TypeError(f"{type(self).__name__}: missing parameter 'charges' (a preset {list(PRESETS)} or a dict)")
        self.charges = resolve_charges(charges)
        super().__init__(**params)
        self._choices["charges"] = charges

    def widths(self) -> dict[str, np.ndarray]:
        return vector_widths(self.mass, self.g, self.charges, self.shape, self.m_chi, self.g_chi, self.chi)

    def hadronic_widths(self) -> dict[str, np.ndarray]:
        """Gamma(X -> F) per exclusive channel F of pheno.hadrons.CHANNELS; they sum to widths()["hadrons"]."""
        return hadronic_channel_widths(self.mass, self.g, self.charges, self.shape)

    def hadronic_parts(self) -> dict[str, np.ndarray]:
        """Gamma(X -> hadrons) split by current (pheno.hadrons.R_currents): "rho", "omega", "phi", their
        interference terms "rho-omega", "rho-phi", "omega-phi" (can be negative), "c", "b"; they sum to
        widths()["hadrons"]."""
        from pheno.hadrons import R_currents

        pref = np.square(self.g) * self.mass / (12.0 * math.pi)
        return {k: np.broadcast_to(pref * r, self.shape).astype(float)
                for k, r in R_currents(self.mass, weights=hadron_weights(self.charges)).items()}

    def production_coupling(self, process) -> np.ndarray:
        """g |x_e| for e+e- -> gamma X; g |x_l| for e+e- -> l+l- X (which needs x_e = 0)."""
        if isinstance(process, LeptonPairRadiation):
            if self.charges["e"] != 0.0:
                raise ValueError(f"{process.name}: X radiated off the beam electrons is not included; this process "
                                 f"needs charges with x_e = 0 (got x_e = {self.charges['e']:g})")
            return self.g * abs(self.charges[process.lepton])
        return self.g * abs(self.charges["e"])

    def delta_a(self, lepton: str = "mu") -> np.ndarray:
        """Delta a_l = ((g x_l)^2/8 pi^2) Int 2 m_l^2 z(1-z)^2/(m_l^2(1-z)^2 + m^2 z) dz (docs/physics.md A5, C4)."""
        from pheno.g2 import delta_a_vector

        x = self.charges.get(lepton, 0.0) if lepton in C.LEPTON_MASS else 0.0
        return self._delta_a_from(delta_a_vector, lepton, self.g * abs(x))


def _preset(name: str, cls_name: str, summary: str):
    doc = f"""{summary}: :class:`VectorBoson` with charges="{name}" (PRESETS["{name}"]); same parameters."""
    return type(cls_name, (VectorBoson,), {"CHARGES": name, "__doc__": doc, "__module__": __name__})


BminusL = _preset("B-L", "BminusL", "B - L gauge boson")
Baryonic = _preset("B", "Baryonic", "Baryonic (B) gauge boson, leptons through loop-induced mixing")
Protophobic = _preset("protophobic", "Protophobic", "Protophobic vector boson (Feng et al. 2016)")
