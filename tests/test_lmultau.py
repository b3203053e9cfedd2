"""L_mu-L_tau Z': widths, BFs, kinetic mixing, (g-2), cross sections -- each against an
independent route (closed forms written out here, mpmath, limits, PHYSICS.md check values)."""
import math

import mpmath as mp
import numpy as np
import pytest

from pheno import Cuts
from pheno import constants as C
from pheno.models import LmuLtau

MUMU = "e+ e- > mu+ mu- Z'"
TAUTAU = "e+ e- > tau+ tau- Z'"
SQRT_S = 10.58


# ------------------------------------------------------------------ widths
def _gamma_ll(m, g, ml):  # PHYSICS.md C2, written independently of pheno.widths
    if m <= 2 * ml:
        return 0.0
    return g * g * m / (12 * math.pi) * (1 + 2 * ml**2 / m**2) * math.sqrt(1 - 4 * ml**2 / m**2)


@pytest.mark.parametrize("m", [0.01, 0.2, 0.25, 1.0, 3.0, 3.6, 5.0, 10.0])
def test_widths_match_closed_forms(m):
    g = 3e-3
    w = LmuLtau(mass=m, g=g).widths()
    assert float(w["mu+ mu-"]) == pytest.approx(_gamma_ll(m, g, C.M_MU), rel=1e-12, abs=0)
    assert float(w["tau+ tau-"]) == pytest.approx(_gamma_ll(m, g, C.M_TAU), rel=1e-12, abs=0)
    assert float(w["nu nu~"]) == pytest.approx(2 * g * g * m / (24 * math.pi), rel=1e-12)


def test_widths_check_values_physics_md_c2():
    m = np.array([0.1, 0.5, 1, 3, 5, 10])
    ref = np.array([0.0026526, 0.026357, 0.053032, 0.15915, 0.38212, 0.79412])
    np.testing.assert_allclose(LmuLtau(mass=m, g=1.0).total_width(), ref, rtol=5e-5)
    m = np.array([0.1, 0.2, 0.25, 0.5, 1, 3, 3.6, 5, 10])
    ref = np.array([1.0, 1.0, 0.5796, 0.5032, 0.5002, 0.5000, 0.4470, 0.3471, 0.3340])
    np.testing.assert_allclose(LmuLtau(mass=m, g=1.0).branching_ratio("invisible"), ref, atol=6e-5)


def test_branching_fractions_sum_to_one_and_limits():
    m = np.geomspace(0.01, 10.5, 300)
    z = LmuLtau(mass=m, g=1e-2, m_chi=0.3, g_chi=0.05)
    total = sum(z.branching_ratio(c) for c in z.widths())
    np.testing.assert_allclose(total, 1.0, rtol=1e-14)
    np.testing.assert_allclose(z.branching_ratio("invisible") + z.branching_ratio("visible"), 1.0, rtol=1e-14)
    # asymptotic BF(inv) -> 1/3 for m >> 2 m_tau, 1/2 for 2 m_mu << m << 2 m_tau (PHYSICS.md C2)
    assert float(LmuLtau(mass=1e3, g=1).branching_ratio("invisible")) == pytest.approx(1 / 3, rel=1e-5)
    assert float(LmuLtau(mass=1e-3, g=1).branching_ratio("invisible")) == 1.0


def test_dark_fermion_width_and_g_dependent_bf():
    m, mchi, gchi = 1.0, 0.3, 0.5
    z = LmuLtau(mass=m, g=1e-3, m_chi=mchi, g_chi=gchi)
    # PHYSICS.md A3 (Dirac, alpha_D = g^2/4pi = 0.5 -> 0.157333 GeV): same formula with g_chi^2 = 4 pi alpha_D
    z2 = LmuLtau(mass=m, g=1e-3, m_chi=mchi, g_chi=math.sqrt(4 * math.pi * 0.5))
    assert float(z2.widths()["chi chi~"]) == pytest.approx(0.157333, rel=3e-6)
    assert float(z.widths()["chi chi~"]) == pytest.approx(_gamma_ll(m, gchi, mchi), rel=1e-12)
    # default g_chi = g: BF independent of g
    bf = [float(LmuLtau(mass=m, g=g, m_chi=mchi).branching_ratio("invisible")) for g in (1e-4, 1e-1)]
    assert bf[0] == pytest.approx(bf[1], rel=1e-14)
    # fixed g_chi: BF(inv) falls with g
    assert float(LmuLtau(mass=m, g=1e-1, m_chi=mchi, g_chi=gchi).branching_ratio("invisible")) < \
        float(z.branching_ratio("invisible"))


def test_ctau():
    z = LmuLtau(mass=1.0, g=1e-3)
    assert float(z.ctau()) == pytest.approx(C.HBARC_GEV_M / (0.053032 * 1e-6), rel=5e-5)


# ------------------------------------------------------------------ kinetic mixing
def _mixing_mpmath(m):
    f = lambda x: x * (1 - x) * (mp.log(C.M_TAU**2 - x * (1 - x) * m * m - 1e-40j)
                                 - mp.log(C.M_MU**2 - x * (1 - x) * m * m - 1e-40j))
    pts = [0, 1]
    for ml in (C.M_MU, C.M_TAU):
        if m > 2 * ml:
            r = mp.sqrt(1 - 4 * ml**2 / m**2)
            pts += [(1 - r) / 2, (1 + r) / 2]
    e = math.sqrt(4 * math.pi * C.ALPHA0)
    return float(abs(e * mp.quad(f, sorted(pts)) / (2 * math.pi**2)))


def test_kinetic_mixing_closed_form_vs_integral_and_check_values():
    m = np.array([1e-3, 0.01, 0.1, 0.2, 0.2114, 0.3, 1.0, 3.0, 3.6, 5.0, 10.0])
    got = LmuLtau(mass=m, g=1.0).kinetic_mixing()
    np.testing.assert_allclose(got, [_mixing_mpmath(x) for x in m], rtol=1e-9)
    # PHYSICS.md C3 check values |eps|/g'
    ref = {0.01: 0.014438, 0.1: 0.014940, 0.2: 0.018166, 0.3: 0.017448, 1.0: 0.010792, 3.0: 0.0080624, 5.0: 0.0028046}
    for mm, v in ref.items():
        assert float(LmuLtau(mass=mm, g=1.0).kinetic_mixing()) == pytest.approx(v, rel=1e-4)
    # q^2 = 0: e g' ln(m_tau^2/m_mu^2)/(12 pi^2) = g'/69.3
    eps0 = float(LmuLtau(mass=1.0, g=1.0).kinetic_mixing(q2=0.0))
    assert eps0 == pytest.approx(math.sqrt(4 * math.pi * C.ALPHA0) * math.log(C.M_TAU**2 / C.M_MU**2) / (12 * math.pi**2), rel=1e-12)


# ------------------------------------------------------------------ (g-2)
def test_delta_a_limits_and_check_values():
    g = 1e-3
    light = g * g / (8 * math.pi**2)
    assert float(LmuLtau(mass=1e-6, g=g).delta_a("mu")) == pytest.approx(light, rel=1e-4)
    for m in (10.0, 100.0):
        heavy = g * g * C.M_MU**2 / (12 * math.pi**2 * m**2)
        # next order: relative correction O(m_mu^2/m^2 ln(m^2/m_mu^2)); allow 3x that
        tol = 3 * C.M_MU**2 / m**2 * math.log(m**2 / C.M_MU**2)
        assert float(LmuLtau(mass=m, g=g).delta_a("mu")) == pytest.approx(heavy, rel=tol)
    ref = {0.001: 1.2309e-8, 0.01: 9.9123e-9, 0.1: 2.8036e-9, 1.0: 8.6003e-11, 10.0: 9.4038e-13}  # PHYSICS.md C4
    for m, v in ref.items():
        assert float(LmuLtau(mass=m, g=g).delta_a("mu")) == pytest.approx(v, rel=1e-4)
    assert float(LmuLtau(mass=1.0, g=g).delta_a("e")) == 0.0
    with pytest.raises(ValueError, match="lepton"):
        LmuLtau(mass=1.0, g=g).delta_a("nu")


# ------------------------------------------------------------------ cross sections
# PHYSICS.md C5: independent Monte Carlo with explicit traces, alpha(0), sigma/g'^2 in nb
C5_MUMU = {0.010: (1.2522, 0.0041), 0.100: (0.5673, 0.0015), 0.212: (0.3783, 0.0009), 0.5: (0.2012, 0.0005),
           1.0: (0.09951, 0.00022), 2.0: (0.03472, 0.00008), 3.0: (0.01372, 0.00003), 5.0: (0.002026, 0.000005),
           8.0: (3.098e-5, 0.009e-5)}
C5_TAUTAU = {0.1: (0.2397, 0.0011), 1.0: (0.05013, 0.00017), 3.0: (0.005636, 0.000020)}


@pytest.mark.parametrize("process, table", [(MUMU, C5_MUMU), (TAUTAU, C5_TAUTAU)])
def test_sigma_matches_independent_monte_carlo(process, table):
    m = np.array(list(table))
    ref, err = np.array(list(table.values())).T
    got = LmuLtau(mass=m, g=1.0).cross_section(process, alpha="0") / 1e6  # fb -> nb
    pulls = (got - ref) / err
    # 9 + 3 independent MC numbers with stated 1-sigma errors: each within 3 sigma, and chi2 reasonable
    assert np.all(np.abs(pulls) < 3), pulls
    assert np.sum(pulls**2) < 3 * len(m), pulls


def test_sigma_soft_eikonal_limit():
    """dsigma/domega -> sigma_0 (g^2/2 pi^2) [((1+b^2)/2b) ln((1+b)/(1-b)) - 1] / omega (PHYSICS.md C5),
    for m_Z'/omega << m_mu/E_mu and omega << sqrt(s): integrate both over an E_Z' window through the
    Dalitz route. The exact result approaches the eikonal one linearly in omega/sqrt(s)."""
    import pheno.phasespace as ps

    s = SQRT_S**2
    mx, w1, w2 = 1e-6, 0.01, 0.02  # collinear cut-off set by m_mu, not by m_Z'
    beta = math.sqrt(1 - 4 * C.M_MU**2 / s)
    bracket = (1 + beta**2) / (2 * beta) * math.log((1 + beta) / (1 - beta)) - 1
    alpha = C.ALPHA0
    sigma0 = 4 * math.pi * alpha**2 / (3 * s) * beta * (3 - beta**2) / 2
    eik = sigma0 / (2 * math.pi**2) * bracket * math.log(w2 / w1)
    # Dalitz integral over s12 in the window: E_q = (s + mx^2 - s12)/(2 sqrt s)
    from scipy import integrate

    def d_ds12(s12):
        lam = ps._kallen(s, s12, mx * mx)
        beta12 = math.sqrt(1 - 4 * C.M_MU**2 / s12)
        a, b = 0.5 * (s - s12 - mx * mx), 0.5 * beta12 * math.sqrt(lam)
        xi, wi = ps.gauss_legendre01(64)
        return ps._inner(0, s, C.M_MU, mx, s12, a, b, 2 * s, xi, wi)

    lo, hi = s + mx * mx - 2 * math.sqrt(s) * w2, s + mx * mx - 2 * math.sqrt(s) * w1
    integral, _ = integrate.quad(d_ds12, lo, hi, epsrel=1e-10)
    sigma = (4 * math.pi * alpha) ** 2 / (6 * s * s) * integral / (128 * math.pi**3 * s)
    # correction O(omega/sqrt(s)) ~ 3e-3 (measured: -3.06e-3)
    assert sigma == pytest.approx(eik, rel=5e-3)
    # a 10x softer window is 10x closer: the deviation is the O(omega/sqrt s) term (measured -3.1e-4)
    lo2, hi2 = s + mx * mx - 2 * math.sqrt(s) * w2 / 10, s + mx * mx - 2 * math.sqrt(s) * w1 / 10
    integral2, _ = integrate.quad(d_ds12, lo2, hi2, epsrel=1e-10)
    sigma2 = (4 * math.pi * alpha) ** 2 / (6 * s * s) * integral2 / (128 * math.pi**3 * s)
    assert abs(sigma / eik - 1) / abs(sigma2 / eik - 1) == pytest.approx(10, rel=0.1)


def test_sigma_scales_with_g_squared_and_alpha_squared():
    m = np.array([0.05, 1.0, 6.0])
    s1 = LmuLtau(mass=m, g=1.0).cross_section(MUMU, alpha="0")
    s2 = LmuLtau(mass=m, g=0.01).cross_section(MUMU, alpha="0")
    np.testing.assert_allclose(s2 / 1e-4, s1, rtol=1e-12)
    s3 = LmuLtau(mass=m, g=1.0).cross_section(MUMU, alpha=1 / 127.9)
    np.testing.assert_allclose(s3 / s1, (137.035999084 / 127.9) ** 2, rtol=1e-12)
    s4 = LmuLtau(mass=m, g=1.0).cross_section(MUMU)  # default: running alpha(s)
    np.testing.assert_allclose(s4 / s1, (C.alpha_running(SQRT_S) / C.ALPHA0) ** 2, rtol=1e-12)


def test_sigma_vanishes_at_threshold():
    top = SQRT_S - 2 * C.M_MU
    m = top - np.array([1e-1, 1e-2, 1e-3, 1e-4])
    sig = LmuLtau(mass=m, g=1.0).cross_section(MUMU)
    assert np.all(sig > 0) and np.all(np.diff(sig) < 0)
    # 3-body phase space near threshold: sigma ~ delta^2 (two powers of the small momenta)
    assert sig[-1] / sig[-2] < 0.05
    edge = LmuLtau(mass=np.array([top, top + 1e-9, SQRT_S, 20.0]), g=1.0)
    np.testing.assert_array_equal(edge.cross_section(MUMU), 0.0)
    assert float(LmuLtau(mass=SQRT_S - 2 * C.M_TAU, g=1).cross_section(TAUTAU)) == 0.0


def test_other_sqrt_s_and_arrays_broadcast():
    z = LmuLtau(mass=np.array([[0.5], [1.0]]), g=np.array([1e-3, 1e-2]))
    sig = z.cross_section(MUMU, sqrt_s=10.0, alpha="0")
    assert sig.shape == (2, 2)
    np.testing.assert_allclose(sig[:, 1] / sig[:, 0], 100.0, rtol=1e-12)


# ------------------------------------------------------------------ cuts
def test_open_cuts_full_kinematics_equals_dalitz():
    m = np.array([0.02, 1.0, 7.0])
    z = LmuLtau(mass=m, g=1.0)
    tot = z.cross_section(MUMU)
    mc, err = z.cross_section(MUMU, cuts=Cuts(), method="mc", return_error=True)
    assert np.all(np.abs(mc - tot) < 4 * err + 1e-12 * tot)
    assert np.all(err / tot < 3e-4)


def test_cm_momentum_cut_two_routes_agree():
    m = np.array([0.1, 1.0, 4.0])
    z = LmuLtau(mass=m, g=1.0)
    cuts = Cuts(p_min=1.5)
    exact = z.cross_section(TAUTAU, cuts=cuts)  # Dalitz with the kinks split
    mc, err = z.cross_section(TAUTAU, cuts=cuts, method="mc", return_error=True)
    assert np.all(np.abs(mc - exact) < 4 * err)
    assert np.all(exact < z.cross_section(TAUTAU))


def test_lab_frame_with_equal_beams_is_cm_and_cuts_reduce_sigma():
    m = np.array([0.5, 3.0])
    z = LmuLtau(mass=m, g=1.0)
    cm = Cuts(cos_theta=(-0.8, 0.9), pt_min=0.3, frame="cm")
    lab_sym = Cuts(cos_theta=(-0.8, 0.9), pt_min=0.3, frame="lab", e_minus=5.29, e_plus=5.29)
    a = z.cross_section(MUMU, cuts=cm)
    b = z.cross_section(MUMU, cuts=lab_sym)
    np.testing.assert_allclose(a, b, rtol=1e-12)  # identical points, boost 0
    lab = z.cross_section(MUMU, cuts=Cuts(cos_theta=(-0.8, 0.9), pt_min=0.3, frame="lab"))
    tot = z.cross_section(MUMU)
    assert np.all(a < tot) and np.all(lab < tot) and np.all(lab > 0)
    # boost along +z pushes leptons forward: a forward-only acceptance gains in the lab frame
    fwd_cm = z.cross_section(MUMU, cuts=Cuts(cos_theta=(0.0, 1.0), frame="cm"))
    fwd_lab = z.cross_section(MUMU, cuts=Cuts(cos_theta=(0.0, 1.0), frame="lab"))
    assert np.all(fwd_lab > fwd_cm)


def test_forward_backward_symmetry_in_cm():
    """C symmetry + massless beams: a cut on (0,1) and on (-1,0) give the same rate."""
    z = LmuLtau(mass=np.array([1.0]), g=1.0)
    f = z.cross_section(MUMU, cuts=Cuts(cos_theta=(0.0, 1.0)), return_error=True)
    b = z.cross_section(MUMU, cuts=Cuts(cos_theta=(-1.0, 0.0)), return_error=True)
    assert abs(f[0][0] - b[0][0]) < 4 * math.hypot(f[1][0], b[1][0])
