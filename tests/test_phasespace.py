"""Phase-space integration. Total rate: the 1-D Dalitz route (closed-form line integral, adaptive
Gauss-Kronrod) against the 2-D fixed Gauss-Legendre route and adaptive QUADPACK in other variables
(no symmetry used), its precision knob, and the rules themselves. Cuts: the quasi-Monte Carlo
route with the pair azimuth integrated exactly against plain 4-D RQMC with explicit four-vectors
and against the exact CM-momentum-cut quadrature. Two-body angular integrals vs closed forms."""
import math
import warnings

import numpy as np
import pytest

from pheno import constants as C
from pheno import phasespace as ps
from pheno.kernels.ee2 import KERNEL_ID
from pheno.kernels.llx import VERTEX_ID
from pheno.production import Cuts

S = 10.58**2
VERTICES = list(VERTEX_ID)


# ------------------------------------------------------------------ the rules
def test_gauss_kronrod_rule_exactness():
    """K15 integrates polynomials of degree <= 22 exactly, its embedded G7 those of degree <= 13."""
    x = np.concatenate([-ps._XGK[:7], [0.0], ps._XGK[6::-1]])
    wk = np.concatenate([ps._WGK[:7], [ps._WGK[7]], ps._WGK[6::-1]])
    xg, wg = np.polynomial.legendre.leggauss(7)
    np.testing.assert_allclose(np.sort(xg), np.sort(x[1::2]), atol=1e-15)  # Gauss nodes embedded
    np.testing.assert_allclose(np.sort(ps._WG), np.sort(np.unique(np.round(wg, 15))), atol=1e-15)
    for k in range(24):
        exact = 0.0 if k % 2 else 2.0 / (k + 1)
        if k <= 22:
            assert np.dot(wk, x**k) == pytest.approx(exact, abs=1e-15)
        if k <= 13:
            assert np.dot(wg, xg**k) == pytest.approx(exact, abs=1e-15)
    assert abs(np.dot(wk, x**24) - 2.0 / 25) > 1e-12  # and not beyond (the test can fail)


# ------------------------------------------------------------------ total rate: three routes
@pytest.mark.parametrize("m_l, mx", [(C.M_MU, 0.02), (C.M_MU, 1.0), (C.M_TAU, 0.5), (C.M_MU, 10.2)])
def test_dalitz_routes_agree(m_l, mx):
    one_d, err, ok = ps.dalitz_integral_1d(VERTEX_ID["vector"], S, m_l, mx, rtol=1e-11)
    two_d = ps.dalitz_integral(VERTEX_ID["vector"], S, m_l, mx)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # QUADPACK roundoff notes at 1e-10 requested precision
        adaptive = ps.dalitz_integral_adaptive(VERTEX_ID["vector"], S, m_l, mx, epsrel=1e-10)
    assert ok and err <= 1e-11 * one_d
    assert one_d == pytest.approx(adaptive, rel=1e-9)
    assert two_d == pytest.approx(adaptive, rel=1e-7)  # 2-D rule: < 1e-9 except close to a cancellation


@pytest.mark.slow
@pytest.mark.parametrize("vertex", VERTICES)
def test_two_routes_agree_over_the_mass_range_for_every_vertex(vertex):
    vid = VERTEX_ID[vertex]
    for m_l in (C.M_MU, C.M_TAU):
        masses = np.geomspace(1e-3, 10.58 - 2 * m_l - 1e-3, 7)
        one_d, _, _ = ps.dalitz_integral_1d(vid, S, m_l, masses, rtol=1e-11)
        for mx, value in zip(masses, one_d):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                adaptive = ps.dalitz_integral_adaptive(vid, S, m_l, mx, epsrel=1e-9)
            assert value == pytest.approx(adaptive, rel=1e-8), (vertex, m_l, mx)
            assert ps.dalitz_integral(vid, S, m_l, mx) == pytest.approx(adaptive, rel=1e-6), (vertex, m_l, mx)


def test_2d_rule_is_converged():
    for mx in (0.001, 0.3, 5.0):
        base = ps.dalitz_integral(0, S, C.M_MU, mx)
        fine = ps.dalitz_integral(0, S, C.M_MU, mx, n_outer=256, n_inner=192)
        assert base == pytest.approx(fine, rel=1e-9)
        cut = ps.dalitz_integral(0, S, C.M_MU, mx, e_min=1.0)
        cut_fine = ps.dalitz_integral(0, S, C.M_MU, mx, n_outer=256, n_inner=192, e_min=1.0)
        assert cut == pytest.approx(cut_fine, rel=1e-8)


@pytest.mark.parametrize("e_min", [0.5, 1.0, 3.0])
def test_cm_energy_cut_agrees_with_the_fine_2d_rule(e_min):
    """The cut route (kinks found as roots of a quadratic) against the 2-D rule with its kinks
    found by scanning, on a fine grid."""
    for vid, m_l, mx in [(0, C.M_MU, 0.01), (0, C.M_MU, 1.0), (2, C.M_MU, 0.3), (1, C.M_TAU, 2.0)]:
        one_d, _, ok = ps.dalitz_integral_1d(vid, S, m_l, mx, e_min=e_min, rtol=1e-11)
        fine = ps.dalitz_integral(vid, S, m_l, mx, n_outer=256, n_inner=192, e_min=e_min)
        assert ok and one_d == pytest.approx(fine, rel=2e-9)
        total = ps.dalitz_integral_1d(vid, S, m_l, mx, rtol=1e-11)[0]
        assert one_d < total if e_min > m_l else one_d == pytest.approx(total, rel=1e-12)  # E_l >= m_l


def test_cut_kinks_are_where_the_softer_lepton_has_e_min():
    for m_l, mx, e_min in [(C.M_MU, 0.01, 1.0), (C.M_MU, 2.0, 2.5), (C.M_TAU, 0.5, 2.0)]:
        eta_max = ps._eta_max(S, m_l, mx)
        d_cap = S - 2 * math.sqrt(S) * e_min
        edges = ps._cut_kinks(S, m_l, mx, eta_max, d_cap)
        assert edges[0] == 0.0 and len(edges) >= 3
        for t in edges[1:-1]:  # E_X + |q| beta12 = sqrt(s) - 2 e_min at each kink
            eta = eta_max * (1 - (1 - t) ** 2)
            e_x, q = mx * math.cosh(eta), mx * math.sinh(eta)
            s12 = S + mx * mx - 2 * math.sqrt(S) * e_x
            assert e_x + q * math.sqrt(1 - 4 * m_l**2 / s12) == pytest.approx(math.sqrt(S) - 2 * e_min, rel=1e-9)
        # the range ends where E_X = sqrt(s) - 2 e_min (no room for two leptons with e_min) or at E_X,max
        eta = eta_max * (1 - (1 - edges[-1]) ** 2)
        e_max = (S + mx * mx - 4 * m_l**2) / (2 * math.sqrt(S))
        assert mx * math.cosh(eta) == pytest.approx(min(math.sqrt(S) - 2 * e_min, e_max), rel=1e-12)
    edges = ps._cut_kinks(S, C.M_MU, 1.0, ps._eta_max(S, C.M_MU, 1.0), S - 2 * math.sqrt(S) * 4.0)
    assert 0.0 < edges[-1] < 1.0  # an e_min that closes the range early


def test_fixed_rule_is_a_second_route():
    masses = np.geomspace(1e-3, 10.3, 9)
    x, w = ps.gauss_legendre01(96)
    for vid in range(4):
        adaptive, _, _ = ps.dalitz_integral_1d(vid, S, C.M_MU, masses, rtol=1e-12)
        np.testing.assert_allclose(ps.dalitz_1d_fixed_rule(vid, S, C.M_MU, masses, x, w), adaptive, rtol=1e-11)


@pytest.mark.parametrize("vertex", VERTICES)
def test_rtol_is_honoured(vertex):
    """Every mass, lepton and CM-energy cut: |I(rtol) - I(1e-12)| <= rtol I, and the returned error
    estimate bounds the true error."""
    vid = VERTEX_ID[vertex]
    for m_l in (C.M_MU, C.M_TAU):
        masses = np.geomspace(1e-3, 10.58 - 2 * m_l, 60)
        for e_min in (0.0, 1.0, 3.0):
            ref, _, _ = ps.dalitz_integral_1d(vid, S, m_l, masses, e_min=e_min, rtol=1e-12)
            for rtol in (1e-3, 1e-6, 1e-9):
                val, err, ok = ps.dalitz_integral_1d(vid, S, m_l, masses, e_min=e_min, rtol=rtol)
                assert ok.all()
                assert np.all(np.abs(val - ref) <= rtol * ref + 1e-300), (m_l, e_min, rtol)
                assert np.all(np.abs(val - ref) <= err + 1e-13 * ref), (m_l, e_min, rtol)


def test_closed_phase_space_is_zero():
    assert ps.dalitz_integral(0, S, C.M_MU, 10.58 - 2 * C.M_MU) == 0.0
    assert ps.full_kinematics(0, S, C.M_MU, 11.0) == (0.0, 0.0)
    val, err, ok = ps.dalitz_integral_1d(0, S, C.M_MU, [10.58 - 2 * C.M_MU, 11.0], e_min=1.0)
    assert np.all(val == 0.0) and np.all(err == 0.0) and ok.all()
    assert np.all(ps.cut_integral(0, S, C.M_MU, [11.0, 20.0], Cuts(p_min=1.0))[0] == 0.0)


# ------------------------------------------------------------------ cuts: quasi-Monte Carlo
CUT_SETS = [Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab"),
            Cuts(cos_theta=(-0.5, 0.3), pt_min=1.0, frame="lab"),
            Cuts(cos_theta=(-0.9, 0.9), p_min=2.0, pt_min=0.3, frame="cm"),
            Cuts(cos_theta=(-0.3, 1.0), p_min=0.1, frame="lab", e_minus=4.0, e_plus=7.0)]  # boost along -z


@pytest.mark.parametrize("cuts", CUT_SETS)
def test_azimuth_integrated_rqmc_agrees_with_plain_rqmc(cuts):
    """Two estimators of the same integral: exact azimuth + scrambled Sobol' points of pheno.qmc vs
    4-D RQMC over explicit boosted four-vectors with scipy's Sobol' points."""
    args = (True, cuts.beta_lab, cuts.cos_theta[0], cuts.cos_theta[1], cuts.p_min, cuts.pt_min)
    pulls = []
    for vid, m_l, mx in [(0, C.M_MU, 0.05), (0, C.M_MU, 3.0), (2, C.M_TAU, 1.0), (1, C.M_MU, 0.5)]:
        val, err, _, _ = ps.cut_integral(vid, S, m_l, np.array([mx]), cuts, rtol=1e-3)
        ref, ref_err = ps.full_kinematics(vid, S, m_l, mx, cuts=cuts, n_points=2**14, seed=7)
        pulls.append((val[0] - ref) / math.hypot(err[0], ref_err))
    assert np.all(np.abs(pulls) < 4.0), pulls


def test_mirror_symmetry_of_lab_cuts():
    """C and reflection z -> -z: swapping the beam energies and mirroring the polar-angle window
    leaves sigma unchanged (the e+ beam the more energetic one: boost along -z)."""
    for lo, hi, p_min in [(0.2, 1.0, 0.1), (-0.6, 0.8, 1.0)]:
        a = Cuts(cos_theta=(lo, hi), p_min=p_min, frame="lab", e_minus=4.0, e_plus=7.0)
        b = Cuts(cos_theta=(-hi, -lo), p_min=p_min, frame="lab", e_minus=7.0, e_plus=4.0)
        va, ea, _, _ = ps.cut_integral(0, S, C.M_MU, np.array([0.1, 3.0]), a, rtol=1e-3)
        vb, eb, _, _ = ps.cut_integral(0, S, C.M_MU, np.array([0.1, 3.0]), b, rtol=1e-3)
        assert np.all(np.abs(va - vb) < 4 * np.hypot(ea, eb))
    # and an asymmetric window is not mirror-symmetric by itself (the test can fail)
    c = Cuts(cos_theta=(0.2, 1.0), frame="lab")
    vc, ec, _, _ = ps.cut_integral(0, S, C.M_MU, np.array([1.0]), c, rtol=1e-3)
    vd, ed, _, _ = ps.cut_integral(0, S, C.M_MU, np.array([1.0]), Cuts(cos_theta=(-1.0, -0.2), frame="lab"), rtol=1e-3)
    assert abs(vc[0] - vd[0]) > 10 * math.hypot(ec[0], ed[0])


def test_cut_integral_with_a_cm_momentum_cut_matches_the_exact_quadrature():
    cuts = Cuts(p_min=1.5)
    for vid, m_l in [(0, C.M_MU), (3, C.M_TAU)]:
        masses = np.array([0.1, 1.0, 4.0])
        exact, _, _ = ps.dalitz_integral_1d(vid, S, m_l, masses, e_min=math.hypot(1.5, m_l), rtol=1e-10)
        exact /= 3 * 128 * math.pi**3  # Int T dPhi_3 orientation-averaged -> units of cut_integral
        val, err, ok, _ = ps.cut_integral(vid, S, m_l, masses, cuts, rtol=3e-4)
        assert ok.all() and np.all(err <= 3e-4 * val)
        assert np.all(np.abs(val - exact) < 4 * err)


def test_cut_integral_rtol_and_fixed_points():
    cuts = CUT_SETS[0]
    masses = np.array([0.02, 0.7, 6.0])
    tight, tight_err, _, _ = ps.cut_integral(0, S, C.M_MU, masses, cuts, rtol=1e-4)
    for rtol in (1e-2, 2e-3):
        val, err, ok, n = ps.cut_integral(0, S, C.M_MU, masses, cuts, rtol=rtol)
        assert ok.all() and np.all(err <= rtol * val)
        assert np.all(np.abs(val - tight) < 4 * np.hypot(err, tight_err))
    val, err, ok, n = ps.cut_integral(0, S, C.M_MU, masses, cuts, n_points=256)
    assert np.all(n == 256) and np.all(err > 0)
    again = ps.cut_integral(0, S, C.M_MU, masses, cuts, n_points=256)
    np.testing.assert_array_equal(again[0], val)  # the seed fixes the points
    other = ps.cut_integral(0, S, C.M_MU, masses, cuts, n_points=256, seed=1)
    assert np.all(other[0] != val)


def test_open_cuts_give_the_total_rate_almost_exactly():
    """Without cuts the azimuth-integrated integrand is smooth: the QMC error is tiny."""
    masses = np.array([0.01, 1.0, 8.0])
    exact, _, _ = ps.dalitz_integral_1d(0, S, C.M_MU, masses, rtol=1e-10)
    val, err, _, _ = ps.cut_integral(0, S, C.M_MU, masses, Cuts(), n_points=1024)
    exact /= 3 * 128 * math.pi**3
    assert np.all(np.abs(val - exact) < 4 * err) and np.all(err < 3e-4 * val)  # lab cuts: ~1e-3


# ------------------------------------------------------------------ 2 -> 2 angular integrals
def test_two_body_integrals_vs_closed_forms_at_every_rtol():
    """e+e- -> gamma a: sigma = alpha g^2 (1 - r)^3/24 (PHYSICS.md D4) with dsigma/dcos = e^2 g^2
    (1 - r)/(32 pi s) |M|^2/(e^2 g^2), so Int dcos = s (1 - r)^2/3. Dark Higgsstrahlung (PHYSICS.md B1)
    with g_e = g_vvh = 1: sigma = lambda^1/2 (lambda + 12 m_V^2/s) / (192 pi m_V^2 s (1 - m_V^2/s)^2)
    = Int dcos x flux / (s - m_V^2)^2 (massless-electron formula: m_e^2/s ~ 2e-9 differences)."""
    for m in (0.01, 1.0, 9.0):
        exact = S * (1 - m * m / S) ** 2 / 3
        for rtol in (1e-4, 1e-7, 1e-10):  # the kernel has m_e = 0; the angle map needs m_e > 0
            val, err, ok = ps.two_body_integral(KERNEL_ID["gamma_pseudoscalar"], S, C.M_E, 0.0, m, m, rtol=rtol)
            assert ok and val == pytest.approx(exact, rel=max(rtol, 1e-8))  # m_e^2/s = 2.3e-9 in the angles
    for m_v, m_h in [(0.5, 0.2), (3.0, 4.0), (8.0, 2.0)]:
        lam = (1 - (m_v + m_h) ** 2 / S) * (1 - (m_v - m_h) ** 2 / S)
        sigma = math.sqrt(lam) * (lam + 12 * m_v**2 / S) / (192 * math.pi * m_v**2 * S * (1 - m_v**2 / S) ** 2)
        k = math.sqrt(lam) * math.sqrt(S) / 2
        flux = k / (32 * math.pi * S * math.sqrt(S / 4 - C.M_E**2))
        for rtol in (1e-4, 1e-7, 1e-10):
            val, _, ok = ps.two_body_integral(KERNEL_ID["vector_scalar"], S, C.M_E, m_v, m_h, m_v, rtol=rtol)
            assert ok and val * flux / (S - m_v**2) ** 2 == pytest.approx(sigma, rel=max(rtol, 1e-8))
