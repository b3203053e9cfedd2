"""Dark photon, e+e- -> gamma A', dark Higgsstrahlung, recasting -- independent routes only."""
import math

import numpy as np
import pytest

from dirac_reference import dirac_bar, mdot, polarisation_vectors, slash, slash_complex, u_spinors, v_spinors
from pheno import Cuts, coupling_limit, recast_limit
from pheno import constants as C
from pheno.kernels import ee2
from pheno.models import DarkHiggsstrahlung, DarkPhoton

GA = "e+ e- > gamma A'"
AH = "e+ e- > A' h'"
S = 10.58**2


# ------------------------------------------------------------------ widths
def test_leptonic_widths_closed_form_and_check_values():
    for m in (0.01, 0.1, 0.3, 1.0, 3.6, 9.0):
        w = DarkPhoton(mass=m, epsilon=1e-3).widths()
        for l, ml in C.LEPTON_MASS.items():
            x = ml**2 / m**2
            ref = 0.0 if m <= 2 * ml else C.ALPHA0 * 1e-6 * m / 3 * (1 + 2 * x) * math.sqrt(1 - 4 * x)
            assert float(w[f"{l}+ {l}-"]) == pytest.approx(ref, rel=1e-12, abs=0)
    # PHYSICS.md A1 (eps = 1)
    assert float(DarkPhoton(mass=0.1, epsilon=1).widths()["e+ e-"]) == pytest.approx(2.4325e-4, rel=5e-5)
    w1 = DarkPhoton(mass=1.0, epsilon=1).widths()
    assert float(w1["e+ e-"]) == pytest.approx(2.43245e-3, rel=5e-6)
    assert float(w1["mu+ mu-"]) == pytest.approx(2.43060e-3, rel=5e-6)
    a = DarkPhoton(mass=0.1, epsilon=1e-4)
    assert float(a.ctau()) == pytest.approx(81.1e-6, rel=1e-3)  # ee only below 2 m_mu


def test_hadronic_width_uses_point_like_R_convention():
    from pheno.hadrons import R_ratio

    for m in (0.3, 0.775, 1.02, 3.0, 7.0):
        w = float(DarkPhoton(mass=m, epsilon=1.0).widths()["hadrons"])
        assert w == pytest.approx(C.ALPHA0 * m / 3 * float(R_ratio(m)), rel=1e-12)
        assert w > 0
    assert float(DarkPhoton(mass=0.13, epsilon=1.0).widths()["hadrons"]) == 0.0  # below m_pi0 (pi0 gamma)
    # continuum: Gamma_had/Gamma_mumu -> R ~ N_c sum Q^2 (1 + alpha_s/pi) ~ 2.2 at 3 GeV (PHYSICS.md A2)
    w3 = DarkPhoton(mass=3.0, epsilon=1.0).widths()
    assert float(w3["hadrons"] / w3["mu+ mu-"]) == pytest.approx(2.17, rel=0.03)


def test_exclusive_channel_widths():
    from pheno.hadrons import CHANNELS, R_exclusive

    m = np.array([0.2, 0.3, 0.5, 0.775, 1.0, 1.5, 2.0, 3.5, 5.0])
    a = DarkPhoton(mass=m, epsilon=1e-3)
    ex = a.hadronic_widths()
    assert list(ex) == list(CHANNELS)
    np.testing.assert_allclose(sum(ex.values()), a.widths()["hadrons"], rtol=1e-12)
    for ch in ("pi+ pi-", "K+ K-", "other"):
        np.testing.assert_allclose(ex[ch], C.ALPHA0 * 1e-6 * m / 3 * R_exclusive(m, ch), rtol=1e-12)
    # below the omega region the hadronic width is pi+ pi- (plus tiny pi0 gamma); below 2 m_pi only pi0 gamma
    assert ex["pi+ pi-"][1] / a.widths()["hadrons"][1] > 0.99
    assert ex["pi0 gamma"][0] == pytest.approx(a.widths()["hadrons"][0], rel=1e-3)  # + quarkonium tails
    # point-like pions near threshold: R_pipi -> beta^3/4 with |F_pi(s)|^2 > 1 (rho tail) at 0.3 GeV
    beta = np.sqrt(1 - 4 * 0.13957**2 / 0.09)
    assert ex["pi+ pi-"][1] > C.ALPHA0 * 1e-6 * 0.3 / 3 * beta**3 / 4


def test_hadronic_width_continuous_at_two_pion_threshold():
    """Regression (was a step of 2.4e-4 Gamma_mumu): Gamma(A' -> hadrons) is continuous at 2 m_pi+."""
    from pheno.vmd import M_PI

    m = 2 * M_PI * (1 + np.array([-1e-9, 1e-9]))
    w = DarkPhoton(mass=m, epsilon=1.0).widths()
    assert abs(w["hadrons"][1] - w["hadrons"][0]) < 1e-9 * w["mu+ mu-"][0]


def test_dark_matter_widths_and_bfs():
    a = DarkPhoton(mass=1.0, epsilon=1.0, alpha_D=0.5, m_chi=0.3)
    assert float(a.widths()["chi chi~"]) == pytest.approx(0.157333, rel=3e-6)  # PHYSICS.md A3
    s = DarkPhoton(mass=1.0, epsilon=1.0, alpha_D=0.5, m_chi=0.3, chi="scalar")
    assert float(s.widths()["chi chi~"]) == pytest.approx(0.0213333, rel=2e-6)
    m = np.geomspace(2e-3, 10.5, 400)  # above 2 m_e: something is open
    b = DarkPhoton(mass=m, epsilon=1e-3, alpha_D=0.1, m_chi=0.05)
    np.testing.assert_allclose(sum(b.branching_ratio(c) for c in b.widths()), 1.0, rtol=1e-13)
    np.testing.assert_allclose(b.branching_ratio("visible") + b.branching_ratio("invisible"), 1.0, rtol=1e-13)
    assert np.all(b.branching_ratio("invisible")[m > 0.2] > 0.999)  # alpha_D >> alpha eps^2
    with pytest.raises(ValueError, match="chi must be one of"):
        DarkPhoton(mass=1.0, epsilon=1e-3, chi="majorana")


def test_delta_a_check_values_and_limits():
    assert float(DarkPhoton(mass=0.1, epsilon=1e-3).delta_a("mu")) == pytest.approx(2.5709e-10, rel=5e-5)
    assert float(DarkPhoton(mass=0.1, epsilon=1e-3).delta_a("e")) == pytest.approx(2.0204e-14, rel=5e-5)
    light = C.ALPHA0 / (2 * math.pi)
    assert float(DarkPhoton(mass=1e-7, epsilon=1).delta_a("mu")) == pytest.approx(light, rel=1e-5)
    heavy = C.ALPHA0 * C.M_MU**2 / (3 * math.pi * 100.0)
    assert float(DarkPhoton(mass=10.0, epsilon=1).delta_a("mu")) == pytest.approx(heavy, rel=3e-3)


# ------------------------------------------------------------------ e+e- -> gamma A'
def _msq_gamma_vector_dirac(s, c, phi, me, m):
    """(1/4) sum |M|^2 with explicit spinors and polarisation vectors (e = g = 1)."""
    E = math.sqrt(s) / 2
    p = math.sqrt(E * E - me * me)
    p1, p2 = np.array([E, 0, 0, p]), np.array([E, 0, 0, -p])
    kk = (s - m * m) / (2 * math.sqrt(s))
    st = math.sqrt(1 - c * c)
    k = kk * np.array([1, st * math.cos(phi), st * math.sin(phi), c])
    q = p1 + p2 - k
    eps_k = polarisation_vectors(np.array([kk + 1.0, *k[1:]]), math.sqrt((kk + 1.0) ** 2 - kk**2))[:2]  # transverse
    eps_q = polarisation_vectors(q, m)
    prop1 = (slash(p1 - k) + me * np.eye(4)) / (mdot(p1 - k, p1 - k) - me * me)
    prop2 = (slash(p1 - q) + me * np.eye(4)) / (mdot(p1 - q, p1 - q) - me * me)
    total = 0.0
    for u in u_spinors(p1, me):
        for v in v_spinors(p2, me):
            for ea in eps_k:
                for eb in eps_q:
                    ga = slash_complex(np.conj(ea))
                    gb = slash_complex(np.conj(eb))
                    amp = dirac_bar(v) @ (gb @ prop1 @ ga + ga @ prop2 @ gb) @ u
                    total += abs(amp) ** 2
    return total / 4


def test_gamma_vector_kernel_matches_explicit_dirac_matrices():
    rng = np.random.default_rng(11)
    me = 0.01  # a heavy "electron" so that the m_e terms matter numerically
    for m in (0.05, 1.0, 8.0):
        for _ in range(4):
            c, phi = rng.uniform(-0.99, 0.99), rng.uniform(0, 2 * math.pi)
            E = math.sqrt(S) / 2
            p = math.sqrt(E * E - me * me)
            kk = (S - m * m) / (2 * math.sqrt(S))
            a, b = E * kk - p * kk * c, E * kk + p * kk * c
            ref = _msq_gamma_vector_dirac(S, c, phi, me, m)
            assert ee2.gamma_vector(S, a, b, me, m) == pytest.approx(ref, rel=1e-10)


def _sigma_massive_symmetric(m, c0, eps=1.0, alpha=C.ALPHA0):
    """PHYSICS.md A4 closed form with m_e, |cos| < c0 (nb)."""
    me = C.M_E
    r, beta = m * m / S, math.sqrt(1 - 4 * me**2 / S)
    ell = math.log((1 + beta * c0) / (1 - beta * c0))
    br = (-4 * c0 + 4 / beta * (S * S + m**4 + 4 * me**2 * (S - m * m) - 8 * me**4) / (S - m * m) ** 2 * ell
          - 32 * me**2 * (m * m + 2 * me**2) * c0 / ((S - m * m) ** 2 * (1 - beta**2 * c0**2)))
    return math.pi * alpha**2 * eps**2 * (1 - r) / (S * beta) * br * C.GEV2_TO_FB / 1e6


def _sigma_massless(m, c1, c2, eps=1.0, alpha=C.ALPHA0):
    """PHYSICS.md A4 massless-electron closed form with an acceptance (nb)."""
    r = m * m / S
    L = lambda c: math.log((1 + c) / (1 - c))
    return 2 * math.pi * alpha**2 * eps**2 / S * (((1 + r * r) / (1 - r)) * (L(c2) - L(c1)) - (1 - r) * (c2 - c1)) \
        * C.GEV2_TO_FB / 1e6


@pytest.mark.parametrize("m", [0.001, 0.1, 1.0, 5.0, 9.0, 10.5])
def test_sigma_gamma_aprime_closed_forms(m):
    a = DarkPhoton(mass=m, epsilon=1.0)
    full = float(a.cross_section(GA)) / 1e6
    assert full == pytest.approx(_sigma_massive_symmetric(m, 1.0), rel=1e-9)
    cut = float(a.cross_section(GA, cuts=Cuts(cos_theta=(-0.9, 0.9)))) / 1e6
    assert cut == pytest.approx(_sigma_massive_symmetric(m, 0.9), rel=1e-9)
    assert cut == pytest.approx(_sigma_massless(m, -0.9, 0.9), rel=1e-6)  # massive vs massless route


def test_sigma_gamma_aprime_check_values_and_lab_acceptance():
    # PHYSICS.md A4 table (nb, eps = 1): full angle, |cos*| < 0.9, Belle II ECL 12.4-155.1 deg in the lab
    table = {0.1: (43.944, 4.7598, 6.4668), 1.0: (44.339, 4.8401, 6.5646), 5.0: (59.397, 7.6381, 10.016),
             9.0: (242.24, 37.207, 47.258)}
    ecl = Cuts(cos_theta=(math.cos(math.radians(155.1)), math.cos(math.radians(12.4))), frame="lab")
    for m, (full, c09, lab) in table.items():
        a = DarkPhoton(mass=m, epsilon=1.0)
        assert float(a.cross_section(GA)) / 1e6 == pytest.approx(full, rel=1e-4)
        assert float(a.cross_section(GA, cuts=Cuts(cos_theta=(-0.9, 0.9)))) / 1e6 == pytest.approx(c09, rel=1e-4)
        got = float(a.cross_section(GA, cuts=ecl)) / 1e6
        assert got == pytest.approx(lab, rel=1e-4)
        # the lab cut is the asymmetric CM range of the massless formula
        c1, c2 = ecl.cm_interval_massless(1.0)
        assert got == pytest.approx(_sigma_massless(m, c1, c2), rel=1e-6)
    assert DarkPhoton(mass=10.58, epsilon=1.0).cross_section(GA) == 0.0


def test_photon_energy_and_pt_cuts_become_angle_cuts():
    m = 2.0
    a = DarkPhoton(mass=m, epsilon=1.0)
    e_gamma = (S - m * m) / (2 * math.sqrt(S))
    # p_T > E sin(theta) <=> |cos| < sqrt(1 - (pt/E)^2)
    pt = 0.5 * e_gamma
    c0 = math.sqrt(1 - 0.25)
    assert float(a.cross_section(GA, cuts=Cuts(pt_min=pt))) == pytest.approx(
        float(a.cross_section(GA, cuts=Cuts(cos_theta=(-c0, c0)))), rel=1e-12)
    assert float(a.cross_section(GA, cuts=Cuts(p_min=e_gamma * 1.01))) == 0.0  # CM: no photon that hard
    # lab p_min: E_lab = gamma E*(1 + beta cos*) >= p_min  <=>  cos* >= ...
    lab = Cuts(p_min=e_gamma, frame="lab")
    beta = lab.beta_lab
    gamma = 1 / math.sqrt(1 - beta**2)
    cmin = (1 / gamma - 1) / beta
    assert lab.cm_interval_massless(e_gamma) == pytest.approx((cmin, 1.0))
    # swapped beams mirror the acceptance: cos* -> -cos*, and the same rate for a symmetric process
    swapped = Cuts(p_min=e_gamma, frame="lab", e_minus=4.0, e_plus=7.0)
    assert swapped.cm_interval_massless(e_gamma) == pytest.approx((-1.0, -cmin))
    assert float(a.cross_section(GA, cuts=swapped)) == pytest.approx(float(a.cross_section(GA, cuts=lab)), rel=1e-12)


# ------------------------------------------------------------------ dark Higgsstrahlung
def _sigma_bpr(ma, mh, eps2alpha_d=1e-9, alpha=C.ALPHA0):
    """PHYSICS.md B1 closed form (fb)."""
    x, y = ma**2 / S, mh**2 / S
    lam = 1 + x * x + y * y - 2 * x - 2 * y - 2 * x * y
    return math.pi * alpha * eps2alpha_d / (3 * S) * math.sqrt(lam) * (lam + 12 * x) / (1 - x) ** 2 * C.GEV2_TO_FB


@pytest.mark.parametrize("ma, mh, ref", [(1.0, 0.5, 0.02903), (3.0, 2.0, 0.04784), (0.2, 7.0, 0.004769),
                                         (5.0, 4.0, 0.06813), (0.01, 0.01, None), (9.0, 1.5, None)])
def test_higgsstrahlung_closed_form(ma, mh, ref):
    d = DarkHiggsstrahlung(m_Ap=ma, m_hp=mh, epsilon=math.sqrt(1e-9 / 0.3), alpha_D=0.3)
    got = float(d.cross_section(AH))
    # the closed form has massless electrons; ours keeps m_e: O(m_e^2/s) = 2e-9 (x a few) differences
    assert got == pytest.approx(_sigma_bpr(ma, mh), rel=5e-8)
    if ref is not None:
        assert got == pytest.approx(ref, rel=3e-4)


def test_higgsstrahlung_limits_and_errors():
    # high-energy limit pi alpha alpha_D eps^2 / (3 s) = 0.02658 fb at eps^2 alpha_D = 1e-9
    small = float(DarkHiggsstrahlung(m_Ap=1e-3, m_hp=1e-3, epsilon=math.sqrt(1e-9), alpha_D=1.0).cross_section(AH))
    assert small == pytest.approx(0.02658, rel=2e-3)
    assert float(DarkHiggsstrahlung(m_Ap=6.0, m_hp=4.58, epsilon=1, alpha_D=1).cross_section(AH)) == 0.0
    with pytest.raises(ValueError, match="cuts"):
        DarkHiggsstrahlung(m_Ap=2.0, m_hp=0.5, epsilon=1, alpha_D=1).cross_section(AH, cuts=Cuts(p_min=1.0))
    with pytest.raises(TypeError, match="not both"):
        DarkHiggsstrahlung(m_Ap=2.0, mass=2.0, m_hp=0.5, epsilon=1, alpha_D=1)


def test_effective_coupling_limit_round_trip():
    m = np.array([4.0, 6.0, 9.0])
    s_ul = np.array([1.7, 3.0, 5.0])
    e2a = DarkHiggsstrahlung.effective_coupling_limit(m, s_ul, m_hp=1.0)
    for alpha_d in (1e-3, 0.5):
        d = DarkHiggsstrahlung(m_Ap=m, m_hp=1.0, epsilon=np.sqrt(e2a / alpha_d), alpha_D=alpha_d)
        np.testing.assert_allclose(d.cross_section(AH) * d.branching_ratio("mu+ mu-"), s_ul, rtol=1e-8)


# ------------------------------------------------------------------ limits and recasting
def test_gamma_aprime_round_trip_with_eps_dependent_bf():
    m = np.array([0.05, 0.5, 2.0, 6.0])
    s_ul = np.array([10.0, 5.0, 3.0, 2.0])
    for fs, params in (("invisible", dict(m_chi=0.01, alpha_D=1e-6)), ("mu+ mu-", {})):
        if fs == "mu+ mu-":
            from pheno.limits import LimitWarning

            with pytest.warns(LimitWarning, match="BF = 0"):  # A' -> mu mu closed at 50 MeV
                eps = coupling_limit(DarkPhoton, GA, m, s_ul, final_state=fs, **params)
            assert np.isnan(eps[0])
        else:
            eps = coupling_limit(DarkPhoton, GA, m, s_ul, final_state=fs, **params)
        ok = np.isfinite(eps)
        a = DarkPhoton(mass=m[ok], epsilon=eps[ok], **params)
        np.testing.assert_allclose(a.cross_section(GA) * a.branching_ratio(fs), s_ul[ok], rtol=1e-8)


def test_recast_babar_invisible_limit_to_half_invisible(shared_reference):
    rows = [ln for ln in (shared_reference / "babar2017_invisible_darkphoton_epsilon.csv").read_text().splitlines()
            if ln and not ln.startswith("#")]
    assert rows[0].startswith("mass_GeV,epsilon_UL")
    m, eps = np.array([[float(x) for x in ln.split(",")] for ln in rows[1:]]).T
    keep = m > 0.02  # first rows are a DarkCast low-mass extension (see the file header)
    new = recast_limit(DarkPhoton, GA, m[keep], eps[keep], published=dict(bf=1.0), target=dict(bf=0.5))
    np.testing.assert_allclose(new / eps[keep], math.sqrt(2.0), rtol=1e-9)
    # and to a physical dark sector whose BF(inv) depends on eps: weaker than the BF = 1 limit
    phys = recast_limit(DarkPhoton, GA, m[keep], eps[keep], published=dict(bf=1.0),
                        target=dict(final_state="invisible", m_chi=0.005, alpha_D=1e-5))
    ok = np.isfinite(phys)
    assert ok.sum() > 0.9 * keep.sum()
    assert np.all(phys[ok] > eps[keep][ok])


def test_recast_lmultau_between_bf_assumptions():
    from pheno.models import LmuLtau

    m = np.array([0.5, 1.0, 3.0, 5.0])
    g_full = np.array([1e-3, 2e-3, 5e-3, 1e-2])  # a "fully invisible" (BF = 1) limit
    vanilla = recast_limit(LmuLtau, "e+ e- > mu+ mu- Z'", m, g_full, published=dict(bf=1.0),
                           target=dict(final_state="invisible"))
    bf = LmuLtau(mass=m, g=1.0).branching_ratio("invisible")
    np.testing.assert_allclose(vanilla, g_full / np.sqrt(bf), rtol=1e-9)
