r"""Photon-fusion production e+e- -> e+e- X of a spin-0 resonance X coupled to two photons.

X is an ALP a (L = -(g_agg/4) a F Ftilde, docs/physics.md D) or a CP-even scalar (L = -(g/4) S F F);
in both cases Gamma(X -> gamma gamma) = g^2 m^3/(64 pi) (docs/physics.md D1).  Units: GeV, fb.

Public functions
----------------
* :func:`photon_flux`            -- e -> e gamma equivalent-photon flux f(x) ("improved" or "leading_log").
* :func:`photon_luminosity`      -- the gamma-gamma luminosity I(tau) = Int_tau^1 (dx/x) f(x) f(tau/x).
* :func:`sigma_photon_fusion`    -- sigma(e+e- -> e+e- X) in the equivalent-photon approximation (fast).
* :func:`sigma_photon_fusion_tree` -- the exact tree-level 2 -> 3 cross section of the gamma* gamma*
  fusion diagram for a point-like coupling (slow reference, ~0.1-1 s per mass; no EPA).

1. Narrow resonance (Low formula)
---------------------------------
    sigma(gamma gamma -> X)(shat) = 8 pi^2 (2J+1) Gamma(X -> gamma gamma) delta(shat - m^2) / m,   J = 0.

Derivation (checked here, and numerically in the tests): with sum_pol |M|^2 the sum over all photon
polarisations, Gamma = sum_pol |M|^2 / (2m (2J+1)) * 1/(16 pi)  (two-body phase space 1/(8 pi) times
1/2 for identical photons), and sigma = (1/4) sum_pol |M|^2 / (2 shat) * 2 pi delta(shat - m^2)
(1/4 = average over the two photon helicities each).  Eliminating sum_pol |M|^2 = 32 pi m (2J+1) Gamma
gives the formula above.  For the ALP vertex g eps^{mu nu rho sigma} k1_mu e1_nu k2_rho e2_sigma the
polarisation sum is g^2 m^4/2, which reproduces Gamma = g^2 m^3/(64 pi) (D1).  Reference: F.E. Low,
Phys. Rev. 120 (1960) 582; V.M. Budnev, I.F. Ginzburg, G.V. Meledin, V.G. Serbo, Phys. Rept. 15
(1975) 181.  Agrees with docs/physics.md D5.

2. Equivalent-photon approximation (EPA)
----------------------------------------
    sigma = Int dx1 dx2 f(x1) f(x2) sigma_gg(x1 x2 s) = (8 pi^2 Gamma_gg / (m s)) I(tau),  tau = m^2/s,
    I(tau) = Int_tau^1 (dx/x) f(x) f(tau/x) = 2 Int_{sqrt(tau)}^1 (dx/x) f(x) f(tau/x)   (x <-> tau/x).

Photon fluxes (x = photon energy fraction, E_b = sqrt(s)/2):

* ``"leading_log"`` -- f(x) = (alpha/pi) [(1 + (1-x)^2)/x] ln(E_b/m_e), the normalisation of
  docs/physics.md D5.  It equals the form usually written (alpha/2pi) [(1+(1-x)^2)/x] ln(Q2max/Q2min) with
  Q2max/Q2min = (E_b/m_e)^2 (the two agree identically; ln((E_b/m_e)^2) = 2 ln(E_b/m_e)).
  With it I(tau) has the closed form (alpha/pi)^2 ln^2(E_b/m_e) [(2+tau)^2 ln(1/tau) - 2(1-tau)(3+tau)]/tau,
  so sigma = (16 alpha^2 Gamma/m^3) ln^2(E_b/m_e) [(2+z^2)^2 ln(1/z) - (1-z^2)(3+z^2)], z = m/sqrt(s)
  (Brodsky, Kinoshita, Terazawa, PRD 4 (1971) 1532; docs/physics.md D5).
* ``"improved"`` -- S. Frixione, M.L. Mangano, P. Nason, G. Ridolfi, PLB 319 (1993) 339
  [hep-ph/9310350] (the same form is used as ``epa_electron`` in MadGraph5_aMC@NLO, citing Budnev et al.):
      f(x) = (alpha/2pi) [ (1+(1-x)^2)/x ln(Q2max/Q2min) + 2 m_e^2 x (1/Q2max - 1/Q2min) ],
      Q2min = m_e^2 x^2/(1-x)                  (scattering angle 0),
  and Q2max set by the angle up to which the scattered lepton is allowed to go.  For a lepton of
  energy E' = (1-x) E_b at angle theta, Q^2 = Q2min + 4 p p' sin^2(theta/2) ~= Q2min + s (1-x) sin^2(theta/2),
  hence the choices here (all capped at the kinematic limit):
      default (untagged, theta up to pi):  Q2max = Q2min + s (1-x)          (kinematic maximum);
      ``theta_max`` (anti-tag, CM frame):  Q2max = Q2min + s (1-x) sin^2(theta_max/2)
                                           (~ E_b^2 (1-x) theta_max^2 for small angles);
      ``q2_max`` (a number, GeV^2):         Q2max = min(q2_max, the above);
      ``q2_max="mass"`` (sigma only):       Q2max = min(m^2, the above) -- the hard scale of the process.
  The ln is evaluated as log1p((Q2max - Q2min)/Q2min) so f -> 0 smoothly when Q2max -> Q2min; f >= 0.

The tree-level function below shows that the improved flux with an *exact* Q2max is exact for Q^2 << m^2
(with a p_T cut on both leptons, Q2max = Q2min + p_T^2/(1-x), it reproduces the 2 -> 3 calculation to
< 1e-5 relative for p_T <= 1e-3 GeV and 0.1 < m < 6 GeV, the difference growing with p_T/m), i.e. both
the log and the non-log term are right.  The problem for an untagged lepton is not the flux but the
factorisation: the EPA uses the real-photon sigma(gamma gamma -> X) at shat = x1 x2 s for all Q^2 up to
Q2max, whereas once Q^2 is not small compared with shat the photon is far off shell, shat differs from
x1 x2 s, and sigma(gamma* gamma -> X) of the point-like (dimension-5) vertex depends on Q^2.  The lepton
then goes to large angle, where Q^2 reaches O(s).  No EPA choice of Q2max is right at all masses.

3. How good is the EPA for this process? (numbers at sqrt(s) = 10.58 GeV, alpha = alpha(0))
--------------------------------------------------------------------------------------------
sigma/fb for g_agg = 1e-3 GeV^-1 (Gamma = g^2 m^3/(64 pi)); "tree" = :func:`sigma_photon_fusion_tree`
(pseudoscalar, no cuts, numerically converged to 1e-4):

    m [GeV]   tree     LL       improved (kinematic Q2max)   improved (Q2max = m^2)
    0.1       3015     2207     4871                         2110
    0.5       1589     1303     2254                         1290
    1.0       1056      922     1410                          918
    3.0        371      370      443                          363
    6.0       98.1      113      107                          104

Ratios: LL/tree = 0.73, 0.82, 0.87, 1.00, 1.16; improved(kinematic)/tree = 1.62, 1.42, 1.34, 1.20, 1.09;
improved(m^2)/tree = 0.70, 0.81, 0.87, 0.98, 1.06.  improved(kinematic)/LL = 2.21, 1.73, 1.53, 1.20, 0.95
(the improved flux with the default kinematic Q2max is *larger* than LL below m = 5.3 GeV, because
ln(s(1-x)^2/(m_e^2 x^2)) > ln((E_b/m_e)^2) for x < 2/3); improved(Q2max = m^2)/LL = 0.956, 0.990, 0.995,
0.983, 0.918 (smaller than LL).  The constant q2_max that reproduces the tree result is (0.26-0.36)
m sqrt(s) for 0.05 < m < 6 GeV (not used as a default: it is a fit, not a derivation).  A CP-even scalar
with the same Gamma_gg gives a tree-level rate 0-0.4 % above the pseudoscalar one (the EPA does not
distinguish them).
With both leptons at p_T < 0.1 GeV the tree rate is 70 % (0.1 GeV), 51 % (1 GeV), 41 % (6 GeV) of the
untagged one: a sizeable part of the rate has a lepton at large angle.

So, for an untagged point-like ALP at Belle II: the EPA (any of the above) is uncertain by 10-70 %
depending on mass and Q2max choice; LL is within -27 % ... +16 % of the tree result for 0.1-6 GeV
(consistent with the O(30-50 %) usually quoted for the leading log); the improved flux with the kinematic Q2max
overestimates by +10 % (6 GeV) to +60 % (0.1 GeV).  The statement "improved EPA is good to 10-20 % for
untagged electrons" could NOT be confirmed for this process: with the kinematic Q2max it holds only for
m >~ 3 GeV; with Q2max = m^2 for m >~ 0.5 GeV (-30 % at 0.1 GeV).  (Basis: the tree-level calculation
here, whose |M|^2 is checked against explicit Dirac spinors and whose small-p_T limit reproduces the
improved EPA to < 1e-5; no published full calculation for this process was compared.)  Where the
leptons are required to stay at small angle / small p_T (theta_max, q2_max << m^2) the improved EPA
becomes exact.  For an untagged rate use :func:`sigma_photon_fusion_tree`.

4. Neglected (all approaches here)
----------------------------------
* Z exchange: Q^2 <= s and s/M_Z^2 = 1.3 %, only in the far tail -> << 1 %.
* The annihilation diagram e+e- -> gamma* -> X gamma*(-> e+e-): at most ~ sigma(e+e- -> gamma a) x
  (alpha/3pi) ln(s/4 m_e^2) = 1.4 % of sigma(e+e- -> gamma a), i.e. < 1 % of the fusion rate for
  m <= 9 GeV (0.06 % at 0.1 GeV, 0.5 % at 6 GeV); its interference with the fusion diagram (forward vs
  large-angle leptons) is not computed.
* Radiative corrections (ISR, vacuum polarisation; alpha(0) is used at the photon-lepton vertices,
  while the large-Q^2 tail would see alpha(Q^2), a few per cent higher), beam energy spread.
* Form factors: the coupling is point-like (no Q^2 dependence of g).  A loop-induced coupling would cut
  the large-Q^2 tail.
* EPA only: non-factorising terms (the Q^2 dependence of sigma(gamma* gamma* -> X), the
  interference term between photon helicities ~ cos 2 phi, and, for a scalar, longitudinal photons),
  the exact relation between x1 x2 s and shat, and the electron mass beyond the flux (Q2min and the
  non-log term).  The tree-level function keeps all of these.
* Finite width of X (narrow-width approximation).
* Asymmetric beams: everything is in the CM frame.  sigma is boost invariant; a lab-frame angle cut
  has to be converted (p_T = E' sin theta is invariant under the boost along the beam).
"""
from __future__ import annotations

import math

import numpy as np

from . import constants as C
from .validation import checked_array, checked_rtol, checked_scalar

__all__ = [
    "photon_flux",
    "photon_luminosity",
    "sigma_photon_fusion",
    "sigma_photon_fusion_tree",
]

_KINDS = ("improved", "leading_log")
_PARITIES = ("pseudoscalar", "scalar")


# ----------------------------------------------------------------------------------------------
# Input handling
# ----------------------------------------------------------------------------------------------
def _positive(value, name: str) -> np.ndarray:
    return checked_array(name, value, lo=0.0, lo_strict=True, what="> 0")


def _non_negative(value, name: str) -> np.ndarray:
    return checked_array(name, value, lo=0.0, what=">= 0")


def _scalar_positive(value, name: str) -> float:
    return checked_scalar(name, value, lo=0.0, lo_strict=True, what="> 0")


def _flux_options(kind, q2_max, theta_max, sqrt_s, alpha):
    """Validate the flux options shared by the public functions; returns (sqrt_s, sin^2(theta_max/2), alpha)."""
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    if kind == "leading_log" and (q2_max is not None or theta_max is not None):
        raise ValueError("q2_max / theta_max apply to kind='improved' only; the leading-log flux has "
                         "Q2max/Q2min = (E_b/m_e)^2 built in")
    sqrt_s = _scalar_positive(sqrt_s, "sqrt_s")
    return sqrt_s, _sin2_half(theta_max), C.resolve_alpha(alpha, sqrt_s)


def _sin2_half(theta_max) -> float:
    """sin^2(theta_max/2) for the anti-tag angle (1 for None = no cut)."""
    if theta_max is None:
        return 1.0
    th = _scalar_positive(theta_max, "theta_max")
    if th > math.pi:
        raise ValueError(f"theta_max must be in (0, pi] (radians), got {theta_max!r}")
    return math.sin(0.5 * th) ** 2


# ----------------------------------------------------------------------------------------------
# Photon flux
# ----------------------------------------------------------------------------------------------
def _flux(x, omx, s, kind, alpha, q2c=None, k_sin2=1.0):
    """Flux f(x) with omx = 1 - x given separately (accurate near x = 1).  q2c: constant Q2 cap or None."""
    x = np.asarray(x, float)
    omx = np.asarray(omx, float)
    g = (1.0 + omx * omx) / x
    if kind == "leading_log":
        e_b = 0.5 * math.sqrt(s)
        return np.where(omx >= 0.0, alpha / math.pi * g * math.log(e_b / C.M_E), 0.0)
    me2 = C.M_E * C.M_E
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        q2min = me2 * x * x / omx
        span = s * k_sin2 * omx  # Q2max - Q2min for the angular (kinematic) limit
        log_geo = np.log1p(span / q2min)
        q2max = q2min + span
        if q2c is not None:
            q2c = np.asarray(q2c, float)
            use_c = q2c < q2max
            log_c = np.log(q2c / q2min)
            log_term = np.where(use_c, log_c, log_geo)
            q2max = np.where(use_c, q2c, q2max)
        else:
            log_term = log_geo
        f = alpha / (2.0 * math.pi) * (g * log_term + 2.0 * me2 * x / q2max - 2.0 * omx / x)
    ok = (omx > 0.0) & (log_term > 0.0)
    return np.where(ok, np.maximum(f, 0.0), 0.0)


def photon_flux(x, sqrt_s=C.SQRT_S_BELLE2, kind="improved", q2_max=None, theta_max=None, alpha="0"):
    """Equivalent-photon flux f(x) of an electron (or positron) beam, x = E_gamma/E_beam.

    kind="leading_log": f = (alpha/pi) [(1+(1-x)^2)/x] ln(E_b/m_e)  (docs/physics.md D5 normalisation;
    identical to (alpha/2pi) [...] ln(Q2max/Q2min) with Q2max/Q2min = (E_b/m_e)^2).
    kind="improved": Frixione, Mangano, Nason, Ridolfi, PLB 319 (1993) 339:
        f = (alpha/2pi) [ (1+(1-x)^2)/x ln(Q2max/Q2min) + 2 m_e^2 x (1/Q2max - 1/Q2min) ],
        Q2min = m_e^2 x^2/(1-x),  Q2max = Q2min + s (1-x) sin^2(theta_max/2)  (theta_max = pi, i.e. the
        kinematic limit, by default), further capped by ``q2_max`` [GeV^2] if given.  ``q2_max`` may be an
        array broadcasting with x (an x-dependent cut).  See the module docstring for the choice.

    Returns 0 for x >= 1 (improved; LL is defined up to x = 1 inclusive).  Raises ValueError for x <= 0,
    NaN, or bad options (q2_max / theta_max with kind="leading_log" included).
    alpha: "0" (default, real photons), "running" or a number.
    """
    sqrt_s, k_sin2, a = _flux_options(kind, q2_max, theta_max, sqrt_s, alpha)
    x = _positive(x, "x")
    q2c = None if q2_max is None else _positive(q2_max, "q2_max")
    xc = np.minimum(x, 1.0)
    return _flux(xc, np.where(x <= 1.0, 1.0 - xc, -1.0), sqrt_s**2, kind, a, q2c, k_sin2)


# ----------------------------------------------------------------------------------------------
# gamma-gamma luminosity: tanh-sinh quadrature in y = ln x on [ln sqrt(tau), 0], split at kinks
# ----------------------------------------------------------------------------------------------
_TS_H0, _TS_U_MAX, _TS_LEVELS = 0.5, 3.3, 7  # coarsest step, truncation |u| <= 3.3, step halvings


def _tanh_sinh_level(level: int):
    """Nodes added at ``level`` (step h0 / 2^level) of the nested tanh-sinh rule on [-1, 1]:
    (t, 1 - |t| without cancellation, weight / step)."""
    h = _TS_H0 / 2**level
    k = np.arange(-int(round(_TS_U_MAX / h)), int(round(_TS_U_MAX / h)) + 1)
    if level:
        k = k[k % 2 == 1]  # the even multiples are the nodes of the coarser levels
    u = k * h
    z = 0.5 * math.pi * np.sinh(u)
    return np.tanh(z), 1.0 / (np.exp(np.abs(z)) * np.cosh(z)), 0.5 * math.pi * np.cosh(u) / np.cosh(z) ** 2


_TS_NODES = [_tanh_sinh_level(level) for level in range(_TS_LEVELS + 1)]


def _kink_points(s, q2c, k_sin2):
    """ln x of the points where Q2max switches between the constant cap q2c and the angular limit,
    and ln x_c above which Q2max <= Q2min (flux zero).  Arrays broadcast with q2c."""
    me2 = C.M_E * C.M_E
    q = np.asarray(q2c, float)
    sk = s * k_sin2
    # (geo - q) w = (me2 + sk) w^2 - (2 me2 + q) w + me2 with w = 1 - x; geo < q between the two roots
    disc = q * q + 4.0 * me2 * (q - sk)
    sq = np.sqrt(np.maximum(disc, 0.0))
    w_small = 2.0 * me2 / ((2.0 * me2 + q) + sq)
    w_large = ((2.0 * me2 + q) + sq) / (2.0 * (me2 + sk))
    has = disc > 0.0
    y_k1 = np.where(has & (w_large < 1.0), np.log1p(-np.minimum(w_large, 1.0 - 1e-300)), np.nan)
    y_k2 = np.where(has & (w_small < 1.0), np.log1p(-np.minimum(w_small, 1.0 - 1e-300)), np.nan)
    # cutoff Q2min(x_c) = q: x_c = 2/(1 + sqrt(1 + 4 me2/q))
    y_c = np.log(2.0 / (1.0 + np.sqrt(1.0 + 4.0 * me2 / q)))
    return y_k1, y_k2, y_c


def _luminosity(tau, s, kind, alpha, q2c=None, k_sin2=1.0, rtol=1e-6):
    """I(tau) = Int_tau^1 dx/x f(x) f(tau/x) for 0 < tau < 1 (1-D arrays tau, q2c broadcast).

    Nested tanh-sinh levels (step halved each time, all earlier nodes reused) until two successive
    levels agree to rtol for every tau (the difference is the error of the coarser one, so the
    returned finer value is better than rtol). Returns (I, error estimate, converged)."""
    tau = np.asarray(tau, float)
    ltau = np.log(tau)
    lo = 0.5 * ltau
    hi = np.zeros_like(tau)
    extra = []
    if kind == "improved" and q2c is not None:
        qb = np.broadcast_to(np.asarray(q2c, float), tau.shape)
        y_k1, y_k2, y_c = _kink_points(s, qb, k_sin2)
        hi = np.minimum(hi, y_c)
        extra = [y_k1, y_k2, ltau - y_k1, ltau - y_k2]
        q2c = qb[:, None, None]
    edges = [lo, hi]
    for e in extra:
        edges.append(np.where(np.isfinite(e) & (e > lo) & (e < hi), e, hi))
    edges = np.sort(np.stack(edges, axis=-1), axis=-1)  # (N, P+1); empty pieces have zero length
    a = edges[:, :-1, None]
    b = edges[:, 1:, None]
    half = 0.5 * (b - a)

    def level_sum(t, one_minus_abs, w):
        y = np.where(t < 0.0, a + half * one_minus_abs, b - half * one_minus_abs)  # accurate near both ends
        y = np.minimum(y, 0.0)
        y2 = ltau[:, None, None] - y
        f1 = _flux(np.exp(y), -np.expm1(y), s, kind, alpha, q2c, k_sin2)
        f2 = _flux(np.exp(y2), -np.expm1(y2), s, kind, alpha, q2c, k_sin2)
        return np.sum(half * w * f1 * f2, axis=(-1, -2))

    total = level_sum(*_TS_NODES[0])
    value = 2.0 * _TS_H0 * total
    for level in range(1, _TS_LEVELS + 1):
        total = total + level_sum(*_TS_NODES[level])
        previous, value = value, 2.0 * _TS_H0 / 2**level * total
        error = np.abs(value - previous)
        converged = error <= rtol * np.abs(value)
        if converged.all():
            break
    closed = hi <= lo
    return np.where(closed, 0.0, value), np.where(closed, 0.0, error), converged | closed


def photon_luminosity(tau, sqrt_s=C.SQRT_S_BELLE2, kind="improved", q2_max=None, theta_max=None, alpha="0",
                      rtol=1e-10):
    """gamma-gamma luminosity I(tau) = Int_tau^1 (dx/x) f(x) f(tau/x) (= d L_gg / d tau), 0 < tau < 1.

    sigma(e+e- -> e+e- X) = Int dtau I(tau) sigma_gg(tau s).  Same flux options as :func:`photon_flux`
    (``q2_max`` a positive number or None here).  Relative precision of the quadrature: ``rtol``.
    """
    sqrt_s, k_sin2, a = _flux_options(kind, q2_max, theta_max, sqrt_s, alpha)
    tau = _positive(tau, "tau")
    q2c = None if q2_max is None else _scalar_positive(q2_max, "q2_max")
    shape = tau.shape
    flat = tau.ravel()
    out = np.zeros(flat.shape)
    sel = flat < 1.0
    if np.any(sel):
        out[sel] = _luminosity(flat[sel], sqrt_s**2, kind, a, q2c, k_sin2, checked_rtol(rtol))[0]
    return out.reshape(shape)


# ----------------------------------------------------------------------------------------------
# EPA cross section
# ----------------------------------------------------------------------------------------------
def sigma_photon_fusion(m, gamma_gg, sqrt_s=C.SQRT_S_BELLE2, kind="improved", q2_max=None, theta_max=None,
                        alpha="0", rtol=1e-6, full_output=False):
    """sigma(e+e- -> e+e- X) [fb] for a spin-0 X of mass m [GeV] and width Gamma(X -> gamma gamma) [GeV].

    EPA with the narrow-resonance (Low) cross section 8 pi^2 Gamma delta(shat - m^2)/m:
        sigma = (8 pi^2 Gamma_gg / (m s)) Int_tau^1 (dx/x) f(x) f(tau/x),  tau = m^2/s.
    kind: "improved" (default; Frixione et al. flux, Q2max = kinematic limit unless ``theta_max`` /
    ``q2_max`` are given; ``q2_max="mass"`` uses Q2max = m^2) or "leading_log" (docs/physics.md D5).
    m and gamma_gg broadcast; 0 for m >= sqrt_s or gamma_gg = 0.  ValueError (naming the argument) for
    m <= 0, gamma_gg < 0, NaN or inf.  The 1-D integral is done by nested tanh-sinh quadrature, split
    at the kinks of the flux, to the relative precision ``rtol``; <= 0.1 ms per mass for arrays.
    ``full_output=True`` returns (sigma, error estimate, converged).

    For the untagged rate of a point-like ALP the EPA is uncertain by 10-70 % (module docstring,
    section 3); :func:`sigma_photon_fusion_tree` is the exact tree-level answer.

    >>> g, m = 1e-3, 1.0
    >>> round(float(sigma_photon_fusion(m, g**2 * m**3 / (64 * math.pi), kind="leading_log")), 1)
    922.1
    """
    sqrt_s, k_sin2, a = _flux_options(kind, q2_max, theta_max, sqrt_s, alpha)
    m = _positive(m, "m")
    gamma_gg = _non_negative(gamma_gg, "gamma_gg")
    m_b, gam_b = np.broadcast_arrays(m, gamma_gg)
    shape = m_b.shape
    mf = m_b.ravel()
    gf = gam_b.ravel()
    if isinstance(q2_max, str):
        if q2_max != "mass":
            raise ValueError(f"q2_max must be None, a positive number or 'mass', got {q2_max!r}")
        q2_all = mf * mf
    elif q2_max is None:
        q2_all = None
    else:
        q2_all = np.full(mf.shape, _scalar_positive(q2_max, "q2_max"))
    rtol = checked_rtol(rtol)
    s = sqrt_s * sqrt_s
    out, err = np.zeros(mf.shape), np.zeros(mf.shape)
    converged = np.ones(mf.shape, dtype=bool)
    sel = (mf < sqrt_s) & (gf > 0.0)
    if np.any(sel):
        msel = mf[sel]
        tau = (msel / sqrt_s) ** 2
        q2c = None if q2_all is None else q2_all[sel]
        lum, lum_err, converged[sel] = _luminosity(tau, s, kind, a, q2c, k_sin2, rtol)
        factor = 8.0 * math.pi**2 * gf[sel] / (msel * s) * C.GEV2_TO_FB
        out[sel], err[sel] = factor * lum, factor * lum_err
    if full_output:
        return out.reshape(shape), err.reshape(shape), converged.reshape(shape)
    return out.reshape(shape)


# ----------------------------------------------------------------------------------------------
# Exact tree-level 2 -> 3 (gamma* gamma* fusion diagram), Sudakov variables
# ----------------------------------------------------------------------------------------------
# Lepton 1 (beam along +z): p1' has light-cone components p'^+ = (1-z1) P, p'^- = (m^2 + k1^2)/((1-z1) P),
# transverse momentum k1 (P = E + p = p1^+).  The photon q1 = p1 - p1' then has
#     q1^+ = z1 P,  q1^- = -A1/P,  q1_T = -k1,   A = (k^2 + z m^2)/(1-z),   Q^2 = -q^2 = (k^2 + z^2 m^2)/(1-z)
# exactly; lepton 2 is the mirror image (+ <-> -), with azimuth phi relative to lepton 1.  Every invariant
# below is a closed form in (z, k^2, phi) without cancellations between large numbers, so the collinear
# region (k ~ 1e-12 GeV) is computed in double precision.  Phase space: d^3p/(2E) = dz d^2k/(2(1-z)).
# The on-shell condition W^2 = (q1+q2)^2 = m_X^2 is a quadratic in z2 (two roots, both kept).

def _tree_invariants(z1, k1s, z2, k2s, cphi, sphi, sp, me2):
    """Light-cone closed forms of the invariants (sp = P^2)."""
    a1 = (k1s + z1 * me2) / (1.0 - z1)
    a2 = (k2s + z2 * me2) / (1.0 - z2)
    q1 = (k1s + z1 * z1 * me2) / (1.0 - z1)  # Q1^2
    q2 = (k2s + z2 * z2 * me2) / (1.0 - z2)  # Q2^2
    kk = np.sqrt(k1s * k2s)
    q1q2 = 0.5 * (z1 * z2 * sp + a1 * a2 / sp) - kk * cphi
    p1q2 = 0.5 * (z2 * sp - me2 * a2 / sp)
    p2q1 = 0.5 * (z1 * sp - me2 * a1 / sp)
    return a1, a2, q1, q2, kk, q1q2, p1q2, p2q1


def _tree_contraction(z1, k1s, z2, k2s, phi, sp, me2, parity):
    """L1^{mu nu} L2^{rho sigma} T_{mu rho} T*_{nu sigma} (= sum_spins |M|^2 (Q1^2 Q2^2)^2/(e^4 g^2))
    for the gamma*(q1) gamma*(q2) -> X vertex T (pseudoscalar: eps_{mu rho a b} q1^a q2^b;
    scalar: (q1.q2) g_{mu rho} - q2_mu q1_rho).  Uses L_eff = 8 p p - 2 Q^2 g (gauge invariance)."""
    cphi, sphi = np.cos(phi), np.sin(phi)
    a1, a2, q1, q2, kk, q1q2, p1q2, p2q1 = _tree_invariants(z1, k1s, z2, k2s, cphi, sphi, sp, me2)
    if parity == "pseudoscalar":
        eps = 0.5 * (sp - me2 * me2 / sp) * kk * sphi  # eps(p1, p2, q1, q2)

        def g3(pa, pb, qa, qb):  # Gram determinant of (p, q_a, q_b); p.q_a = -Q_a^2/2
            return me2 * (qa * qb - q1q2 * q1q2) + pa * (pa * qb + q1q2 * pb) + pb * (pa * q1q2 + qa * pb)

        return (64.0 * eps * eps + 16.0 * q2 * g3(-0.5 * q1, p1q2, q1, q2)
                + 16.0 * q1 * g3(-0.5 * q2, p2q1, q2, q1) + 8.0 * q1 * q2 * (q1q2 * q1q2 - q1 * q2))
    # scalar: p1.T.p2 = (q1q2)(p1p2) - (p1q2)(p2q1), in closed form
    ptp = 0.25 * (a1 + z1 * me2) * (a2 + z2 * me2) - 0.5 * kk * cphi * (sp + me2 * me2 / sp)
    v1 = me2 * q1q2 * q1q2 + q1 * p1q2 * (q1q2 - p1q2)  # (p1.T)^2
    v2 = me2 * q1q2 * q1q2 + q2 * p2q1 * (q1q2 - p2q1)  # (T.p2)^2
    tt = 2.0 * q1q2 * q1q2 + q1 * q2
    return 64.0 * ptp * ptp - 16.0 * q2 * v1 - 16.0 * q1 * v2 + 4.0 * q1 * q2 * tt


def _z2_roots(z1, k1s, k2s, cphi, sp, me2, w2):
    """Roots z2 of W^2(z2) = w2 at fixed (z1, k1, k2, phi), and the validity masks."""
    a1 = (k1s + z1 * me2) / (1.0 - z1)
    kt2 = k1s + k2s + 2.0 * np.sqrt(k1s * k2s) * cphi  # |k1 + k2|^2
    cc = z1 * a1 + kt2 + w2
    aa = a1 / sp
    qa = z1 * sp + me2
    qb = z1 * sp + cc - k2s + me2 * aa
    qc = cc - k2s * aa
    disc = qb * qb - 4.0 * qa * qc
    sq = np.sqrt(np.maximum(disc, 0.0))
    roots = (2.0 * qc / (qb + sq), (qb + sq) / (2.0 * qa))
    out = []
    for z2 in roots:
        with np.errstate(divide="ignore", invalid="ignore"):
            a2 = (k2s + z2 * me2) / (1.0 - z2)
            ok = (disc > 0.0) & (z2 > 0.0) & (z2 < 1.0) & (z1 * sp - a2 > 0.0) & (z2 * sp - a1 > 0.0)
        out.append((np.where(ok, z2, 0.5), ok))
    return out, a1


def _z1_interval(k1s, k2s, phi, sp, me2, w2, n_scan=300, n_bisect=60):
    """Interval of z1 with a physical solution, for each (k1, k2, phi) (a single interval in practice)."""
    cphi = np.cos(phi)
    zz = np.unique(np.concatenate([np.exp(np.linspace(math.log(1e-14), -1e-14, n_scan)),
                                   1.0 - np.logspace(-14.0, -0.5, n_scan)]))

    def valid(z1):
        roots, _ = _z2_roots(z1, k1s, k2s, cphi, sp, me2, w2)
        return roots[0][1] | roots[1][1]

    ok = np.stack([valid(np.full(k1s.shape, z)) for z in zz], axis=-1)
    any_ok = ok.any(axis=-1)
    first = np.argmax(ok, axis=-1)
    last = ok.shape[-1] - 1 - np.argmax(ok[:, ::-1], axis=-1)

    def refine(i_in, i_out):
        inside = zz[i_in]
        edge = (i_out < 0) | (i_out >= zz.size)
        outside = zz[np.clip(i_out, 0, zz.size - 1)]
        for _ in range(n_bisect):
            mid = 0.5 * (inside + outside)
            v = valid(mid)
            inside = np.where(v, mid, inside)
            outside = np.where(v, outside, mid)
        return np.where(edge, zz[i_in], inside)

    return refine(first, first - 1), refine(last, last + 1), any_ok


def _tree_sigma_one(m, gamma_gg, sqrt_s, parity, pt_max, nodes, alpha):
    me2 = C.M_E * C.M_E
    e_b = 0.5 * sqrt_s
    p_b = math.sqrt(e_b * e_b - me2)
    sp = (e_b + p_b) ** 2
    w2 = m * m
    g2 = 64.0 * math.pi * gamma_gg / m**3  # coupling^2 from Gamma = g^2 m^3/(64 pi)
    n_z, n_k1, n_k2, n_phi = nodes
    k2_lo = 1e-26  # GeV^2; the region below contributes < 1e-9 relative
    # largest lepton momentum in the 3-body final state: lambda^(1/2)(s, m_e^2, (m + m_e)^2)/(2 sqrt(s))
    s = sqrt_s * sqrt_s
    lam = (s - (m + 2.0 * C.M_E) ** 2) * (s - m * m)
    k2_hi = lam / (4.0 * s)
    if pt_max is not None:
        k2_hi = min(pt_max**2, k2_hi)
    t1, w1 = np.polynomial.legendre.leggauss(n_k1)
    t2, wk2 = np.polynomial.legendre.leggauss(n_k2)
    l_lo, l_hi = math.log(k2_lo), math.log(k2_hi)
    t1 = 0.5 * (l_hi - l_lo) * t1 + 0.5 * (l_hi + l_lo)
    t2 = 0.5 * (l_hi - l_lo) * t2 + 0.5 * (l_hi + l_lo)
    w1 = 0.5 * (l_hi - l_lo) * w1
    wk2 = 0.5 * (l_hi - l_lo) * wk2
    phi = (np.arange(n_phi) + 0.5) * math.pi / n_phi  # integrand even in phi -> (0, pi), times 2
    wphi = np.full(n_phi, 2.0 * math.pi / n_phi)
    T1, T2, PH = np.meshgrid(t1, t2, phi, indexing="ij")
    W = np.einsum("i,j,k->ijk", w1, wk2, wphi).ravel()
    k1s = np.exp(T1).ravel()
    k2s = np.exp(T2).ravel()
    PH = PH.ravel()
    z_lo, z_hi, any_ok = _z1_interval(k1s, k2s, PH, sp, me2, w2)
    l_zlo, l_zhi = np.log(z_lo), np.log(z_hi)
    v, wv = np.polynomial.legendre.leggauss(n_z)
    v = 0.5 * (v + 1.0)
    wv = 0.5 * wv
    cphi = np.cos(PH)
    total = 0.0
    for vi, wi in zip(v, wv):
        # ln z1 = ln z_lo + (ln z_hi - ln z_lo)(1 - cos(pi v))/2 absorbs the 1/sqrt end-point singularities
        lz = l_zlo + (l_zhi - l_zlo) * 0.5 * (1.0 - math.cos(math.pi * vi))
        jac = (l_zhi - l_zlo) * 0.5 * math.pi * math.sin(math.pi * vi)
        z1 = np.exp(lz)
        roots, a1 = _z2_roots(z1, k1s, k2s, cphi, sp, me2, w2)
        for z2, ok in roots:
            a2 = (k2s + z2 * me2) / (1.0 - z2)
            dw2 = z1 * sp - a2 - (z2 - a1 / sp) * (me2 + k2s) / (1.0 - z2) ** 2  # dW^2/dz2
            q1 = (k1s + z1 * z1 * me2) / (1.0 - z1)
            q2 = (k2s + z2 * z2 * me2) / (1.0 - z2)
            con = _tree_contraction(z1, k1s, z2, k2s, PH, sp, me2, parity)
            val = z1 * k1s * k2s * con / (q1 * q2) ** 2 / ((1.0 - z1) * (1.0 - z2) * np.abs(dw2))
            total += np.sum(np.where(ok & any_ok, W * wi * jac * val, 0.0))
    e4 = (4.0 * math.pi * alpha) ** 2
    flux = 2.0 * (sp - me2 * me2 / sp)  # 4 sqrt((p1.p2)^2 - m^4)
    # sigma = 1/flux * Int [dz1 dk1^2 dphi1/(4(1-z1)(2pi)^3)] [dz2 dk2^2 dphi2/(4(1-z2)(2pi)^3)] 2pi delta(W^2-m^2)
    #         * (1/4) e^4 g^2 con/(Q1^2 Q2^2)^2 ;  phi1 -> 2 pi
    pref = (2.0 * math.pi) ** 2 / (flux * (2.0 * math.pi) ** 6 * 16.0) * e4 * g2 / 4.0
    return pref * total * C.GEV2_TO_FB


def sigma_photon_fusion_tree(m, gamma_gg, sqrt_s=C.SQRT_S_BELLE2, parity="pseudoscalar", pt_max=None,
                             nodes=(32, 48, 48, 8), alpha="0"):
    """Exact tree-level sigma(e+e- -> e+e- X) [fb] from the gamma* gamma* fusion diagram (no EPA).

    X: point-like spin-0 coupling to photons, fixed by Gamma(X -> gamma gamma) = g^2 m^3/(64 pi):
    parity="pseudoscalar" (ALP, L = -(g/4) a F Ftilde) or "scalar" (L = -(g/4) S F F).  Full electron
    mass dependence, all photon virtualities and helicities (transverse and, for the scalar,
    longitudinal), the exact shat.  Neglected: the annihilation diagram (< 2 %), Z exchange, radiative
    corrections (module docstring, section 4).
    pt_max [GeV]: optional upper cut on the transverse momentum of *both* scattered leptons (boost
    invariant along the beam; with pt_max << m this reproduces the improved EPA with
    Q2max = Q2min + pt_max^2/(1-x)).
    nodes = (n_z1, n_k1, n_k2, n_phi): Gauss nodes in ln z1 (between the exact end-points), ln k1^2,
    ln k2^2 and phi; ln k^2 runs up to the largest lepton momentum of the 3-body final state.  The default
    is converged to ~1e-4 (1e-3 close to threshold) in ~0.3-0.8 s per mass.
    m, gamma_gg broadcast (loop over elements).  0 for m >= sqrt_s or gamma_gg = 0.
    """
    if parity not in _PARITIES:
        raise ValueError(f"parity must be one of {_PARITIES}, got {parity!r}")
    m = _positive(m, "m")
    gamma_gg = _non_negative(gamma_gg, "gamma_gg")
    sqrt_s = _scalar_positive(sqrt_s, "sqrt_s")
    pt = None if pt_max is None else _scalar_positive(pt_max, "pt_max")
    try:
        nodes = tuple(int(n) for n in nodes)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"nodes must be four positive integers, got {nodes!r}") from exc
    if len(nodes) != 4 or min(nodes) < 2:
        raise ValueError(f"nodes must be four integers >= 2, got {nodes!r}")
    a = C.resolve_alpha(alpha, sqrt_s)
    m_b, g_b = np.broadcast_arrays(m, gamma_gg)
    out = np.zeros(m_b.shape)
    for idx in np.ndindex(m_b.shape):
        mi, gi = float(m_b[idx]), float(g_b[idx])
        if gi > 0.0 and mi < sqrt_s - 2.0 * C.M_E:
            out[idx] = _tree_sigma_one(mi, gi, sqrt_s, parity, pt, nodes, a)
    return out
