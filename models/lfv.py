"""Lepton-flavour-violating light bosons: an ALP and a Z' with couplings to lbar gamma^mu l' (l' heavier).

Produced in the decays tau -> l alpha (l = e, mu) of e+e- -> tau+ tau- pairs, and mu -> e alpha; the Z'
with e-mu couplings also in e+e- -> e+- mu-+ Z' (pheno.emu). The boson is stable through these couplings
below m_l' + m_l and escapes (invisible); ``bf_invisible`` stands for other decay channels of a larger model.
Widths: pheno.widths.fermion_to_fermion_alp / fermion_to_fermion_vector (docs/physics.md M1, M2).

Flavour pairs are written "heavy light": "tau e", "tau mu", "mu e" (either order is accepted).
Belle II's tau -> l alpha search (PRL 130 (2023) 181803) assumes a spin-0 alpha: reinterpreting it for a
Z' changes the lepton spectrum in the tau frame (and the tau-pair spin correlations), so a converted
Z' limit is approximate (docs/physics.md M3).
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.emu import EMuRadiation
from pheno.model import FixedBFModel
from pheno.sm_decays import ParentDecay
from pheno.widths import fermion_to_fermion_alp, fermion_to_fermion_vector

PAIRS = ("tau e", "tau mu", "mu e")


def pair_key(key: str) -> str:
    """Canonical "heavy light" name of a flavour pair ("e tau" -> "tau e"); ValueError listing the valid ones."""
    parts = str(key).replace("-", " ").replace("_", " ").split()
    for p in PAIRS:
        if sorted(parts) == sorted(p.split()):
            return p
    raise ValueError(f"unknown lepton-flavour pair {key!r}; valid: {list(PAIRS)} (either order)")


def _param(name: str, pair: str) -> str:
    return f"{name}_{pair.replace(' ', '_')}"


class _LFVBoson(FixedBFModel):
    """Shared mechanics: per-pair couplings given as dicts, a boson invisible with BF ``bf_invisible``.

    Subclasses set ``CHIRAL`` = (vector name, axial name, left name, right name), implement
    ``chiral_to_vector_axial(left, right)`` and ``_unit_width(model, pair)``. The couplings are stored per pair
    as parameters ``<name>_<heavy>_<light>`` (e.g. ``C_V_tau_e``). The production rate is |c|^2 times a shape
    fixed by the direction c/|c| of the pair's (vector, axial) couplings, so the converter should scan the
    overall coupling (``f`` or ``g``); a per-pair parameter can be scanned only when it is its pair's only one.
    """

    CHIRAL: tuple[str, str, str, str] = ("", "", "", "")

    def __init__(self, **params):
        v, a, left, right = self.CHIRAL
        given = {k: params.pop(k) for k in (v, a, left, right) if k in params}
        if (left in given or right in given) and (v in given or a in given):
            raise ValueError(f"{type(self).__name__}: give {v}/{a} or {left}/{right}, not both")
        values = {}
        for name, table in given.items():
            if not isinstance(table, dict):
                raise TypeError(f"{type(self).__name__}: {name} must be a dict {{pair: value}}, e.g. "
                                f"{{'tau e': 1.0}}; valid pairs: {list(PAIRS)}")
            for key, value in table.items():
                values[(name, pair_key(key))] = value
        for pair in PAIRS:
            if left in given or right in given:
                kl, kr = values.get((left, pair), 0.0), values.get((right, pair), 0.0)
                cv, ca = self.chiral_to_vector_axial(np.asarray(kl, float), np.asarray(kr, float))
            else:
                cv, ca = values.get((v, pair), 0.0), values.get((a, pair), 0.0)
            params.setdefault(_param(v, pair), cv)
            params.setdefault(_param(a, pair), ca)
        super().__init__(**params)

    @staticmethod
    def chiral_to_vector_axial(left, right):
        raise NotImplementedError

    def couplings(self, pair: str) -> tuple[np.ndarray, np.ndarray]:
        """(vector, axial) coupling of a flavour pair, broadcast to the model's shape."""
        v, a, _, _ = self.CHIRAL
        pair = pair_key(pair)
        return (np.broadcast_to(getattr(self, _param(v, pair)), self.shape),
                np.broadcast_to(getattr(self, _param(a, pair)), self.shape))

    def _direction(self, pair):
        """(vector, axial)/norm of a pair and norm = sqrt(vector^2 + axial^2); error if the pair has no coupling."""
        cv, ca = self.couplings(pair)
        norm = np.hypot(cv, ca)
        if not np.any(norm > 0):
            v, a, left, right = self.CHIRAL
            raise ValueError(f"{type(self).__name__} has no coupling for the {pair!r} pair: give {v}/{a} "
                             f"(or {left}/{right}) with a {pair!r} entry")
        safe = np.where(norm > 0, norm, 1.0)
        return cv / safe, ca / safe, norm


def _decay(parent: str, light: str, particle: str, width) -> ParentDecay:
    name = f"{parent}- > {light}- {particle}"
    pair = f"{parent} {light}"
    return ParentDecay(name, f"{parent}-", f"{light}-", particle, width=lambda model: width(model, pair),
                       source="tau pair" if parent == "tau" else "at rest",
                       aliases=(f"{parent}+ > {light}+ {particle}",))


class LFVALP(_LFVBoson):
    """ALP a with lepton-flavour-violating derivative couplings (docs/physics.md M1):

      L = (d_mu a)/(2 f) lbar gamma^mu (C^V + C^A gamma5) l' + h.c.,   (l', l) = (tau, e), (tau, mu), (mu, e).

    Parameters: ``mass`` [GeV] (0 allowed: a massless alpha), ``f`` [GeV] (the scale: a limit on it is a
    lower limit), ``C_V``, ``C_A`` as dicts {pair: value} (dimensionless), or the chiral ``k_L``, ``k_R``,
    ``bf_invisible`` (BF(a -> invisible), default 1).
    Other normalisations (m_l -> 0 widths in docs/physics.md M1):
      * (c_V, c_A)/(2 Lambda) d a lbar g (c_V + c_A g5) l'    ->  f = Lambda, C = c;
      * (c/Lambda) d a lbar g^mu l' (pure V or pure A)         ->  f = Lambda, C = 2c, so F = Lambda/c;
      * (1/f) d a [k_L lbar_L g l'_L + k_R lbar_R g l'_R]      ->  C^V = k_L + k_R, C^A = k_R - k_L;
      * F = 2f/C (Calibbi, Redigolo, Ziegler, Zupan, arXiv:2006.04795), 1/F^2 = 1/F_V^2 + 1/F_A^2:
        :meth:`effective_scale`.
    Width Gamma(l' -> l a) with full m_l and m_a dependence (pheno.widths.fermion_to_fermion_alp); BF with the
    PDG l' lifetime (pheno.particles). Processes "tau- > e- a", "tau- > mu- a", "mu- > e- a".

    >>> a = LFVALP(mass=0.0, f=1e6, C_V={"tau e": 1.0})
    >>> round(float(a.production_branching_ratio("tau- > e- a")), 6)   # docs/physics.md M4: 1.2307e-2
    0.012307
    """

    CHIRAL = ("C_V", "C_A", "k_L", "k_R")
    PARAMETERS = {
        "mass": ("mass_or_zero", None),
        "f": ("mass", None),
        **{_param(n, p): ("real", 0.0) for p in PAIRS for n in ("C_V", "C_A")},
        "bf_invisible": ("coupling", 1.0),
    }
    COUPLING = "f"
    SCALES = {"f": (1.0, 1e14)}  # GeV: from ~m_tau (EFT validity) to beyond muon-decay reach

    def __init__(self, **params):
        if not any(k in params for k in self.CHIRAL) and not any(k.startswith(("C_V_", "C_A_")) for k in params):
            raise ValueError("LFVALP: give at least one coupling, e.g. C_V={'tau e': 1.0} (or C_A, k_L, k_R); "
                             f"pairs: {list(PAIRS)}")
        super().__init__(**params)

    @staticmethod
    def chiral_to_vector_axial(k_left, k_right):
        """(C^V, C^A) = (k_L + k_R, k_R - k_L) for (1/f) d a [k_L lbar_L g l'_L + k_R lbar_R g l'_R]."""
        return k_left + k_right, k_right - k_left

    def production_coupling(self, process):
        """|C|/f of the process's pair (|C| = sqrt(C_V^2 + C_A^2)); the width uses C/|C| (GeV^-1)."""
        pair = f"{process.parent[:-1]} {process.recoil[:-1]}"
        return np.hypot(*self.couplings(pair)) / self.f

    def effective_scale(self, pair: str) -> np.ndarray:
        """F = 2 f / sqrt(C_V^2 + C_A^2) [GeV] of a pair (Calibbi et al.; = Lambda/c in the c/Lambda convention)."""
        with np.errstate(divide="ignore"):
            return 2.0 * self.f / np.hypot(*self.couplings(pair))

    @staticmethod
    def _unit_width(model, pair):
        heavy, light = pair.split()
        cv, ca, _ = model._direction(pair)
        return fermion_to_fermion_alp(C.LEPTON_MASS[heavy], C.LEPTON_MASS[light], model.mass, cv / 2.0, ca / 2.0)


LFVALP.PROCESSES = {f"{h}- > {l}- a": _decay(h, l, "a", LFVALP._unit_width) for h, l in (p.split() for p in PAIRS)}


class LFVZprime(_LFVBoson):
    """Light vector Z' with lepton-flavour-violating couplings (docs/physics.md M2):

      L = g Z'_mu lbar gamma^mu (g_V + g_A gamma5) l' + h.c.,   real couplings per pair.

    Parameters: ``mass`` [GeV] (> 0: the width grows as 1/m^2), ``g_V``, ``g_A`` (dicts {pair: value}) or
    the chiral ``g_L``, ``g_R`` (g_V = (g_L + g_R)/2, g_A = (g_R - g_L)/2, i.e. g_{R,L} = g_V +- g_A),
    an overall factor ``g`` (default 1, the coupling the converter scans: with g_V = {pair: 1} its limit
    is the g_V limit), ``bf_invisible`` (default 1).
    Gamma(l' -> l Z') with the longitudinal 1/m_Z'^2 enhancement (pheno.widths.fermion_to_fermion_vector);
    for m_Z' -> 0 the Z' is an ALP with C/(2f) = g/m_Z' (Goldstone equivalence). Processes
    "tau- > e- Z'", "tau- > mu- Z'", "mu- > e- Z'" and, for the "mu e" pair, "e+ e- > e+- mu-+ Z'"
    (pheno.emu: every tree diagram, acceptance cuts required).
    Belle II's tau -> l alpha limits assume a spin-0 alpha: their reinterpretation for a Z' is approximate.

    >>> z = LFVZprime(mass=0.5, g_V={"tau e": 1e-9})
    >>> round(float(z.production_branching_ratio("tau- > e- Z'")) / 1e-7, 3)   # docs/physics.md M4: 1.934e-7
    1.934
    """

    CHIRAL = ("g_V", "g_A", "g_L", "g_R")
    PARAMETERS = {
        "mass": ("mass", None),
        "g": ("coupling", 1.0),
        **{_param(n, p): ("real", 0.0) for p in PAIRS for n in ("g_V", "g_A")},
        "bf_invisible": ("coupling", 1.0),
    }
    COUPLING = "g"
    COUPLING_MAX = {"g": float(np.sqrt(4 * np.pi))}

    @staticmethod
    def chiral_to_vector_axial(g_left, g_right):
        """(g_V, g_A) = ((g_L + g_R)/2, (g_R - g_L)/2) for Z' lbar g (g_L P_L + g_R P_R) l'."""
        return 0.5 * (g_left + g_right), 0.5 * (g_right - g_left)

    def production_coupling(self, process):
        """g x sqrt(g_V^2 + g_A^2) of the process's pair; the width uses (g_V, g_A)/norm."""
        pair = "mu e" if isinstance(process, EMuRadiation) else f"{process.parent[:-1]} {process.recoil[:-1]}"
        return self.g * np.hypot(*self.couplings(pair))

    @staticmethod
    def _unit_width(model, pair):
        heavy, light = pair.split()
        gv, ga, _ = model._direction(pair)
        return fermion_to_fermion_vector(C.LEPTON_MASS[heavy], C.LEPTON_MASS[light], model.mass, gv, ga)

    def emu_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """(g_V^2, g_A^2)/(g_V^2 + g_A^2) of the e-mu pair: the weights of the vector and axial
        |M|^2 in e+e- -> e mu Z' (they do not interfere for real couplings; pheno.emu)."""
        gv, ga, _ = self._direction("mu e")
        return gv * gv, ga * ga


LFVZprime.PROCESSES = {
    **{f"{h}- > {l}- Z'": _decay(h, l, "Z'", LFVZprime._unit_width) for h, l in (p.split() for p in PAIRS)},
    "e+ e- > e+- mu-+ Z'": EMuRadiation("e+ e- > e+- mu-+ Z'", particle="Z'", aliases=("e+ e- > e mu Z'",)),
}
