"""e+e- -> e+- mu-+ X for a vector X coupling only to the e-mu current (an LFV Z'), with acceptance cuts.

|M|^2 from the symbolic pipeline (pheno.amplitudes.emu -> pheno.kernels.emu): every tree diagram, an
s-channel photon (Bhabha's annihilation topology) and a t-channel photon (Bhabha's scattering topology,
t = (p_e-beam - p_e-final)^2) with X off either end of the flavour-changing line, and their interference.
Electrons are massless (m_e^2/s ~ 2e-9), the muon massive; X is on shell and narrow.

Cuts are required. The t-channel photon makes dsigma ~ dt/t (an almost real photon radiated by the beam
electron, which then goes down the beam pipe): with massless electrons the total sigma diverges, with m_e it
is finite but dominated by electrons at theta ~ m_e/E that no detector sees. A search that sees the e and the
mu regulates it: the electron's polar angle must stay away from the beam axis, cos(theta) in [c_min, c_max]
with -1 < c_min and c_max < 1 (the e- of e- mu+ X goes forward, the e+ of e+ mu- X backward), or a
minimum transverse momentum. The cuts act on both final-state leptons (pheno.production.Cuts, CM or lab
frame). sigma is then finite; its integrand still peaks at the edges of the electron acceptance, which the
sampler follows (below).

Both charge states are summed: e+ mu- X has the same |M|^2 with the beams swapped (C invariance of the
vector and of the axial part separately; they do not interfere for real couplings). With massless electrons
the axial |M|^2 equals the vector one (gamma5 moves through the massless electron line onto an external
electron, a helicity sign; tests/test_emu.py), so the kernel is evaluated once, weighted g_V^2 + g_A^2. Each e- mu+ X
configuration has a mirror e+ mu- X configuration (rotated by pi about the x axis) of equal weight; each is
tested against the cuts.

The muon propagator of the s-channel diagram with X off the mu- line, 1/((k_e + q)^2 - m_mu^2), goes on shell
for m_X < m_mu: that is e+e- -> mu+ mu- followed by the decay mu- -> e- X of a real (long-lived) muon, not a
prompt e mu X final state; masses m_X <= m_mu are refused.

Phase space: pheno.emu_phasespace (randomised QMC with importance sampling of the 1/t peak, points doubled
to the requested relative error). Tests: the phase-space
volume against a 1-D quadrature, the integral against a plain Monte Carlo with flat sampling, the kernel
against explicit Dirac matrices.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import constants as C
from .production import RTOL_QMC, CrossSection, Cuts, _rtol, _warn_unconverged
from .validation import checked_int


@dataclass(frozen=True)
class EMuRadiation:
    """e+e- -> e+- mu-+ X (both charge states), X a vector with couplings only to the e-mu current
    (model.emu_weights() gives the vector/axial weights, model.production_coupling the overall coupling g).

    sigma = e^4 g^2/(2 s) Int dPhi_3 (1/4) sum |M|^2/(e^4 g^2)   (massless beams), with cuts on the e and the mu.
    alpha: one alpha for the four electromagnetic vertices. The default is alpha(s) ("running", 1/132.1 at
    10.58 GeV): the s-channel photon has q^2 = s, and the t-channel photons of accepted events are far from
    real (an electron at |cos theta*| < 0.8 gives a median |t| of 7-19 GeV^2 for m_Z' = 6-0.5 GeV, where
    1/alpha ~ 133-134), so sigma carries a ~3 % uncertainty from this choice; alpha="0" gives 7 % less.
    """

    name: str
    particle: str = "Z'"
    aliases: tuple[str, ...] = field(default=())
    default_alpha: str = "running"

    def sigma_per_coupling2(self, model, sqrt_s=C.SQRT_S_BELLE2, alpha="running", cuts: Cuts | None = None,
                            rtol: float | None = None, n_points: int | None = None, seed: int = 2024) -> CrossSection:
        """sigma / g^2 [fb] per mass, with the QMC error (replica spread): randomised quasi-Monte Carlo
        (pheno.emu_phasespace.integral) to the relative standard error rtol (default 1e-3), reached by
        doubling the points (a RuntimeWarning says where it was not); n_points fixes the points per
        replica instead; seed fixes the randomisation."""
        from .emu_phasespace import integral

        if cuts is None:
            raise ValueError(f"{self.name}: give acceptance cuts (pheno.Cuts): without them the t-channel photon "
                             "makes sigma collinear-divergent (see pheno.emu)")
        rtol = _rtol(rtol, RTOL_QMC)
        if n_points is not None:
            n_points = checked_int("n_points", n_points, lo=2, what="an integer >= 2 (or None: rtol decides)")
        masses = np.broadcast_to(model.mass, model.shape)
        low = masses <= C.M_MU
        if np.any(low):
            raise ValueError(f"{self.name}: m_X = {float(masses[low].ravel()[0]):g} GeV <= m_mu: the muon propagator goes "
                             "on shell (mu+ mu- production followed by a real mu- -> e- X decay), not a prompt e mu X "
                             "final state; use the muon decay 'mu- > e- Z'' instead")
        a = C.resolve_alpha(alpha, sqrt_s)
        s = float(sqrt_s) ** 2
        w_v, w_a = (np.broadcast_to(w, model.shape) for w in model.emu_weights())
        value, error, converged, _ = integral(float(sqrt_s), C.M_MU, masses, cuts, rtol=rtol, n_points=n_points,
                                              seed=seed)
        if n_points is None:
            _warn_unconverged(self.name, converged, f"a relative standard error rtol = {rtol:g}")
        factor = (4.0 * math.pi * a) ** 2 / (2.0 * s) * (w_v + w_a) * C.GEV2_TO_FB
        return CrossSection(factor * value, factor * error)
