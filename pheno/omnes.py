"""Coupled-channel Omnes matrix: numerical solution of the Muskhelishvili-Omnes problem.

Problem (N. I. Muskhelishvili, *Singular Integral Equations*, 1953; R. Omnes, Nuovo Cim. 8 (1958) 316;
coupled channels: J. F. Donoghue, J. Gasser, H. Leutwyler, NPB 343 (1990) 341 [DGL]; B. Moussallam,
EPJC 14 (2000) 111 [hep-ph/9909292]). Find the n x n matrix Omega(s), analytic in the plane cut along
s > s_th, with

    Im Omega(s) = X(s) Omega(s),   X = T^* Sigma   (s + i0 on the cut),      Omega(0) = 1,

where T is the n-channel S-wave T-matrix in the normalisation S_ij = delta_ij + 2 i sqrt(sigma_i sigma_j) T_ij
(sigma_i = sqrt(1 - 4 m_i^2/s), Sigma = diag(sigma_i theta(s - 4 m_i^2))). A form factor vector with this
unitarity relation (Im F = T^* Sigma F) and no other singularities is F = Omega P with P a polynomial
vector. Below the second threshold X needs T_21 in the pseudo-physical region (its phase is the
channel-1 phase shift, Watson's theorem); the caller supplies it.

Which solution. Omega satisfies the once-subtracted dispersion relation

    Omega(s) = 1 + (s/pi) Int_{s_th}^inf ds' X(s') Omega(s') / (s' (s' - s)).                      (1)

When the eigenphases of S add up to 2 pi at infinity (the DGL/Moussallam asymptotics of the pi pi /
K Kbar S wave), the solution that vanishes at infinity, Omega ~ 1/s, is unique; (1) alone also admits
Omega + s Omega_c C (C constant), which tends to a constant. ``vanishing=True`` removes them with the
sum rule Omega(inf) = 1 - (1/pi) Int ds' X Omega / s' = 0 (equivalently: the unsubtracted relation holds).
With ``vanishing=False`` (eigenphases -> 0 at infinity) (1) alone fixes Omega.

Discretisation (Nystrom, checked in tests/test_omnes.py against the single-channel closed form and exact
coupled-channel solutions). The cut is split at ``breaks`` s_th = b_0 < b_1 < ... < b_K (< inf); on
[b_i, b_i+1] the variable th with s = b_i + (b_i+1 - b_i)(1 - cos th)/2 makes square-root behaviour at
both ends (thresholds, kinks of the input) smooth, and [b_K, inf) is mapped by s = b_K/(1 - t)^2. Each
interval is cut into equal panels in th (t) with Gauss-Legendre nodes. At a node s_k the principal
value of (1) is subtracted,

    PV Int phi(s')/(s' - s_k) ds' = Int [phi(s') - phi(s_k) s_k/s'] / (s' - s_k) ds' + phi(s_k) ln(s_th/(s_k - s_th)),

phi = X Omega / s'; the regular integrand is summed with the quadrature weights, its value at s' = s_k
(phi' + phi/s_k) taken with the panel's spectral differentiation matrix. The equations at the nodes plus
(for ``vanishing``) the sum rule form an overdetermined complex linear system solved by least squares.
Between nodes Omega is interpolated panel by panel (barycentric Lagrange in th); below s_th it is the
integral (1) (no singularity there).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["OmnesMatrix", "solve_omnes"]


@lru_cache(maxsize=4)
def _gauss(order):
    """Gauss-Legendre nodes and weights on [-1, 1], barycentric weights and differentiation matrix."""
    x, w = np.polynomial.legendre.leggauss(order)
    lam = np.array([1.0 / np.prod(xj - np.delete(x, j)) for j, xj in enumerate(x)])   # barycentric weights
    d = (lam[None, :] / lam[:, None]) / (x[:, None] - x[None, :] + np.eye(order))
    np.fill_diagonal(d, 0.0)
    np.fill_diagonal(d, -d.sum(axis=1))   # differentiation matrix on [-1, 1]
    return x, w, lam, d


@dataclass(frozen=True)
class _Interval:
    a: float
    b: float          # np.inf for the last one
    panels: int

    @property
    def span(self):   # range of the map variable
        return np.pi if np.isfinite(self.b) else 1.0

    def s_of(self, v):
        if np.isfinite(self.b):
            return self.a + (self.b - self.a) * (1.0 - np.cos(v)) / 2.0, (self.b - self.a) * np.sin(v) / 2.0
        return self.a / (1.0 - v) ** 2, 2.0 * self.a / (1.0 - v) ** 3

    def v_of(self, s):
        if np.isfinite(self.b):
            return np.arccos(np.clip(1.0 - 2.0 * (s - self.a) / (self.b - self.a), -1.0, 1.0))
        return 1.0 - np.sqrt(self.a / s)


@dataclass
class OmnesMatrix:
    """Solution of the Muskhelishvili-Omnes problem (module docstring): node values and Omega'(0).

    Calling it, ``omega(s)``, evaluates Omega at real s [GeV^2] (on the cut: s + i0), vectorised, shape
    s.shape + (n, n).
    """

    intervals: tuple
    order: int
    s: np.ndarray          # nodes, increasing
    weights: np.ndarray    # ds quadrature weights
    x: np.ndarray          # X = T^* Sigma at the nodes, (N, n, n)
    values: np.ndarray     # Omega(s_k + i0), (N, n, n)
    derivative_at_zero: np.ndarray   # Omega'(0) = (1/pi) Int X Omega / s'^2

    @property
    def threshold(self) -> float:
        return self.intervals[0].a

    def __call__(self, s) -> np.ndarray:
        s = np.asarray(s, float)
        flat = s.ravel()
        n = self.values.shape[-1]
        out = np.empty((flat.size, n, n), complex)
        below = flat < self.threshold
        if below.any():
            sb = flat[below]
            kern = self.weights / (np.pi * self.s) / (self.s[None, :] - sb[:, None])   # (M, N)
            im = np.einsum("kab,kbc->kac", self.x, self.values)
            out[below] = np.eye(n) + sb[:, None, None] * np.einsum("mk,kab->mab", kern, im)
        if (~below).any():
            out[~below] = self._interpolate(flat[~below])
        return out.reshape(s.shape + (n, n))

    def _interpolate(self, s):
        xg, _, lam, _ = _gauss(self.order)
        out = np.empty((s.size,) + self.values.shape[1:], complex)
        first = 0
        for iv in self.intervals:
            sel = (s >= iv.a) & (s <= iv.b)
            if sel.any():
                width = iv.span / iv.panels
                v = iv.v_of(s[sel])
                p = np.clip((v // width).astype(int), 0, iv.panels - 1)
                x = 2.0 * (v - (p + 0.5) * width) / width
                diff = x[:, None] - xg[None, :]
                hit = np.abs(diff) < 1e-13
                diff[hit] = 1.0
                c = lam[None, :] / diff
                c[hit.any(axis=1)] = hit[hit.any(axis=1)]          # exactly on a node: its value
                nodes = first + p[:, None] * self.order + np.arange(self.order)[None, :]
                num = np.einsum("mj,mjab->mab", c, self.values[nodes])
                out[sel] = num / c.sum(axis=1)[:, None, None]
            first += iv.panels * self.order
        return out


def solve_omnes(x_of_s, breaks, panels, order=16, vanishing=True) -> OmnesMatrix:
    """Solve the Muskhelishvili-Omnes problem (module docstring).

    ``x_of_s(s)`` -> X(s) = T^*(s) Sigma(s), shape s.shape + (n, n), for s above the first threshold;
    ``breaks`` = (s_th, b_1, ..., b_K) [GeV^2] increasing (put thresholds and kinks of the input here),
    the last interval runs to infinity; ``panels`` = panels per interval (K + 1 numbers); ``order`` =
    Gauss-Legendre nodes per panel; ``vanishing``: impose Omega(inf) = 0.
    """
    breaks = [float(b) for b in breaks]
    if any(b1 <= b0 for b0, b1 in zip(breaks[:-1], breaks[1:])) or breaks[0] <= 0.0:
        raise ValueError(f"breaks must be positive and increasing, got {breaks}")
    if len(panels) != len(breaks):
        raise ValueError(f"need one panel count per interval ({len(breaks)}), got {len(panels)}")
    intervals = tuple(_Interval(a, b, int(p)) for a, b, p in zip(breaks, breaks[1:] + [np.inf], panels))
    xg, wg, _, dg = _gauss(order)
    s_list, w_list, ds_list, scale = [], [], [], []
    for iv in intervals:
        width = iv.span / iv.panels
        for p in range(iv.panels):
            v = (p + 0.5 + 0.5 * xg) * width
            s_k, ds = iv.s_of(v)
            s_list.append(s_k), w_list.append(0.5 * width * wg * ds), ds_list.append(ds)
            scale.append(2.0 / width)
    s, w, ds = np.concatenate(s_list), np.concatenate(w_list), np.concatenate(ds_list)
    x = np.asarray(x_of_s(s), complex)
    nn, n = s.size, x.shape[-1]
    s_th = breaks[0]

    # equations at node k (row block k): (1 - i X_k) Omega_k - (s_k/pi) [PV sum] = 1
    a = np.zeros((nn, n, nn, n), complex)
    dsk = s[None, :] - s[:, None]
    np.fill_diagonal(dsk, np.inf)
    kern = (s[:, None] / np.pi) * w[None, :] / (s[None, :] * dsk)         # (k, j), zero on the diagonal
    a -= kern[:, None, :, None] * np.transpose(x, (1, 0, 2))[None]      # - (s_k/pi) w_j X_j/(s_j (s_j - s_k))
    idx = np.arange(nn)
    diag = kern.sum(axis=1) - np.log(s_th / (s - s_th)) / np.pi - w / (np.pi * s)
    a[idx, :, idx, :] += np.eye(n)[None] - 1j * x + diag[:, None, None] * x
    for p in range(len(s_list)):   # derivative of the regular integrand at s' = s_k, within the panel
        ks = np.arange(p * order, (p + 1) * order)
        coef = -(s[ks] / np.pi * w[ks] / ds[ks] * scale[p])[:, None] * dg / s[ks][None, :]   # (k, m)
        a[ks[:, None], :, ks[None, :], :] += coef[:, :, None, None] * x[ks][None, :, :, :]
    m = a.reshape(nn * n, nn * n)
    rhs = np.tile(np.eye(n), (nn, 1))
    if vanishing:
        rule = ((w / (np.pi * s))[:, None, None] * x).transpose(1, 0, 2).reshape(n, nn * n)
        m, rhs = np.vstack([m, rule]), np.vstack([rhs, np.eye(n)])
        sol = np.linalg.lstsq(m, rhs, rcond=None)[0]
    else:
        sol = np.linalg.solve(m, rhs)
    values = sol.reshape(nn, n, n)
    d0 = np.einsum("k,kab,kbc->ac", w / (np.pi * s**2), x, values)
    return OmnesMatrix(intervals, order, s, w, x, values, d0)
