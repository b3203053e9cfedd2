"""Linear interpolation on a table sampled on two consecutive uniform grids (numba, cache=True).

Used by pheno.hadrons for R(s): a fine grid x_i = i x_split/n_fine (i = 0..n_fine) followed by a
coarse one x_split + j (x_max - x_split)/n_coarse (j = 1..n_coarse). The bin index is computed, not
searched, so one pass over 10^6 points costs a few ms.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _interp_kernel(x, table, exact, x_split, n_fine, x_max, n_coarse, out):
    h1 = x_split / n_fine
    h2 = (x_max - x_split) / n_coarse
    for k in range(x.size):
        v = x[k]
        if v < x_split:
            t = v / h1
            i = int(t)
            if i >= n_fine:
                i = n_fine - 1
        elif v < x_max:
            t = (v - x_split) / h2
            j = int(t)
            if j >= n_coarse:
                j = n_coarse - 1
            i = n_fine + j
            t = t + n_fine
        else:
            out[k] = np.nan
            continue
        if exact[i]:
            out[k] = np.nan
            continue
        f = t - i
        out[k] = table[i] + f * (table[i + 1] - table[i])


def interp_two_uniform(x, table, x_split, n_fine, x_max, n_coarse, exact=None):
    """table (length n_fine + n_coarse + 1) interpolated at x >= 0 (1-D); NaN at x >= x_max and in the bins
    i (between nodes i and i + 1) where ``exact[i]`` is True (to be evaluated otherwise by the caller)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    out = np.empty(x.size)
    if exact is None:
        exact = np.zeros(n_fine + n_coarse, dtype=np.bool_)
    _interp_kernel(x, np.ascontiguousarray(table, dtype=np.float64), exact, float(x_split), int(n_fine),
                   float(x_max), int(n_coarse), out)
    return out


@njit(cache=True)
def _lorentzians_kernel(x, m2, mg2, num, s_lo, s_hi, out):
    for k in range(x.size):
        s = x[k] * x[k]
        if s <= s_lo:
            continue
        damp = 1.0
        if s < s_hi:
            d = (s - s_lo) / (s_hi - s_lo)
            damp = d * d * d
        acc = 0.0
        for j in range(m2.size):
            ds = s - m2[j]
            acc += num[j] / (ds * ds + mg2[j])
        out[k] += damp * acc


def add_lorentzians(x, m2, mg2, num, s_lo, s_hi, out):
    """out += f(s) sum_j num_j / ((s - m2_j)^2 + mg2_j) at s = x^2 (fixed-width Breit-Wigners), with
    f = 0 below s_lo, ((s - s_lo)/(s_hi - s_lo))^3 up to s_hi and 1 above; in place, returns out."""
    _lorentzians_kernel(np.ascontiguousarray(x, dtype=np.float64), np.asarray(m2, float), np.asarray(mg2, float),
                        np.asarray(num, float), float(s_lo), float(s_hi), out)
    return out
