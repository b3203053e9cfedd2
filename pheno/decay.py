"""Where does it decay? Model-independent probabilities for a long-lived X to decay in a region.

Physics
-------
X (mass m, lab momentum p, proper decay length c*tau) is produced at the origin and flies along
n = (sin(theta) cos(phi), sin(theta) sin(phi), cos(theta)) in the lab (z along the e- beam). It
decays at flight distance d with density exp(-d/L)/L, where the lab decay length is

    L = beta*gamma * c*tau = (p/m) c*tau.

If the straight line from the origin crosses the fiducial region in ONE interval [d_in, d_out]
(true for convex regions and for the cylindrical shell :class:`Cylinder` with r_min > 0, see
there), the probability to decay inside it is

    P = exp(-d_in/L) - exp(-d_out/L) = exp(-d_in/L) * (1 - exp(-(d_out - d_in)/L)),

evaluated in the second form with ``expm1`` so that P ~ (d_out - d_in)/L stays accurate for L >> d.
d_in = 0 when the origin is inside. Limits: c*tau -> 0 gives P -> 1 if the origin is inside the region
(d_in = 0 < d_out), else 0; c*tau -> inf gives P -> (d_out - d_in)/L -> 0.

A production process turns P into a fraction of events, F(c*tau) = <P>, averaged with the
production weights: :func:`fraction_decaying_two_body` (e+e- -> X + Y, quadrature over the CM angle)
and :class:`DecaySample` (any weighted sample, e.g. :func:`sample_from_llx` for e+e- -> l+l-X).
The number of events with X decaying in the region is sigma * BF * F(c*tau); since c*tau depends on the
coupling, every F accepts an array of c*tau values. What does not depend on c*tau (the weights and
path intervals of the nodes) is a :class:`DecayPaths` (``DecaySample.paths``, :func:`two_body_paths`):
the limit converter builds it once per mass and evaluates F in compiled code (:mod:`pheno.decay_sums`).

Geometry
--------
Lengths in metres, lab frame, head-on beams: e- (default 7 GeV) along +z, e+ (4 GeV) along -z, the
boost beta = (E- - E+)/(E- + E+) = 3/11 along +z (crossing angle neglected, as in
:class:`pheno.production.Cuts`). The interaction point is the origin (no beam-spot size).
:data:`BELLE2_ECL_INNER` = Cylinder(r_max=1.25, z_min=-1.0, z_max=2.0) is an APPROXIMATE "decays
before the calorimeter" volume: the inner surface of the Belle II ECL, barrel inner radius ~1.25 m,
endcap faces at z ~ +1.96 m (forward) and ~ -1.02 m (backward), rounded to +2.0 / -1.0 m. Source:
the Belle II ECL re-uses the Belle CsI(Tl) crystals and mechanical structure (Belle II Technical
Design Report, arXiv:1011.0352, ECL chapter); the numbers are those tabulated for the Belle
calorimeter (A. Abashian et al., Nucl. Instrum. Meth. A 479 (2002) 117). Configurable: pass any
:class:`Cylinder`.

Example
-------
>>> from pheno.decay import BELLE2_ECL_INNER, decay_probability, fraction_decaying_two_body
>>> # X with p = 2 GeV, m = 0.5 GeV, c*tau = 0.1 m (L = 0.4 m) flying perpendicular to the beam:
>>> round(float(decay_probability(0.1, 2.0, 0.5, 0.0, BELLE2_ECL_INNER)), 6)  # 1 - exp(-1.25/0.4)
0.956063
>>> # e+e- -> gamma A' (A' at 1 GeV) with the photon in cos(theta*) in [-0.9458, 0.9595]: the A' flies
>>> # opposite to the photon (cos_A = -cos_gamma); massless-electron angular distribution of the photon
>>> r = 1.0 / 10.58**2
>>> ang = lambda c: ((1 - r) * (1 + c**2) + 4 * r / (1 - r)) / (1 - c**2)
>>> f = fraction_decaying_two_body([1e-3, 1.0, 100.0], 10.58, 1.0, 0.0, BELLE2_ECL_INNER,
...                                angular=ang, cos_range=(-0.9595, 0.9458))
>>> [round(float(x), 4) for x in f]
[1.0, 0.2579, 0.003]
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import constants as C
from .kinematics import kallen, lab_boost
from .validation import checked_array, checked_int

__all__ = [
    "Cylinder",
    "BELLE2_ECL_INNER",
    "BELLE2_BTOKS_DISPLACED",
    "decay_probability",
    "two_body_lab_kinematics",
    "fraction_decaying_two_body",
    "two_body_paths",
    "DecayPaths",
    "DecaySample",
    "sample_from_llx",
]


# ------------------------------------------------------------------------------------ regions
@dataclass(frozen=True)
class Cylinder:
    """Decay volume r_min <= rho <= r_max, z_min <= z <= z_max (metres; rho = transverse radius).

    r_min = 0 is a full cylinder; r_min > 0 the shell between two coaxial cylinders. The origin (the
    interaction point) may lie inside or outside (e.g. z_min > 0).

    Along a ray from the origin, rho = d sin(theta) and z = d cos(theta) are both monotonic in d, so
    each condition is one interval in d and so is their intersection (also for the shell):

      radial: sin > 0: [r_min/sin, r_max/sin];  sin = 0 (on the axis): [0, inf) if r_min = 0, else empty;
      slab:   cos > 0: [z_min/cos, z_max/cos];  cos < 0 (backward): [z_max/cos, z_min/cos];
              cos = 0: [0, inf) if z_min <= 0 <= z_max, else empty;
      d_in = max(0, both lower ends),  d_out = min(both upper ends),  missed if d_out <= d_in.

    Any object with ``path_interval(cos_theta, phi) -> (d_in, d_out)`` (one interval per ray) can be
    used as a region; ``kink_cosines()`` (optional) lists the lab cos(theta) at which d_in or d_out
    changes formula, used to split the quadrature in :func:`fraction_decaying_two_body`;
    ``min_exit_distance()`` (optional) bounds d_out from below for a region around the origin.

    >>> [round(float(d), 12) for d in Cylinder(r_max=1.0, z_min=-1.0, z_max=2.0).path_interval(0.8)]  # barrel exit
    [0.0, 1.666666666667]
    >>> [round(float(d), 12) for d in Cylinder(1.0, -1.0, 2.0, r_min=0.3).path_interval(-0.8)]  # shell, backward ray
    [0.5, 1.25]
    """

    r_max: float
    z_min: float
    z_max: float
    r_min: float = 0.0

    def __post_init__(self):
        for name in ("r_max", "z_min", "z_max", "r_min"):
            v = float(getattr(self, name))
            if not math.isfinite(v):
                raise ValueError(f"Cylinder.{name} must be a finite number [m], got {getattr(self, name)!r}")
            object.__setattr__(self, name, v)
        if not 0.0 <= self.r_min < self.r_max:
            raise ValueError(f"Cylinder needs 0 <= r_min < r_max, got r_min={self.r_min}, r_max={self.r_max}")
        if not self.z_min < self.z_max:
            raise ValueError(f"Cylinder needs z_min < z_max, got z_min={self.z_min}, z_max={self.z_max}")

    def path_interval(self, cos_theta, phi=None):
        """(d_in, d_out) [m] of the ray from the origin with polar cosine ``cos_theta`` (phi unused:
        the cylinder is azimuthally symmetric). Arrays broadcast; the ray misses where d_out <= d_in."""
        c = np.asarray(cos_theta, dtype=float)
        if phi is not None:
            c = np.broadcast_to(c, np.broadcast_shapes(c.shape, np.shape(phi)))
        sn = np.sqrt(np.clip(1.0 - c * c, 0.0, None))
        inf = np.inf
        slab_has_origin = self.z_min <= 0.0 <= self.z_max
        with np.errstate(divide="ignore", invalid="ignore"):
            r_lo = np.where(sn > 0.0, self.r_min / sn, 0.0 if self.r_min == 0.0 else inf)
            r_hi = np.where(sn > 0.0, self.r_max / sn, inf)
            za, zb = self.z_min / c, self.z_max / c
            z_lo = np.where(c > 0.0, za, np.where(c < 0.0, zb, 0.0 if slab_has_origin else inf))
            z_hi = np.where(c > 0.0, zb, np.where(c < 0.0, za, inf if slab_has_origin else -inf))
        d_in = np.maximum(np.maximum(r_lo, z_lo), 0.0)
        d_out = np.minimum(r_hi, z_hi)
        return d_in, d_out

    def min_exit_distance(self) -> float:
        """Distance [m] from the origin to the nearest boundary point, min(r_max, -z_min, z_max), when the
        origin is strictly inside (r_min = 0, z_min < 0 < z_max): every ray leaves the region no closer
        (d_in = 0, d_out >= this). 0 otherwise.

        >>> BELLE2_ECL_INNER.min_exit_distance()
        1.0
        """
        if self.r_min > 0.0 or not self.z_min < 0.0 < self.z_max:
            return 0.0
        return min(self.r_max, -self.z_min, self.z_max)

    def kink_cosines(self) -> np.ndarray:
        """Lab cos(theta) of the rays through the corners (r, z), r in {r_min (if > 0), r_max},
        z in {z_min, z_max}: the only directions where P(theta) has a kink."""
        radii = [self.r_max] + ([self.r_min] if self.r_min > 0.0 else [])
        out = [z / math.hypot(r, z) for r in radii for z in (self.z_min, self.z_max)]
        return np.unique(np.clip(out, -1.0, 1.0))


# Belle II: "decays before the calorimeter" -- inside the inner surface of the ECL. APPROXIMATE numbers.
# Geometry: the Belle II ECL re-uses the Belle CsI(Tl) crystals and mechanical structure, with new
# readout electronics (Belle II Technical Design Report, T. Abe et al., KEK Report 2010-1,
# arXiv:1011.0352, ECL chapter).
# Its inner surfaces, as tabulated for Belle (A. Abashian et al., NIM A 479 (2002) 117, detector
# table): barrel inner radius 1.25 m (crystals 1.25-1.62 m), endcap faces at z ~ +1.96 m (forward,
# e- direction) and z ~ -1.02 m (backward). The constant rounds the endcaps to +2.0 m / -1.0 m. It
# ignores the crystal tilt, the gaps between barrel and endcaps, the inner edges of the endcaps
# (the ECL covers 12.4-155.1 deg, pheno.tables.BELLE2_ECL_LAB_DEG), and material in front of the
# ECL (the CDC outer wall, the TOP/ARICH). Build your own Cylinder for other choices, e.g.
# Cylinder(r_max=1.25, z_min=-1.02, z_max=1.96) for the tabulated endcap positions.
BELLE2_ECL_INNER = Cylinder(r_max=1.25, z_min=-1.0, z_max=2.0)

# Displaced-vertex region of the Belle II search for B -> K(*) S, S -> x+ x- (PRD 108 (2023) L111104,
# arXiv:2306.02830): transverse distance of the S vertex from the interaction point 0.05 cm < r < 60 cm.
# NOT verified against the paper's text (docs/physics.md F4): r_min = 0.05 cm is supported by the
# short-c*tau turn-on of the published limit maps (an exponential cut at 0.047-0.053 cm reproduces it
# for m_S = 0.5 and 1 GeV with B -> K S kinematics); r_max = 60 cm is the commonly quoted value, well
# inside the drift chamber (outer radius 113 cm), and is not fixed by the maps. The z range is not a
# selection of the analysis: it closes the volume at the calorimeter endcaps, as BELLE2_ECL_INNER.
# Use it when you convert a BF limit without a lifetime map; the published maps already contain the
# acceptance (pheno.limits refuses a fiducial region together with a LimitMap).
BELLE2_BTOKS_DISPLACED = Cylinder(r_min=0.0005, r_max=0.60, z_min=-1.0, z_max=2.0)


# ------------------------------------------------------------------------------------ helpers
def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _decay_length(ctau, gb):
    """L = beta*gamma*c*tau with c*tau = inf -> inf also for a particle at rest (beta*gamma = 0)."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(ctau), np.inf, gb * ctau)


def _probability(L, d_in, d_out):
    """P = exp(-d_in/L) - exp(-d_out/L) on [d_in, d_out]; L = 0 and L = inf handled as limits."""
    hit = d_out > d_in
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = np.exp(-d_in / L) * -np.expm1(-(d_out - d_in) / L)
    p = np.where(L == 0.0, hit & (d_in == 0.0), p)  # prompt decay at the origin
    p = np.where(np.isinf(L) | ~hit, 0.0, p)
    return np.clip(p, 0.0, 1.0)


def _checked_scalar(name, v, strict, what) -> float:
    """A finite number > 0 (``strict``) or >= 0 as a float (plain numbers checked without numpy)."""
    x = float(v) if isinstance(v, (float, int)) and not isinstance(v, bool) else None
    if x is None or not math.isfinite(x) or x < 0.0 or (strict and x == 0.0):
        return float(checked_array(name, v, lo=0.0, lo_strict=strict, what=what))
    return x


def _checked_ctau(ctau) -> np.ndarray:
    return checked_array("ctau", ctau, lo=0.0, allow_inf=True, what="a proper decay length >= 0 [m] (inf allowed)")


@dataclass(frozen=True)
class DecayPaths:
    """The part of decay-in-region fractions that does not depend on c*tau, for one or several
    production samples ("rows"), so that F(c*tau) costs one compiled sum (:mod:`pheno.decay_sums`).

    Node k of a row (an event or quadrature node whose flight line meets the region) has the
    normalised weight w_k (the row's weights, misses included, sum to 1), and enters and crosses the
    region after a_k = d_in/(beta gamma) and span_k = (d_out - d_in)/(beta gamma) proper decay
    lengths [m]: F(c*tau) = sum_k w_k exp(-a_k/c*tau) (1 - exp(-span_k/c*tau)) (module docstring). A
    particle at rest (beta gamma = 0) decays at the origin: a = 0 (origin inside) or inf, span = inf.
    Rows are the slices [start[r], start[r+1]) of the node arrays.

    >>> paths = DecayPaths.from_nodes(weights=[1.0, 3.0], gb=[4.0, 4.0], d_in=[0.0, 0.0], d_out=[1.25, 1.25])
    >>> round(paths.fraction(0.1), 6)   # both nodes: 1 - exp(-1.25/0.4)
    0.956063
    """

    start: np.ndarray
    w: np.ndarray
    a: np.ndarray
    span: np.ndarray

    @classmethod
    def from_nodes(cls, weights, gb, d_in, d_out) -> "DecayPaths":
        """One row from per-node weights (>= 0, positive sum), beta*gamma and the path interval [m]."""
        w, gb, d_in, d_out = (np.asarray(x, dtype=float) for x in np.broadcast_arrays(weights, gb, d_in, d_out))
        w, gb, d_in, d_out = w.ravel(), gb.ravel(), d_in.ravel(), d_out.ravel()
        hit = (d_out > d_in) & (w != 0.0)
        w_hit, gb, d_in, d_out = w[hit] / w.sum(), gb[hit], d_in[hit], d_out[hit]
        moving = gb > 0.0
        safe = np.where(moving, gb, 1.0)
        a = np.where(moving, d_in / safe, np.where(d_in == 0.0, 0.0, np.inf))
        span = np.where(moving, (d_out - d_in) / safe, np.inf)
        return cls(np.array([0, w_hit.size], dtype=np.int64), w_hit, a, span)

    @classmethod
    def stack(cls, rows) -> "DecayPaths":
        """Several one-row tables as the rows of one table; None gives an empty row (F = 0)."""
        rows = [r if r is not None else _EMPTY_PATHS for r in rows]
        sizes = [r.w.size for r in rows]
        start = np.zeros(len(rows) + 1, dtype=np.int64)
        start[1:] = np.cumsum(sizes)
        cat = (lambda name: np.concatenate([getattr(r, name) for r in rows]) if rows else np.zeros(0))
        return cls(start, cat("w"), cat("a"), cat("span"))

    @property
    def n_rows(self) -> int:
        return self.start.size - 1

    def fraction(self, ctau, rows=None):
        """F(c*tau): for a one-row table with the shape of ``ctau`` (a float for a scalar); with ``rows``,
        F of row rows[j] at ctau[j] (arrays broadcast)."""
        from .decay_sums import row_fractions

        ct = _checked_ctau(ctau)
        if rows is None:
            if self.n_rows != 1:
                raise ValueError(f"this table has {self.n_rows} rows: give rows=")
            rows = np.zeros(ct.shape, dtype=np.int64)
        rows, ct = np.broadcast_arrays(np.asarray(rows, dtype=np.int64), ct)
        out = np.empty(ct.size)
        row_fractions(self.start, self.w, self.a, self.span, np.ascontiguousarray(rows).ravel(),
                      np.ascontiguousarray(ct, dtype=float).ravel(), out)
        return _out(out.reshape(ct.shape))

    def max_fraction(self) -> np.ndarray:
        """Per row, sum_k w_k: an upper bound of F at every c*tau."""
        return np.add.reduceat(np.r_[self.w, 0.0], self.start[:-1]) * (np.diff(self.start) > 0)

    def starts_inside(self) -> np.ndarray:
        """Per row: every node starts inside the region (a_k = 0), so F decreases monotonically with c*tau."""
        outside = np.r_[(self.a > 0.0).astype(float), 0.0]
        return np.add.reduceat(outside, self.start[:-1]) * (np.diff(self.start) > 0) == 0.0

    def can_decay(self, rows, ctau) -> np.ndarray:
        """F(c*tau) > 0 for row rows[j] at ctau[j], without the sum: some node reaches the region
        (prompt: one starting inside; otherwise exp(-a_min/c*tau) not underflowing)."""
        a_min = np.minimum.reduceat(np.r_[self.a, np.inf], self.start[:-1])
        a_min = np.where(np.diff(self.start) > 0, a_min, np.inf)[np.asarray(rows)]
        ct = np.asarray(ctau, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            reach = np.where(ct > 0.0, a_min / np.where(ct > 0.0, ct, 1.0) <= 745.2, a_min == 0.0)
        return reach & np.isfinite(ct) & np.isfinite(a_min)


_EMPTY_PATHS = DecayPaths(np.array([0, 0], dtype=np.int64), np.zeros(0), np.zeros(0), np.zeros(0))


@lru_cache(maxsize=None)
def _gauss_legendre(n: int):
    from scipy.special import roots_legendre  # fast also for large n (numpy's leggauss is not)

    return roots_legendre(n)


# ------------------------------------------------------------------------------------ API
def decay_probability(ctau, p, m, cos_theta, region, phi=None):
    """Probability that X decays inside ``region``: P = exp(-d_in/L) - exp(-d_out/L), L = (p/m) c*tau.

    ctau [m] (>= 0, inf allowed -> P = 0), p [GeV] (lab momentum, >= 0), m [GeV] (> 0), cos_theta
    (lab polar cosine w.r.t. the e- beam, +z) and phi broadcast against each other. c*tau = 0 (or
    p = 0: X at rest) gives 1 if the origin is inside the region and 0 otherwise. Returns P in [0, 1]
    (a float for scalar input). [d_in, d_out] is ``region.path_interval(cos_theta, phi)``.

    >>> round(decay_probability(1.0, 1.0, 1.0, 1.0, Cylinder(1.0, -1.0, 2.0)), 6)  # 1 - exp(-2)
    0.864665
    """
    ct = checked_array("ctau", ctau, lo=0.0, allow_inf=True, what="a proper decay length >= 0 [m] (inf allowed)")
    pp = checked_array("p", p, lo=0.0, what="a finite momentum >= 0 [GeV]")
    mm = checked_array("m", m, lo=0.0, lo_strict=True, what="a finite mass > 0 [GeV]")
    cc = checked_array("cos_theta", cos_theta, lo=-1.0, hi=1.0, what="in [-1, 1]")
    if phi is not None:
        phi = checked_array("phi", phi, what="finite [rad]")
    d_in, d_out = region.path_interval(cc, phi)
    return _out(_probability(_decay_length(ct, pp / mm), d_in, d_out))


def two_body_lab_kinematics(sqrt_s, m_x, m_other, cos_theta_cm, e_minus=C.E_BEAM_ELECTRON,
                            e_plus=C.E_BEAM_POSITRON):
    """Lab momentum [GeV] and lab cos(theta) of X in e+e- -> X(m_x) + Y(m_other) (vectorised).

    CM: E* = (s + m_x^2 - m_other^2)/(2 sqrt s), p* = lambda^(1/2)(s, m_x^2, m_other^2)/(2 sqrt s),
    X at polar angle theta* to the e- beam (+z). Lab: boost along +z with beta = (E- - E+)/(E- + E+),
    gamma = (1 - beta^2)^(-1/2):
        p_z = gamma (p* cos* + beta E*),   p_T = p* sin*,   p = (p_z^2 + p_T^2)^(1/2),   cos = p_z/p
    (cos = cos* if p = 0). For m_x = 0 this inverts cos* = (cos - beta)/(1 - beta cos). The boost comes
    from the beam energies only; the total lab four-momentum is gamma sqrt(s) (1, 0, 0, beta), which is
    (E- + E+, 0, 0, E- - E+) when sqrt_s = 2 sqrt(E- E+) (10.583 GeV for 7 on 4 GeV).

    >>> p, c = two_body_lab_kinematics(10.58, 0.0, 0.0, 0.0)   # massless X at 90 deg in the CM
    >>> round(float(c), 6)                                        # = beta = 3/11
    0.272727
    """
    rs = checked_array("sqrt_s", sqrt_s, lo=0.0, lo_strict=True, what="a finite energy > 0 [GeV]")
    mx = checked_array("m_x", m_x, lo=0.0, what="a finite mass >= 0 [GeV]")
    mo = checked_array("m_other", m_other, lo=0.0, what="a finite mass >= 0 [GeV]")
    cs = checked_array("cos_theta_cm", cos_theta_cm, lo=-1.0, hi=1.0, what="in [-1, 1]")
    if np.any(rs < mx + mo):
        raise ValueError("two_body_lab_kinematics: sqrt_s < m_x + m_other (channel closed)")
    if not (e_minus > 0 and e_plus > 0):
        raise ValueError("beam energies e_minus, e_plus must be positive")
    p, cos_lab = _two_body_lab(rs, mx, mo, cs, lab_boost(e_minus, e_plus))
    return _out(p), _out(cos_lab)


def _two_body_lab(rs, mx, mo, cs, beta):
    """:func:`two_body_lab_kinematics` without the input checks (internal, arrays or floats)."""
    s = rs * rs
    e_star = (s + mx * mx - mo * mo) / (2.0 * rs)
    p_star = np.sqrt(np.clip(kallen(s, mx * mx, mo * mo), 0.0, None)) / (2.0 * rs)
    gamma = 1.0 / math.sqrt(1.0 - beta * beta)
    pz = gamma * (p_star * cs + beta * e_star)
    pt = p_star * np.sqrt(np.clip(1.0 - cs * cs, 0.0, None))
    p = np.hypot(pt, pz)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos_lab = np.where(p > 0.0, pz / p, cs)
    return p, np.clip(cos_lab, -1.0, 1.0)


def _one_plus_c2(c):
    return 1.0 + c * c


def _cm_cosines_of_lab_cosine(c_lab, sqrt_s, m_x, m_other, lo, hi, e_minus, e_plus):
    """cos* in (lo, hi) at which X reaches lab cos(theta) = c_lab (0, 1 or 2 of them).

    p_z = a cos* + b (a = gamma p*, b = gamma beta E*), p_T^2 = p*^2 (1 - cos*^2); squaring
    p_z^2 (1 - C^2) = C^2 p_T^2 gives [a^2(1-C^2) + C^2 p*^2] x^2 + 2ab(1-C^2) x + b^2(1-C^2) - C^2 p*^2 = 0;
    roots of the squared equation are kept only if they reproduce c_lab."""
    s = sqrt_s * sqrt_s
    e_star = (s + m_x**2 - m_other**2) / (2.0 * sqrt_s)
    p_star = math.sqrt(max(float(kallen(s, m_x**2, m_other**2)), 0.0)) / (2.0 * sqrt_s)
    if p_star <= 0.0:
        return []
    beta = lab_boost(e_minus, e_plus)
    gamma = 1.0 / math.sqrt(1.0 - beta * beta)
    a, b, k = gamma * p_star, gamma * beta * e_star, 1.0 - c_lab * c_lab
    qa = a * a * k + c_lab * c_lab * p_star**2
    qb = 2.0 * a * b * k
    qc = b * b * k - c_lab * c_lab * p_star**2
    disc = qb * qb - 4.0 * qa * qc
    if qa <= 0.0 or disc < 0.0:
        return []
    sq = math.sqrt(disc)
    out = []
    for x in {(-qb + sq) / (2.0 * qa), (-qb - sq) / (2.0 * qa)}:
        if lo < x < hi:
            pz = a * x + b  # the lab cosine of this root (as in two_body_lab_kinematics)
            c = pz / math.hypot(p_star * math.sqrt(max(1.0 - x * x, 0.0)), pz)
            if abs(c - c_lab) < 1e-9:
                out.append(x)
    return out


def fraction_decaying_two_body(ctau, sqrt_s, m_x, m_other, region, angular=_one_plus_c2, cos_range=(-1.0, 1.0),
                               e_minus=C.E_BEAM_ELECTRON, e_plus=C.E_BEAM_POSITRON, n=48):
    """Production-weighted fraction of X decaying in ``region`` for e+e- -> X + Y (vectorised in ctau).

        F(c*tau) = Int_{c1}^{c2} dcos* A(cos*) P(c*tau, p(cos*), m_x, cos_lab(cos*))  /  Int_{c1}^{c2} dcos* A(cos*)

    A = ``angular``: dsigma/dcos* of X (unnormalised callable, vectorised, >= 0; default 1 + cos*^2,
    e.g. e+e- -> gamma* -> vector + scalar at high energy), cos* = CM polar cosine of X w.r.t. the e- beam,
    restricted to ``cos_range`` = (c1, c2). A cut on the recoil Y maps to X by cos*_X = -cos*_Y: e.g. the
    photon of e+e- -> gamma A' in [-0.9458, 0.9595] gives cos_range = (-0.9595, 0.9458) for the A'.
    Kinematics from :func:`two_body_lab_kinematics`, P from :func:`decay_probability`.

    Quadrature: Gauss-Legendre with ``n`` nodes in cos* on each piece of (c1, c2), split where the lab
    direction of X crosses a corner of the region (``region.kink_cosines()``, mapped to cos*), where P
    has kinks. On each piece the integrand is smooth, and for a smooth A the result is accurate to
    < 1e-8 absolute with the default n = 48 (tests compare with n = 200). A with integrable
    singularities inside the range (e.g. 1/sin^2 at |cos*| -> 1) needs a cos_range that excludes them.
    Returns F with the shape of ``ctau`` (a float for a scalar). The c*tau-independent part (nodes,
    weights, path intervals) is :func:`two_body_paths`: compute it once to evaluate F at many c*tau.
    """
    ct = _checked_ctau(ctau)
    return two_body_paths(sqrt_s, m_x, m_other, region, angular, cos_range, e_minus, e_plus, n).fraction(ct)


def two_body_paths(sqrt_s, m_x, m_other, region, angular=_one_plus_c2, cos_range=(-1.0, 1.0),
                   e_minus=C.E_BEAM_ELECTRON, e_plus=C.E_BEAM_POSITRON, n=48) -> DecayPaths:
    """The :class:`DecayPaths` of :func:`fraction_decaying_two_body` (same arguments, no c*tau): the
    quadrature nodes with their weights and path intervals, for evaluating F at many c*tau."""
    for name, v in (("sqrt_s", sqrt_s), ("m_x", m_x), ("m_other", m_other)):
        if np.ndim(v) != 0:
            raise ValueError(f"{name} must be a scalar (F is vectorised over ctau only)")
    sqrt_s = _checked_scalar("sqrt_s", sqrt_s, True, "a finite energy > 0 [GeV]")
    m_x = _checked_scalar("m_x", m_x, True, "a finite mass > 0 [GeV]")
    m_other = _checked_scalar("m_other", m_other, False, "a finite mass >= 0 [GeV]")
    if sqrt_s < m_x + m_other:
        raise ValueError(f"sqrt_s = {sqrt_s} GeV < m_x + m_other = {m_x + m_other} GeV (channel closed)")
    lo, hi = (float(v) for v in cos_range)
    if not -1.0 <= lo < hi <= 1.0:
        raise ValueError(f"cos_range must satisfy -1 <= min < max <= 1, got {cos_range!r}")
    if int(n) < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    kinks = getattr(region, "kink_cosines", lambda: [])()
    splits = {x for k in kinks
              for x in _cm_cosines_of_lab_cosine(float(k), sqrt_s, m_x, m_other, lo, hi, e_minus, e_plus)}
    edges = np.array([lo, *sorted(splits), hi])
    x, w = _gauss_legendre(int(n))
    half = 0.5 * np.diff(edges)[:, None]
    nodes = (0.5 * (edges[:-1] + edges[1:])[:, None] + half * x[None, :]).ravel()
    gl_w = (half * w[None, :]).ravel()
    a = np.broadcast_to(np.asarray(angular(nodes), dtype=float), nodes.shape)
    if not np.all(np.isfinite(a)) or np.any(a < 0.0):
        raise ValueError("angular(cos) must be finite and >= 0 on cos_range")
    weights = gl_w * a
    if not weights.sum() > 0.0:
        raise ValueError("angular(cos) integrates to zero on cos_range")
    if not (e_minus > 0 and e_plus > 0):
        raise ValueError("beam energies e_minus, e_plus must be positive")
    p_lab, c_lab = _two_body_lab(sqrt_s, m_x, m_other, nodes, lab_boost(e_minus, e_plus))
    d_in, d_out = region.path_interval(c_lab, None)
    return DecayPaths.from_nodes(weights, p_lab / m_x, d_in, d_out)


@dataclass(frozen=True)
class DecaySample:
    """Weighted sample of X lab kinematics from any production process.

    weights (>= 0, any normalisation), p [GeV] lab momenta, m [GeV] masses (scalar or per event),
    cos_theta lab polar cosines w.r.t. the e- beam, phi azimuths (optional; unused by azimuthally
    symmetric regions). :meth:`fraction` gives F(c*tau) = sum_i w_i P_i(c*tau) / sum_i w_i.

    >>> s = DecaySample(weights=[1.0, 3.0], p=[2.0, 2.0], m=0.5, cos_theta=[0.0, 0.0])
    >>> round(s.fraction(0.1, Cylinder(1.25, -1.0, 2.0)), 6)   # both events: 1 - exp(-1.25/0.4)
    0.956063
    """

    weights: np.ndarray
    p: np.ndarray
    m: np.ndarray
    cos_theta: np.ndarray
    phi: np.ndarray | None = None

    def __post_init__(self):
        w = checked_array("weights", self.weights, lo=0.0, what="finite and >= 0").ravel()
        p = checked_array("p", self.p, lo=0.0, what="a finite momentum >= 0 [GeV]").ravel()
        c = checked_array("cos_theta", self.cos_theta, lo=-1.0, hi=1.0, what="in [-1, 1]").ravel()
        m = checked_array("m", self.m, lo=0.0, lo_strict=True, what="a finite mass > 0 [GeV]")
        m = np.broadcast_to(m, w.shape).copy() if m.ndim == 0 else m.ravel()
        arrays = {"p": p, "m": m, "cos_theta": c}
        if self.phi is not None:
            arrays["phi"] = checked_array("phi", self.phi, what="finite [rad]").ravel()
        for name, a in arrays.items():
            if a.shape != w.shape:
                raise ValueError(f"DecaySample.{name} has {a.size} entries, weights has {w.size}")
        if not w.sum() > 0.0:
            raise ValueError("DecaySample.weights must have a positive sum")
        object.__setattr__(self, "weights", w)
        for name, a in arrays.items():
            object.__setattr__(self, name, a)

    def __len__(self) -> int:
        return self.weights.size

    def fraction(self, ctau, region):
        """F(c*tau) = sum_i w_i P(c*tau, p_i, m_i, cos_i, phi_i) / sum_i w_i, with the shape of ``ctau``."""
        ct = _checked_ctau(ctau)
        return self.paths(region).fraction(ct)

    def paths(self, region) -> DecayPaths:
        """The c*tau-independent part of :meth:`fraction` (weights and path intervals in ``region``)."""
        d_in, d_out = region.path_interval(self.cos_theta, self.phi)
        return DecayPaths.from_nodes(self.weights, self.p / self.m, d_in, d_out)


def sample_from_llx(sqrt_s, m_lepton, m_x, vertex_id, n_points=2**14, seed=2024, cuts=None,
                    e_minus=C.E_BEAM_ELECTRON, e_plus=C.E_BEAM_POSITRON) -> DecaySample:
    """Weighted sample of X from e+e- -> gamma* -> l-(k1) l+(k2) X(q) with full kinematics.

    One scrambled Sobol sequence of ``n_points`` points (a power of 2) in the variables of
    :func:`pheno.phasespace.full_kinematics`, drawn exactly as its first replica for the same ``seed``.
    Weight of point i: w_i = (1/4)sum|M|^2 s^2/e^4 x phase-space weight / n_points (both lepton
    half-planes of the point, those passing ``cuts`` on l+ and l-), so sum_i w_i estimates the same
    integral as ``full_kinematics`` (sigma/coupling^2 [fb] = e^4/(2 s^3) x GEV2_TO_FB x sum_i w_i).
    X is boosted to the lab (+z, beta = (E- - E+)/(E- + E+)); its azimuth, trivial in the
    integrand, is drawn uniformly (a rotation of the whole event about the beam, which leaves the
    cuts unchanged). Points with zero weight are dropped.

    m_lepton: GeV or a name ("e", "mu", "tau"); vertex_id: 0-3 or "vector", "axial", "scalar",
    "pseudoscalar" (pheno.kernels.llx.VERTEX_ID). Lab-frame cuts must use the same beam energies.
    """
    from scipy.stats import qmc

    from . import phasespace as ps
    from .kernels.llx import VERTEX_ID

    if isinstance(m_lepton, str):
        if m_lepton not in C.LEPTON_MASS:
            raise ValueError(f"m_lepton must be a mass [GeV] or one of {sorted(C.LEPTON_MASS)}, got {m_lepton!r}")
        m_lepton = C.LEPTON_MASS[m_lepton]
    vid = VERTEX_ID.get(vertex_id, vertex_id) if isinstance(vertex_id, str) else vertex_id
    if vid not in VERTEX_ID.values():
        raise ValueError(f"vertex_id must be one of {VERTEX_ID}, got {vertex_id!r}")
    sqrt_s = float(checked_array("sqrt_s", sqrt_s, lo=0.0, lo_strict=True, what="a finite energy > 0 [GeV]"))
    m_l = float(checked_array("m_lepton", m_lepton, lo=0.0, lo_strict=True, what="a finite mass > 0 [GeV]"))
    m_x = float(checked_array("m_x", m_x, lo=0.0, lo_strict=True, what="a finite mass > 0 [GeV]"))
    if sqrt_s <= m_x + 2.0 * m_l:
        raise ValueError(f"sqrt_s = {sqrt_s} GeV <= m_x + 2 m_lepton (channel closed)")
    n_points = checked_int("n_points", n_points, lo=2)
    if not (e_minus > 0 and e_plus > 0):
        raise ValueError("beam energies e_minus, e_plus must be positive")
    if cuts is None:
        cut_args = (False, 0.0, -1.0, 1.0, 0.0, 0.0)
    else:
        if cuts.frame == "lab" and (cuts.e_minus, cuts.e_plus) != (e_minus, e_plus):
            raise ValueError("lab-frame cuts use different beam energies from e_minus, e_plus")
        cut_args = (True, cuts.beta_lab, cuts.cos_theta[0], cuts.cos_theta[1], cuts.p_min, cuts.pt_min)
    rng = np.random.default_rng(seed)
    u = qmc.Sobol(d=4, scramble=True, seed=rng).random(n_points)
    w, q = ps.full_kinematics_points(vid, sqrt_s**2, m_l, m_x, u, *cut_args, lab_boost(e_minus, e_plus))
    keep = w > 0.0
    w, q = w[keep] / n_points, q[keep]
    pt = np.hypot(q[:, 1], q[:, 2])
    p = np.hypot(pt, q[:, 3])
    cos_lab = np.clip(np.where(p > 0.0, q[:, 3] / np.where(p > 0.0, p, 1.0), 1.0), -1.0, 1.0)
    phi = rng.uniform(0.0, 2.0 * np.pi, w.size)  # after the Sobol seed was drawn from rng
    return DecaySample(weights=w, p=p, m=m_x, cos_theta=cos_lab, phi=phi)
