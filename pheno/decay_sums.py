"""Compiled sums of decay-in-region probabilities (the hot loop of decay fractions, :mod:`pheno.decay`).

A node k of a production sample reaches the region along its flight line between the flight distances
d_in and d_out; in units of its proper decay length these are a_k = d_in/(beta gamma) and
a_k + span_k with span_k = (d_out - d_in)/(beta gamma). For a proper decay length c*tau its probability
to decay inside is (pheno.decay, module docstring)

    P_k = exp(-a_k/c*tau) (1 - exp(-span_k/c*tau)),

and the fraction of a row (one production sample) is F = sum_k w_k P_k with the row's normalised
weights. Only the two exponentials depend on c*tau. Exact shortcuts keep the loop cheap where they
decide the result in double precision: exp(-y) underflows to 0 for y > 745.2, and 1 - exp(-x)
rounds to 1 for x > 40 (exp(-40) = 4e-18 < 2^-54). For x >= 0.5 the factor is 1 - exp(-x) (relative
rounding error <= 3e-16, no cancellation); below, -expm1(-x).
"""
from __future__ import annotations

import math

import numba as nb
import numpy as np


@nb.njit(cache=True)
def row_fractions(start, w, a, span, rows, ctau, out):
    """out[j] = F_{rows[j]}(ctau[j]) = sum_k w_k exp(-a_k/ctau) (1 - exp(-span_k/ctau)), k in
    [start[r], start[r+1]). c*tau = 0: the prompt limit, sum of w_k with a_k = 0 (decay at the
    origin, inside the region); c*tau = inf: 0."""
    for j in range(rows.size):
        r = rows[j]
        ct = ctau[j]
        s = 0.0
        if ct == 0.0:
            for k in range(start[r], start[r + 1]):
                if a[k] == 0.0:
                    s += w[k]
        elif ct < np.inf:
            inv = 1.0 / ct
            for k in range(start[r], start[r + 1]):
                y = a[k] * inv
                if y > 745.2:  # exp(-y) == 0 in double precision
                    continue
                x = span[k] * inv
                if x > 40.0:
                    q = 1.0
                elif x >= 0.5:
                    q = 1.0 - math.exp(-x)
                else:
                    q = -math.expm1(-x)
                if y > 0.0:
                    q *= math.exp(-y)
                s += w[k] * q
        out[j] = s
