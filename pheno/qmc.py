"""Randomly scrambled Sobol' points for the quasi-Monte Carlo integrals of pheno.phasespace.

Sobol' sequence (I.M. Sobol', USSR Comput. Math. Math. Phys. 7 (1967) 86) in Gray-code order
(Antonov & Saleev 1979) with the direction numbers of S. Joe and F.Y. Kuo, SIAM J. Sci. Comput. 30
(2008) 2635 (file new-joe-kuo-6.21201) for the first four dimensions, randomised as scipy.stats.qmc
does by default: a random linear matrix scramble (J. Matousek, J. Complexity 14 (1998) 527) and a
random digital shift of every coordinate. Each replica is an independent randomisation, so the
replica means are i.i.d. unbiased estimates and their spread gives the error.

The first 2^k points of a replica are the same whatever n is asked for, so doubling n extends a
sum: :func:`replica_integral` doubles the points until the replica spread reaches a requested
relative error, generating only the new points at each step (point i directly from the Gray code of
i). Only the randomisations (a few kB) are cached; the points are not kept.
Unscrambled points agree with scipy.stats.qmc.Sobol(scramble=False) (tests/test_qmc.py); this
module exists so that a cross section does not import scipy.stats (about 0.5 s).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numba as nb
import numpy as np

BITS = 32
# (degree s, coefficients a, initial direction integers m_1..m_s) of dimensions 2, 3, 4; the first
# dimension is the van der Corput sequence (all m_k = 1).
_JOE_KUO = ((1, 0, (1,)), (2, 1, (1, 3)), (3, 1, (1, 3, 1)))
MAX_DIMENSION = 1 + len(_JOE_KUO)


def direction_numbers(d: int) -> np.ndarray:
    """(d, BITS) array of the direction numbers V_k = m_k 2^(BITS - k), k = 1..BITS."""
    if not 1 <= d <= MAX_DIMENSION:
        raise ValueError(f"dimension must be between 1 and {MAX_DIMENSION}, got {d!r}")
    v = np.zeros((d, BITS), dtype=np.uint64)
    v[0] = [1 << (BITS - k) for k in range(1, BITS + 1)]
    for j, (deg, a, m_init) in enumerate(_JOE_KUO[: d - 1], start=1):
        m = list(m_init)
        for k in range(deg, BITS):  # m_k = 2 a_1 m_{k-1} ^ ... ^ 2^(s-1) a_(s-1) m_{k-s+1} ^ 2^s m_{k-s} ^ m_{k-s}
            new = m[k - deg] ^ (m[k - deg] << deg)
            for i in range(1, deg):
                if (a >> (deg - 1 - i)) & 1:
                    new ^= m[k - i] << i
            m.append(new)
        v[j] = [m[k] << (BITS - 1 - k) for k in range(BITS)]
    return v


@nb.njit(cache=True)
def _matrix_scramble(v, rows):
    """L v for every direction number: digit r (r = 0 the most significant) of L v is the parity of
    rows[j, r] AND v, rows[j, r] being row r of the lower-triangular matrix L of dimension j."""
    out = np.zeros_like(v)
    d, bits = v.shape
    for j in range(d):
        for k in range(bits):
            y = np.uint64(0)
            for r in range(bits):
                t = rows[j, r] & v[j, k]
                t ^= t >> np.uint64(32)
                t ^= t >> np.uint64(16)
                t ^= t >> np.uint64(8)
                t ^= t >> np.uint64(4)
                t ^= t >> np.uint64(2)
                t ^= t >> np.uint64(1)
                y |= (t & np.uint64(1)) << np.uint64(bits - 1 - r)
            out[j, k] = y
    return out


def _scramble(v: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random linear matrix scramble (L: unit diagonal, random bits below it) and digital shift."""
    d = v.shape[0]
    rows = rng.integers(0, 1 << BITS, size=(d, BITS), dtype=np.uint64)
    for r in range(BITS):  # keep the columns left of the diagonal (more significant digits), set it
        above = np.uint64(((1 << BITS) - 1) ^ ((1 << (BITS - r)) - 1))
        rows[:, r] = (rows[:, r] & above) | np.uint64(1 << (BITS - 1 - r))
    shift = rng.integers(0, 1 << BITS, size=d, dtype=np.uint64)
    return _matrix_scramble(v, rows), shift


@nb.njit(cache=True)
def _gray_code_points(v, shift, start, out):
    """out[k, j] = point start + k: (x_ij + 1/2) / 2^BITS, shifted, with x_i = x_(i-1) XOR v[j, ctz(i)],
    i.e. x_i the XOR of v[j, c] over the set bits c of the Gray code i XOR (i >> 1)."""
    d = v.shape[0]
    x = np.zeros(d, dtype=np.uint64)
    gray = start ^ (start >> 1)
    c = 0
    while gray:
        if gray & 1:
            for j in range(d):
                x[j] ^= v[j, c]
        gray >>= 1
        c += 1
    scale = 2.0 ** -BITS
    for k in range(out.shape[0]):
        i = start + k
        if k > 0:
            c = 0
            while i & 1 == 0:
                i >>= 1
                c += 1
            for j in range(d):
                x[j] ^= v[j, c]
        for j in range(d):
            out[k, j] = (float(x[j] ^ shift[j]) + 0.5) * scale


def sobol_points(n: int, d: int, scramble: bool = True, rng: np.random.Generator | None = None) -> np.ndarray:
    """n points of the d-dimensional Sobol' sequence in (0, 1)^d (one randomisation drawn from rng)."""
    v = direction_numbers(d)
    shift = np.zeros(d, dtype=np.uint64)
    if scramble:
        v, shift = _scramble(v, np.random.default_rng() if rng is None else rng)
    out = np.empty((n, d))
    _gray_code_points(v, shift, 0, out)
    return out


@lru_cache(maxsize=8)
def _randomisations(n_replicas: int, d: int, seed: int) -> list:
    """The (scrambled direction numbers, shift) of every replica, drawn from default_rng(seed)."""
    rng = np.random.default_rng(seed)
    v = direction_numbers(d)
    return [_scramble(v, rng) for _ in range(n_replicas)]


def scrambled_replicas(n: int, n_replicas: int, d: int, seed: int, start: int = 0) -> np.ndarray:
    """(n_replicas, n - start, d) array: points start..n-1 of independent randomisations of the
    Sobol' sequence, all drawn from np.random.default_rng(seed) (reproducible): replica r is
    sobol_points(n, d, rng=rng)[start:] for the r-th draw from that generator."""
    out = np.empty((n_replicas, n - start, d))
    for r, (v, shift) in enumerate(_randomisations(n_replicas, d, seed)):
        _gray_code_points(v, shift, start, out[r])
    return out


def replica_integral(accumulate, active, d: int, rtol: float = 1e-3, n_points: int | None = None,
                     n_replicas: int = 8, seed: int = 2024, n_start: int = 2**10, n_max: int = 2**18):
    """Randomised quasi-Monte Carlo integrals of several integrands over [0, 1)^d, with their errors.

    ``accumulate(u, active, sums)`` adds to sums[i, r] the sum of integrand i over the points
    u[r] (u: n_replicas x points x d, a block of consecutive points of each replica) for every
    i with active[i]; ``active`` (bool array, one entry per integrand) says which need it (the
    others are 0). The estimate is the mean over the ``n_replicas`` replica means, the error the
    standard error of that mean. The points per replica double from ``n_start`` until the error
    is <= rtol |value| (at most ``n_max``); the integrands that reach it drop out. Since the error
    cannot fall faster than 1/n, a level's error is taken as max(its replica spread, half the
    previous level's): one lucky small spread (heavy-tailed integrands, e.g. cuts of small
    acceptance) cannot stop the doubling. ``n_points`` fixes the points per replica instead
    (error: the replica spread).

    Returns flat arrays (value, error, converged, points per replica).

    >>> def accumulate(u, active, sums):   # one integrand, u^2 (integral 1/3)
    ...     sums[0] += np.sum(u[:, :, 0] ** 2, axis=1)
    >>> value, error, ok, n = replica_integral(accumulate, [True], 1, rtol=1e-6)
    >>> bool(ok[0]), bool(abs(value[0] - 1 / 3) < 4 * error[0] <= 4e-6 / 3)
    (True, True)
    """
    active = np.array(active, dtype=bool)
    sums = np.zeros((active.size, n_replicas))
    n_used = np.zeros(active.size, dtype=np.int64)
    value, error = np.zeros(active.size), np.zeros(active.size)
    spread_before = np.full(active.size, np.inf)
    n_done, n = 0, (int(n_points) if n_points else max(n_start // 2, 2))
    while active.any():
        accumulate(scrambled_replicas(n, n_replicas, d, seed, start=n_done), active, sums)
        idx = np.flatnonzero(active)
        n_used[idx] = n
        est = sums[idx] / n
        value[idx] = est.mean(axis=1)
        spread = est.std(axis=1, ddof=1) / math.sqrt(n_replicas)
        if n_points:
            error[idx] = spread
            break
        error[idx] = np.maximum(spread, 0.5 * spread_before[idx])
        spread_before[idx] = spread
        if n >= n_start:
            done = (error[idx] <= rtol * np.abs(value[idx])) | (value[idx] == 0.0)
            active[idx[done]] = False
        if 2 * n > n_max:
            break
        n_done, n = n, 2 * n
    return value, error, ~active, n_used
