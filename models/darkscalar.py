"""Dark scalar S mixing with the Higgs boson (the minimal dark Higgs), and the h' of dark Higgsstrahlung.

L ⊃ -sin(theta) S [ sum_f (m_f/v) fbar f - (2 m_W^2/v) W+W- - ... ]: every Higgs coupling times sin(theta)
(docs/physics.md F; M.W. Winkler, PRD 99 (2019) 015018 [arXiv:1809.01876]; Boiarska et al., JHEP 11 (2019)
162 [arXiv:1904.10447]). All widths scale as sin^2(theta); the BFs depend on the mass only.
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.decay import BELLE2_ECL_INNER
from pheno.model import Model
from pheno.sm_decays import ParentDecay
from pheno.widths import scalar_to_fermions, scalar_to_photons

_LEPTONS = ("e", "mu", "tau")
_MESON_PAIRS = ("pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~")
_QUARKS = {"s s~": "s", "c c~": "c", "b b~": "b"}
# heavy charged fermions in the photon loop: pole masses [GeV] and N_c Q^2
_PHOTON_LOOP = {C.M_E: 1.0, C.M_MU: 1.0, C.M_TAU: 1.0, C.M_CHARM_POLE: 4.0 / 3.0, C.M_BOTTOM_POLE: 1.0 / 3.0,
                C.M_TOP_POLE: 4.0 / 3.0}


def higgs_like_widths(mass, hadronic_scale=1.0, hadronic_model="dispersive") -> dict[str, np.ndarray]:
    """Partial widths [GeV] of a scalar of mass ``mass`` [GeV] with Higgs couplings times sin(theta) = 1.

    Channels: "e+ e-", "mu+ mu-", "tau+ tau-" (Gamma = m_l^2 m beta^3/(8 pi v^2), docs/physics.md F2);
    "gamma gamma" (W, t, b, c, tau, mu, e loops, alpha(0); Djouadi, Phys. Rept. 457 (2008) 1);
    "pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~" (pheno.scalar_hadrons, ``hadronic_model`` "dispersive" or
    "chiral_unitary", times ``hadronic_scale``, faded out over 1.2-2.0 GeV); "s s~", "c c~", "b b~", "g g" (perturbative QCD,
    faded in over 1.2-2.0 GeV). Vectorised over ``mass``; 0 for closed channels.
    """
    from pheno import scalar_hadrons as SH
    from pheno.vmd import M_PI0

    m = np.asarray(mass, float)
    scale = np.broadcast_to(np.asarray(hadronic_scale, float), m.shape)
    out = {f"{l}+ {l}-": scalar_to_fermions(m, C.LEPTON_MASS[l], C.LEPTON_MASS[l] / C.V_EW) for l in _LEPTONS}
    out["gamma gamma"] = scalar_to_photons(m, {mf: mf / C.V_EW for mf in _PHOTON_LOOP}, C.ALPHA0,
                                           colour_charge2=_PHOTON_LOOP, kappa_w=1.0)
    w = SH.transition_weight(m)
    low = (m < SH.TRANSITION[1]) & (m > 2.0 * M_PI0)  # meson pairs: from the pi0 pi0 threshold to the window end
    for ch in _MESON_PAIRS:
        out[ch] = np.zeros(m.shape)
    if low.any():
        pairs = SH.meson_pair_widths(m[low], *SH.higgs_sources(1.0), method=hadronic_model)
        for ch in _MESON_PAIRS:
            out[ch][low] = pairs[ch] * (1.0 - w[low]) * scale[low]
    high = w > 0.0
    for ch in (*_QUARKS, "g g"):
        out[ch] = np.zeros(m.shape)
    if high.any():
        for ch, q in _QUARKS.items():
            out[ch][high] = SH.quark_pair_width(m[high], q) * w[high]
        out["g g"][high] = SH.gluon_pair_width(m[high]) * w[high]
    return out


def _unit_widths(model) -> dict[str, np.ndarray]:
    """higgs_like_widths on the model's distinct masses, broadcast to model.shape (at sin(theta) = 1)."""
    m = np.broadcast_to(model.mass, model.shape)
    scale = np.broadcast_to(model.hadronic_scale, model.shape)
    pairs = np.stack([m.ravel(), scale.ravel()])
    uniq, inverse = np.unique(pairs, axis=1, return_inverse=True)
    unit = higgs_like_widths(uniq[0], uniq[1], model.hadronic_model)
    return {k: v[inverse.ravel()].reshape(model.shape) for k, v in unit.items()}


def _b_to_k(parent, recoil):
    def width(model):
        from pheno.flavour import F0_FORM_FACTORS, higgs_portal_couplings, width_to_pseudoscalar

        g_s, _ = higgs_portal_couplings(1.0, model.m_top, model.vts_vtb)
        return width_to_pseudoscalar(model.mass, g_s, parent, recoil, F0_FORM_FACTORS[model.f0])
    return width


def _b_to_kstar(parent, recoil, recoil_bf=1.0):
    def width(model):
        from pheno.flavour import higgs_portal_couplings, width_to_vector

        _, g_p = higgs_portal_couplings(1.0, model.m_top, model.vts_vtb)
        return recoil_bf * width_to_vector(model.mass, g_p, parent, recoil)
    return width


class DarkScalar(Model):
    """Higgs-mixed dark scalar S of mass ``mass`` [GeV] and mixing ``sin_theta``.

    Optional parameters: ``m_top`` [GeV] (default 172.57, pole mass; MS-bar m_t(m_t) = 162.5 lowers every
    B -> K(*) S rate by 21 %), ``vts_vtb`` = |V_ts^* V_tb| (default 0.04106, PDG 2024 global fit),
    ``f0`` = "GKvD2018" (default) | "HPQCD2022" (B -> K form factor; pheno.flavour), ``hadronic_model`` =
    "dispersive" (default) | "chiral_unitary" (pi pi and K K below 1.2 GeV; pheno.scalar_hadrons), and
    ``hadronic_scale`` (default 1: multiplies the non-perturbative pi pi and K K widths, e.g. 0.5 and 2 for
    a theory band).

    Widths (all proportional to sin^2(theta); :func:`higgs_like_widths`):
      l+l-        sin^2 m_l^2 m beta^3/(8 pi v^2)                                     (docs/physics.md F2)
      gamma gamma W, t, b, c, tau, mu, e loops with alpha(0) (light-quark/hadron loops neglected:
                  ~10 % in the amplitude below 2 m_pi, where gamma gamma competes only with e+e-)
      pi pi, K K  two-channel dispersive (Muskhelishvili-Omnes) form factors with the GKPY pi pi phase
                  (pheno.scalar_hadrons) below 1.2 GeV; theory uncertainty ~20 % at 0.3-0.9 GeV, a factor
                  ~2 at 0.9-0.985 GeV, ~4 at 0.985-1.05 GeV (f0(980), K Kbar threshold), ~2 at 1.05-1.2
                  (pi pi + K K; the split between them is less certain: pi pi alone up to ~7 and ~3.5).
                  Winkler's dispersive widths (Belle II's interpretation used them) are within 15 % of
                  these at 0.3-0.985 GeV, but his pi pi width peaks at 1.00 GeV where this one has fallen
                  at the K Kbar threshold: c*tau(1.000 GeV) is 0.84 mm x (1e-3/sin)^2 here (0.99 mm with the
                  chiral unitary model), 0.29 mm with Winkler's widths (reached here at 0.983-0.991 GeV)
      s s~, c c~, b b~, g g  perturbative QCD above 2 GeV (running masses, QCD corrections)
      between 1.2 and 2.0 GeV the two descriptions are mixed smoothly (uncertainty up to a factor ~3);
                  at 2-3.5 GeV the width is ~1.7-2x FORESEE's (the NLO g g factor, 2.9 at 2 GeV)
    Channels: "e+ e-", "mu+ mu-", "tau+ tau-", "gamma gamma", "pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~",
    "s s~", "c c~", "b b~", "g g"; aggregates "pi pi", "K K", "hadrons", "leptons".

    Production in B decays (pheno.flavour; BF = sin^2 x Gamma(sin = 1)/Gamma_B(PDG)):
      "B+ > K+ S", "B0 > K0 S" (f_0), "B0 > K*0 S", "B+ > K*+ S" (A_0), and
      "B0 > K*0(> K+ pi-) S" = BF(B0 -> K*0 S) x B(K*0 -> K+ pi-) = 2/3 (isospin): the mode Belle II
      measures (PRD 108 (2023) L111104). Convert its limits with this process name, so that the 2/3 is
      applied once, by pheno, and visibly.

    >>> s = DarkScalar(mass=1.0, sin_theta=1e-3)
    >>> round(float(s.widths()["mu+ mu-"]) / 1e-15, 3)   # GeV; docs/physics.md F2: 6.842e-9 sin^2
    6.842
    >>> round(float(DarkScalar(mass=1.0, sin_theta=1.0, vts_vtb=0.0405).production_branching_ratio("B+ > K+ S")), 2)
    0.46
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "sin_theta": ("coupling", None),
        "m_top": ("mass", C.M_TOP_POLE),
        "vts_vtb": ("coupling", C.V_TS * C.V_TB),
        "hadronic_scale": ("coupling", 1.0),
        "f0": (("GKvD2018", "HPQCD2022"), "GKvD2018"),
        "hadronic_model": (("dispersive", "chiral_unitary"), "dispersive"),
    }
    COUPLING = "sin_theta"
    COUPLING_MAX = {"sin_theta": 1.0}
    # limits without a lifetime map require the decay before the Belle II calorimeter, as for the other
    # spin-0 models (pass fiducial=pheno.decay.BELLE2_BTOKS_DISPLACED for a displaced-vertex search)
    DEFAULT_FIDUCIAL = BELLE2_ECL_INNER
    PROCESSES = {
        "B+ > K+ S": ParentDecay("B+ > K+ S", "B+", "K+", "S", width=_b_to_k("B+", "K+")),
        "B0 > K0 S": ParentDecay("B0 > K0 S", "B0", "K0", "S", width=_b_to_k("B0", "K0")),
        "B0 > K*0 S": ParentDecay("B0 > K*0 S", "B0", "K*0", "S", width=_b_to_kstar("B0", "K*0")),
        "B+ > K*+ S": ParentDecay("B+ > K*+ S", "B+", "K*+", "S", width=_b_to_kstar("B+", "K*+")),
        "B0 > K*0(> K+ pi-) S": ParentDecay("B0 > K*0(> K+ pi-) S", "B0", "K*0", "S",
                                            width=_b_to_kstar("B0", "K*0", C.BF_KSTAR0_TO_KPLUS_PIMINUS)),
    }
    AGGREGATES = {
        "pi pi": ("pi+ pi-", "pi0 pi0"),
        "K K": ("K+ K-", "K0 K0~"),
        "hadrons": (*_MESON_PAIRS, *_QUARKS, "g g"),
        "leptons": ("e+ e-", "mu+ mu-", "tau+ tau-"),
    }

    def widths(self) -> dict[str, np.ndarray]:
        s2 = np.square(np.broadcast_to(self.sin_theta, self.shape))
        return {k: s2 * v for k, v in _unit_widths(self).items()}


def vector_pair_width(m_h, m_v, alpha_d):
    """Gamma(h' -> A' A') [GeV] = alpha_D m_h^3 beta (1 - 4x + 12x^2)/(8 m_V^2), x = m_V^2/m_h^2, for the
    h'A'A' vertex 2 g_D m_A' g^{mu nu} (unit dark charge; identical final vectors; 0 below 2 m_V).
    Derivation: sum_pol |eps1.eps2|^2 = 2 + (m_h^2 - 2 m_V^2)^2/(4 m_V^4); the SM h -> ZZ width has the
    same structure (Djouadi, Phys. Rept. 457 (2008) 1, eq. (2.33))."""
    m_h, m_v = np.asarray(m_h, float), np.asarray(m_v, float)
    x = np.square(m_v / m_h)
    b2 = np.clip(1.0 - 4.0 * x, 0.0, None)
    return alpha_d * m_h**3 * np.sqrt(b2) * (1.0 - 4.0 * x + 12.0 * x * x) / (8.0 * m_v**2) * (b2 > 0)


class DarkHiggs(DarkScalar):
    """The dark Higgs h' of the minimal dark-photon model (mass ``mass``, Higgs mixing ``sin_theta``,
    default 0) with the dark photon of mass ``m_Ap`` and coupling ``alpha_D``: the DarkScalar widths plus
    "A' A'" (:func:`vector_pair_width`, open for m_h' > 2 m_A'; A'A'* below is neglected). With
    sin_theta = 0 and m_h' < 2 m_A' it is stable (c*tau = inf). Used by
    :meth:`pheno.models.DarkHiggsstrahlung.dark_higgs`.

    >>> h = DarkHiggs(mass=2.0, m_Ap=0.5, alpha_D=0.1, sin_theta=0.0)
    >>> float(h.branching_ratio("A' A'"))
    1.0
    """

    PARAMETERS = {**DarkScalar.PARAMETERS, "sin_theta": ("coupling", 0.0), "m_Ap": ("mass", None),
                  "alpha_D": ("coupling", 0.0)}
    AGGREGATES = {**DarkScalar.AGGREGATES, "dark photons": ("A' A'",)}

    def widths(self) -> dict[str, np.ndarray]:
        out = super().widths()
        out["A' A'"] = np.broadcast_to(vector_pair_width(self.mass, self.m_Ap, self.alpha_D), self.shape).astype(float)
        return out
