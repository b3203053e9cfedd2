"""Three-body phase space for e+e- -> gamma* -> l-(k1) l+(k2) X(q) and its integration.

Total rate (orientation-averaged: the beam tensor summed over all final-state orientations,
docs/physics.md C5; dPhi_3 = ds12 ds23 / (128 pi^3 s), PDG review "Kinematics", Dalitz plot):

* :func:`dalitz_integral_1d` -- the production route: at fixed s12 the s23 integral is done in
  closed form (pheno.kernels.llx.Tint, derived in pheno.amplitudes.processes), leaving a 1-D
  integral over s12 in t, E_X = m_X cosh(eta), eta = eta_max (1 - (1-t)^2) (soft 1/E_X -> flat in
  eta; the l+l- threshold -> smooth). Globally adaptive Gauss-Kronrod (7, 15) to a relative
  tolerance, all masses in one compiled loop. A minimum CM momentum of both leptons keeps the s23
  range symmetric; the kinks it makes are roots of a quadratic, and where it acts the integral
  runs in the log of the smallest propagator.
* :func:`dalitz_integral` -- independent check: 2-D fixed Gauss-Legendre rules over s12 and
  ln D2 (collinear peak of D2 = (k2+q)^2 - m^2; the k1 <-> k2 symmetric half doubled).
* :func:`dalitz_integral_adaptive` -- independent check: scipy's adaptive QUADPACK over E_X and
  the decay angle cos(theta*) in the l+l- rest frame, no symmetry used.

Cuts on the leptons in angle, p_T or the lab frame (full kinematics,
dPhi_3 = |q| beta12 / (16 pi^2 sqrt(s) 32 pi^2 2 pi) ds12 dOmega_q dOmega*: X split from the l+l-
system R, then R -> l+l- in its rest frame):

* :func:`cut_integral` -- the production route: randomised quasi-Monte Carlo over (s12, theta_X,
  theta*) with the azimuth of the lepton pair about the X direction integrated exactly
  (|M|^2 = A + B cos(phi) + C cos(2 phi), pheno.kernels.llx.msq_azimuthal; accepted phi intervals
  from the roots of the cut conditions), scrambled Sobol' points of pheno.qmc, points doubled
  until the replica error reaches the requested relative precision.
* :func:`full_kinematics` -- independent check (and the event weights of pheno.decay): plain
  RQMC over all four variables with explicit boosted four-vectors.

Two-body angular integrals (e+e- -> gamma X, X h): :func:`two_body_integral`, adaptive
Gauss-Kronrod in ln(p1.k) and ln(p2.k).

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
    """Map t in [0,1] to (s12, A, B, jacobian ds12/dt, E_q, |q|): E_q = mx cosh(eta), |q| = mx sinh(eta)
    (no cancellation at small eta)."""
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
    return s12, a, b, ds12, e_q, q_abs


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
    s12, a, b, _, _, _ = _outer_point(t, s, m, mx, eta_max)
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
            s12, a, b, ds12, _, _ = _outer_point(t, s, m, mx, eta_max)
            if b <= 0.0 or ds12 <= 0.0:
                continue
            total += (t1 - t0) * wo[i] * ds12 * _inner(vid, s, m, mx, s12, a, b, d_cap, xi, wi)
    return total


# ------------------------------------------------------------------------------ adaptive quadrature
# Gauss-Kronrod (G7, K15) rule on [-1, 1]: Kronrod nodes in decreasing order (odd positions and the
# centre are the 7 Gauss-Legendre nodes), Kronrod and Gauss weights (Piessens et al., QUADPACK
# (Springer 1983), routine QK15; exactness checked in tests/test_phasespace.py).
_XGK = np.array([0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                 0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                 0.207784955007898467600689403773245, 0.0])
_WGK = np.array([0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                 0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                 0.204432940075298892414161999234649, 0.209482141084727828012999174891714])
_WG = np.array([0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                0.381830050505118944950369775488975, 0.417959183673469387755102040816327])
_MAX_INTERVALS = 200

# Compiled integrands of the adaptive integrator, selected per piece by kind; p holds parameters.
_LINE = 0  # _line in t: p = (vid, s, m, mx, eta_max, d_cap, E_X,max)
_LINE_CUT = 1  # _line_cut in v = ln(2d - d_cap): the same p
_TWO_BODY = 2  # _two_body_point: p = (kid, s, me, mv, p k, 2 E E3, ln v at the ends of both sides)


@nb.njit(cache=True)
def _integrand_at(kind, p, x, f):
    """f[j] = integrand ``kind`` at x[j] (the branch outside the loop keeps each loop specialised)."""
    if kind == _LINE:
        vid = int(p[0])
        for j in range(x.size):
            f[j] = _line(vid, p[1], p[2], p[3], p[4], p[5], x[j])
    elif kind == _LINE_CUT:
        vid = int(p[0])
        for j in range(x.size):
            f[j] = _line_cut(vid, p[1], p[2], p[3], p[6], p[5], x[j])
    else:
        for j in range(x.size):
            f[j] = _two_body_point(p, x[j])


@nb.njit(cache=True)
def _gk15(kind, p, t0, t1, buf):
    """(K15 estimate, |K15 - G7|) of the integral over [t0, t1]. |K15 - G7| is essentially the
    error of G7 and so bounds the (much smaller) error of K15 for a smooth integrand.
    buf: work array of 30 (nodes, values)."""
    c = 0.5 * (t0 + t1)
    h = 0.5 * (t1 - t0)
    x, f = buf[:15], buf[15:30]
    for j in range(7):
        x[j], x[14 - j] = c - h * _XGK[j], c + h * _XGK[j]
    x[7] = c
    _integrand_at(kind, p, x, f)
    res_k = f[7] * _WGK[7]
    res_g = f[7] * _WG[3]
    for j in range(7):
        f_sum = f[j] + f[14 - j]
        res_k += _WGK[j] * f_sum
        if j % 2 == 1:
            res_g += _WG[j // 2] * f_sum
    return res_k * h, abs(res_k - res_g) * h


@nb.njit(cache=True)
def _adaptive(pieces, n_pieces, p, rtol, work):
    """Globally adaptive Gauss-Kronrod integral (QUADPACK QAG strategy) of the sum over pieces
    (rows kind, lower, upper end of ``pieces``; kinks of the integrand sit between them).

    Every piece starts as two halves, so that one accidental agreement of G7 and K15 cannot end
    the integration; then the interval with the largest |K15 - G7| is bisected until their sum is
    <= rtol |integral|. work: 6 x N work array (N >= 30 caps the number of intervals).
    Returns (integral, error estimate, converged).
    """
    kind, lo, hi, val, err, buf = work[0], work[1], work[2], work[3], work[4], work[5]
    n = 0
    for k in range(n_pieces):
        a, b = pieces[k, 1], pieces[k, 2]
        for t0, t1 in ((a, 0.5 * (a + b)), (0.5 * (a + b), b)):
            if t1 > t0:
                kind[n], lo[n], hi[n] = pieces[k, 0], t0, t1
                val[n], err[n] = _gk15(int(kind[n]), p, t0, t1, buf)
                n += 1
    while True:
        total = 0.0
        total_err = 0.0
        worst = 0
        for i in range(n):
            total += val[i]
            total_err += err[i]
            if err[i] > err[worst]:
                worst = i
        if total_err <= rtol * abs(total) or total_err == 0.0:
            return total, total_err, True
        mid = 0.5 * (lo[worst] + hi[worst])
        if n == lo.size or not lo[worst] < mid < hi[worst]:
            return total, total_err, False
        kind[n], lo[n], hi[n] = kind[worst], mid, hi[worst]
        hi[worst] = mid
        val[worst], err[worst] = _gk15(int(kind[worst]), p, lo[worst], mid, buf)
        val[n], err[n] = _gk15(int(kind[n]), p, mid, hi[n], buf)
        n += 1


# ------------------------------------------------------------------------------ 1-D Dalitz route
@nb.njit(cache=True)
def _line_at(vid, s, m, mx, d_cap, d, q, above, jac):
    """jac x Int T ds23 along the Dalitz line of fixed s12 (closed form pheno.kernels.llx.Tint), from
    d = (D1 + D2)/2 = sqrt(s) E_X, |q| and s12 - 4 m^2 (``above``), computed without cancellation by
    the caller. b = sqrt(s) |q| beta12 is the half-width of the D2 range and d^2 - b^2 =
    s (mx^2 + 4 m^2 |q|^2/s12). Lepton CM energies >= e_min means D1, D2 <= d_cap =
    s - 2 sqrt(s) e_min: b -> min(b, d_cap - d), and then d^2 - b^2 = d_cap (2d - d_cap)."""
    s12 = 4.0 * m * m + above
    b = math.sqrt(s) * q * math.sqrt(above / s12)
    if b <= 0.0:
        return 0.0
    if d + b <= d_cap:
        dd = s * (mx * mx + 4.0 * m * m * q * q / s12)
    else:
        b = d_cap - d
        if b <= 0.0:
            return 0.0
        dd = d_cap * (2.0 * d - d_cap)
    log_ratio = math.log1p(2.0 * b * (d + b) / dd)
    return jac * llx.Tint(vid, s12, d, b, 2.0 * b / dd, log_ratio, m, mx)


@nb.njit(cache=True)
def _line_point(s, m, mx, eta_max, t):
    """(d, |q|, s12 - 4 m^2, ds12/dt) at the outer variable t of _outer_point: E_X = mx cosh(eta),
    |q| = mx sinh(eta) from one exponential (no cancellation at small eta), and
    s12 - 4m^2 = 2 sqrt(s) mx (cosh eta_max - cosh eta) = sqrt(s) mx (e^eta_max - e^eta)(1 - e^-(eta_max + eta))."""
    sqs = math.sqrt(s)
    eta = eta_max * (1.0 - (1.0 - t) ** 2)
    deta = 2.0 * eta_max * (1.0 - t)
    em = math.expm1(eta)
    ie = 1.0 / (1.0 + em)
    q = 0.5 * mx * em * (1.0 + ie)
    d = sqs * mx * (1.0 + 0.5 * em * (1.0 - ie))
    above = sqs * mx * (1.0 + em) * math.expm1(eta_max - eta) * (1.0 - ie * math.exp(-eta_max))
    return d, q, above, 2.0 * sqs * q * deta


@nb.njit(cache=True)
def _line(vid, s, m, mx, eta_max, d_cap, t):
    """ds12/dt x Int T ds23 along the Dalitz line, outer variable t of _outer_point."""
    d, q, above, jac = _line_point(s, m, mx, eta_max, t)
    return _line_at(vid, s, m, mx, d_cap, d, q, above, jac)


@nb.njit(cache=True)
def _line_cut(vid, s, m, mx, e_max, d_cap, v):
    """ds12/dv x Int T ds23 where the energy cut shortens the Dalitz line, in v = ln(2d - d_cap),
    the logarithm of the smallest propagator there: that resolves the 1/(2d - d_cap) rise of the
    integrand at the kink where the cut starts to act (|ds12/dv| = 2d - d_cap)."""
    w = math.exp(v)
    d = 0.5 * (w + d_cap)
    e_x = d / math.sqrt(s)
    q = math.sqrt(max((e_x - mx) * (e_x + mx), 0.0))
    above = max(2.0 * math.sqrt(s) * (e_max - e_x), 0.0)
    return _line_at(vid, s, m, mx, d_cap, d, q, above, w)


@nb.njit(cache=True)
def _t_of_energy(e_x, mx, eta_max):
    """Inverse of the outer map: X energy -> t in [0, 1] (clipped)."""
    if e_x <= mx:
        return 0.0
    r = math.acosh(e_x / mx) / eta_max
    return 1.0 if r >= 1.0 else 1.0 - math.sqrt(1.0 - r)


@nb.njit(cache=True)
def _cut_kinks(s, m, mx, eta_max, d_cap):
    """Sorted t from 0 to the end of the allowed range, with the kinks of the outer integrand
    that the lepton-energy cut makes in between.

    The cut shortens the D2 range where d + b = d_cap, i.e. E_X + |q| beta12 = c := d_cap/sqrt(s)
    (the softer lepton has exactly e_min), and closes it at d = d_cap (E_X = c). Squaring the
    first, (E^2 - mx^2)(s12 - 4m^2) = (c - E)^2 s12 with s12 = s + mx^2 - 2 sqrt(s) E, the cubic
    terms cancel: a quadratic in E whose roots with E < c are the kinks.
    """
    sqs = math.sqrt(s)
    c = d_cap / sqs
    e_max = (s + mx * mx - 4.0 * m * m) / (2.0 * sqs)
    k, aa = 2.0 * sqs, s + mx * mx
    qa = -(4.0 * m * m + 2.0 * k * c)
    qb = k * mx * mx + 2.0 * aa * c + k * c * c
    qc = -(mx * mx * (aa - 4.0 * m * m) + aa * c * c)
    out = [0.0, _t_of_energy(c, mx, eta_max)]  # the integrand is 0 beyond E_X = c
    disc = qb * qb - 4.0 * qa * qc
    if disc > 0.0:
        qq = -0.5 * (qb + math.copysign(math.sqrt(disc), qb))
        for e in (qq / qa, qc / qq):
            if mx < e < min(c, e_max):
                out.append(_t_of_energy(e, mx, eta_max))
    out.sort()
    return out


@nb.njit(cache=True)
def _line_pieces(s, m, mx, eta_max, d_cap, pieces):
    """Fill ``pieces`` (kind, lower, upper) for _adaptive; returns their number. Without a cut one
    piece in t; with one, the pieces between the kinks, in v = ln(2d - d_cap) where the cut acts."""
    if d_cap == math.inf:
        pieces[0, 0], pieces[0, 1], pieces[0, 2] = _LINE, 0.0, 1.0
        return 1
    edges = _cut_kinks(s, m, mx, eta_max, d_cap)
    n = 0
    for j in range(len(edges) - 1):
        ta, tb = edges[j], edges[j + 1]
        if tb <= ta:
            continue
        d, q, above, _ = _line_point(s, m, mx, eta_max, 0.5 * (ta + tb))
        if d + math.sqrt(s) * q * math.sqrt(above / (4.0 * m * m + above)) > d_cap:
            da = _line_point(s, m, mx, eta_max, ta)[0]
            db = _line_point(s, m, mx, eta_max, tb)[0]
            pieces[n, 0], pieces[n, 1], pieces[n, 2] = _LINE_CUT, math.log(2.0 * da - d_cap), math.log(2.0 * db - d_cap)
        else:
            pieces[n, 0], pieces[n, 1], pieces[n, 2] = _LINE, ta, tb
        n += 1
    return n


@nb.njit(cache=True)
def _dalitz_1d(vid, s, m, masses, e_min, rtol, value, error, converged):
    """Adaptive integral of the Dalitz-line integral for every mass (0 where the channel is
    closed), results written in place."""
    sqs = math.sqrt(s)
    work = np.empty((6, _MAX_INTERVALS))
    pieces = np.empty((4, 3))
    p = np.empty(7)
    d_cap = s - 2.0 * sqs * e_min if e_min > 0.0 else math.inf
    for i in range(masses.size):
        mx = masses[i]
        if sqs <= mx + 2.0 * m:
            value[i], error[i], converged[i] = 0.0, 0.0, True
            continue
        eta_max = _eta_max(s, m, mx)
        p[0], p[1], p[2], p[3], p[4], p[5] = vid, s, m, mx, eta_max, d_cap
        p[6] = (s + mx * mx - 4.0 * m * m) / (2.0 * sqs)
        n_pieces = _line_pieces(s, m, mx, eta_max, d_cap, pieces)
        value[i], error[i], converged[i] = _adaptive(pieces, n_pieces, p, rtol, work)


def dalitz_integral_1d(vid: int, s: float, m: float, mx, e_min: float = 0.0, rtol: float = 1e-6):
    """Int T ds12 ds23 [GeV^4 x T units] over the Dalitz region for every X mass in ``mx``, as a
    1-D integral over s12 of the closed-form line integral (pheno.kernels.llx.Tint), with both
    lepton CM energies >= ``e_min`` if given. Adaptive Gauss-Kronrod to the relative tolerance
    ``rtol`` (its error estimate |K15 - G7| bounds the error of the returned K15 value).

    Returns (value, error estimate, converged) as arrays of the shape of ``mx`` (0 where the
    channel is closed).
    """
    masses = np.array(mx, dtype=float)  # a copy: C-contiguous, also for 0-d input
    value, error = np.empty(masses.shape), np.empty(masses.shape)
    converged = np.empty(masses.shape, dtype=np.bool_)
    _dalitz_1d(vid, float(s), float(m), masses.reshape(-1), float(e_min), float(rtol),
               value.reshape(-1), error.reshape(-1), converged.reshape(-1))
    return value, error, converged


@nb.njit(cache=True)
def dalitz_1d_fixed_rule(vid, s, m, masses, x, w):
    """The same 1-D integral (no cut) with one fixed rule (nodes x, weights w on [0, 1]) for every
    mass: the bare analytic 1-D kernel, used as the speed reference in benchmarks/ and as a
    second route in the tests."""
    out = np.zeros(masses.size)
    sqs = math.sqrt(s)
    for i in range(masses.size):
        mx = masses[i]
        if sqs <= mx + 2.0 * m:
            continue
        eta_max = _eta_max(s, m, mx)
        acc = 0.0
        for j in range(x.size):
            acc += w[j] * _line(vid, s, m, mx, eta_max, math.inf, x[j])
        out[i] = acc
    return out


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
def _point_map(u0, u1, u2, s, m, mx, eta_max):
    """The map of the first three coordinates of a point in [0,1)^4 shared by the full-kinematics
    routes: s12 (u0, as _outer_point), cos(theta_q) = 2 u1 - 1 (X polar angle; X azimuth 0), and
    |cos(theta*)| of the lepton in the l+l- rest frame (u2, logarithmic in the smaller propagator,
    for the collinear peak; both signs of cos(theta*) are then evaluated).

    Returns (w, s12, E_q, |q|, cos_q, sin_q, beta12, |cos theta*|) with w the phase-space weight per
    point for each sign of cos(theta*), per unit azimuth of the decay plane (w = 0 outside):
    dPhi_3 = |q| beta12 / (16 pi^2 sqrt(s) 32 pi^2 2 pi) ds12 dOmega_q dOmega* (module docstring).
    """
    s12, a, b, ds12, e_q, qabs = _outer_point(u0, s, m, mx, eta_max)
    if b <= 0.0 or ds12 <= 0.0:
        return 0.0, s12, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    sqs = math.sqrt(s)
    beta12 = math.sqrt(max(1.0 - 4.0 * m * m / s12, 0.0))
    cq = 2.0 * u1 - 1.0
    sq = math.sqrt(max(1.0 - cq * cq, 0.0))
    d_mid = mx * mx + a
    ulo, uhi = math.log(d_mid - b), math.log(d_mid)
    d_small = math.exp(ulo + (uhi - ulo) * u2)
    cstar_abs = (d_mid - d_small) / b  # cos(theta*) at which the small propagator equals d_small
    jac_c = d_small * (uhi - ulo) / b  # dcos/du
    w = qabs * beta12 / (16.0 * math.pi**2 * sqs * 32.0 * math.pi**2 * 2.0 * math.pi)
    w *= ds12 * (2.0 * 2.0 * math.pi) * jac_c  # d cos_q (x2), phi_q, dcos*
    return w, s12, e_q, qabs, cq, sq, beta12, cstar_abs


@nb.njit(cache=True)
def _full(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin):
    """Sum over points u (N x 4 in [0,1)^4) of the weight sigma-integrand; returns (sum, sum_sq)."""
    sqs = math.sqrt(s)
    eta_max = _eta_max(s, m, mx)
    hb = 0.5 * sqs
    acc = 0.0
    acc2 = 0.0
    for n in range(u.shape[0]):
        w, s12, e_q, qabs, cq, sq, beta12, cstar_abs = _point_map(u[n, 0], u[n, 1], u[n, 2], s, m, mx, eta_max)
        if w <= 0.0:
            continue
        nqx, nqy, nqz = sq, 0.0, cq  # Z' direction (azimuth trivial)
        e1x, e1y, e1z = cq, 0.0, -sq  # basis orthogonal to the Z' direction
        phi = 2.0 * math.pi * u[n, 3]
        w_ps = w * 2.0 * math.pi  # phi*
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


@nb.njit(cache=True)
def _passes_kz(e, kabs2, kz, gam, beta, cmin, cmax, pmin, ptmin):
    """_passes for a particle of CM energy e, |k|^2 = kabs2 and CM z-momentum kz (lab: boost beta
    along +z, gamma gam)."""
    pt2 = max(kabs2 - kz * kz, 0.0)
    pz = gam * (kz + beta * e)
    p = math.sqrt(pt2 + pz * pz)
    return p > 0.0 and cmin * p <= pz <= cmax * p and p >= pmin and pt2 >= ptmin * ptmin


@nb.njit(cache=True)
def _cut_boundaries(e, kabs2, m, gam, beta, cmin, cmax, pmin, ptmin, out, n):
    """Store in out[n:] every CM kz at which one of the cuts of _passes_kz can switch; returns the
    new count. p_T = p_T,min: kz^2 = |k|^2 - p_T,min^2; p_lab = p_min: E_lab = gam (e + beta kz)
    is linear in kz; cos(theta_lab) = c for c = cmin, cmax, squared: gam^2 (kz + beta e)^2 (1 - c^2)
    = c^2 (|k|^2 - kz^2), a quadratic in kz (spurious roots are harmless: the pieces between the
    boundaries are tested afterwards)."""
    if ptmin > 0.0 and kabs2 > ptmin * ptmin:
        r = math.sqrt(kabs2 - ptmin * ptmin)
        out[n], out[n + 1] = r, -r
        n += 2
    if pmin > 0.0 and beta != 0.0:
        out[n] = (math.sqrt(m * m + pmin * pmin) / gam - e) / beta
        n += 1
    for c in (cmin, cmax):
        if -1.0 < c < 1.0:
            g2 = gam * gam * (1.0 - c * c)
            qa = g2 + c * c
            qb = 2.0 * g2 * beta * e
            qc = g2 * beta * beta * e * e - c * c * kabs2
            disc = qb * qb - 4.0 * qa * qc
            if disc >= 0.0:
                qq = -0.5 * (qb + math.copysign(math.sqrt(disc), qb))
                out[n] = qq / qa
                out[n + 1] = qc / qq if qq != 0.0 else 0.0
                n += 2
    return n


@nb.njit(cache=True)
def _phi_integrated(vid, s, m, mx, eta_max, u0, u1, u2, gam_l, beta_l, cmin, cmax, pmin, ptmin, buf):
    """The integrand of _full at the point (u0, u1, u2), integrated exactly over the azimuth phi of
    the lepton pair about the X direction, both signs of cos theta* (units of _full).

    At fixed (s12, theta_q, theta*) the lepton energies do not depend on phi and their CM
    z-momenta are affine in cos(phi); (1/4)sum|M|^2 = A + B cos(phi) + C cos(2 phi)
    (pheno.kernels.llx.msq_azimuthal). Every cut depends on phi only through a lepton's kz, so
    the accepted phi form intervals whose ends are among the roots of _cut_boundaries; each piece
    between them is classified at its midpoint, and Int (A + B cos(phi) + C cos(2 phi)) dphi over
    it is elementary. buf: work array (>= 32).
    """
    w, s12, e_q, qabs, cq, sq, beta12, cstar_abs = _point_map(u0, u1, u2, s, m, mx, eta_max)
    if w <= 0.0:
        return 0.0
    sqs = math.sqrt(s)
    hb = 0.5 * sqs
    m_r = math.sqrt(s12)
    e_r = sqs - e_q
    gam_r, v_r = e_r / m_r, qabs / e_r  # the l+l- system moves along -q
    pstar, e_half = 0.5 * m_r * beta12, 0.5 * m_r
    p1q, p2q = hb * (e_q - qabs * cq), hb * (e_q + qabs * cq)
    k1k2 = 0.5 * s12 - m * m
    acc = 0.0
    for sign in (1.0, -1.0):
        c = sign * cstar_abs  # sign +1: k1 along q (D1 small)
        perp = pstar * math.sqrt(max(1.0 - c * c, 0.0))
        e1 = gam_r * (e_half - v_r * pstar * c)
        k1_par = gam_r * (pstar * c - v_r * e_half)
        e2 = gam_r * (e_half + v_r * pstar * c)
        k2_par = gam_r * (-pstar * c - v_r * e_half)
        # kz = a + b cos(phi), the pair's basis vector at phi = 0 being (cos_q, 0, -sin_q)
        a1, b1 = k1_par * cq, -perp * sq
        a2, b2 = k2_par * cq, perp * sq
        # Int dphi over (0, pi) of 1, cos(phi), cos(2 phi) where both leptons pass
        i0, i1, i2 = 0.0, 0.0, 0.0
        kabs1, kabs2 = e1 * e1 - m * m, e2 * e2 - m * m
        buf[0] = -1.0
        n = 1
        for e, kabs, a, b in ((e1, kabs1, a1, b1), (e2, kabs2, a2, b2)):
            # every cut accepts an interval of kz when the lepton is faster than the boost
            # (then cos(theta_lab) rises with kz): passing at both ends means everywhere
            if kabs > beta_l * beta_l * e * e and _passes_kz(e, kabs, a - b, gam_l, beta_l, cmin, cmax, pmin,
                                                               ptmin) and _passes_kz(e, kabs, a + b, gam_l, beta_l,
                                                                                     cmin, cmax, pmin, ptmin):
                continue
            if b != 0.0:  # boundaries in kz -> cos(phi), those inside (-1, 1) sorted into buf
                n_kz = _cut_boundaries(e, kabs, m, gam_l, beta_l, cmin, cmax, pmin, ptmin, buf, 16)
                inv_b = 1.0 / b
                for j in range(16, n_kz):
                    x = (buf[j] - a) * inv_b
                    if -1.0 < x < 1.0:
                        k = n
                        while buf[k - 1] > x:
                            buf[k] = buf[k - 1]
                            k -= 1
                        buf[k] = x
                        n += 1
        buf[n] = 1.0
        for j in range(n):
            xl, xh = buf[j], buf[j + 1]
            xm = 0.5 * (xl + xh)
            if (_passes_kz(e1, kabs1, a1 + b1 * xm, gam_l, beta_l, cmin, cmax, pmin, ptmin)
                    and _passes_kz(e2, kabs2, a2 + b2 * xm, gam_l, beta_l, cmin, cmax, pmin, ptmin)):
                sl, sh = math.sqrt(1.0 - xl * xl), math.sqrt(1.0 - xh * xh)
                i0 += (math.pi if xl == -1.0 else math.acos(xl)) - (0.0 if xh == 1.0 else math.acos(xh))
                i1 += sl - sh
                i2 += xl * sl - xh * sh
        if i0 <= 0.0:
            continue
        k1q, k2q = e1 * e_q - k1_par * qabs, e2 * e_q - k2_par * qabs
        ca, cb, cc = llx.msq_azimuthal(vid, hb, e1, a1, b1, e2, a2, b2, p1q, p2q, 0.5 * s, k1k2, k1q, k2q, m, mx)
        acc += ca * i0 + cb * i1 + cc * i2
    return 2.0 * w * acc  # x 2: phi in (pi, 2 pi) mirrors (0, pi)


@nb.njit(cache=True)
def _cut_sums(vid, s, m, masses, active, u, beta_l, cmin, cmax, pmin, ptmin, sums):
    """sums[i, r] += sum of _phi_integrated over the points of replica r (u: replicas x points x 3)
    for every mass i with active[i]."""
    gam_l = 1.0 / math.sqrt(1.0 - beta_l * beta_l)
    buf = np.empty(32)
    for i in range(masses.size):
        if not active[i]:
            continue
        mx = masses[i]
        eta_max = _eta_max(s, m, mx)
        for r in range(u.shape[0]):
            acc = 0.0
            for k in range(u.shape[1]):
                acc += _phi_integrated(vid, s, m, mx, eta_max, u[r, k, 0], u[r, k, 1], u[r, k, 2],
                                       gam_l, beta_l, cmin, cmax, pmin, ptmin, buf)
            sums[i, r] += acc


def cut_integral(vid: int, s: float, m: float, mx, cuts, rtol: float = 1e-3, n_points: int | None = None,
                 n_replicas: int = 8, seed: int = 2024, n_start: int = 2**10, n_max: int = 2**18):
    """Int (1/4)sum|M|^2 s^2/e^4 dPhi_3 with lepton cuts, for every X mass in ``mx`` (array).

    Randomised quasi-Monte Carlo over (s12, theta_X, theta*) with the azimuth of the lepton pair
    integrated exactly (_phi_integrated): ``n_replicas`` independently scrambled Sobol' sequences,
    error from the spread of the replica means, points doubled from ``n_start`` until the error is
    <= rtol |value| (at most ``n_max``; pheno.qmc.replica_integral). ``n_points`` fixes the points
    per replica instead (error: the replica spread).

    Returns (value, error, converged, points per replica) as arrays of the shape of ``mx``.
    """
    from .qmc import replica_integral

    masses = np.array(mx, dtype=float)  # a copy: C-contiguous, also for 0-d input
    flat = masses.reshape(-1)
    cut_args = (float(cuts.beta_lab), float(cuts.cos_theta[0]), float(cuts.cos_theta[1]), float(cuts.p_min),
                float(cuts.pt_min))

    def accumulate(u, active, sums):
        _cut_sums(vid, float(s), float(m), flat, active, u, *cut_args, sums)

    out = replica_integral(accumulate, math.sqrt(s) > flat + 2.0 * m, 3, rtol=rtol, n_points=n_points,
                           n_replicas=n_replicas, seed=seed, n_start=n_start, n_max=n_max)
    return tuple(a.reshape(masses.shape) for a in out)


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
def _two_body_point(p, t):
    """Integrand of Int dcos (1/4)sum|M|^2 for e-(p1) e+(p2) -> 3(k) 4 (cos = angle(k, p1) in the CM)
    at t in [0, 2]. a = p1.k = E E3 - p |k| c, b = p2.k = E E3 + p |k| c. The side c > 0 (t < 1) is
    integrated in ln a, the side c < 0 (t > 1) in ln b, which resolves the m_e^2/s-wide peaks of
    t/u-channel electron propagators at c -> +-1; for smooth integrands the map is harmless.
    p = (kid, s, me, mv, p |k|, 2 E E3, ln a range of side +, ln b range of side -)."""
    if t <= 1.0:
        u0, u1, x = p[6], p[7], t
    else:
        u0, u1, x = p[8], p[9], t - 1.0
    if u1 <= u0:
        return 0.0
    v = math.exp(u0 + (u1 - u0) * x)
    if t <= 1.0:
        aa, bb = v, p[5] - v
    else:
        aa, bb = p[5] - v, v
    return (u1 - u0) * v / p[4] * ee2.msq2(int(p[0]), p[1], aa, bb, p[2], p[3])


@nb.njit(cache=True)
def _two_body(kid, s, me, m3, m4, mv, c1, c2, rtol):
    """Int_{c1}^{c2} dcos (1/4)sum|M|^2 by _adaptive; returns (integral, error, converged)."""
    sqs = math.sqrt(s)
    e = 0.5 * sqs
    pb = math.sqrt(max(e * e - me * me, 0.0))
    # product forms: no cancellation when m3 + m4 is within ~1e-9 of sqrt(s)
    k = math.sqrt(max((sqs - m3 - m4) * (sqs + m3 + m4) * (sqs - m3 + m4) * (sqs + m3 - m4), 0.0)) / (2.0 * sqs)
    e3 = ((sqs - m4) * (sqs + m4) + m3 * m3) / (2.0 * sqs)
    p = np.zeros(10)
    p[0], p[1], p[2], p[3], p[4], p[5] = kid, s, me, mv, pb * k, 2.0 * e * e3
    # a(c) = a_min + p|k|(1 - c), b(c) = a_min + p|k|(1 + c), with a_min = a(1) without cancellation
    a_min = (e * e * m3 * m3 + me * me * k * k) / (e * e3 + pb * k)
    lo_p, hi_p = max(c1, 0.0), min(c2, 1.0)  # side c > 0: ln a from a(hi) to a(lo)
    if hi_p > lo_p:
        p[6], p[7] = math.log(a_min + pb * k * (1.0 - hi_p)), math.log(a_min + pb * k * (1.0 - lo_p))
    lo_m, hi_m = max(c1, -1.0), min(c2, 0.0)  # side c < 0: ln b from b(lo) to b(hi)
    if hi_m > lo_m:
        p[8], p[9] = math.log(a_min + pb * k * (1.0 + lo_m)), math.log(a_min + pb * k * (1.0 + hi_m))
    pieces = np.array([[_TWO_BODY, 0.0, 1.0], [_TWO_BODY, 1.0, 2.0]])
    total, err, ok = _adaptive(pieces, 2, p, rtol, np.empty((6, _MAX_INTERVALS)))
    return total, err, ok


def two_body_integral(kid: int, s: float, me: float, m3: float, m4: float, mv: float, c1: float = -1.0,
                      c2: float = 1.0, rtol: float = 1e-10) -> tuple[float, float, bool]:
    """Int dcos (1/4)sum|M|^2 (2->2 kernel ``kid`` of pheno.kernels.ee2, vector mass ``mv``) over
    cos(angle of particle 3 to the e- beam) in [c1, c2], to the relative tolerance ``rtol``
    (``me`` > 0 where particle 3 is massless: the angle map resolves the m_e^2/s-wide peaks).
    Returns (value, error estimate, converged); (0, 0, True) when closed."""
    if math.sqrt(s) <= m3 + m4 or c2 <= c1:
        return 0.0, 0.0, True
    return _two_body(kid, s, me, m3, m4, mv, c1, c2, rtol)


@nb.njit(cache=True)
def two_body_msq(kid, s, a, b, me, mv):
    """(1/4)sum|M|^2 of the 2 -> 2 kernel ``kid`` (pheno.kernels.ee2.msq2) at the 1-D arrays a, b."""
    out = np.empty(a.size)
    for i in range(a.size):
        out[i] = ee2.msq2(kid, s, a[i], b[i], me, mv)
    return out


# ------------------------------------------------------------------------------ per-point samples
@nb.njit(cache=True)
def full_kinematics_points(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin, beta_boost):
    """Per-point weights and X four-momenta of the :func:`full_kinematics` integrand (event samples).

    For each point u[n] in [0,1)^4 (same map as :func:`_full`):
      w[n] = the integrand value of that point, summed over the two cos(theta*) halves that pass the
             lepton cuts -- computed by calling ``_full`` on the single point, so ``w.sum()`` equals
             ``_full(vid, s, m, mx, u, use_cuts, beta_lab, cmin, cmax, pmin, ptmin)[0]`` (to rounding) and
             ``w.mean()`` is one replica of :func:`full_kinematics` (units: (1/4)sum|M|^2 s^2/e^4 dPhi_3);
      q[n] = (E, px, py, pz) of X, built in the CM from E_q, |q| of _outer_point,
             cos(theta_q) = 2 u[n,1] - 1 at azimuth 0 (as in ``_full``), then boosted along +z by
             ``beta_boost`` (0: stay in the CM; (E- - E+)/(E- + E+): head-on lab frame).
    The cut arguments are those of ``_full`` (``beta_lab`` is the boost used for the cuts only).
    """
    n_pts = u.shape[0]
    w = np.zeros(n_pts)
    q = np.zeros((n_pts, 4))
    eta_max = _eta_max(s, m, mx)
    for n in range(n_pts):
        w[n] = _full(vid, s, m, mx, u[n:n + 1, :], use_cuts, beta_lab, cmin, cmax, pmin, ptmin)[0]
        _, _, _, _, e_q, qabs = _outer_point(u[n, 0], s, m, mx, eta_max)
        cq = 2.0 * u[n, 1] - 1.0
        sq = math.sqrt(max(1.0 - cq * cq, 0.0))
        e, px, py, pz = _boost(e_q, qabs * sq, 0.0, qabs * cq, 0.0, 0.0, beta_boost)
        q[n, 0] = e
        q[n, 1] = px
        q[n, 2] = py
        q[n, 3] = pz
    return w, q
