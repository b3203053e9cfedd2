"""Feynman rules -> spin-summed |M|^2 for e-(p1) e+(p2) -> e-(k1) mu+(k2) X(q), X a vector coupling only to
the e-mu current: L = X_a ebar gamma^a (g_V + g_A gamma5) mu + h.c. (e.g. an LFV Z', docs/physics.md M2).

Every tree diagram (electrons massless, muon mass m, X mass mx); the photon joins two fermion lines:

  s-channel (photon of virtuality s = (p1+p2)^2, Bhabha's annihilation topology):
    M_s = (e^2/s) [vbar(p2) g_r u(p1)] ubar(k1) G_s^r v(k2),
    G_s^r = g^r (-k2s - qs) V / D_e  +  V (k1s + qs + m) g^r / D_m1         (X off the e+ or off the mu-)
  t-channel (photon of virtuality t = (p1-k1)^2, Bhabha's scattering topology):
    M_t = (e^2/t) [ubar(k1) g_r u(p1)] vbar(p2) G_t^r v(k2),
    G_t^r = g^r (-k2s - qs) V / D_e  +  V (qs - p2s + m) g^r / D_m2          (X off the e+ line, before/after)
  D_e = (k2+q)^2, D_m1 = (k1+q)^2 - m^2, D_m2 = (q-p2)^2 - m^2, V = g^a (vector) or g^a g5 (axial) x eps*_a(q).

M = M_s - M_t: the relative sign of the two topologies is Bhabha's (Fermi statistics of the two e+e- pairings;
inserting the X vertex on a line does not change it; tested by reproducing Bhabha's |M|^2 with the same
spinor conventions in tests/dirac_reference_emu.py). X polarisation sum -g + q q/mx^2 (the e-mu current is not
conserved: q.J = (m_mu -+ m_e) ...). For real couplings the V-A interference is a pure Levi-Civita term
that cancels in the unpolarised |M|^2, so |M|^2 = g_V^2 |M_vector|^2 + g_A^2 |M_axial|^2 (tested).

Derived: (1/4) sum |M|^2 / (e^4 g^2) in the ten dot products of p1, p2, k1, k2, q with the inverse
denominators ds = 1/s, dt = 1/t, de = 1/D_e, dm1 = 1/D_m1, dm2 = 1/D_m2 kept as symbols.
The charge-conjugate final state e+ mu- X has the same |M|^2 with p1 <-> p2 (C for each of the V and A parts).
"""
from __future__ import annotations

import sympy as sp

from .dirac import Dots, add, bar, g5, index, index_to_slash, mul, rename_index, scalar, slash, trace, trace_product

KINDS = ("vector", "axial")
m, mx = sp.symbols("m mx", positive=True)  # muon mass, X mass
ds, dt, de, dm1, dm2 = sp.symbols("ds dt de dm1 dm2", real=True)  # inverse denominators (dt < 0, dm2 < 0)
ARGS = ("p1_p2", "p1_k1", "p1_k2", "p1_q", "p2_k1", "p2_k2", "p2_q", "k1_k2", "k1_q", "k2_q", "m", "mx")


def _dots() -> Dots:
    return Dots({"p1": sp.Integer(0), "p2": sp.Integer(0), "k1": sp.Integer(0), "k2": m, "q": mx})


def _vertex(kind: str, alpha: str) -> dict:
    if kind == "vector":
        return index(alpha)
    if kind == "axial":
        return mul(index(alpha), g5())
    raise ValueError(f"unknown vertex {kind!r}; valid: {KINDS}")


def _electron_prop() -> dict:
    """Numerator of the internal electron between the photon and X: -(k2 + q)-slash (massless)."""
    return slash({"k2": -1, "q": -1})


def current_s(kind: str, rho: str, alpha: str, photon: dict | None = None) -> dict:
    """G_s between ubar(k1) and v(k2); ``photon`` replaces gamma^rho (e.g. a momentum slash for Ward identities)."""
    gam = photon if photon is not None else index(rho)
    v = _vertex(kind, alpha)
    return add(mul(gam, _electron_prop(), v, scalar(de)),
               mul(v, add(slash({"k1": 1, "q": 1}), scalar(m)), gam, scalar(dm1)))


def current_t(kind: str, rho: str, alpha: str, photon: dict | None = None) -> dict:
    """G_t between vbar(p2) and v(k2)."""
    gam = photon if photon is not None else index(rho)
    v = _vertex(kind, alpha)
    return add(mul(gam, _electron_prop(), v, scalar(de)),
               mul(v, add(slash({"q": 1, "p2": -1}), scalar(m)), gam, scalar(dm2)))


def _polarisation_sum(line: dict) -> dict:
    """Apply -g_ab + q_a q_b/mx^2 to the X indices alpha (amplitude) and beta (conjugate)."""
    minus_g = {k: -c for k, c in rename_index(line, "beta", "alpha").items()}
    qq = index_to_slash(index_to_slash(line, "alpha", "q"), "beta", "q")
    return add(minus_g, {k: c / mx**2 for k, c in qq.items()})


def derive(kind: str) -> sp.Expr:
    """(1/4) sum |M|^2 / (e^4 g^2) for e- e+ -> e- mu+ X with massless electrons (see the module docstring)."""
    dots = _dots()
    k2m = add(slash("k2"), scalar(-m))
    # |M_s|^2: beam trace x final-line trace, photon indices shared
    beam_s = mul(slash("p2"), index("rho"), slash("p1"), index("sigma"))
    fin_s = _polarisation_sum(mul(slash("k1"), current_s(kind, "rho", "alpha"), k2m, bar(current_s(kind, "sigma", "beta"))))
    ss = trace_product(beam_s, fin_s, dots) * ds**2
    # |M_t|^2: e-e line trace x (e+ -> mu+) line trace
    line1 = mul(slash("k1"), index("rho"), slash("p1"), index("sigma"))
    line2 = _polarisation_sum(mul(slash("p2"), current_t(kind, "rho", "alpha"), k2m, bar(current_t(kind, "sigma", "beta"))))
    tt = trace_product(line1, line2, dots) * dt**2
    # interference M_s M_t^*: one trace through all four spinors
    single = _polarisation_sum(mul(index("rho"), slash("p1"), index("sigma"), slash("k1"), current_s(kind, "rho", "alpha"),
                                   k2m, bar(current_t(kind, "sigma", "beta")), slash("p2")))
    st = trace(single, dots) * ds * dt
    total = (ss + tt - 2 * st) / 4
    return sp.expand(total)


def denominators(dots: Dots | None = None) -> dict:
    """The inverse denominators in terms of the dot products (massless electrons)."""
    dots = dots or _dots()
    return {ds: 1 / (2 * dots("p1", "p2")), dt: -1 / (2 * dots("p1", "k1")), de: 1 / (m**2 + mx**2 + 2 * dots("k2", "q")),
            dm1: 1 / (mx**2 + 2 * dots("k1", "q") - m**2), dm2: 1 / (mx**2 - 2 * dots("p2", "q") - m**2)}


PRELUDE = [
    "    ds = 1.0 / (2.0 * p1_p2)",
    "    dt = -1.0 / (2.0 * p1_k1)",
    "    de = 1.0 / (m * m + mx * mx + 2.0 * k2_q)",
    "    dm1 = 1.0 / (mx * mx + 2.0 * k1_q - m * m)",
    "    dm2 = 1.0 / (mx * mx - 2.0 * p2_q - m * m)",
]
