"""Decays of vector quarkonia (Upsilon(1S)) into new particles: matrix elements as functions of the
quark-level couplings, normalised to the measured leptonic decays (docs/physics.md H).

Decay constant: <0| bbar gamma^mu b |V(p, e)> = f_V m_V e^mu (colour included in f_V). Leading order
(Van Royen-Weisskopf): Gamma(V -> l+ l-) = 4 pi alpha^2 Q_b^2 f_V^2 (1 + 2x_l) beta_l / (3 m_V), x = m^2/m_V^2.
Any new-physics decay through the b vector current, L = G J_X^mu (bbar gamma_mu b), has the same f_V^2, so
the ratio to Gamma(V -> l+ l-) is f_V-free (:func:`vector_current_ratio`); multiplied by the PDG leptonic
width (:func:`leptonic_width`) it gives the partial width. That ratio is the preferred normalisation
(docs/physics.md H1): it needs no lattice or potential-model f_V and no alpha_s correction to Gamma_ll.

Which alpha: Gamma(V -> l l) proceeds through a photon of virtuality m_V^2; the measured (dressed) width
contains the vacuum polarisation, so alpha(m_V^2) is the consistent choice in the ratio ("running",
1/alpha = 132.3 at 9.46 GeV). alpha(0) (default) reproduces the literature convention of docs/physics.md H and
Fernandez, Kumar, Seong, Stengel, PRD 90 (2014) 015029; the two differ by (alpha(0)/alpha(m_V))^2 = 0.93.
"""
from __future__ import annotations

import numpy as np

from . import constants as C
from .widths import vector_to_fermions, vector_to_scalars

Q_B = C.QUARK_CHARGE["b"]
NORMALISATIONS = ("mu+ mu-", "e+ e-", "tau+ tau-", "Gamma_ee")
_LEPTON_OF = {"e+ e-": "e", "mu+ mu-": "mu", "tau+ tau-": "tau", "Gamma_ee": "e"}


def leptonic_width(state: str, normalisation: str) -> float:
    """PDG partial width [GeV] used to normalise: BF(V -> l l) x Gamma_V for "mu+ mu-", "e+ e-", "tau+ tau-"
    (pheno.constants.SM_BRANCHING_FRACTIONS, Gamma_V from pheno.particles), or the PDG fit of
    Gamma(V -> e+ e-) for "Gamma_ee" (equivalent to the decay constant f_V = 0.715 GeV at alpha(0)).

    >>> round(leptonic_width("Upsilon(1S)", "Gamma_ee") * 1e6, 3)   # keV
    1.34
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, got {normalisation!r}")
    if state != "Upsilon(1S)":
        raise ValueError(f"only 'Upsilon(1S)' is tabulated, got {state!r}")
    if normalisation == "Gamma_ee":
        return C.UPSILON1S_GAMMA_EE
    from .particles import total_width

    return C.SM_BRANCHING_FRACTIONS[f"{state} > {normalisation}"][0] * total_width(state)


def lepton_of(normalisation: str) -> str:
    """The lepton of a normalisation channel ("mu+ mu-" -> "mu")."""
    return _LEPTON_OF[normalisation]


def vector_current_ratio(m_v, m_x, coupling, current: str, lepton: str = "mu", alpha: float = C.ALPHA0, charge=Q_B):
    """Gamma(V -> X Xbar) / Gamma(V -> l+ l-) for L = G J_X^mu (qbar gamma_mu q) (f_V-free; docs/physics.md H1).

    current: "vector" (Dirac X, J = Xbar gamma X), "axial" (Dirac X, J = Xbar gamma gamma5 X), "scalar"
    (complex scalar X, J = i(X* d X - X d X*)); ``coupling`` = G [GeV^-2] (complex allowed, e.g. an off-shell
    mediator's g_q g_X/(m_V^2 - m_med^2 + i m_med Gamma_med)).
    The X pair couples like a vector of coupling G f_V m_V, the leptons like e^2 Q f_V/m_V, so
      ratio = W_X(m_V, m_X; G m_V^2) / W_l(m_V, m_l; e^2 Q),
    W the V -> pair widths of pheno.widths; e.g. for the vector current with m_X = 0, m_l -> 0:
      G^2 m_V^4 / (16 pi^2 alpha^2 Q^2)  (8.57e-6 for G = 1/TeV^2 at the Upsilon(1S); docs/physics.md H1).

    >>> round(float(vector_current_ratio(9.4604, 0.0, 1e-6, "vector", "e")) * 1e6, 3)
    8.573
    """
    g_x = np.abs(coupling) * np.square(np.asarray(m_v, float))
    if current == "vector":
        num = vector_to_fermions(m_v, m_x, g_x)
    elif current == "axial":
        num = vector_to_fermions(m_v, m_x, 0.0, g_x)
    elif current == "scalar":
        num = vector_to_scalars(m_v, m_x, g_x)
    else:
        raise ValueError(f"current must be 'vector', 'axial' or 'scalar', got {current!r}")
    den = vector_to_fermions(m_v, C.LEPTON_MASS[lepton], 4.0 * np.pi * alpha * charge)
    return num / den


def wilczek_ratio(m_v, m_a, yukawa, alpha: float = C.ALPHA0, lepton: str = "mu"):
    """Gamma(V -> gamma A) / Gamma(V -> l+ l-) at leading order for a (pseudo)scalar A with Yukawa
    coupling y to the heavy quark (Wilczek, PRL 39 (1977) 1304; docs/physics.md H2):

      ratio = y^2 (1 - m_A^2/m_V^2) / (2 pi alpha) = G_F m_q^2 (1 - m_A^2/m_V^2)/(sqrt2 pi alpha) for y = m_q/v,

    the same for a scalar and a pseudoscalar at this order (0 where m_A >= m_V), with the lepton-mass
    factor 1/((1 + 2x_l) beta_l) of Gamma(V -> l l) (1 - 3e-8 for muons, 0.992 for taus). QCD and
    relativistic corrections multiply it by a factor F_QCD (the model's parameter). Tested against an
    explicit colour-singlet 3S1 projection with Dirac matrices.

    >>> round(float(wilczek_ratio(9.4604, 0.0, 4.7302 / 246.2196)) * 1e3, 3)   # G_F m_b^2/(sqrt2 pi alpha)
    8.049
    """
    m_v, m_a = np.asarray(m_v, float), np.asarray(m_a, float)
    x = (C.LEPTON_MASS[lepton] / m_v) ** 2
    lepton_factor = (1.0 + 2.0 * x) * np.sqrt(1.0 - 4.0 * x)
    return np.square(np.abs(yukawa)) * np.clip(1.0 - np.square(m_a / m_v), 0.0, None) / (2.0 * np.pi * alpha * lepton_factor)
