"""pheno.decay: decay-in-volume probabilities, checked by independent routes.

* closed forms for rays perpendicular to / along the beam;
* a brute-force Monte Carlo of exponential decay points tested against the region directly
  (rho, z of the decay point), for random rays, a cylindrical shell, regions not containing the
  origin and backward rays;
* the L -> 0 and L -> inf limits;
* two-body lab kinematics: four-momentum conservation, invariant mass, the massless formula;
* the Gauss-Legendre production average against a Monte Carlo in cos* with explicit boosts;
* the e+e- -> l+l-X sample: weights against full_kinematics, fractions against a direct MC.
"""
import math

import numpy as np
import pytest
from scipy.special import roots_legendre
from scipy.stats import qmc

from pheno import constants as C
from pheno import phasespace as ps
from pheno.decay import (
    BELLE2_ECL_INNER,
    Cylinder,
    DecaySample,
    decay_probability,
    fraction_decaying_two_body,
    sample_from_llx,
    two_body_lab_kinematics,
)
from pheno.production import Cuts

BETA = 3.0 / 11.0
GAMMA = 1.0 / math.sqrt(1.0 - BETA**2)
SQRT_S = 10.58


def _inside(region, rho, z):
    """Direct test of a point against the region (no ray algebra)."""
    return (rho >= region.r_min) & (rho <= region.r_max) & (z >= region.z_min) & (z <= region.z_max)


def _d_out_ecl(cos):
    """Exit distance from BELLE2_ECL_INNER by hand (barrel r = 1.25, endcaps z = 2.0 and -1.0)."""
    sin = math.sqrt(1.0 - cos * cos)
    cands = [1.25 / sin if sin > 0 else math.inf]
    if cos > 0:
        cands.append(2.0 / cos)
    if cos < 0:
        cands.append(-1.0 / cos)
    return min(cands)


# ------------------------------------------------------------------------- closed forms, limits
def test_perpendicular_ray_into_a_long_cylinder():
    region = Cylinder(r_max=1.25, z_min=-50.0, z_max=50.0)
    ctau, p, m = np.array([1e-3, 0.1, 0.7, 3.0, 40.0]), 2.0, 0.5
    L = p / m * ctau
    for phi in (None, 0.3, -2.0):
        got = decay_probability(ctau, p, m, 0.0, region, phi=phi)
        np.testing.assert_allclose(got, 1.0 - np.exp(-1.25 / L), rtol=1e-14, atol=0)


def test_rays_along_the_axis():
    ctau, p, m = np.array([0.01, 0.5, 2.0, 30.0]), 3.0, 1.0
    L = p / m * ctau
    np.testing.assert_allclose(decay_probability(ctau, p, m, 1.0, BELLE2_ECL_INNER), 1 - np.exp(-2.0 / L), rtol=1e-14)
    np.testing.assert_allclose(decay_probability(ctau, p, m, -1.0, BELLE2_ECL_INNER), 1 - np.exp(-1.0 / L),
                               rtol=1e-14)
    slab = Cylinder(r_max=0.5, z_min=0.4, z_max=1.7)  # origin outside: entry at z_min
    np.testing.assert_allclose(decay_probability(ctau, p, m, 1.0, slab), np.exp(-0.4 / L) - np.exp(-1.7 / L),
                               rtol=1e-13)
    assert np.all(decay_probability(ctau, p, m, -1.0, slab) == 0.0)  # backward ray never reaches it
    shell = Cylinder(r_max=1.0, z_min=-1.0, z_max=1.0, r_min=0.3)
    assert np.all(decay_probability(ctau, p, m, 1.0, shell) == 0.0)  # the axis has rho = 0 < r_min


REGIONS = [
    BELLE2_ECL_INNER,
    Cylinder(r_max=1.0, z_min=-0.5, z_max=1.5, r_min=0.4),  # shell around the origin
    Cylinder(r_max=0.8, z_min=0.3, z_max=1.2),  # origin outside, forward
    Cylinder(r_max=0.6, z_min=-1.5, z_max=-0.2, r_min=0.2),  # backward shell, origin outside
]


@pytest.mark.parametrize("region", REGIONS)
def test_matches_brute_force_monte_carlo_of_decay_points(region):
    rng = np.random.default_rng(11)
    n = 10**6
    e = rng.standard_exponential(n)  # d = L e
    r_mid = 0.5 * (region.r_min + region.r_max)
    aimed = [z / math.hypot(r_mid, z) for z in np.linspace(region.z_min, region.z_max, 3)]  # into the region
    cosines = np.concatenate((rng.uniform(-1, 1, 4), [-1.0, 0.0, 1.0, -0.93, 0.31], aimed))
    informative = 0
    for cos in cosines:
        sin = math.sqrt(1.0 - cos * cos)
        for L in (0.15, 0.9, 4.0):
            P = decay_probability(L, 1.0, 1.0, cos, region, phi=rng.uniform(0, 2 * np.pi))  # p/m = 1 -> L = ctau
            d = L * e
            mc = np.count_nonzero(_inside(region, d * sin, d * cos)) / n
            sigma = math.sqrt(P * (1 - P) / n)
            assert abs(mc - P) <= 5 * sigma + 1e-12, (region, cos, L, P, mc)
            informative += 0.02 < P < 0.98
    assert informative >= 5


def test_prompt_and_long_lived_limits():
    cosines = np.array([0.3, 0.9, -0.95, 0.0, 1.0, -1.0])
    p, m = 2.5, 0.8
    # L -> 0: the origin is inside -> 1; a region without the origin -> 0
    assert np.all(decay_probability(0.0, p, m, cosines, BELLE2_ECL_INNER) == 1.0)
    np.testing.assert_allclose(decay_probability(1e-6, p, m, cosines, BELLE2_ECL_INNER), 1.0, rtol=0, atol=1e-15)
    assert np.all(decay_probability(0.0, p, m, cosines, REGIONS[2]) == 0.0)
    assert np.all(decay_probability(1e-6, 0.0, m, cosines, BELLE2_ECL_INNER) == 1.0)  # X at rest
    # L -> inf: P = d_out/L - d_out^2/(2 L^2) + ...
    for ctau in (1e3, 1e6, 1e9):
        L = p / m * ctau
        got = decay_probability(ctau, p, m, cosines, BELLE2_ECL_INNER)
        d_out = np.array([_d_out_ecl(c) for c in cosines])
        assert np.all(np.abs(got - d_out / L) <= (d_out / L) ** 2)
        np.testing.assert_allclose(got * L / d_out, 1.0, rtol=2 * d_out.max() / L)
    assert np.all(decay_probability(np.inf, p, m, cosines, BELLE2_ECL_INNER) == 0.0)
    assert decay_probability(np.inf, 0.0, m, 0.0, BELLE2_ECL_INNER) == 0.0


def test_broadcasting_and_input_validation():
    got = decay_probability(np.geomspace(0.01, 10, 5)[:, None], 1.0, 0.3, np.linspace(-1, 1, 3), BELLE2_ECL_INNER)
    assert got.shape == (5, 3) and np.all((got >= 0) & (got <= 1))
    assert np.all(np.diff(got, axis=0) < 0)  # longer-lived -> fewer decays inside
    for kwargs, name in ((dict(ctau=-1.0), "ctau"), (dict(ctau=np.nan), "ctau"), (dict(p=np.nan), "p"),
                         (dict(p=-0.1), "p"), (dict(m=0.0), "m"), (dict(m=np.nan), "m"),
                         (dict(cos_theta=1.2), "cos_theta"), (dict(cos_theta=np.nan), "cos_theta")):
        args = dict(ctau=1.0, p=1.0, m=1.0, cos_theta=0.0, region=BELLE2_ECL_INNER) | kwargs
        with pytest.raises(ValueError, match=name):
            decay_probability(**args)
    for bad in (dict(r_max=1.0, z_min=1.0, z_max=0.0), dict(r_max=1.0, z_min=0, z_max=1, r_min=1.0),
                dict(r_max=np.inf, z_min=0, z_max=1), dict(r_max=1.0, z_min=0, z_max=1, r_min=-0.1)):
        with pytest.raises(ValueError):
            Cylinder(**bad)


# ------------------------------------------------------------------------- two-body kinematics
def test_two_body_lab_kinematics_conserves_four_momentum():
    rng = np.random.default_rng(3)
    m_x, m_y = rng.uniform(0, 4, 50), rng.uniform(0, 4, 50)
    cs = rng.uniform(-1, 1, 50)
    for sqrt_s in (SQRT_S, 2 * math.sqrt(7.0 * 4.0)):
        px, cx = two_body_lab_kinematics(sqrt_s, m_x, m_y, cs)
        py, cy = two_body_lab_kinematics(sqrt_s, m_y, m_x, -cs)  # the recoil, opposite in the CM
        e = np.hypot(px, m_x) + np.hypot(py, m_y)
        pz = px * cx + py * cy
        np.testing.assert_allclose(px * np.sqrt(1 - cx**2), py * np.sqrt(1 - cy**2), rtol=1e-11, atol=1e-12)
        np.testing.assert_allclose(e, GAMMA * sqrt_s, rtol=1e-13)
        np.testing.assert_allclose(pz, GAMMA * BETA * sqrt_s, rtol=1e-12)
        np.testing.assert_allclose(e**2 - pz**2, sqrt_s**2, rtol=1e-12)  # invariant mass
        # boosting X back to the CM gives its fixed CM energy
        e_star = GAMMA * (np.hypot(px, m_x) - BETA * px * cx)
        np.testing.assert_allclose(e_star, (sqrt_s**2 + m_x**2 - m_y**2) / (2 * sqrt_s), rtol=1e-12)
    e_tot = np.hypot(px, m_x) + np.hypot(py, m_y)
    np.testing.assert_allclose([e_tot.min(), pz.min()], [11.0, 3.0], rtol=1e-13)  # (E- + E+, 0, 0, E- - E+)


def test_two_body_massless_matches_the_aberration_formula():
    cos_lab = np.linspace(-1, 1, 41)
    cos_star = (cos_lab - BETA) / (1 - BETA * cos_lab)  # PHYSICS.md section 0
    p, c = two_body_lab_kinematics(SQRT_S, 0.0, 0.0, cos_star)
    np.testing.assert_allclose(c, cos_lab, atol=1e-14)
    np.testing.assert_allclose(p, GAMMA * SQRT_S / 2 * (1 + BETA * cos_star), rtol=1e-13)
    with pytest.raises(ValueError, match="closed"):
        two_body_lab_kinematics(SQRT_S, 6.0, 5.0, 0.0)


def _boost_mc(sqrt_s, m_x, m_y, cos_star, phi):
    """Lab (p, cos) of X by an explicit Lorentz transformation of the CM four-vector."""
    s = sqrt_s**2
    e = (s + m_x**2 - m_y**2) / (2 * sqrt_s)
    k = math.sqrt(e * e - m_x**2)
    sin = np.sqrt(1 - cos_star**2)
    p3 = np.stack((k * sin * np.cos(phi), k * sin * np.sin(phi), k * cos_star))
    lam = np.array([[GAMMA, 0, 0, GAMMA * BETA], [0, 1, 0, 0], [0, 0, 1, 0], [GAMMA * BETA, 0, 0, GAMMA]])
    lab = lam @ np.vstack((np.full(cos_star.shape, e), p3))
    p = np.linalg.norm(lab[1:], axis=0)
    return p, lab[3] / p


@pytest.mark.parametrize("m_x, m_y, region, angular, cos_range", [
    (1.0, 0.0, BELLE2_ECL_INNER, None, (-1.0, 1.0)),
    (0.2, 0.0, REGIONS[1], lambda c: 1 + c**2, (-0.9595, 0.9458)),
    (5.0, 4.0, BELLE2_ECL_INNER, lambda c: 1 - c**2, (-0.8, 1.0)),
    (3.0, 2.0, REGIONS[3], lambda c: np.exp(c) * (2 + c), (-1.0, 0.5)),
])
def test_two_body_fraction_matches_monte_carlo(m_x, m_y, region, angular, cos_range):
    kw = {} if angular is None else dict(angular=angular)
    ctau = np.array([0.0, 0.05, 0.3, 2.0, 20.0])
    got = fraction_decaying_two_body(ctau, SQRT_S, m_x, m_y, region, cos_range=cos_range, **kw)
    fine = fraction_decaying_two_body(ctau, SQRT_S, m_x, m_y, region, cos_range=cos_range, n=200, **kw)
    np.testing.assert_allclose(got, fine, rtol=0, atol=1e-10)  # documented: < 1e-8 with the default n
    rng = np.random.default_rng(5)
    n = 200_000
    cs = rng.uniform(*cos_range, n)
    w = (angular or (lambda c: 1 + c**2))(cs)
    p, cl = _boost_mc(SQRT_S, m_x, m_y, cs, rng.uniform(0, 2 * np.pi, n))
    e = rng.standard_exponential(n)
    for ct, f in zip(ctau, got):
        d = p / m_x * ct * e
        hit = _inside(region, d * np.sqrt(1 - cl**2), d * cl)
        mc = np.sum(w * hit) / w.sum()
        err = math.sqrt(np.sum(w**2 * (hit - f) ** 2)) / w.sum()  # spread expected if F = f
        assert abs(mc - f) <= 5 * err + 1.0 / n, (ct, f, mc, err)  # 1/n: one-event granularity
    assert got.shape == ctau.shape and isinstance(
        fraction_decaying_two_body(0.3, SQRT_S, m_x, m_y, region, cos_range=cos_range, **kw), float)


def test_two_body_fraction_limits_and_sample_route_agree():
    ct = np.geomspace(1e-4, 1e6, 11)
    f = fraction_decaying_two_body(ct, SQRT_S, 0.5, 0.0, BELLE2_ECL_INNER)
    assert f[0] == pytest.approx(1.0, abs=1e-12) and np.all(np.diff(f) <= 0) and np.all(np.diff(f[2:]) < 0)
    assert f[-1] * ct[-1] == pytest.approx(f[-2] * ct[-2], rel=1e-4)  # ~ 1/ctau
    # the same average through DecaySample, with Gauss-Legendre nodes as the "events"
    x, w = roots_legendre(400)
    p, c = two_body_lab_kinematics(SQRT_S, 0.5, 0.0, x)
    sample = DecaySample(weights=w * (1 + x**2), p=p, m=0.5, cos_theta=c)
    np.testing.assert_allclose(sample.fraction(ct, BELLE2_ECL_INNER), f, rtol=1e-5, atol=1e-9)  # no kink split
    with pytest.raises(ValueError, match="cos_range"):
        fraction_decaying_two_body(1.0, SQRT_S, 0.5, 0.0, BELLE2_ECL_INNER, cos_range=(0.5, 0.5))
    with pytest.raises(ValueError, match="ctau"):
        fraction_decaying_two_body(-1.0, SQRT_S, 0.5, 0.0, BELLE2_ECL_INNER)


# ------------------------------------------------------------------------- e+e- -> l+l-X sample
N_LLX = 2**12
LAB_CUTS = Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")


@pytest.fixture(scope="module")
def llx_sample():
    return sample_from_llx(SQRT_S, "mu", 1.0, "vector", n_points=N_LLX, seed=7)


def test_llx_weights_are_the_full_kinematics_integrand():
    s = SQRT_S**2
    for cuts, args in ((None, (False, 0.0, -1.0, 1.0, 0.0, 0.0)),
                       (LAB_CUTS, (True, BETA, -0.8, 0.9, 0.5, 0.0))):
        sample = sample_from_llx(SQRT_S, C.M_MU, 1.0, 0, n_points=N_LLX, seed=99, cuts=cuts)
        # same points as the first replica of full_kinematics: identical sum
        u = qmc.Sobol(d=4, scramble=True, seed=np.random.default_rng(99)).random(N_LLX)
        assert sample.weights.sum() == pytest.approx(ps._full(0, s, C.M_MU, 1.0, u, *args)[0] / N_LLX, rel=1e-12)
        # and, statistically, the 8-replica full_kinematics integral with other points (1 + 8 replicas' spread)
        val, err = ps.full_kinematics(0, s, C.M_MU, 1.0, cuts=cuts, n_points=N_LLX, seed=2024)
        assert abs(sample.weights.sum() - val) <= 5 * err * 3.0
        # X kinematics: back in the CM, E_q lies in [m_x, (s + m_x^2 - 4 m_mu^2)/(2 sqrt s)]
        e_star = GAMMA * (np.hypot(sample.p, 1.0) - BETA * sample.p * sample.cos_theta)
        assert e_star.min() >= 1.0 - 1e-12 and e_star.max() <= (s + 1 - 4 * C.M_MU**2) / (2 * SQRT_S) + 1e-12
    assert len(sample) < N_LLX  # lepton cuts removed points


def test_llx_fraction_limits(llx_sample):
    ct = np.array([0.0, 1e-7, 1e6, 1e8, np.inf])
    f = llx_sample.fraction(ct, BELLE2_ECL_INNER)
    assert f[0] == pytest.approx(1.0, abs=1e-14) and f[1] == pytest.approx(1.0, abs=1e-12) and f[-1] == 0.0
    # large ctau: F -> <d_out m/p>_w / ctau, d_out from the geometry by hand
    d_out = np.array([_d_out_ecl(c) for c in llx_sample.cos_theta])
    expect = np.sum(llx_sample.weights * d_out * 1.0 / llx_sample.p) / llx_sample.weights.sum()
    assert f[2] * 1e6 == pytest.approx(expect, rel=1e-5)
    assert f[3] * 1e8 == pytest.approx(expect, rel=1e-7)


@pytest.mark.parametrize("region", [BELLE2_ECL_INNER, REGIONS[1]])
def test_llx_fraction_matches_direct_decay_monte_carlo(llx_sample, region):
    rng = np.random.default_rng(21)
    k = 64  # decay points per event
    w = np.repeat(llx_sample.weights, k)
    gb = np.repeat(llx_sample.p / llx_sample.m, k)
    cos = np.repeat(llx_sample.cos_theta, k)
    e = rng.standard_exponential(w.size)
    ctau = np.array([0.02, 0.3, 1.5, 10.0])
    got = llx_sample.fraction(ctau, region)
    assert got.shape == (4,)
    for ct, f in zip(ctau, got):
        d = gb * ct * e
        hit = _inside(region, d * np.sqrt(1 - cos**2), d * cos)
        mc = np.sum(w * hit) / w.sum()
        err = math.sqrt(np.sum(w**2 * (hit - f) ** 2)) / w.sum()  # spread expected if F = f
        n_eff = w.sum() ** 2 / np.sum(w**2)
        assert abs(mc - f) <= 5 * err + 1.0 / n_eff, (ct, f, mc, err)  # 1/n_eff: one-event granularity


def test_sample_validation():
    with pytest.raises(ValueError, match="weights"):
        DecaySample(weights=[-1.0, 1.0], p=[1, 1], m=1.0, cos_theta=[0, 0])
    with pytest.raises(ValueError, match="cos_theta"):
        DecaySample(weights=[1.0, 1.0], p=[1, 1], m=1.0, cos_theta=[0.0])
    with pytest.raises(ValueError, match="closed"):
        sample_from_llx(SQRT_S, "tau", 9.0, "vector")
    with pytest.raises(ValueError, match="vertex_id"):
        sample_from_llx(SQRT_S, "mu", 1.0, "tensor")
    for bad in (1, 2.0, True, "64"):
        with pytest.raises(ValueError, match="n_points must be an integer >= 2"):
            sample_from_llx(SQRT_S, "mu", 1.0, "vector", n_points=bad)


# ------------------------------------------------------------------------- DecayPaths (c*tau-independent part)
def test_decay_paths_equal_the_direct_probabilities():
    """F from the precomputed paths (compiled sum) against decay_probability node by node, for regions
    with and without the origin, a particle at rest and the c*tau -> 0 and inf limits; several rows
    stacked give each row's own fractions."""
    from pheno.decay import DecayPaths

    rng = np.random.default_rng(8)
    n = 300
    w, p = rng.uniform(0.0, 2.0, n), rng.uniform(0.0, 6.0, n)
    p[:5] = 0.0  # at rest: decays at the origin
    cos, m = rng.uniform(-1.0, 1.0, n), 0.7
    ctau = np.array([0.0, 1e-6, 3e-3, 0.1, 0.9, 7.0, 1e4, np.inf])
    tables = []
    for region in REGIONS:
        sample = DecaySample(weights=w, p=p, m=m, cos_theta=cos)
        direct = [np.sum(w * decay_probability(ct, p, m, cos, region)) / w.sum() for ct in ctau]
        paths = sample.paths(region)
        np.testing.assert_allclose(paths.fraction(ctau), direct, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(sample.fraction(ctau, region), direct, rtol=1e-13, atol=1e-300)
        f = paths.fraction(ctau)
        assert np.all(f <= paths.max_fraction()[0] * (1 + 1e-15))
        assert np.array_equal(paths.can_decay(np.zeros(ctau.size, int), ctau), f > 0)
        assert paths.starts_inside()[0] == (region.z_min <= 0 <= region.z_max and region.r_min == 0)
        tables.append(paths)
    stacked = DecayPaths.stack([tables[0], None, *tables[1:]])
    assert stacked.n_rows == 5
    rows = np.repeat(np.arange(5), ctau.size)
    got = stacked.fraction(np.tile(ctau, 5), rows=rows).reshape(5, ctau.size)
    assert np.all(got[1] == 0.0) and stacked.max_fraction()[1] == 0.0   # the empty row
    for k, t in zip((0, 2, 3, 4), tables):
        assert np.array_equal(got[k], t.fraction(ctau))
    with pytest.raises(ValueError, match="rows="):
        stacked.fraction(1.0)
    with pytest.raises(ValueError, match="ctau"):
        tables[0].fraction(-1.0)


def test_two_body_paths_against_point_probabilities():
    """The precomputed paths against P of decay_probability at the kinematics of each CM angle, averaged
    with a fine midpoint rule in cos* (an independent route: no quadrature nodes, no kink splitting)."""
    from pheno.decay import two_body_paths

    ct = np.geomspace(1e-4, 1e3, 9)
    c = -0.9 + 1.85 * (np.arange(200_000) + 0.5) / 200_000
    p, c_lab = two_body_lab_kinematics(SQRT_S, 0.4, 0.0, c)
    weight = 1.0 + c * c
    for region in REGIONS:
        paths = two_body_paths(SQRT_S, 0.4, 0.0, region, cos_range=(-0.9, 0.95))
        direct = [np.sum(weight * decay_probability(t, p, 0.4, c_lab, region)) / weight.sum() for t in ct]
        np.testing.assert_allclose(paths.fraction(ct), direct, rtol=0, atol=2e-5)  # midpoint rule at kinks: O(1/n)
