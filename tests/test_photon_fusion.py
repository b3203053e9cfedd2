"""Tests of pheno.photon_fusion (e+e- -> e+e- X, X spin-0 -> gamma gamma), by independent routes.

* Low-formula normalisation from explicit photon polarisation vectors (no trace identities).
* LL luminosity identity verified with mpmath; the PHYSICS.md D5 closed form and check values.
* Improved flux: 1-D quadrature vs mpmath; 1-D reduction vs a direct 2-D (x1, x2) integration with a
  narrow Breit-Wigner; improved vs LL ratios as documented.
* Tree-level 2 -> 3: |M|^2 kernel vs brute-force Dirac spinors; reproduces the improved EPA when both
  leptons are kept at small p_T (this also checks the Low normalisation and the non-log flux term).
"""
from __future__ import annotations

import itertools
import math
import time

import mpmath as mp
import numpy as np
import pytest
from dirac_reference import GAMMA, METRIC, dirac_bar, u_spinors, v_spinors
from scipy.integrate import quad

from pheno import constants as C
from pheno import photon_fusion as pf
from pheno.widths import pseudoscalar_to_photons

SQRT_S = 10.58
S = SQRT_S**2
E_B = SQRT_S / 2
A0 = C.ALPHA0
MASSES = [0.1, 0.5, 1.0, 3.0, 6.0]


def width(m, g=1e-3):
    return g**2 * np.asarray(m, float) ** 3 / (64.0 * math.pi)  # PHYSICS.md D1


def levi_civita_lower():
    eps = np.zeros((4, 4, 4, 4))
    for perm in itertools.permutations(range(4)):
        inv = sum(1 for i in range(4) for j in range(i + 1, 4) if perm[i] > perm[j])
        eps[perm] = (-1) ** inv  # eps^{0123} = +1
    return np.einsum("abcd,ai,bj,ck,dl->ijkl", eps, METRIC, METRIC, METRIC, METRIC)


EPS_LOW = levi_civita_lower()


def ll_closed_form_I(tau):
    """PHYSICS.md D5: Int_tau^1 (dx/x) g(x) g(tau/x), g(x) = (1 + (1-x)^2)/x."""
    return ((2.0 + tau) ** 2 * math.log(1.0 / tau) - 2.0 * (1.0 - tau) * (3.0 + tau)) / tau


def sigma_ll_closed_form_fb(m, gamma):
    """PHYSICS.md D5: (16 alpha^2 Gamma/m^3) ln^2(E_b/m_e) [(2+z^2)^2 ln(1/z) - (1-z^2)(3+z^2)]."""
    z = m / SQRT_S
    val = 16.0 * A0**2 * gamma / m**3 * math.log(E_B / C.M_E) ** 2 * (
        (2.0 + z * z) ** 2 * math.log(1.0 / z) - (1.0 - z * z) * (3.0 + z * z))
    return val * C.GEV2_TO_FB


# ------------------------------------------------------------------------------------------------
# Low formula
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("vertex", ["pseudoscalar", "scalar"])
def test_low_formula_normalisation_from_polarisation_vectors(vertex):
    m, g = 1.7, 2e-3
    k1 = 0.5 * m * np.array([1.0, 0.0, 0.0, 1.0])
    k2 = 0.5 * m * np.array([1.0, 0.0, 0.0, -1.0])
    pols = [np.array([0.0, 1.0, 0.0, 0.0]), np.array([0.0, 0.0, 1.0, 0.0])]  # physical, transverse

    def dot(a, b):
        return a @ METRIC @ b

    msq = 0.0
    for e1 in pols:
        for e2 in pols:
            if vertex == "pseudoscalar":
                amp = g * np.einsum("abcd,a,b,c,d->", EPS_LOW, k1, e1, k2, e2)
            else:
                amp = g * (dot(k1, k2) * dot(e1, e2) - dot(k1, e2) * dot(k2, e1))
            msq += amp * amp
    gamma = msq / (2.0 * m) / (16.0 * math.pi)  # 2-body phase space 1/(8 pi) x 1/2 (identical photons)
    assert gamma == pytest.approx(float(pseudoscalar_to_photons(m, g)), rel=1e-13)  # D1
    # sigma(gamma gamma -> X) = (1/4) msq/(2 shat) 2 pi delta(shat - m^2): coefficient of the delta
    coeff = 0.25 * msq / (2.0 * m * m) * 2.0 * math.pi
    assert coeff == pytest.approx(8.0 * math.pi**2 * gamma / m, rel=1e-13)  # (2J+1) = 1


# ------------------------------------------------------------------------------------------------
# Leading log
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tau", [1e-6, 1e-4, 0.01, 0.3, 0.9])
def test_ll_luminosity_identity_with_mpmath(tau):
    mp.mp.dps = 30
    t = mp.mpf(tau)

    def g(x):
        return (1 + (1 - x) ** 2) / x

    num = mp.quad(lambda y: g(mp.e**y) * g(t * mp.e ** (-y)), [mp.log(t), mp.log(t) / 2, 0])
    closed = ((2 + t) ** 2 * mp.log(1 / t) - 2 * (1 - t) * (3 + t)) / t
    assert float(abs(num / closed - 1)) < 1e-25
    assert ll_closed_form_I(tau) == pytest.approx(float(closed), rel=1e-12)


def test_ll_flux_normalisations_agree():
    x = np.linspace(0.01, 1.0, 50)
    ll = pf.photon_flux(x, SQRT_S, kind="leading_log")
    g = (1 + (1 - x) ** 2) / x
    assert np.allclose(ll, A0 / math.pi * g * math.log(E_B / C.M_E), rtol=1e-14, atol=0)
    # the form (alpha/2pi) g ln(Q2max/Q2min) with Q2max/Q2min = (E_b/m_e)^2
    assert np.allclose(ll, A0 / (2 * math.pi) * g * math.log((E_B / C.M_E) ** 2), rtol=1e-14, atol=0)


@pytest.mark.parametrize("m", [0.01, 0.1, 0.5, 1.0, 3.0, 6.0, 9.0, 10.5])
def test_ll_reproduces_closed_form(m):
    tau = (m / SQRT_S) ** 2
    lum = pf.photon_luminosity(tau, SQRT_S, kind="leading_log")
    expect = (A0 / math.pi * math.log(E_B / C.M_E)) ** 2 * ll_closed_form_I(tau)
    assert float(lum) == pytest.approx(expect, rel=1e-8)
    sig = pf.sigma_photon_fusion(m, width(m), SQRT_S, kind="leading_log")
    assert float(sig) == pytest.approx(sigma_ll_closed_form_fb(m, float(width(m))), rel=1e-8)


def test_physics_md_d5_check_values():
    quoted_pb = {0.1: 2.21, 0.5: 1.30, 1.0: 0.922, 3.0: 0.370, 6.0: 0.113}
    m = np.array(list(quoted_pb))
    sig_pb = pf.sigma_photon_fusion(m, width(m), SQRT_S, kind="leading_log") / 1e3
    for mi, got in zip(m, sig_pb):
        quoted = quoted_pb[float(mi)]
        decimals = 2 - int(math.floor(math.log10(quoted)))  # three significant figures as quoted
        assert round(float(got), decimals) == pytest.approx(quoted, abs=1e-12), (mi, got)


# ------------------------------------------------------------------------------------------------
# Improved flux
# ------------------------------------------------------------------------------------------------
def _mp_flux(x, q2c, k_sin2):
    if x >= 1:
        return mp.mpf(0)
    me2 = mp.mpf(C.M_E) ** 2
    q2min = me2 * x * x / (1 - x)
    q2max = q2min + mp.mpf(S) * k_sin2 * (1 - x)
    if q2c is not None:
        q2max = min(q2max, mp.mpf(q2c))
    if q2max <= q2min:
        return mp.mpf(0)
    return mp.mpf(A0) / (2 * mp.pi) * ((1 + (1 - x) ** 2) / x * mp.log(q2max / q2min)
                                       + 2 * me2 * x * (1 / q2max - 1 / q2min))


@pytest.mark.parametrize("m,q2c,theta", [(0.1, None, None), (1.0, None, None), (6.0, None, None),
                                         (1.0, 1.0, None), (3.0, 1e-6, None), (1.0, None, 0.1),
                                         (10.4, None, None)])
def test_improved_luminosity_quadrature_vs_mpmath(m, q2c, theta):
    mp.mp.dps = 25
    tau = (m / SQRT_S) ** 2
    k = 1.0 if theta is None else math.sin(theta / 2) ** 2
    ltau = math.log(tau)
    pts = [ltau / 2, 0.0]
    if q2c is not None:  # kinks of min(q2c, kinematic) and the cut-off, found independently
        me2 = C.M_E**2
        for w in np.roots([me2 + S * k, -(2 * me2 + q2c), me2]):
            if np.isreal(w) and 0 < w.real < 1:
                pts += [math.log1p(-w.real), ltau - math.log1p(-w.real)]
        xc = (-q2c + math.sqrt(q2c * q2c + 4 * me2 * q2c)) / (2 * me2)
        pts += [math.log(xc), ltau - math.log(xc)]
    pts = sorted({p for p in pts if ltau / 2 <= p <= 0})
    t = mp.mpf(tau)
    ref = 2 * mp.quad(lambda y: _mp_flux(mp.e**y, q2c, k) * _mp_flux(t * mp.e ** (-y), q2c, k), pts)
    got = pf.photon_luminosity(tau, SQRT_S, q2_max=q2c, theta_max=theta)
    assert float(got) == pytest.approx(float(ref), rel=1e-9)


@pytest.mark.parametrize("m,opts", [(0.3, {}), (2.0, {}), (2.0, {"q2_max": 1.0}), (5.0, {"theta_max": 0.1}),
                                    (0.05, {"q2_max": 1e-4})])
def test_improved_vs_2d_breit_wigner_integration(m, opts):
    """Second algorithm: the 2-D integral Int dx1 dx2 f(x1) f(x2) sigma_BW(x1 x2 s) over the whole square,
    with a narrow Breit-Wigner instead of the delta function, no x <-> tau/x symmetry and no 1-D
    reduction.  At fixed x1 the x2 integral uses the angle variable of the Breit-Wigner,
    x1 x2 s = m^2 + m Gamma tan(theta), Gauss-Legendre in theta; the x1 integral is adaptive (scipy)."""
    gamma_gg = float(width(m))
    gamma_tot = 1e-6 * m
    tau = m * m / S
    th_nodes, th_w = np.polynomial.legendre.leggauss(400)

    def inner(u1):  # x1 f(x1) Int dx2 f(x2) sigma_BW(x1 x2 s), integrand in d ln x1
        x1 = math.exp(u1)
        th_lo = -0.5 * math.pi  # shat = 0
        th_hi = math.atan((x1 * S - m * m) / (m * gamma_tot))  # x2 = 1
        th = 0.5 * (th_hi - th_lo) * th_nodes + 0.5 * (th_hi + th_lo)
        w = 0.5 * (th_hi - th_lo) * th_w
        x2 = (m * m + m * gamma_tot * np.tan(th)) / (x1 * S)
        good = x2 > 0
        f2 = np.zeros_like(x2)
        f2[good] = pf.photon_flux(x2[good], SQRT_S, **opts)
        # dx2 sigma_BW = (8 pi^2 Gamma/m) dtheta/(pi x1 s)
        val = np.sum(w * f2) * 8 * math.pi * gamma_gg / (m * x1 * S)
        return x1 * float(pf.photon_flux(x1, SQRT_S, **opts)) * val

    pts = [math.log(tau) / 2, math.log1p(-1e-3), math.log1p(-1e-5)]
    total = quad(inner, math.log(tau), 0.0, points=pts, limit=400, epsabs=0, epsrel=1e-9)[0] * C.GEV2_TO_FB
    got = float(pf.sigma_photon_fusion(m, gamma_gg, SQRT_S, **opts))
    assert got == pytest.approx(total, rel=2e-6)  # finite-width effects O(Gamma_tot/m) ~ 1e-6


def test_improved_vs_ll_ratios_as_documented():
    m = np.array(MASSES)
    gam = width(m)
    ll = pf.sigma_photon_fusion(m, gam, kind="leading_log")
    kin = pf.sigma_photon_fusion(m, gam)
    hard = pf.sigma_photon_fusion(m, gam, q2_max="mass")
    assert np.allclose(kin / ll, [2.207, 1.730, 1.529, 1.199, 0.947], atol=1.5e-3)
    assert np.allclose(hard / ll, [0.956, 0.990, 0.995, 0.983, 0.918], atol=1.5e-3)
    # with Q2max = m^2 the improved flux gives less than LL at every mass; with the kinematic Q2max it
    # gives more below ~5.5 GeV (ln(s(1-x)^2/(m_e x)^2) > 2 ln(E_b/m_e) for x < 2/3)
    grid = np.linspace(0.02, 10.5, 300)
    assert np.all(pf.sigma_photon_fusion(grid, width(grid), q2_max="mass")
                  < pf.sigma_photon_fusion(grid, width(grid), kind="leading_log"))
    assert np.all((kin > ll)[:4]) and kin[4] < ll[4]


def test_flux_options_consistent():
    x = np.geomspace(1e-4, 0.999, 200)
    f = pf.photon_flux(x, SQRT_S)
    assert np.all(f > 0)
    assert np.allclose(pf.photon_flux(x, SQRT_S, theta_max=math.pi), f, rtol=1e-14, atol=0)
    assert np.allclose(pf.photon_flux(x, SQRT_S, q2_max=1e6), f, rtol=1e-14, atol=0)  # cap above kinematics
    # anti-tag: smaller Q2max -> smaller flux, monotonic in the cut
    f1 = pf.photon_flux(x, SQRT_S, theta_max=0.1)
    f2 = pf.photon_flux(x, SQRT_S, theta_max=0.01)
    assert np.all(f2 < f1) and np.all(f1 < f)
    # explicit formula with an x-dependent q2_max array
    q2 = C.M_E**2 * x * x / (1 - x) + S * (1 - x) * math.sin(0.05) ** 2
    assert np.allclose(pf.photon_flux(x, SQRT_S, q2_max=q2), f1, rtol=1e-12, atol=0)
    # a tagging-like cut q2_max switches the flux off where Q2min = m_e^2 x^2/(1-x) > q2_max
    q = 1e-7
    xc = (-q + math.sqrt(q * q + 4 * C.M_E**2 * q)) / (2 * C.M_E**2)
    assert float(pf.photon_flux(xc * 1.001, SQRT_S, q2_max=q)) == 0.0
    assert float(pf.photon_flux(xc * 0.999, SQRT_S, q2_max=q)) > 0.0
    assert float(pf.photon_flux(1.0, SQRT_S)) == 0.0 and float(pf.photon_flux(1.5, SQRT_S)) == 0.0


# ------------------------------------------------------------------------------------------------
# Generic behaviour, validation, speed
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["improved", "leading_log"])
def test_monotonic_positive_threshold(kind):
    m = np.linspace(0.02, SQRT_S * (1 - 1e-9), 400)
    sig_g = pf.sigma_photon_fusion(m, width(m), kind=kind)  # fixed coupling
    sig_w = pf.sigma_photon_fusion(m, 1e-9, kind=kind)  # fixed width
    assert np.all(sig_g > 0) and np.all(sig_w > 0)
    assert np.all(np.diff(sig_g) < 0) and np.all(np.diff(sig_w) < 0)
    assert sig_g[-1] < 1e-9 * sig_g[0]  # vanishes continuously at threshold (LL: like 1 - tau)
    assert np.all(pf.sigma_photon_fusion([SQRT_S, 11.0, 50.0], 1e-6, kind=kind) == 0.0)
    assert float(pf.sigma_photon_fusion(1.0, 0.0, kind=kind)) == 0.0
    # linear in the width; broadcasting
    assert float(pf.sigma_photon_fusion(1.0, 2e-9, kind=kind)) == pytest.approx(
        2 * float(pf.sigma_photon_fusion(1.0, 1e-9, kind=kind)), rel=1e-14)
    out = pf.sigma_photon_fusion(np.array([[0.5], [1.0], [2.0]]), np.array([1e-9, 2e-9, 0.0, 3e-9]), kind=kind)
    assert out.shape == (3, 4)
    assert out[1, 1] == pytest.approx(float(pf.sigma_photon_fusion(1.0, 2e-9, kind=kind)), rel=1e-14)
    assert np.all(out[:, 2] == 0.0)


def test_q2_max_mass_option_matches_number():
    for m in (0.3, 2.0):
        assert float(pf.sigma_photon_fusion(m, 1e-9, q2_max="mass")) == pytest.approx(
            float(pf.sigma_photon_fusion(m, 1e-9, q2_max=m * m)), rel=1e-14)
    both = pf.sigma_photon_fusion([0.3, 2.0], 1e-9, q2_max="mass")
    assert both[1] == pytest.approx(float(pf.sigma_photon_fusion(2.0, 1e-9, q2_max=4.0)), rel=1e-14)


@pytest.mark.parametrize("bad", [-1.0, 0.0, float("nan"), float("inf"), [1.0, -0.5]])
def test_bad_mass_raises(bad):
    with pytest.raises(ValueError, match=r"\bm\b"):
        pf.sigma_photon_fusion(bad, 1e-9)
    with pytest.raises(ValueError, match=r"\bm\b"):
        pf.sigma_photon_fusion_tree(bad, 1e-9)


@pytest.mark.parametrize("bad", [-1e-9, float("nan"), float("-inf"), [1e-9, -1e-9]])
def test_bad_width_raises(bad):
    with pytest.raises(ValueError, match="gamma_gg"):
        pf.sigma_photon_fusion(1.0, bad)
    with pytest.raises(ValueError, match="gamma_gg"):
        pf.sigma_photon_fusion_tree(1.0, bad)


def test_bad_options_raise():
    with pytest.raises(ValueError, match="kind"):
        pf.sigma_photon_fusion(1.0, 1e-9, kind="exact")
    with pytest.raises(ValueError, match="q2_max"):
        pf.sigma_photon_fusion(1.0, 1e-9, q2_max="s")
    with pytest.raises(ValueError, match="q2_max"):
        pf.sigma_photon_fusion(1.0, 1e-9, q2_max=-1.0)
    with pytest.raises(ValueError, match="theta_max"):
        pf.sigma_photon_fusion(1.0, 1e-9, theta_max=4.0)
    with pytest.raises(ValueError, match="sqrt_s"):
        pf.sigma_photon_fusion(1.0, 1e-9, sqrt_s=float("nan"))
    with pytest.raises(ValueError, match=r"\bx\b"):
        pf.photon_flux(-0.1)
    with pytest.raises(ValueError, match=r"\bx\b"):
        pf.photon_flux(float("nan"))
    with pytest.raises(ValueError, match="leading-log"):
        pf.sigma_photon_fusion(1.0, 1e-9, kind="leading_log", q2_max=1.0)
    with pytest.raises(ValueError, match="leading-log"):
        pf.photon_flux(0.1, kind="leading_log", theta_max=0.1)
    with pytest.raises(ValueError, match="parity"):
        pf.sigma_photon_fusion_tree(1.0, 1e-9, parity="vector")


def test_speed_per_mass():
    m = np.linspace(0.05, 10.0, 400)
    for opts in ({}, {"q2_max": "mass"}, {"kind": "leading_log"}, {"theta_max": 0.1}):
        pf.sigma_photon_fusion(m[:3], 1e-9, **opts)  # warm-up
        t0 = time.perf_counter()
        pf.sigma_photon_fusion(m, 1e-9, **opts)
        assert (time.perf_counter() - t0) / m.size < 5e-3, opts


# ------------------------------------------------------------------------------------------------
# Exact tree level
# ------------------------------------------------------------------------------------------------
def _lc_to_cartesian(plus, minus, px, py):
    return np.array([0.5 * (plus + minus), px, py, 0.5 * (plus - minus)])


@pytest.mark.parametrize("parity", ["pseudoscalar", "scalar"])
def test_tree_kernel_vs_brute_force_dirac(parity):
    """sum_spins |M|^2 from explicit spinors vs the light-cone closed form of the module."""
    rng = np.random.default_rng(7)
    me, e_b = 0.3, 2.0  # heavy 'electron' so the Cartesian reference is numerically well conditioned
    p = math.sqrt(e_b**2 - me**2)
    P = e_b + p
    p1 = np.array([e_b, 0, 0, p])
    p2 = np.array([e_b, 0, 0, -p])
    for _ in range(5):
        z1, z2 = rng.uniform(0.05, 0.9, 2)
        k1, k2 = rng.uniform(0.05, 0.8, 2)
        phi = rng.uniform(0, 2 * math.pi)
        p1p = _lc_to_cartesian((1 - z1) * P, (me**2 + k1**2) / ((1 - z1) * P), k1, 0.0)
        p2p = _lc_to_cartesian((me**2 + k2**2) / ((1 - z2) * P), (1 - z2) * P, k2 * math.cos(phi), k2 * math.sin(phi))
        q1, q2 = p1 - p1p, p2 - p2p
        q1_low, q2_low = METRIC @ q1, METRIC @ q2
        if parity == "pseudoscalar":
            T = np.einsum("mrab,a,b->mr", EPS_LOW, q1, q2)
        else:
            T = (q1 @ METRIC @ q2) * METRIC - np.outer(q2_low, q1_low)
        msq = 0.0
        for u1 in u_spinors(p1, me):
            for u1p in u_spinors(p1p, me):
                j1 = np.array([dirac_bar(u1p) @ GAMMA[mu] @ u1 for mu in range(4)])
                for v2 in v_spinors(p2, me):
                    for v2p in v_spinors(p2p, me):
                        j2 = np.array([dirac_bar(v2) @ GAMMA[mu] @ v2p for mu in range(4)])
                        msq += abs(j1 @ T @ j2) ** 2
        Q1, Q2 = -(q1 @ METRIC @ q1), -(q2 @ METRIC @ q2)
        kernel = pf._tree_contraction(z1, k1**2, z2, k2**2, phi, P * P, me * me, parity)
        assert kernel == pytest.approx(msq, rel=1e-10)
        # the light-cone closed form of Q^2
        assert Q1 == pytest.approx((k1**2 + z1**2 * me**2) / (1 - z1), rel=1e-12)
        assert Q2 == pytest.approx((k2**2 + z2**2 * me**2) / (1 - z2), rel=1e-12)


@pytest.mark.parametrize("m,pt", [(0.5, 1e-3), (3.0, 1e-3), (3.0, 1e-2)])
def test_tree_reproduces_improved_epa_at_small_pt(m, pt):
    """With both leptons at p_T < pt << m the exact 2 -> 3 result must equal the improved EPA with
    Q2max = Q2min + pt^2/(1-x) (exact kinematics of a lepton at fixed p_T)."""
    gam = float(width(m))
    tree = float(pf.sigma_photon_fusion_tree(m, gam, pt_max=pt))
    tau = m * m / S

    def f(x):
        return float(pf.photon_flux(x, SQRT_S, q2_max=C.M_E**2 * x * x / (1 - x) + pt * pt / (1 - x)))

    lum = quad(lambda y: f(math.exp(y)) * f(tau * math.exp(-y)), math.log(tau), 0.0,
               epsabs=0, epsrel=1e-11, limit=400)[0]
    epa = 8 * math.pi**2 * gam / (m * S) * lum * C.GEV2_TO_FB
    assert tree == pytest.approx(epa, rel=3e-5 * (1 + (pt / 1e-3) ** 2))


def test_tree_untagged_numbers_and_epa_deviation():
    m = np.array([0.1, 1.0, 6.0])
    tree = pf.sigma_photon_fusion_tree(m, width(m))
    assert np.allclose(tree, [3015.3, 1055.8, 98.08], rtol=1e-3)  # documented in the module docstring
    ll = pf.sigma_photon_fusion(m, width(m), kind="leading_log")
    kin = pf.sigma_photon_fusion(m, width(m))
    assert np.allclose(ll / tree, [0.732, 0.873, 1.156], atol=2e-3)
    assert np.allclose(kin / tree, [1.616, 1.335, 1.095], atol=2e-3)
    # the scalar differs only through longitudinal / both-virtual terms: < 0.5 %
    sc = pf.sigma_photon_fusion_tree(m, width(m), parity="scalar")
    assert np.all(np.abs(sc / tree - 1) < 5e-3)
    assert float(pf.sigma_photon_fusion_tree(SQRT_S, 1e-9)) == 0.0
    assert float(pf.sigma_photon_fusion_tree(1.0, 0.0)) == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("m", [0.1, 3.0, 6.0])
def test_tree_numerical_convergence(m):
    a = float(pf.sigma_photon_fusion_tree(m, float(width(m))))
    b = float(pf.sigma_photon_fusion_tree(m, float(width(m)), nodes=(64, 96, 96, 16)))
    assert a == pytest.approx(b, rel=3e-4)
