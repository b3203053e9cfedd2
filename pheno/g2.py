"""Anomalous magnetic moments a_l = (g_l - 2)/2 from one new neutral particle at one loop,
and the (g-2) comparisons (experiment minus Standard Model) used to interpret them.

Loop functions
--------------
All four functions return the contribution **per unit coupling squared** (multiply by g^2, y^2, ...
outside) of a neutral boson X of mass ``m`` exchanged between the lepton lines of the l l gamma
vertex (the lepton itself runs in the loop). With rho = m^2 / m_l^2 every result has the form

    Delta a_l / g^2 = (+-1 / (8 pi^2)) * I(rho),   I(rho) = Int_0^1 dz  N(z) / [(1-z)^2 + rho z],

obtained from the Feynman-parameter form Int dz m_l^2 N(z) / [m_l^2 (1-z)^2 + m^2 z] by dividing
numerator and denominator by m_l^2. The numerators are

    vector        g lbar gamma^mu l X_mu           N_V = 2 z (1-z)^2
    scalar        y phi lbar l                     N_S = (1-z)^2 (1+z)
    pseudoscalar  y a lbar i gamma5 l              N_P = (1-z)^3          (overall sign -)
    axial vector  g lbar gamma^mu gamma5 l X_mu    N_A = -2 z (1-z)(3+z) - (4/rho) (1-z)^3

These are the general one-loop neutral-boson results of Leveille, Nucl. Phys. B137 (1978) 63,
as collected in Jegerlehner & Nyffeler, Phys. Rept. 477 (2009) 1 [arXiv:0902.3360], section 7
("new physics" contributions; the generic formula
Delta a = (f^2/4pi^2)(m_l^2/M^2) L,  L = (1/2) Int_0^1 dx Q(x) / [(1-x)(1-lambda^2 x) + (eps lambda)^2 x]
with Q_S = x^2(1+eps-x), Q_P = x^2(1-eps-x), Q_V = 2x(1-x)(x-2(1-eps)) + lambda^2(1-eps)^2 x^2(1+eps-x),
Q_A = 2x(1-x)(x-2(1+eps)) + lambda^2(1+eps)^2 x^2(1-eps-x), eps = M_loop-fermion/m_l, lambda = m_l/M;
the equation number in the review was not re-checked here).  Setting eps = 1 (the lepton itself in
the loop) and x = 1 - z gives exactly the numerators above. The vector case is also Pospelov,
PRD 80 (2009) 095002 [arXiv:0811.1030] (dark photon: g^2 -> e^2 eps^2, i.e. 4 pi alpha eps^2).

Numerical method
----------------
I(rho) is a rational integral whose only structure is the scale set by the zeros of
(1-z)^2 + rho z: z ~ -1/rho for a heavy mediator (rho >> 1) and 1 - z ~ +-i sqrt(rho) for a light
one (rho << 1). It is evaluated with a fixed composite Gauss-Legendre rule (24 nodes per panel)

* rho >= 1:  in u = ln z    on [-46, 0]: 5 equal panels on [-46, -3.5] + [-3.5, 0]  (144 nodes),
* rho <  1:  in v = ln(1-z) on [-28, 0]: 6 equal panels on [-28, -3.5] + [-3.5, 0]  (168 nodes),

plus the analytic leading term of the piece below the grid (z < 1.05e-20, resp. 1 - z < 6.9e-13;
relevant only for the log-dominated axial transverse part, and even there < 1e-12 relative).
In the log variable the integrand is analytic in a strip of half-width pi (heavy, rho > 4) or
~pi/2 (light); for rho near 1 the poles sit next to the s = 0 end at imaginary distance >= pi/3,
hence the short last panel. Each panel therefore converges geometrically. Moderate panel orders are used on
purpose: numpy's high-order (>~100 point) Gauss-Legendre weights carry ~1e-13 errors that are
visible for endpoint-weighted integrands. The nodes do not depend on the mass, so M masses cost
one (M x N) reciprocal and a matrix product (~0.3 ms for 1000 masses).

The grids resolve the scale for 1e-16 <= rho <= 1e14 (m/m_l from 1e-8 to 1e7). Outside that range
the integrals are given by asymptotic expansions (derived by matched inner/outer expansion resp.
from the small-(1-z) region, and checked against mpmath), whose truncation error there is < 1e-15:

    heavy (rho -> inf):  I = [N(0) ln rho + Int_0^1 (N(z)-N(0))/z dz] / rho
                             + [(2 N(0) - N'(0)) ln rho - N(0) - R] / rho^2 + O(ln^2 rho / rho^3),
                         R = Int_0^1 [N(z)(1-z)^2 - N(0) - (N'(0) - 2N(0)) z] / z^2 dz
                         (V: 2/3, -2 ln rho + 25/6;  S: ln rho - 7/6, 3 ln rho - 13/4;
                          P: ln rho - 11/6, 5 ln rho - 89/12;  T: -10/3, 6 ln rho - 21/2)
    light (rho -> 0):    I_V = 1 - pi sqrt(rho) - 2 rho ln rho - rho + O(rho^1.5)
                         I_S = 3/2 - pi sqrt(rho) - (3/2) rho ln rho + O(rho)
                         I_P = 1/2 + (rho/2) ln rho + rho + o(rho)
                         I_T = 4 ln rho + 9 - 7 pi sqrt(rho) + O(rho ln rho)   (axial transverse part)

Accuracy (against mpmath.quad at 30-45 digits, tests/test_g2.py and 600 random rho in
[1e-20, 1e20]): relative error < 5e-15 for all four functions, i.e. far better than 1e-10 over
m = 1e-6 ... 1e3 GeV for l = e, mu, tau.

Datasets
--------
``MUON_DATASETS`` (units 1e-11) and ``ELECTRON_DATASETS`` (units 1e-12) hold named comparisons
(experiment value and error, SM value and error, sources); ``dataset(name, lepton)`` returns the
derived Delta a = exp - SM with the errors added in quadrature, in absolute units.
Default: ``DEFAULT_MUON_DATASET = "2025"`` (world average 2025 vs Theory Initiative WP25:
Delta a_mu = 38.5(63.7)e-11, i.e. no significant anomaly). The WP20-era comparisons (Delta a_mu ~
250e-11) are kept only to reproduce older papers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

import numpy as np

from pheno.constants import LEPTON_MASS
from pheno.validation import checked_array

__all__ = [
    "delta_a_vector",
    "delta_a_scalar",
    "delta_a_pseudoscalar",
    "delta_a_axial",
    "G2Comparison",
    "G2Dataset",
    "MUON_DATASETS",
    "ELECTRON_DATASETS",
    "DEFAULT_MUON_DATASET",
    "dataset",
    "CouplingInterval",
    "G2Band",
    "favoured_coupling_interval",
    "coupling_for_delta_a",
]

_INV_8PI2 = 1.0 / (8.0 * math.pi * math.pi)

# ----------------------------------------------------------------------------------------------
# Quadrature grids (mass independent; built once at import)
# ----------------------------------------------------------------------------------------------
_N_PER_PANEL = 24  # Gauss-Legendre nodes per panel
_L_HEAVY = 46.0  # heavy grid: u = ln z in [-46, 0], z from 1.05e-20 to 1
_L_LIGHT = 28.0  # light grid: v = ln(1-z) in [-28, 0], 1-z from 6.9e-13 to 1
_S_END = 3.5  # width of the last panel (next to z = 1 resp. 1-z = 1), see _build_grid
_PANELS_HEAVY = 5  # equal panels on [-_L_HEAVY, -_S_END]  -> 6 panels, 144 nodes
_PANELS_LIGHT = 6  # equal panels on [-_L_LIGHT, -_S_END]  -> 7 panels, 168 nodes
_RHO_MAX = 1.0e14  # heavy grid used for 1 <= rho <= _RHO_MAX (rho * z_min <= 1.05e-6)
_RHO_MIN = 1.0e-16  # light grid used for _RHO_MIN <= rho < 1 ((1-z)_min / sqrt(rho) <= 6.9e-5)

# numerators N(z) written with w = 1 - z; column order of the kernel matrices
_KINDS = ("V", "S", "P", "T")


def _numerators(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.stack(
        [
            2.0 * z * w * w,  # V: 2 z (1-z)^2
            w * w * (1.0 + z),  # S: (1-z)^2 (1+z)
            w * w * w,  # P: (1-z)^3
            -2.0 * z * w * (3.0 + z),  # T: -2 z (1-z)(3+z)  (axial, transverse part)
        ],
        axis=1,
    )


def _build_grid(edges, heavy: bool, nodes: int):
    # composite Gauss-Legendre with `nodes` points on each panel [edges[i], edges[i+1]] of s.
    t, wt = np.polynomial.legendre.leggauss(nodes)
    edges = np.asarray(edges, dtype=float)
    left, h = edges[:-1], np.diff(edges)
    s = (left[:, None] + 0.5 * h[:, None] * (1.0 + t[None, :])).ravel()
    ws = (0.5 * h[:, None] * wt[None, :]).ravel()
    e = np.exp(s)
    em1 = -np.expm1(s)  # 1 - exp(s), accurate near s = 0
    z, w = (e, em1) if heavy else (em1, e)
    jac = ws * e  # dz = z du  (heavy)  or  d(1-z) = w dv  (light)
    a = w * w  # D = a + rho * b
    b = z
    c = _numerators(z, w) * jac[:, None]  # (N, 4)
    return a, b, np.ascontiguousarray(c)


_HEAVY_GRID = _build_grid(np.append(np.linspace(-_L_HEAVY, -_S_END, _PANELS_HEAVY + 1), 0.0), True, _N_PER_PANEL)
_LIGHT_GRID = _build_grid(np.append(np.linspace(-_L_LIGHT, -_S_END, _PANELS_LIGHT + 1), 0.0), False, _N_PER_PANEL)
_Z_LO = math.exp(-_L_HEAVY)
_W_LO = math.exp(-_L_LIGHT)

# N(0) and N'(0) (heavy remainder and asymptotics) for V, S, P, T
_N0 = np.array([0.0, 1.0, 1.0, 0.0])
_N1 = np.array([2.0, -1.0, -3.0, -6.0])
# heavy asymptotics: I = (N0 ln rho + A)/rho + (B1 ln rho + B0)/rho^2
_HA = np.array([2.0 / 3.0, -7.0 / 6.0, -11.0 / 6.0, -10.0 / 3.0])
_HB1 = 2.0 * _N0 - _N1  # [-2, 3, 5, 6]
_HB0 = np.array([25.0 / 6.0, -13.0 / 4.0, -89.0 / 12.0, -21.0 / 2.0])  # -N0 - R


def _grid_sum(rho: np.ndarray, grid) -> np.ndarray:
    a, b, c = grid
    d = np.multiply.outer(rho, b)
    d += a
    np.reciprocal(d, out=d)
    return d @ c  # (M, 4)


def _integrals(rho: np.ndarray, log_rho: np.ndarray | None = None) -> np.ndarray:
    """I_V, I_S, I_P, I_T for a 1-D array of rho = m^2/m_l^2 > 0; returns shape (M, 4).

    ``log_rho`` (same shape) is used by the asymptotic branches if given, so that rho values that
    over/underflowed in double precision still give the correct limit (0 resp. the m -> 0 value).
    """
    out = np.empty((rho.size, 4))
    heavy = rho >= 1.0
    sel = heavy & (rho <= _RHO_MAX)
    if sel.any():
        r = rho[sel]
        res = _grid_sum(r, _HEAVY_GRID)
        # Int_0^{z_lo} N/D dz = N(0) z_lo + [N'(0) - N(0)(rho - 2)] z_lo^2/2 + O(rho^2 z_lo^3)
        res += _N0 * _Z_LO + (_N1 - _N0 * (r[:, None] - 2.0)) * (0.5 * _Z_LO * _Z_LO)
        out[sel] = res
    sel = heavy & (rho > _RHO_MAX)
    if sel.any():
        r = rho[sel][:, None]
        lr = np.log(r) if log_rho is None else log_rho[sel][:, None]
        inv = 1.0 / r
        out[sel] = (_N0 * lr + _HA) * inv + (_HB1 * lr + _HB0) * inv * inv
    sel = (~heavy) & (rho >= _RHO_MIN)
    if sel.any():
        r = rho[sel]
        res = _grid_sum(r, _LIGHT_GRID)
        # below the grid (1-z < w_lo << sqrt(rho)): N_T ~ -8 w, D ~ w^2 + rho  ->  -4 ln(1 + w_lo^2/rho);
        # the V, S, P pieces there are O(w_lo^3/rho) < 1e-24 and are dropped.
        res[:, 3] += -4.0 * np.log1p(_W_LO * _W_LO / r)
        out[sel] = res
    sel = (~heavy) & (rho < _RHO_MIN)
    if sel.any():
        r = rho[sel]
        sr = np.sqrt(r)
        lr = np.log(r) if log_rho is None else log_rho[sel]
        out[sel, 0] = 1.0 - math.pi * sr - 2.0 * r * lr - r
        out[sel, 1] = 1.5 - math.pi * sr - 1.5 * r * lr
        out[sel, 2] = 0.5 + 0.5 * r * lr + r
        out[sel, 3] = 4.0 * lr + 9.0 - 7.0 * math.pi * sr
    return out


# ----------------------------------------------------------------------------------------------
# Input handling
# ----------------------------------------------------------------------------------------------
def _positive_finite(x, name: str) -> np.ndarray:
    return checked_array(name, x, lo=0.0, lo_strict=True, what="> 0 (a mass in GeV)")


def _lepton_mass(m_l) -> np.ndarray:
    if isinstance(m_l, str):
        try:
            return np.asarray(LEPTON_MASS[m_l], dtype=float)
        except KeyError:
            raise ValueError(f"m_l: unknown lepton {m_l!r}; use a mass in GeV or one of {sorted(LEPTON_MASS)}") from None
    return _positive_finite(m_l, "m_l")


def _loop(m, m_l):
    """Return (I array of shape (..., 4), rho) for broadcast m, m_l."""
    m_arr = _positive_finite(m, "m")
    ml_arr = _lepton_mass(m_l)
    with np.errstate(over="ignore", under="ignore"):
        rho = np.square(m_arr / ml_arr)
        flat = rho.ravel()
        log_rho = None
        if np.any((flat > _RHO_MAX) | (flat < _RHO_MIN)):
            log_rho = np.broadcast_to(2.0 * (np.log(m_arr) - np.log(ml_arr)), rho.shape).ravel()
        vals = _integrals(flat, log_rho)
    return vals.reshape(rho.shape + (4,)), rho


def _out(x: np.ndarray):
    return x[()] if x.ndim == 0 else x


# ----------------------------------------------------------------------------------------------
# Public loop functions
# ----------------------------------------------------------------------------------------------
def delta_a_vector(m, m_l):
    r"""Delta a_l per unit coupling^2 from a neutral vector, L = g lbar gamma^mu l X_mu.

    Delta a_l = (g^2 / (8 pi^2)) Int_0^1 dz 2 m_l^2 z (1-z)^2 / [m_l^2 (1-z)^2 + m^2 z];
    this function returns the coefficient of g^2 (always > 0).

    References: Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009)
    1, sec. 7 (generic neutral-boson formula with Q_V, eps = 1); Pospelov, PRD 80 (2009) 095002
    [arXiv:0811.1030] (dark photon: g^2 = 4 pi alpha eps^2, Delta a = (alpha eps^2/2pi) Int ...).
    The same integral is docs/physics.md A5 / C4 (L_mu - L_tau: g = g').

    Limits: m << m_l: g^2/(8 pi^2) (Schwinger-like, = alpha'/(2 pi)) times [1 - pi m/m_l + ...];
            m >> m_l: g^2 m_l^2 / (12 pi^2 m^2) times [1 - 3 (m_l^2/m^2) ln(m^2/m_l^2) + ...].
    Closed form (x = m^2/m_l^2): I = 1 - 2x - 2x(1 - x/2) ln x + 2x(-1 + 2x - x^2/2) J(x),
    J(x) = Int_0^1 dz/(z^2 - (2-x) z + 1) (arctan form for x < 4, log form for x > 4).

    Parameters: m -- mediator mass [GeV], array-like > 0; m_l -- lepton mass [GeV] or "e", "mu", "tau".
    Broadcasts m against m_l; returns a float for scalar input, else an array.
    """
    vals, _ = _loop(m, m_l)
    return _out(_INV_8PI2 * vals[..., 0])


def delta_a_scalar(m, m_l):
    r"""Delta a_l per unit coupling^2 from a neutral scalar, L = -y phi lbar l (sign of y irrelevant).

    Delta a_l = (y^2 / (8 pi^2)) Int_0^1 dz m_l^2 (1-z)^2 (1+z) / [m_l^2 (1-z)^2 + m^2 z];
    returns the coefficient of y^2 (always > 0).

    References: Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009)
    1, sec. 7 (Q_S = x^2 (2 - x) for the lepton in the loop). docs/physics.md E3.

    Limits: m << m_l: 3 y^2/(16 pi^2) times [1 - (2 pi/3) m/m_l + ...];
            m >> m_l: (y^2/(8 pi^2)) (m_l^2/m^2) [ln(m^2/m_l^2) - 7/6] + O(m_l^4/m^4 ln).

    Parameters: m -- mediator mass [GeV], array-like > 0; m_l -- lepton mass [GeV] or "e", "mu", "tau".
    """
    vals, _ = _loop(m, m_l)
    return _out(_INV_8PI2 * vals[..., 1])


def delta_a_pseudoscalar(m, m_l):
    r"""Delta a_l per unit coupling^2 from a neutral pseudoscalar, L = -i y a lbar gamma5 l.

    Delta a_l = -(y^2 / (8 pi^2)) Int_0^1 dz m_l^2 (1-z)^3 / [m_l^2 (1-z)^2 + m^2 z];
    returns the coefficient of y^2 (always < 0).

    References: Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009)
    1, sec. 7 (Q_P = x^2 (1 - eps - x) = -x^3 for eps = 1, x = 1 - z). Sign and form agree with the
    prompt / docs/physics.md I conventions. For an ALP with derivative coupling (c/(2f)) d_mu a lbar gamma^mu
    gamma5 l the on-shell equivalent Yukawa is y = c m_l / f (at one loop, up to the photon-coupling
    terms of docs/physics.md D3 that are not included here).

    Limits: m << m_l: -y^2/(16 pi^2) times [1 + rho ln rho + ...], rho = m^2/m_l^2;
            m >> m_l: -(y^2/(8 pi^2)) (m_l^2/m^2) [ln(m^2/m_l^2) - 11/6] + O(m_l^4/m^4 ln).

    Parameters: m -- mediator mass [GeV], array-like > 0; m_l -- lepton mass [GeV] or "e", "mu", "tau".
    """
    vals, _ = _loop(m, m_l)
    return _out(-_INV_8PI2 * vals[..., 2])


def delta_a_axial(m, m_l):
    r"""Delta a_l per unit coupling^2 from an axial-vector coupling, L = g lbar gamma^mu gamma5 l X_mu.

    Unitary gauge (massive X, propagator -g^{mu nu} + k^mu k^nu / m^2), which keeps the longitudinal
    k^mu k^nu / m^2 piece that does not vanish for an axial current (it is proportional to m_l):

    Delta a_l = (g^2/(8 pi^2)) Int_0^1 dz m_l^2 [ -2 z (1-z)(3+z) - 4 (m_l^2/m^2) (1-z)^3 ]
                                            / [m_l^2 (1-z)^2 + m^2 z];
    returns the coefficient of g^2 (always < 0).

    References: Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009)
    1, sec. 7: Q_A = 2x(1-x)(x - 2(1+eps)) + lambda^2 (1+eps)^2 x^2 (1-eps-x) with eps = 1,
    lambda = m_l/m, x = 1 - z (equation number not re-checked). Consistency checks (in the tests):
    the second term is exactly the pseudoscalar integrand with y = 2 g m_l / m (the Goldstone-
    equivalent coupling of the longitudinal mode), and the heavy limit is -5/3 times
    g^2 m_l^2/(4 pi^2 m^2), i.e. -5 times the vector one, as in the SM Z contribution ((g_V^2 - 5 g_A^2)).

    Limits: m << m_l: -(g^2/(4 pi^2)) (m_l^2/m^2) [1 - rho ln rho + ...] (grows as 1/m^2: longitudinal
              mode; a light axial vector needs a UV completion, the result is only the one-loop EFT value);
            m >> m_l: -(5 g^2/(12 pi^2)) (m_l^2/m^2) + O(m_l^4/m^4 ln).

    Parameters: m -- mediator mass [GeV], array-like > 0; m_l -- lepton mass [GeV] or "e", "mu", "tau".
    """
    vals, rho = _loop(m, m_l)
    with np.errstate(over="ignore", divide="ignore"):
        res = vals[..., 3] - 4.0 * vals[..., 2] / rho
    return _out(_INV_8PI2 * res)


# ----------------------------------------------------------------------------------------------
# (g-2) datasets
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class G2Comparison:
    """One experiment-vs-SM comparison, numbers as printed, in units of ``unit`` (1e-11 for the
    muon, 1e-12 for the electron). ``quoted`` is the difference as quoted in the literature (value,
    error) or None; ``delta``/``delta_error`` are recomputed from the inputs (errors in quadrature)."""

    name: str
    lepton: str
    unit: float
    exp_value: float
    exp_error: float
    sm_value: float
    sm_error: float
    exp_source: str
    sm_source: str
    description: str
    quoted: tuple[float, float] | None = None
    quoted_source: str = ""

    @property
    def delta(self) -> float:
        """exp - SM in units of ``unit``, exact decimal difference of the printed numbers."""
        return float(Decimal(repr(self.exp_value)) - Decimal(repr(self.sm_value)))

    @property
    def delta_error(self) -> float:
        return math.hypot(self.exp_error, self.sm_error)

    @property
    def references(self) -> tuple[str, ...]:
        refs = [self.exp_source, self.sm_source]
        if self.quoted_source:
            refs.append(self.quoted_source)
        return tuple(refs)


@dataclass(frozen=True)
class G2Dataset:
    """Delta a_l = a_l(exp) - a_l(SM) and its 1-sigma error, absolute numbers (not in 1e-11)."""

    name: str
    lepton: str
    delta_a: float
    sigma: float
    description: str
    references: tuple[str, ...]

    @property
    def significance(self) -> float:
        return self.delta_a / self.sigma


_E821 = "Bennett et al. (BNL E821), PRD 73 (2006) 072003, as used in WP20 eq. (8.13)"
_WA21 = "Abi et al. (Muon g-2), PRL 126 (2021) 141801: world average BNL + FNAL Run-1"
_WA23 = "Aguillard et al. (Muon g-2), PRL 131 (2023) 161802 [arXiv:2308.06230]: world average with FNAL Run-1..3"
_WA25 = ("Muon g-2 Collaboration, PRL 135 (2025) 101802 [arXiv:2506.03069]: world average BNL + FNAL Run-1..6 "
         "(124 ppb; central value seen only in secondary sources, see shared/reference/g2_muon_values.csv)")
_WP20 = "Aoyama et al. (Theory Initiative WP20), Phys. Rept. 887 (2020) 1 [arXiv:2006.04822] (data-driven HVP)"
_WP25 = "Aliberti et al. (Theory Initiative WP25), arXiv:2505.21476 (lattice-QCD LO HVP average)"

_MUON = (
    G2Comparison("2020", "mu", 1e-11, 116592089.0, 63.0, 116591810.0, 43.0, _E821, _WP20,
                 "BNL E821 vs WP20 (3.7 sigma)", (279.0, 76.0), "WP20"),
    G2Comparison("2021", "mu", 1e-11, 116592061.0, 41.0, 116591810.0, 43.0, _WA21, _WP20,
                 "world average 2021 (BNL + FNAL Run-1) vs WP20 (4.2 sigma)", (251.0, 59.0), _WA21),
    G2Comparison("2023", "mu", 1e-11, 116592059.0, 22.0, 116591810.0, 43.0, _WA23, _WP20,
                 "world average 2023 vs WP20 (5.1 sigma)", (249.0, 48.0), _WA23),
    G2Comparison("2025", "mu", 1e-11, 116592071.5, 14.5, 116592033.0, 62.0, _WA25, _WP25,
                 "world average 2025 vs WP25 (0.6 sigma; no significant anomaly)", (38.0, 63.0),
                 "WP25 final abstract quotes 38(63); recomputed 38.5(63.7)"),
    G2Comparison("2025_WP20", "mu", 1e-11, 116592071.5, 14.5, 116591810.0, 43.0, _WA25, _WP20,
                 "world average 2025 vs the superseded WP20 (legacy, 5.8 sigma; do not use as 'the anomaly')"),
    G2Comparison("2023_WP25", "mu", 1e-11, 116592059.0, 22.0, 116592033.0, 62.0, _WA23, _WP25,
                 "world average 2023 vs WP25", (26.0, 66.0), "WP25 arXiv:2505.21476v1 abstract"),
)

_AE_2023 = "Fan, Myers, Sukra, Gabrielse, PRL 130 (2023) 071801: a_e = 1 159 652 180.59(13)e-12"
_AE_2008 = "Hanneke, Fogwell, Gabrielse, PRL 100 (2008) 120801: a_e = 1 159 652 180.73(28)e-12"
_SM_CS = ("a_e(SM) with alpha(Cs) = 1/137.035 999 046(27) (Parker et al., Science 360 (2018) 191): "
          "1 159 652 181.61(23)e-12 (docs/physics.md I; QED series of Aoyama, Kinoshita, Nio 2019)")
_SM_RB = ("a_e(SM) with alpha(Rb) = 1/137.035 999 206(11) (Morel et al., Nature 588 (2020) 61): "
          "1 159 652 180.25(9)e-12 (docs/physics.md I)")
# SM errors: alpha error (+) theory error 0.012e-12, as in docs/physics.md I (alpha: 0.23 Cs, 0.094 Rb)
_SM_ERR_CS = math.hypot(0.23, 0.012)
_SM_ERR_RB = math.hypot(0.094, 0.012)

_ELECTRON = (
    G2Comparison("Cs", "e", 1e-12, 1159652180.59, 0.13, 1159652181.61, _SM_ERR_CS, _AE_2023, _SM_CS,
                 "a_e 2023 vs SM with alpha(Cs 2018) (-3.9 sigma)", (-1.02, 0.27),
                 "docs/physics.md I (its error 0.27 does not follow from its inputs: 0.13 (+) 0.23 (+) 0.012 = 0.26)"),
    G2Comparison("Rb", "e", 1e-12, 1159652180.59, 0.13, 1159652180.25, _SM_ERR_RB, _AE_2023, _SM_RB,
                 "a_e 2023 vs SM with alpha(Rb 2020) (+2.1 sigma)", (0.34, 0.16), "docs/physics.md I"),
    G2Comparison("Cs_2008", "e", 1e-12, 1159652180.73, 0.28, 1159652181.61, _SM_ERR_CS, _AE_2008, _SM_CS,
                 "a_e 2008 vs SM with alpha(Cs 2018) (-2.4 sigma)", (-0.88, 0.36), "docs/physics.md I"),
    G2Comparison("Rb_2008", "e", 1e-12, 1159652180.73, 0.28, 1159652180.25, _SM_ERR_RB, _AE_2008, _SM_RB,
                 "a_e 2008 vs SM with alpha(Rb 2020) (+1.6 sigma)", (0.48, 0.30), "docs/physics.md I"),
)

MUON_DATASETS: Mapping[str, G2Comparison] = MappingProxyType({c.name: c for c in _MUON})
ELECTRON_DATASETS: Mapping[str, G2Comparison] = MappingProxyType({c.name: c for c in _ELECTRON})
DEFAULT_MUON_DATASET = "2025"
_REGISTRY = {"mu": MUON_DATASETS, "e": ELECTRON_DATASETS}


def dataset(name: str = DEFAULT_MUON_DATASET, lepton: str = "mu") -> G2Dataset:
    """The comparison ``name`` for ``lepton`` ("mu" or "e") as absolute Delta a and 1-sigma error.

    Muon: "2020", "2021", "2023", "2025" (default), "2025_WP20", "2023_WP25" (see MUON_DATASETS).
    Electron: "Cs", "Rb" (2023 measurement), "Cs_2008", "Rb_2008" (see ELECTRON_DATASETS).
    Unknown names raise ValueError listing the valid ones.
    """
    if lepton not in _REGISTRY:
        raise ValueError(f"lepton must be one of {sorted(_REGISTRY)} (no tau data), got {lepton!r}")
    reg = _REGISTRY[lepton]
    if name not in reg:
        raise ValueError(f"unknown {lepton} (g-2) dataset {name!r}; valid names: {', '.join(reg)}")
    c = reg[name]
    return G2Dataset(
        name=c.name,
        lepton=c.lepton,
        delta_a=c.delta * c.unit,
        sigma=c.delta_error * c.unit,
        description=c.description,
        references=c.references,
    )


# ----------------------------------------------------------------------------------------------
# Favoured couplings
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CouplingInterval:
    """Couplings g >= 0 with g^2 * c inside [Delta a - n sigma, Delta a + n sigma].

    kind == "interval":   lower > 0, the band favours a non-zero coupling (both edges share the sign of c);
    kind == "upper_only": zero coupling is allowed, lower = 0 and upper from the far edge
                          (upper = inf if c == 0);
    kind == "none":       no coupling is consistent at n sigma: the band excludes zero and lies on the
                          side opposite to the sign of c, so every g != 0 moves the prediction further
                          away; lower = upper = 0 marks "only the SM point g = 0 survives as the least
                          disfavoured value", which is itself excluded at n sigma.
    """

    lower: np.ndarray
    upper: np.ndarray
    kind: np.ndarray
    dataset: G2Dataset
    n_sigma: float


@dataclass(frozen=True)
class G2Band(CouplingInterval):
    """A model's favoured-coupling band per mass (``Model.g2_band``): a CouplingInterval plus what it is for."""

    mass: np.ndarray  # GeV
    coupling: str  # the model parameter, e.g. "g", "epsilon"
    lepton: str
    model: str  # model class name

    @property
    def note(self) -> str:
        """One sentence: does the dataset favour a non-zero coupling, and where?"""
        kind = np.asarray(self.kind)
        ds = self.dataset
        head = (f"(g-2)_{self.lepton} dataset {ds.name!r} (Delta a = {ds.delta_a:.3g} +- {ds.sigma:.3g}) "
                f"at {self.n_sigma:g} sigma for {self.model}.{self.coupling}: ")
        n = kind.size
        n_int, n_up, n_none = (int(np.sum(kind == k)) for k in ("interval", "upper_only", "none"))
        if n_int == n:
            return head + "a non-zero coupling is favoured at every mass (lower and upper edges)"
        parts = []
        if n_int:
            parts.append(f"a non-zero coupling is favoured at {n_int} of {n} masses")
        if n_up:
            parts.append(f"no non-zero coupling is favoured at {n_up} of {n} masses (zero is allowed: upper bound only)")
        if n_none:
            parts.append(f"no coupling is consistent at {n_none} of {n} masses (the model shifts Delta a the "
                         "other way: the band favours none)")
        return head + "; ".join(parts)


def _resolve_dataset(ds, lepton: str) -> G2Dataset:
    if isinstance(ds, G2Dataset):
        return ds
    return dataset(ds, lepton)


def favoured_coupling_interval(delta_a_per_coupling2, dataset="2025", n_sigma: float = 2.0,
                               lepton: str = "mu") -> CouplingInterval:
    """Coupling range favoured by a (g-2) dataset for a model with Delta a = g^2 c.

    ``delta_a_per_coupling2`` is c (e.g. ``delta_a_vector(m, "mu")``, any sign, array over masses);
    ``dataset`` a name (see :func:`dataset`) or a :class:`G2Dataset`; ``n_sigma`` >= 0.
    Solves g^2 c = Delta a -+ n sigma exactly: with t_-/+ = (Delta a -+ n sigma)/c, g^2 lies in
    [min(t), max(t)] intersected with [0, inf): "interval" if min(t) > 0, "upper_only" if
    min(t) <= 0 <= max(t) (lower = 0), "none" if max(t) < 0 (lower = upper = 0; see CouplingInterval).
    """
    ds = _resolve_dataset(dataset, lepton)
    if not (np.isfinite(n_sigma) and n_sigma >= 0):
        raise ValueError(f"n_sigma must be finite and >= 0, got {n_sigma!r}")
    c = np.asarray(delta_a_per_coupling2, dtype=float)
    if not np.all(np.isfinite(c)):
        raise ValueError("delta_a_per_coupling2 must be finite")
    lo_edge = ds.delta_a - n_sigma * ds.sigma
    hi_edge = ds.delta_a + n_sigma * ds.sigma
    nz = c != 0.0
    safe = np.where(nz, c, 1.0)
    t1 = lo_edge / safe
    t2 = hi_edge / safe
    tmin = np.minimum(t1, t2)
    tmax = np.maximum(t1, t2)
    zero_in_band = lo_edge <= 0.0 <= hi_edge
    # c == 0: the model does nothing; any coupling allowed if the band contains 0, none otherwise
    tmin = np.where(nz, tmin, -np.inf if zero_in_band else -1.0)
    tmax = np.where(nz, tmax, np.inf if zero_in_band else -1.0)
    kind = np.where(tmax < 0.0, "none", np.where(tmin > 0.0, "interval", "upper_only")).astype("<U10")
    upper = np.where(tmax < 0.0, 0.0, np.sqrt(np.clip(tmax, 0.0, None)))
    lower = np.where(tmin > 0.0, np.sqrt(np.clip(tmin, 0.0, None)), 0.0)
    return CouplingInterval(lower=lower, upper=upper, kind=kind, dataset=ds, n_sigma=float(n_sigma))


def coupling_for_delta_a(delta_a_per_coupling2, target):
    """Coupling g >= 0 with g^2 * c = target, i.e. sqrt(target / c) (broadcast).

    NaN where no real coupling exists (target/c < 0, or c == 0 with target != 0); 0 for target == 0.
    Example (docs/physics.md C4): coupling_for_delta_a(delta_a_vector(0.1, "mu"), 251e-11) = 9.46e-4.
    """
    c = np.asarray(delta_a_per_coupling2, dtype=float)
    t = np.asarray(target, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(t == 0.0, 0.0, t / c)
        g = np.where(np.isfinite(ratio) & (ratio >= 0.0), np.sqrt(np.abs(ratio)), np.nan)
    return _out(np.asarray(g))
