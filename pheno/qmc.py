"""Randomly scrambled Sobol' points for the quasi-Monte Carlo integrals of pheno.phasespace.

Sobol' sequence (I.M. Sobol', USSR Comput. Math. Math. Phys. 7 (1967) 86) in Gray-code order
(Antonov & Saleev 1979) with the direction numbers of S. Joe and F.Y. Kuo, SIAM J. Sci. Comput. 30
(2008) 2635 (file new-joe-kuo-6.21201) for the first four dimensions, randomised as scipy.stats.qmc
does by default: a random linear matrix scramble (J. Matousek, J. Complexity 14 (1998) 527) and a
random digital shift of every coordinate. Each replica is an independent randomisation, so the
replica means are i.i.d. unbiased estimates and their spread gives the error.

The first 2^k points of a replica are the same whatever n is asked for, so doubling n extends a
sum. Point sets are cached per (n, replicas, dimension, seed): every mass of a scan reuses them.
Unscrambled points agree with scipy.stats.qmc.Sobol(scramble=False) (tests/test_qmc.py); this
module exists so that a cross section does not import scipy.stats (about 0.5 s).
"""
from __future__ import annotations

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
def _gray_code_points(v, shift, n, out):
    """out[i, j] = (x_ij + 1/2) / 2^BITS, x_i = x_(i-1) XOR v[j, ctz(i)] (x_0 = 0), shifted."""
    d = v.shape[0]
    x = np.zeros(d, dtype=np.uint64)
    scale = 2.0 ** -BITS
    for i in range(n):
        if i > 0:
            c = 0
            k = i
            while k & 1 == 0:
                k >>= 1
                c += 1
            for j in range(d):
                x[j] ^= v[j, c]
        for j in range(d):
            out[i, j] = (float(x[j] ^ shift[j]) + 0.5) * scale


def sobol_points(n: int, d: int, scramble: bool = True, rng: np.random.Generator | None = None) -> np.ndarray:
    """n points of the d-dimensional Sobol' sequence in (0, 1)^d (one randomisation drawn from rng)."""
    v = direction_numbers(d)
    shift = np.zeros(d, dtype=np.uint64)
    if scramble:
        v, shift = _scramble(v, np.random.default_rng() if rng is None else rng)
    out = np.empty((n, d))
    _gray_code_points(v, shift, n, out)
    return out


@lru_cache(maxsize=8)
def _randomisations(n_replicas: int, d: int, seed: int) -> list:
    """The (scrambled direction numbers, shift) of every replica, drawn from default_rng(seed)."""
    rng = np.random.default_rng(seed)
    v = direction_numbers(d)
    return [_scramble(v, rng) for _ in range(n_replicas)]


@lru_cache(maxsize=4)
def scrambled_replicas(n: int, n_replicas: int, d: int, seed: int) -> np.ndarray:
    """(n_replicas, n, d) read-only array: independent randomisations of the first n points of the
    Sobol' sequence, all drawn from np.random.default_rng(seed) (reproducible, cached): replica r
    is sobol_points(n, d, rng=rng) for the r-th draw from that generator."""
    out = np.empty((n_replicas, n, d))
    for r, (v, shift) in enumerate(_randomisations(n_replicas, d, seed)):
        _gray_code_points(v, shift, n, out[r])
    out.setflags(write=False)
    return out
