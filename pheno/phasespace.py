"""Three-body phase space for e+e- -> gamma* -> l-(k1) l+(k2) X(q) and its integration.

Two independent routes to the total rate, and a full-kinematics route for cuts:

* :func:`dalitz_integral` -- orientation-averaged rate as a 2-D Dalitz integral
  (dPhi_3 = ds12 ds23 / (128 pi^3 s), PDG review "Kinematics", three-body decays / Dalitz plot), fixed Gauss-Legendre
  rules in variables that flatten the integrand: the X energy through E_q = m_X cosh(eta)
  (soft 1/E_q behaviour -> flat in eta; threshold |q| -> smooth), a quadratic map at the
  l+l- threshold, and ln D2 for the collinear peak of the propagator D2 = (k2+q)^2 - m^2
  (the k1 <-> k2 symmetric half is doubled).
* :func:`dalitz_integral_adaptive` (tests/benchmarks) -- scipy's adaptive QUADPACK over
  E_q and the decay angle cos(theta*) in the l+l- rest frame, no symmetry used.
* :func:`full_kinematics` -- randomised quasi-Monte Carlo over the 4 non-trivial angles/energies
  with complete four-vectors, so that acceptance cuts can be applied in the CM or the lab frame.
  dPhi_3 = |q| beta12 / (16 pi^2 sqrt(s) 32 pi^2 2 pi) ds12 dOmega_q dOmega*
  (Z' two-body split from the l+l- system R, then R -> l+l- in its rest frame).

All momenta in GeV; beams massless along +z (e-) and -z (e+) in the CM frame.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numba as nb
import numpy as np

from .kernels import ee2, llx


@lru_cache(maxsize=None)
def gauss_legendre01(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n-point Gauss-Legendre nodes and weights on [0, 1]."""
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (x + 1.0), 0.5 * w


@nb.njit(cache=True)
def _kallen(a, b, c):
    return a * a + b * b + c * c - 2.0 * (a * b + b * c + c * a)


@nb.njit(cache=True)
def _eta_max(s, m, mx):
    e_max = (s + mx * mx - 4.0 * m * m) / (2.0 * math.sqrt(s))
    return math.acosh(e_max / mx)


@nb.njit(cache=True)
def _outer_point(t, s, m, mx, eta_max):
    """Map t in [0,1] to (s12, A, B, jacobian ds12/dt)."""
    eta = eta_max * (1.0 - (1.0 - t) ** 2)
    deta = 2.0 * eta_max * (1.0 - t)
    e_q = mx * math.cosh(eta)
    q_abs = mx * math.sinh(eta)
    s12 = s + mx * mx - 2.0 * math.sqrt(s) * e_q
    ds12 = 2.0 * math.sqrt(s) * q_abs * deta
    beta12 = math.sqrt(max(1.0 - 4.0 * m * m / s12, 0.0))
    # a and b from E_q and |q| directly, not from s - s12: for m_X <~ 1e-6 GeV the subtraction loses
    # the collinear edge D_mid - b ~ E_q m^2/sqrt(s) (lambda(s, s12, mx^2) = 4 s |q|^2 exactly)
    a = math.sqrt(s) * e_q - mx * mx  # D_mid - mx^2
    b = beta12 * math.sqrt(s) * q_abs  # half-width of the D2 range
    return s12, a, b, ds12


@nb.njit(cache=True)
def _inner(vid, s, m, mx, s12, a, b, d_cap, xi, wi):
    """Int dD2 T over the l+l- decay angle at fixed s12 (both halves), with D1, D2 <= d_cap."""
    d_mid = mx * mx + a
    lo = max(d_mid - b, 2.0 * d_mid - d_cap)  # half D2 <= D1; D1 = 2 d_mid - D2 <= d_cap
    hi = min(d_mid, d_cap)
    if hi <= lo:
        return 0.0
    ulo, uhi = math.log(lo), math.log(hi)
    acc = 0.0
    for j in range(xi.size):
        d2 = math.exp(ulo + (uhi - ulo) * xi[j])
        acc += wi[j] * d2 * llx.T(vid, s12, 2.0 * d_mid - d2, d2, m, mx)
    return 2.0 * (uhi - ulo) * acc


@nb.njit(cache=True)
def _kink_functions(t, s, m, mx, eta_max, d_cap):
    """Cut boundary meets Dalitz boundary where one of these changes sign (see _dalitz)."""
    s12, a, b, _ = _outer_point(t, s, m, mx, eta_max)
    d_mid = mx * mx + a
    return d_mid + b - d_cap, d_mid - d_cap, d_mid - b - d_cap


@nb.njit(cache=True)
def _breakpoints(s, m, mx, eta_max, d_cap, n_scan):
    """Sorted t-values in (0,1) where the outer integrand has kinks, by scan + bisection."""
    out = [0.0]
    prev = _kink_functions(0.0, s, m, mx, eta_max, d_cap)
    t_prev = 0.0
    for i in range(1, n_scan + 1):
        t = i / n_scan
        cur = _kink_functions(t, s, m, mx, eta_max, d_cap)
        for k in range(3):
            if (prev[k] < 0.0) != (cur[k] < 0.0):
                lo, hi = t_prev, t
                flo = prev[k]
                for _ in range(60):
                    mid = 0.5 * (lo + hi)
                    fm = _kink_functions(mid, s, m, mx, eta_max, d_cap)[k]
                    if (fm < 0.0) == (flo < 0.0):
                        lo, flo = mid, fm
                    else:
                        hi = mid
                out.append(0.5 * (lo + hi))
        prev, t_prev = cur, t
    out.append(1.0)
    out.sort()
    return out


@nb.njit(cache=True)
def _dalitz(vid, s, m, mx, xo, wo, xi, wi, e_min):
    """Int ds12 ds23 T over the Dalitz region (optionally with both lepton CM energies >= e_min).

    E(l+) = (s - D1)/(2 sqrt s), E(l-) = (s - D2)/(2 sqrt s), so the energy cut is D1, D2 <= d_cap.
    With a cut the outer integrand has kinks; the outer range is split there.
    """
    eta_max = _eta_max(s, m, mx)
    d_cap = s - 2.0 * math.sqrt(s) * e_min if e_min > 0.0 else 2.0 * s
    edges = _breakpoints(s, m, mx, eta_max, d_cap, 64) if e_min > 0.0 else [0.0, 1.0]
    total = 0.0
    for k in range(len(edges) - 1):
        t0, t1 = edges[k], edges[k + 1]
        if t1 <= t0:
            continue
        for i in range(xo.size):
            t = t0 + (t1 - t0) * xo[i]
            s12, a, b, ds12 = _outer_point(t, s, m, mx, eta_max)
            if b <= 0.0 or ds12 <= 0.0:
                continue
            total += (t1 - t0) * wo[i] * ds12 * _inner(vid, s, m, mx, s12, a, b, d_cap, xi, wi)
    return total


def dalitz_integral(vid: int, s: float, m: float, mx: float, n_outer: int = 64, n_inner: int = 48, e_min: float = 0.0):
    """Int T ds12 ds23 [GeV^4 * T units] over the e+e- -> l+l-X Dalitz region (0 if closed)."""
    if math.sqrt(s) <= mx + 2.0 * m:
        return 0.0
    xo, wo = gauss_legendre01(n_outer)
    xi, wi = gauss_legendre01(n_inner)
    return _dalitz(vid, s, m, mx, xo, wo, xi, wi, e_min)


def dalitz_integral_adaptive(vid: int, s: float, m: float, mx: float, epsrel: float = 1e-10) -> float:
    """Same integral with scipy's adaptive QUADPACK in (E_q, cos theta*) -- the independent route."""
    from scipy import integrate

    if math.sqrt(s) <= mx + 2.0 * m:
        return 0.0
    sqs = math.sqrt(s)
    e_max = (s + mx * mx - 4.0 * m * m) / (2.0 * sqs)
    T = llx.T

    def inner(e_q):
        s12 = s + mx * mx - 2.0 * sqs * e_q
        lam = max(_kallen(s, s12, mx * mx), 0.0)
        beta12 = math.sqrt(max(1.0 - 4.0 * m * m / s12, 0.0))
        a, b = 0.5 * (s - s12 - mx * mx), 0.5 * beta12 * math.sqrt(lam)

        def f(c):
            return T(vid, s12, mx * mx + a - b * c, mx * mx + a + b * c, m, mx) * b

        val, _ = integrate.quad(f, -1.0, 1.0, epsrel=epsrel, epsabs=0.0, limit=400)
        return val * 2.0 * sqs  # ds12 = 2 sqrt(s) dE_q

    # E_q spans many decades for light X: integrate in ln(E_q - mx + tiny) is not needed with breakpoints
    pts = np.geomspace(mx * 1.0001, e_max * 0.9999, 12)
    edges = np.concatenate(([mx], pts, [e_max]))
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        val, _ = integrate.quad(inner, lo, hi, epsrel=epsrel, epsabs=0.0, limit=400)
        total += val
    return total


# ------------------------------------------------------------------------------ full kinematics
@nb.njit(cache=True)
def _boost(e, px, py, pz, bx, by, bz):
    """Boost four-vector (e, p) by velocity b (from the frame where the moving system is at rest)."""
    b2 = bx * bx + by * by + bz * bz
    if b2 <= 0.0:
        return e, px, py, pz
    g = 1.0 / math.sqrt(1.0 - b2)
    bp = bx * px + by * py + bz * pz
    g2 = (g - 1.0) / b2
    return g * (e + bp), px + g2 * bp * bx + g * bx * e, py + g2 * bp * by + g * by * e, pz + g2 * bp * bz + g * bz * e


@nb.njit(cache=True)
def _passes(e, px, py, pz, beta_lab, cmin, cmax, pmin, ptmin):
    if beta_lab != 0.0:
        e, px, py, pz = _boost(e, px, py, pz, 0.0, 0.0, beta_lab)
    pt = math.sqrt(px * px + py * py)
    p = math.sqrt(pt * pt + pz * pz)
    if p <= 0.0:
        return False
    c = pz / p
    return cmin <= c <= cmax and p >= pmin and pt >= ptmin


@nb.njit(cache=True)
def _dot(a0, a1, a2, a3, b0, b1, b2, b3):
    return a0 * b0 - a1 * b1 - a2 * b2 - a3 * b3


@nb.njit(cache=True)
def _full(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin):
    """Sum over points u (N x 4 in [0,1)^4) of the weight sigma-integrand; returns (sum, sum_sq)."""
    sqs = math.sqrt(s)
    eta_max = _eta_max(s, m, mx)
    hb = 0.5 * sqs
    acc = 0.0
    acc2 = 0.0
    for n in range(u.shape[0]):
        s12, a, b, ds12 = _outer_point(u[n, 0], s, m, mx, eta_max)
        if b <= 0.0 or ds12 <= 0.0:
            continue
        e_q = (a + mx * mx) / sqs  # not (s + mx^2 - s12)/(2 sqrt s): cancels for tiny m_X
        qabs = math.sqrt(max((e_q - mx) * (e_q + mx), 0.0))
        beta12 = math.sqrt(max(1.0 - 4.0 * m * m / s12, 0.0))
        cq = 2.0 * u[n, 1] - 1.0
        sq = math.sqrt(max(1.0 - cq * cq, 0.0))
        nqx, nqy, nqz = sq, 0.0, cq  # Z' direction (azimuth trivial)
        e1x, e1y, e1z = cq, 0.0, -sq  # basis orthogonal to the Z' direction
        d_mid = mx * mx + a
        d_lo = d_mid - b
        ulo, uhi = math.log(d_lo), math.log(d_mid)
        d_small = math.exp(ulo + (uhi - ulo) * u[n, 2])
        cstar_abs = (d_mid - d_small) / b  # cos(theta*) at which the small propagator equals d_small
        jac_c = d_small * (uhi - ulo) / b  # dcos/du
        phi = 2.0 * math.pi * u[n, 3]
        # phase-space weight (both halves of cos(theta*) are evaluated, one each)
        w_ps = qabs * beta12 / (16.0 * math.pi**2 * sqs * 32.0 * math.pi**2 * 2.0 * math.pi)
        w_ps *= ds12 * (2.0 * 2.0 * math.pi) * (2.0 * math.pi) * jac_c  # d cos_q (x2), phi_q, phi*, dcos*
        # R = l+l- system: velocity along -q
        e_r = sqs - e_q
        brx, bry, brz = -qabs * nqx / e_r, -qabs * nqy / e_r, -qabs * nqz / e_r
        pstar = 0.5 * math.sqrt(s12) * beta12
        for sign in (1.0, -1.0):
            c = sign * cstar_abs  # sign +1: k1 along q (D1 small)
            st = math.sqrt(max(1.0 - c * c, 0.0))
            nx = c * nqx + st * (math.cos(phi) * e1x)
            ny = c * nqy + st * math.sin(phi)
            nz = c * nqz + st * (math.cos(phi) * e1z)
            e_half = 0.5 * math.sqrt(s12)
            k1 = _boost(e_half, pstar * nx, pstar * ny, pstar * nz, brx, bry, brz)
            k2 = _boost(e_half, -pstar * nx, -pstar * ny, -pstar * nz, brx, bry, brz)
            if use_cuts:
                if not _passes(k1[0], k1[1], k1[2], k1[3], beta_lab, cmin, cmax, pmin, ptmin):
                    continue
                if not _passes(k2[0], k2[1], k2[2], k2[3], beta_lab, cmin, cmax, pmin, ptmin):
                    continue
            q0, q1, q2, q3 = e_q, qabs * nqx, qabs * nqy, qabs * nqz
            p1k1 = hb * (k1[0] - k1[3])
            p1k2 = hb * (k2[0] - k2[3])
            p1q = hb * (q0 - q3)
            p2k1 = hb * (k1[0] + k1[3])
            p2k2 = hb * (k2[0] + k2[3])
            p2q = hb * (q0 + q3)
            k1k2 = 0.5 * s12 - m * m
            k1q = _dot(k1[0], k1[1], k1[2], k1[3], q0, q1, q2, q3)
            k2q = _dot(k2[0], k2[1], k2[2], k2[3], q0, q1, q2, q3)
            val = llx.msq(vid, p1k1, p1k2, p1q, p2k1, p2k2, p2q, 0.5 * s, k1k2, k1q, k2q, m, mx) * w_ps
            acc += val
            acc2 += val * val
    return acc, acc2


def full_kinematics(vid: int, s: float, m: float, mx: float, cuts=None, n_points: int = 2**14,
                    n_replicas: int = 8, seed: int = 12345):
    """Int (1/4)sum|M|^2 s^2/e^4 dPhi_3 with cuts, by randomised QMC.

    Returns (value, standard error) from ``n_replicas`` independently scrambled Sobol sequences.
    """
    from scipy.stats import qmc

    if math.sqrt(s) <= mx + 2.0 * m:
        return 0.0, 0.0
    if cuts is None:
        args = (False, 0.0, -1.0, 1.0, 0.0, 0.0)
    else:
        args = (True, cuts.beta_lab, cuts.cos_theta[0], cuts.cos_theta[1], cuts.p_min, cuts.pt_min)
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(n_replicas):
        u = qmc.Sobol(d=4, scramble=True, seed=rng).random(n_points)
        tot, _ = _full(vid, s, m, mx, u, *args)
        vals.append(tot / n_points)
    vals = np.array(vals)
    return float(vals.mean()), float(vals.std(ddof=1) / math.sqrt(n_replicas))


# ------------------------------------------------------------------------------ 2 -> 2
@nb.njit(cache=True)
def _two_body(kid, s, me, m3, m4, mv, c1, c2, x, w):
    """Int_{c1}^{c2} dcos (1/4)sum|M|^2 for e-(p1) e+(p2) -> 3(k) 4, cos = angle(k, p1) in the CM.

    a = p1.k = E E3 - p |k| c, b = p2.k = E E3 + p |k| c. Each side of c = 0 is integrated in
    ln a (c > 0) or ln b (c < 0), which resolves the m_e^2/s-wide peaks of t/u-channel electron
    propagators at c -> +-1; for smooth integrands the map is harmless.
    """
    sqs = math.sqrt(s)
    e = 0.5 * sqs
    p = math.sqrt(max(e * e - me * me, 0.0))
    # product forms: no cancellation when m3 + m4 is within ~1e-9 of sqrt(s)
    k = math.sqrt(max((sqs - m3 - m4) * (sqs + m3 + m4) * (sqs - m3 + m4) * (sqs + m3 - m4), 0.0)) / (2.0 * sqs)
    e3 = ((sqs - m4) * (sqs + m4) + m3 * m3) / (2.0 * sqs)
    total = 0.0
    for side in (1.0, -1.0):
        lo = max(c1, 0.0) if side > 0 else max(c1, -1.0)
        hi = min(c2, 1.0) if side > 0 else min(c2, 0.0)
        if hi <= lo:
            continue
        # side +1: v = a = e e3 - p k c (decreasing in c); side -1: v = b = e e3 + p k c at c = -|c|
        v_hi = e * e3 - side * p * k * lo
        v_lo = e * e3 - side * p * k * hi
        if side < 0:
            v_lo, v_hi = e * e3 + p * k * lo, e * e3 + p * k * hi
        u0, u1 = math.log(v_lo), math.log(v_hi)
        for i in range(x.size):
            v = math.exp(u0 + (u1 - u0) * x[i])
            if side > 0:
                aa = v
                bb = 2.0 * e * e3 - v
            else:
                bb = v
                aa = 2.0 * e * e3 - v
            jac = v / (p * k)  # |dc/du|
            total += w[i] * (u1 - u0) * jac * ee2.msq2(kid, s, aa, bb, me, mv)
    return total


def two_body_integral(kid: int, s: float, me: float, m3: float, m4: float, mv: float, c1: float = -1.0,
                      c2: float = 1.0, n: int = 64) -> float:
    """Int dcos (1/4)sum|M|^2 (2->2 kernel ``kid`` of pheno.kernels.ee2, vector mass ``mv``) over
    cos(angle of particle 3 to the e- beam) in [c1, c2]; 0 when closed."""
    if math.sqrt(s) <= m3 + m4 or c2 <= c1:
        return 0.0
    x, w = gauss_legendre01(n)
    return _two_body(kid, s, me, m3, m4, mv, c1, c2, x, w)


# ------------------------------------------------------------------------------ per-point samples
@nb.njit(cache=True)
def full_kinematics_points(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin, beta_boost):
    """Per-point weights and X four-momenta of the :func:`full_kinematics` integrand (event samples).

    For each point u[n] in [0,1)^4 (same map as :func:`_full`):
      w[n] = the integrand value of that point, summed over the two cos(theta*) halves that pass the
             lepton cuts -- computed by calling ``_full`` on the single point, so ``w.sum()`` equals
             ``_full(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin)[0]`` (to rounding) and
             ``w.mean()`` is one replica of :func:`full_kinematics` (units: (1/4)sum|M|^2 s^2/e^4 dPhi_3);
      q[n] = (E, px, py, pz) of X, built in the CM from E_q = (s + mx^2 - s12)/(2 sqrt s),
             cos(theta_q) = 2 u[n,1] - 1 at azimuth 0 (as in ``_full``), then boosted along +z by
             ``beta_boost`` (0: stay in the CM; (E- - E+)/(E- + E+): head-on lab frame).
    The cut arguments are those of ``_full`` (``beta_lab`` is the boost used for the cuts only).
    """
    n_pts = u.shape[0]
    w = np.zeros(n_pts)
    q = np.zeros((n_pts, 4))
    sqs = math.sqrt(s)
    eta_max = _eta_max(s, m, mx)
    for n in range(n_pts):
        w[n] = _full(vid, s, m, mx, u[n:n + 1, :], use_cuts, beta_lab, cmin, cmax, pmin, ptmin)[0]
        _, a, _, _ = _outer_point(u[n, 0], s, m, mx, eta_max)
        e_q = (a + mx * mx) / sqs
        qabs = math.sqrt(max((e_q - mx) * (e_q + mx), 0.0))
        cq = 2.0 * u[n, 1] - 1.0
        sq = math.sqrt(max(1.0 - cq * cq, 0.0))
        e, px, py, pz = _boost(e_q, qabs * sq, 0.0, qabs * cq, 0.0, 0.0, beta_boost)
        q[n, 0] = e
        q[n, 1] = px
        q[n, 2] = py
        q[n, 3] = pz
    return w, q
