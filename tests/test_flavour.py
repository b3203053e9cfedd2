"""B -> K(*) X matrix elements (pheno.flavour) against PHYSICS.md F3b/F3c and independent routes."""
import math

import numpy as np
import pytest

from pheno import constants as C
from pheno import flavour as F

# PHYSICS.md F3b table (computed there independently, with flavio-like masses)
Q2 = np.array([0.0, 0.25, 1.0, 4.0, 9.0])
F0_GKVD = [0.3291, 0.3313, 0.3383, 0.3691, 0.4347]
F0_HPQCD = [0.3319, 0.3340, 0.3402, 0.3680, 0.4279]
A0_BSZ = [0.3692, 0.3747, 0.3918, 0.4725, 0.6711]

# PHYSICS.md F3c: m_t = 172.57, |V_ts V_tb| = 0.0405, v = 246.22; tau_B+ = 1.638 ps, tau_B0 = 1.517 ps
M_S = np.array([0.5, 1.0, 2.0, 3.0])
GAMMA_BK = [1.827e-13, 1.851e-13, 1.950e-13, 2.113e-13]
BR_BK = [0.455, 0.461, 0.485, 0.526]
BR_BK_HPQCD = [0.462, 0.466, 0.483, 0.509]
GAMMA_BKST = [2.154e-13, 2.152e-13, 2.106e-13, 1.843e-13]
BR_BKST = [0.496, 0.496, 0.485, 0.425]
TAU_BP, TAU_B0 = 1.638e-12, 1.517e-12


@pytest.mark.parametrize("ff, table", [(F.F0_BK_GKVD2018, F0_GKVD), (F.F0_BK_HPQCD2022, F0_HPQCD),
                                       (F.A0_BKSTAR_BSZ2015, A0_BSZ)])
def test_form_factors_match_tabulated_values(ff, table):
    np.testing.assert_allclose(ff(Q2), table, atol=1e-3 * 0.51)   # the table is rounded to 4 digits


def test_z_expansion_t0_closed_form():
    """t0 = t+(1 - sqrt(1 - t-/t+)) equals (m_B + m_M)(sqrt m_B - sqrt m_M)^2 (PHYSICS.md F3b): z(t0) = 0."""
    from pheno.particles import mass

    mb, mk = mass("B0"), mass("K0")
    t0 = (mb + mk) * (math.sqrt(mb) - math.sqrt(mk)) ** 2
    assert abs(F.F0_BK_GKVD2018.z(t0)) < 1e-12
    assert F.F0_BK_GKVD2018(0.0) == pytest.approx(0.3290899285463681, rel=1e-12)   # f0(0) = a0 (= f+(0))
    assert F.F0_BK_HPQCD2022(0.0) == pytest.approx(0.2546162729845652 * 1.3036556717286227, rel=1e-12)


def test_xi_bs_value():
    """PHYSICS.md F3c: xi = 3.7796e-4 for m_t = 172.57, |V_ts V_tb| = 0.0405; scales as m_t^2."""
    assert F.xi_bs(172.57, 0.0405) == pytest.approx(3.7796e-4, rel=1e-4)
    assert F.xi_bs(162.5, 0.0405) / F.xi_bs(172.57, 0.0405) == pytest.approx((162.5 / 172.57) ** 2, rel=1e-12)


def _gs():
    return F.higgs_portal_couplings(1.0, 172.57, 0.0405)


def test_widths_and_bfs_match_physics_md_check_values():
    g_s, g_p = _gs()
    gk = F.width_to_pseudoscalar(M_S, g_s, "B+", "K+")
    np.testing.assert_allclose(gk, GAMMA_BK, rtol=0.01)
    np.testing.assert_allclose(gk * TAU_BP / C.HBAR_GEV_S, BR_BK, rtol=0.01)
    gh = F.width_to_pseudoscalar(M_S, g_s, "B+", "K+", form_factor=F.F0_BK_HPQCD2022)
    np.testing.assert_allclose(gh * TAU_BP / C.HBAR_GEV_S, BR_BK_HPQCD, rtol=0.01)
    gv = F.width_to_vector(M_S, g_p, "B0", "K*0")
    np.testing.assert_allclose(gv, GAMMA_BKST, rtol=0.01)
    np.testing.assert_allclose(gv * TAU_B0 / C.HBAR_GEV_S, BR_BKST, rtol=0.01)


def test_width_against_explicit_two_body_formula():
    """Independent route: Gamma = |p| |M|^2 / (8 pi m_B^2) with M = (g/2) <K|sbar b|B> typed from F3a,
    and the m_b-free form xi^2 (m_B^2 - m_K^2)^2 f0^2 |p| / (32 pi v^2 m_B^2) of F3a."""
    from pheno.particles import mass

    mb, mk, ms_ = mass("B+"), mass("K+"), 1.3
    p = math.sqrt((mb**2 - (mk + ms_) ** 2) * (mb**2 - (mk - ms_) ** 2)) / (2 * mb)
    f0 = float(F.F0_BK_GKVD2018(ms_**2))
    xi = F.xi_bs(172.57, 0.0405)
    m_b = 4.183
    g = xi * m_b / C.V_EW   # coefficient of S sbar P_R b
    amp = 0.5 * g * (mb**2 - mk**2) / m_b * f0
    expected = p * amp**2 / (8 * math.pi * mb**2)
    assert F.width_to_pseudoscalar(ms_, _gs()[0], "B+", "K+") == pytest.approx(expected, rel=1e-12)
    closed = xi**2 * (mb**2 - mk**2) ** 2 * f0**2 * p / (32 * math.pi * C.V_EW**2 * mb**2)
    assert expected == pytest.approx(closed, rel=1e-12)


def test_vector_width_against_polarisation_sum():
    """Independent route for B -> K* X: sum over the three K* polarisation vectors of |eps*.q|^2 built
    explicitly in the B rest frame equals m_B^2 |p|^2 / m_K*^2 (F3a), so Gamma = g_P^2 A0^2 (2 m_K*)^2
    sum|eps.q|^2 /(m_b^2) |p| / (8 pi m_B^2)."""
    from pheno.particles import mass

    mb, mv, mx = mass("B0"), mass("K*0"), 2.2
    p = math.sqrt((mb**2 - (mv + mx) ** 2) * (mb**2 - (mv - mx) ** 2)) / (2 * mb)
    ev = math.hypot(p, mv)
    q = np.array([mb - ev, 0.0, 0.0, -p])   # X four-momentum; K* along +z
    eps = [np.array([0, 1, 0, 0.0]), np.array([0, 0, 1, 0.0]), np.array([p / mv, 0, 0, ev / mv])]
    metric = np.diag([1.0, -1.0, -1.0, -1.0])
    pol_sum = sum((e @ metric @ q) ** 2 for e in eps)
    assert pol_sum == pytest.approx(mb**2 * p**2 / mv**2, rel=1e-12)
    g_p = _gs()[1]
    a0 = float(F.A0_BKSTAR_BSZ2015(mx**2))
    amp2 = g_p**2 * (2 * mv * a0 / 4.183) ** 2 * pol_sum
    assert F.width_to_vector(mx, g_p, "B0", "K*0") == pytest.approx(p * amp2 / (8 * math.pi * mb**2), rel=1e-12)


def test_strange_mass_effect_and_closed_channels():
    g_s, g_p = _gs()
    ratio = F.width_to_pseudoscalar(1.0, g_s, m_s=0.0935) / F.width_to_pseudoscalar(1.0, g_s)
    assert ratio == pytest.approx((1 - 0.0935 / 4.183) ** -2, rel=1e-12)   # about +4.6 %
    ratio = F.width_to_vector(1.0, g_p, m_s=0.0935) / F.width_to_vector(1.0, g_p)
    assert ratio == pytest.approx((1 + 0.0935 / 4.183) ** -2, rel=1e-12)
    assert F.width_to_pseudoscalar(4.8, g_s) == 0.0    # m_S > m_B - m_K
    assert F.width_to_vector(4.4, g_p) == 0.0          # m_S > m_B - m_K*
    assert np.all(np.isfinite(F.width_to_vector(np.linspace(0.01, 5.2, 50), g_p)))


def test_bad_inputs():
    with pytest.raises(ValueError, match="m_x"):
        F.width_to_pseudoscalar(-1.0, 1e-6)
    with pytest.raises(ValueError, match="q2"):
        F.F0_BK_GKVD2018(-0.5)
    with pytest.raises(ValueError, match="unknown Standard-Model particle"):
        F.width_to_pseudoscalar(1.0, 1e-6, parent="B++")
