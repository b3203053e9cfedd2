"""Phase-space sampler and integral for e+e- -> e+- mu-+ X (numba; see pheno.emu for the physics).

The electron's CM energy is sampled uniformly, ln(1 - cos theta_e) uniformly (flattens the t-channel 1/t
peak), its azimuth by symmetry, and the decay X* -> mu X isotropically in the (mu X) rest frame; each
e- mu+ X configuration also stands for its mirror e+ mu- X configuration (rotated by pi about x), and
both are tested against the cuts. Randomised QMC with the scrambled Sobol' points of pheno.qmc, doubled
until the replica spread reaches the requested relative error (pheno.qmc.replica_integral).
"""
from __future__ import annotations

import math

import numba as nb
import numpy as np

from .kernels.emu import msq_vector
from .phasespace import _passes
from .production import Cuts


@nb.njit(cache=True)
def emu_point(u0, u1, u2, u3, sqrt_s, m, mx, e_lo, e_hi, l_lo, l_hi):
    """Map u in [0,1)^4 to an e-(k1) mu+(k2) X(q) configuration in the CM frame (electron at azimuth 0).

    Returns (k1, k2, q, weight) with weight = dPhi_3 / du^4 (the 2 pi of the electron azimuth included),
    or weight 0 where the point is outside phase space. E_e = e_lo + (e_hi - e_lo) u0;
    1 - cos theta_e = exp(l_lo + (l_hi - l_lo) u1); cos theta* = 2 u2 - 1, phi* = 2 pi u3 in the (mu X) frame.
    """
    e1 = e_lo + (e_hi - e_lo) * u0
    omc = math.exp(l_lo + (l_hi - l_lo) * u1)
    c = 1.0 - omc
    s1 = math.sqrt(max(1.0 - c * c, 0.0))
    k1 = np.array([e1, e1 * s1, 0.0, e1 * c])
    ex = sqrt_s - e1  # recoiling (mu X) system, momentum -k1
    mx2 = ex * ex - e1 * e1
    out_w = 0.0
    k2 = np.zeros(4)
    q = np.zeros(4)
    if mx2 <= (m + mx) ** 2:
        return k1, k2, q, out_w
    mxs = math.sqrt(mx2)
    lam = (mx2 - (m + mx) ** 2) * (mx2 - (m - mx) ** 2)
    ps = math.sqrt(max(lam, 0.0)) / (2.0 * mxs)
    cs = 2.0 * u2 - 1.0
    ss = math.sqrt(max(1.0 - cs * cs, 0.0))
    ph = 2.0 * math.pi * u3
    # mu in the X* rest frame, then boost along -k1 direction (velocity e1/ex)
    pmu = np.array([math.sqrt(ps * ps + m * m), ps * ss * math.cos(ph), ps * ss * math.sin(ph), ps * cs])
    bx, bz = -e1 * s1 / ex, -e1 * c / ex
    b2 = bx * bx + bz * bz
    g = 1.0 / math.sqrt(1.0 - b2)
    bp = bx * pmu[1] + bz * pmu[3]
    fac = (g - 1.0) * bp / b2 + g * pmu[0] if b2 > 0.0 else 0.0
    k2[0] = g * (pmu[0] + bp)
    k2[1] = pmu[1] + fac * bx
    k2[2] = pmu[2]
    k2[3] = pmu[3] + fac * bz
    q[0] = ex - k2[0]
    q[1] = -k1[1] - k2[1]
    q[2] = -k2[2]
    q[3] = -k1[3] - k2[3]
    # dPhi_3 = (E1/2) dE1 dcos dphi_e /(2pi)^3 x |p*| dOmega* /(16 pi^2 M_X)
    jac = (e_hi - e_lo) * omc * (l_hi - l_lo) * 2.0 * 2.0 * math.pi  # dE1 dcos dcos* dphi* per du^4
    out_w = jac * (e1 / 2.0) * 2.0 * math.pi / (2.0 * math.pi) ** 3 * ps / (16.0 * math.pi ** 2 * mxs)
    return k1, k2, q, out_w


@nb.njit(cache=True)
def _dot(a, b):
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


@nb.njit(cache=True)
def _emu_sums(u, sqrt_s, m, masses, ranges, active, beta, cmin, cmax, pmin, ptmin, sums):
    """sums[i, r] += sum over the points of replica r (u: replicas x points x 4) of the dPhi_3-weighted
    msq_vector, both charge states after cuts, for every mass i with active[i] (ranges[i]: its sampled
    e_lo, e_hi, l_lo, l_hi)."""
    hb = 0.5 * sqrt_s
    p1 = np.array([hb, 0.0, 0.0, hb])
    p2 = np.array([hb, 0.0, 0.0, -hb])
    for i in range(masses.size):
        if not active[i]:
            continue
        mx = masses[i]
        e_lo, e_hi, l_lo, l_hi = ranges[i, 0], ranges[i, 1], ranges[i, 2], ranges[i, 3]
        for r in range(u.shape[0]):
            total = 0.0
            for n in range(u.shape[1]):
                k1, k2, q, w = emu_point(u[r, n, 0], u[r, n, 1], u[r, n, 2], u[r, n, 3], sqrt_s, m, mx,
                                         e_lo, e_hi, l_lo, l_hi)
                if w <= 0.0:
                    continue
                npass = 0.0
                for y in (1.0, -1.0):  # y = -1: the mirror e+ mu- X configuration, (y, z) -> (-y, -z)
                    if (_passes(k1[0], k1[1], y * k1[2], y * k1[3], beta, cmin, cmax, pmin, ptmin)
                            and _passes(k2[0], k2[1], y * k2[2], y * k2[3], beta, cmin, cmax, pmin, ptmin)):
                        npass += 1.0
                if npass == 0.0:
                    continue
                total += npass * w * msq_vector(_dot(p1, p2), _dot(p1, k1), _dot(p1, k2), _dot(p1, q), _dot(p2, k1),
                                                _dot(p2, k2), _dot(p2, q), _dot(k1, k2), _dot(k1, q), _dot(k2, q), m, mx)
            sums[i, r] += total


def electron_ranges(cuts: Cuts, sqrt_s: float, m: float, mx: float):
    """(e_lo, e_hi, ln(1 - c_hi), ln(1 - c_lo)) of the sampled electron (CM energy, CM polar angle), covering
    the e- of e- mu+ X and the mirrored e+ of e+ mu- X; ValueError when the cuts leave the beam axis open."""
    beta = cuts.beta_lab
    lo, hi = ((c - beta) / (1.0 - beta * c) for c in cuts.cos_theta)  # massless: CM cosines of the lab edges
    c_lo, c_hi = min(lo, -hi), max(hi, -lo)
    e_hi = (sqrt_s**2 - (m + mx) ** 2) / (2.0 * sqrt_s)
    if cuts.pt_min > 0.0:
        c_max = math.sqrt(max(1.0 - (cuts.pt_min / e_hi) ** 2, 0.0))
        c_lo, c_hi = max(c_lo, -c_max), min(c_hi, c_max)
    if not (-1.0 < c_lo and c_hi < 1.0):
        raise ValueError("e+ e- -> e mu X: the t-channel photon makes sigma collinear-divergent; the cuts must keep the "
                         "electron (and the positron of the charge-conjugate state) away from the beam axis: "
                         "cos_theta inside (-1, 1) or pt_min > 0")
    gamma = 1.0 / math.sqrt(1.0 - beta * beta)
    e_lo = max(cuts.p_min / (gamma * (1.0 + abs(beta))), cuts.pt_min)
    return e_lo, e_hi, math.log(1.0 - c_hi), math.log(1.0 - c_lo)


def integral(sqrt_s: float, m: float, mx, cuts: Cuts, rtol: float = 1e-3, n_points: int | None = None,
             n_replicas: int = 8, seed: int = 2024):
    """Int dPhi_3 msq_vector over both charge states within ``cuts`` (dimensionless: the kernel in GeV^-2
    times dPhi_3 in GeV^2) for every X mass in ``mx``: the vector |M|^2, equal to the axial one for massless
    electrons (pheno.emu). Randomised QMC over [0, 1)^4 (pheno.qmc.replica_integral): points doubled until
    the replica error is <= rtol |value|, or ``n_points`` per replica. Returns (value, error, converged,
    points per replica) as arrays of the shape of ``mx``; 0 where closed or the acceptance is empty."""
    from .qmc import replica_integral

    masses = np.array(mx, dtype=float)  # a copy: C-contiguous, also for 0-d input
    flat = masses.reshape(-1)
    ranges = np.zeros((flat.size, 4))
    active = np.zeros(flat.size, dtype=bool)
    for i, mass in enumerate(flat):
        if sqrt_s > m + mass:
            ranges[i] = electron_ranges(cuts, sqrt_s, m, mass)
            active[i] = ranges[i, 1] > ranges[i, 0] and ranges[i, 3] > ranges[i, 2]
    cut_args = (float(cuts.beta_lab), float(cuts.cos_theta[0]), float(cuts.cos_theta[1]), float(cuts.p_min),
                float(cuts.pt_min))

    def accumulate(u, act, sums):
        _emu_sums(u, float(sqrt_s), float(m), flat, ranges, act, *cut_args, sums)

    out = replica_integral(accumulate, active, 4, rtol=rtol, n_points=n_points, n_replicas=n_replicas, seed=seed)
    return tuple(a.reshape(masses.shape) for a in out)
