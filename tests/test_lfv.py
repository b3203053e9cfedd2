"""LFV ALP and Z' in tau -> l alpha (and mu -> e alpha): widths against explicit spinors and closed forms,
PHYSICS.md M4 check values, Goldstone equivalence, coupling normalisations, the BF-limit conversion (lower
limits on the scale f, ratio limits, limit files), ARGUS and the Belle II reference copy."""
import math
import warnings

import numpy as np
import pytest

from dirac_reference import GAMMA5, IDENTITY4, dirac_bar, mdot, polarisation_vectors, slash, slash_complex, u_spinors
from pheno import RelativeLimit, coupling_limit
from pheno import constants as C
from pheno.limits import LimitWarning
from pheno.models import LFVALP, LFVZprime
from pheno.particles import sm_particle
from pheno.widths import fermion_to_fermion_alp, fermion_to_fermion_vector

M_TAU, M_E, M_MU = 1.77693, 0.51099895e-3, 0.1056583755   # GeV, typed from PDG 2024 / CODATA 2018
GAMMA_TAU = 6.582119569e-25 / 290.3e-15                     # hbar / PDG tau mean life (290.3 fs) [GeV]


# ------------------------------------------------------------------ widths against explicit Dirac spinors
def _decay_kinematics(M, m, mx, rng):
    p = math.sqrt((M**2 - (m + mx) ** 2) * (M**2 - (m - mx) ** 2)) / (2 * M)
    n = rng.normal(size=3)
    n /= np.linalg.norm(n)
    return np.array([M, 0, 0, 0.0]), np.concatenate([[math.hypot(p, m)], p * n]), np.concatenate([[math.hypot(p, mx)], -p * n]), p


def _explicit_width(M, m, mx, vertex_matrices, rng):
    """Gamma = p/(8 pi M^2) (1/2) sum |ubar(l) V u(tau)|^2 with explicit spinors (tau at rest)."""
    P, k, q, p = _decay_kinematics(M, m, mx, rng)
    u_tau = np.array(u_spinors(P, M))
    ubar_l = dirac_bar(np.array(u_spinors(k, m)))
    msq = sum(np.sum(np.abs(np.einsum("ai,ij,bj->ab", ubar_l, v, u_tau)) ** 2) for v in vertex_matrices(q))
    return p / (8 * math.pi * M**2) * msq / 2


@pytest.mark.parametrize("m, ma", [(M_E, 0.0), (M_MU, 0.0), (M_MU, 0.7), (M_MU, 1.5), (M_E, 1.7)])
def test_alp_width_matches_explicit_derivative_vertex(m, ma):
    """The derivative vertex i q_mu gamma^mu (c_v + c_a g5) evaluated with spinors (no equations of motion used)."""
    rng = np.random.default_rng(11)
    for c_v, c_a in ((1.0, 0.0), (0.0, 1.0), (0.3, -0.8)):
        ref = _explicit_width(M_TAU, m, ma, lambda q: [slash(q) @ (c_v * IDENTITY4 + c_a * GAMMA5)], rng)
        assert float(fermion_to_fermion_alp(M_TAU, m, ma, c_v, c_a)) == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("m, mv", [(M_E, 0.05), (M_MU, 0.3), (M_MU, 1.2), (M_E, 1.7)])
def test_vector_width_matches_explicit_polarisation_sum(m, mv):
    rng = np.random.default_rng(12)
    for g_v, g_a in ((1.0, 0.0), (0.0, 1.0), (0.6, 0.25)):
        chiral = g_v * IDENTITY4 + g_a * GAMMA5
        ref = _explicit_width(M_TAU, m, mv, lambda q: [slash_complex(e) @ chiral for e in np.conj(polarisation_vectors(q, mv))], rng)
        assert float(fermion_to_fermion_vector(M_TAU, m, mv, g_v, g_a)) == pytest.approx(ref, rel=1e-12)


def _widths_mpmath(M, m, mx, c_v, c_a):
    """The ALP and vector widths at 50 digits from the unfactorised formulas (docs/physics.md M1, M2) at the
    exact binary values of the float inputs: (ALP, vector)."""
    import mpmath as mp

    with mp.workdps(50):
        M, m, mx = (mp.mpf(float(v)) for v in (M, m, mx))
        lam = (M**2 - (m + mx) ** 2) * (M**2 - (m - mx) ** 2)
        root = mp.sqrt(lam) / (16 * mp.pi * M**3)
        alp = root * (c_a**2 * (M + m) ** 2 * ((M - m) ** 2 - mx**2) + c_v**2 * (M - m) ** 2 * ((M + m) ** 2 - mx**2))
        vec = root * ((c_v**2 + c_a**2) * ((M * M - m * m) ** 2 + mx**2 * (M * M + m * m) - 2 * mx**4) / mx**2
                      - 6 * m * M * (c_v**2 - c_a**2))
        return float(alp), float(vec)


@pytest.mark.parametrize("m", [0.0, M_E, M_MU])
def test_widths_near_threshold_against_mpmath(m):
    """delta = m_tau - m - m_X down to 1e-13 GeV: the product forms lose only the rounding of m_tau - m
    (<= eps/2 absolute, 1 <= m_tau - m < 2) in the difference with m_X; the widths vanish as delta^(1/2) (ALP,
    axial Z') or delta^(3/2) (vector Z'), so their relative error is <= (3/2)(eps/2)/delta (plus a few eps).
    lambda as a difference of squares lost up to all digits there (4.6e-6 at 1e-10 GeV below the
    tau -> mu threshold, x170 for m = 0)."""
    for delta in (1e-4, 1e-7, 1e-10, 1e-13):
        mx = M_TAU - m - delta
        tol = 0.75 * np.finfo(float).eps / delta + 1e-13
        for c_v, c_a in ((1.0, 0.0), (0.0, 1.0), (0.6, 0.8)):
            alp, vec = _widths_mpmath(M_TAU, m, mx, c_v, c_a)
            assert float(fermion_to_fermion_alp(M_TAU, m, mx, c_v, c_a)) == pytest.approx(alp, rel=tol, abs=0), delta
            assert float(fermion_to_fermion_vector(M_TAU, m, mx, c_v, c_a)) == pytest.approx(vec, rel=tol, abs=0), delta


def test_massless_limit_closed_form_and_closed_channels():
    f = 1e6
    for cv, ca in ((1.0, 0.0), (0.0, 1.0), (0.6, 0.8)):
        a = LFVALP(mass=0.0, f=f, C_V={"tau e": cv}, C_A={"tau e": ca})
        width = float(a.production_branching_ratio("tau- > e- a")) * a.process("tau- > e- a").parent_width
        # m_l -> 0 closed form (|C^V|^2 + |C^A|^2) m_tau^3/(64 pi f^2), evaluated at m_e = 0 by the engine function
        exact0 = (cv**2 + ca**2) * M_TAU**3 / (64 * math.pi * f**2)
        assert float(fermion_to_fermion_alp(M_TAU, 0.0, 0.0, cv / (2 * f), ca / (2 * f))) == pytest.approx(exact0, rel=1e-12)
        assert width == pytest.approx(exact0, rel=2e-3)   # m_e effect: ~ 2 m_e/m_tau
    # closed at m_a >= m_tau - m_l: exactly 0, never NaN
    a = LFVALP(mass=[M_TAU - M_MU - 1e-9, M_TAU - M_MU, 1.9], f=1e6, C_V={"tau mu": 1.0})
    bf = a.production_branching_ratio("tau- > mu- a")
    assert bf[0] > 0 and bf[1] == 0 and bf[2] == 0
    z = LFVZprime(mass=[1.7, 1.8], g_V={"tau e": 1.0})
    assert np.all(np.isfinite(z.production_branching_ratio("tau- > e- Z'")))


def test_pdg_tau_lifetime_is_the_mean_life():
    assert sm_particle("tau-").width == pytest.approx(GAMMA_TAU, rel=1e-12)
    assert sm_particle("tau-").lifetime_s == pytest.approx(290.3e-15, rel=1e-12)


# PHYSICS.md M4 (BR for f = 1e6 GeV and a single coupling set to 1), quoted to 5 digits
M4 = {0.0: (1.2307e-2, 1.2307e-2, 1.2177e-2, 1.2177e-2), 0.5: (1.0436e-2, 1.0435e-2, 1.0412e-2, 1.0200e-2),
      1.0: (5.7476e-3, 5.7446e-3, 5.9341e-3, 5.3070e-3), 1.5: (1.0181e-3, 1.0152e-3, 1.1849e-3, 6.3099e-4)}


@pytest.mark.parametrize("ma", list(M4))
def test_physics_md_m4_branching_ratios(ma):
    got = []
    for lep in ("e", "mu"):
        for kind in ("C_V", "C_A"):
            a = LFVALP(mass=ma, f=1e6, **{kind: {f"tau {lep}": 1.0}})
            got.append(float(a.production_branching_ratio(f"tau- > {lep}- a")))
    np.testing.assert_allclose(got, M4[ma], rtol=1e-4)   # 5 quoted digits: <= 5e-5 rounding


def test_zprime_m4_values_and_goldstone_equivalence():
    for mz, ref in ((0.1, 4.92e-6), (0.5, 1.934e-7), (1.0, 3.75e-8)):
        z = LFVZprime(mass=mz, g_V={"tau e": 1e-9})
        assert float(z.production_branching_ratio("tau- > e- Z'")) == pytest.approx(ref, rel=3e-3)  # 3-4 digits quoted
    # m_Z' = 0.05 GeV: the Z' width equals the ALP width with C/(2f) = g/m_Z' (issue 9: to 0.5 %)
    mz, g = 0.05, 1e-9
    for lep in ("e", "mu"):
        for zk, ak in (("g_V", "C_V"), ("g_A", "C_A")):
            z = LFVZprime(mass=mz, **{zk: {f"tau {lep}": g}})
            a = LFVALP(mass=mz, f=1.0, **{ak: {f"tau {lep}": 2 * g / mz}})
            ratio = z.production_branching_ratio(f"tau- > {lep}- Z'") / a.production_branching_ratio(f"tau- > {lep}- a")
            assert abs(float(ratio) - 1) < 5e-3
            assert abs(float(ratio) - 1) > 1e-4   # the transverse modes are there: not an identity


def test_normalisation_maps():
    ma = 0.4
    base = LFVALP(mass=ma, f=2e6, C_V={"tau mu": 0.7}, C_A={"tau mu": -0.2}).production_branching_ratio("tau- > mu- a")
    # chiral: C^V = k_L + k_R, C^A = k_R - k_L
    chiral = LFVALP(mass=ma, f=2e6, k_L={"mu tau": 0.45}, k_R={"tau mu": 0.25}).production_branching_ratio("tau- > mu- a")
    assert chiral == pytest.approx(base, rel=1e-14)
    # (c/Lambda) d a lbar g l': C = 2c, f = Lambda; F = Lambda/c
    lam, c = 3e6, 0.5
    a = LFVALP(mass=ma, f=lam, C_V={"tau mu": 2 * c})
    assert float(a.effective_scale("tau mu")) == pytest.approx(lam / c, rel=1e-14)
    width = fermion_to_fermion_alp(M_TAU, M_MU, ma, c / lam, 0.0)   # coupling c/Lambda directly in the vertex
    assert float(a.production_branching_ratio("tau- > mu- a")) == pytest.approx(float(width) / GAMMA_TAU, rel=1e-12)
    # Z' chiral couplings: g_R,L = g_V +- g_A
    z1 = LFVZprime(mass=0.3, g_V={"tau e": 0.5}, g_A={"tau e": 0.1}).production_branching_ratio("tau- > e- Z'")
    z2 = LFVZprime(mass=0.3, g_L={"tau e": 0.4}, g_R={"tau e": 0.6}).production_branching_ratio("tau- > e- Z'")
    assert z2 == pytest.approx(z1, rel=1e-14)


def test_bad_input():
    with pytest.raises(ValueError, match=r"unknown lepton-flavour pair 'tau x'.*tau e.*tau mu.*mu e"):
        LFVALP(mass=0.1, f=1e6, C_V={"tau x": 1.0})
    with pytest.raises(ValueError, match="at least one coupling"):
        LFVALP(mass=0.1, f=1e6)
    with pytest.raises(ValueError, match="no coupling for the 'tau mu' pair"):
        LFVALP(mass=0.1, f=1e6, C_V={"tau e": 1.0}).production_branching_ratio("tau- > mu- a")
    with pytest.raises(ValueError, match="mass must be a finite mass.*> 0"):
        LFVZprime(mass=0.0, g_V={"tau e": 1.0})
    with pytest.raises(ValueError, match="not both"):
        LFVALP(mass=0.1, f=1e6, C_V={"tau e": 1.0}, k_L={"tau e": 1.0})
    with pytest.raises(ValueError, match="bf_invisible"):
        LFVALP(mass=0.1, f=1e6, C_V={"tau e": 1.0}, bf_invisible=1.2)
    with pytest.raises(ValueError, match="unknown process"):
        LFVALP(mass=0.1, f=1e6, C_V={"tau e": 1.0}).production_branching_ratio("tau- > e- Z'")


# ------------------------------------------------------------------ limit conversion
MASSES = np.array([0.0, 0.3, 0.9, 1.5, M_TAU - M_E + 0.01])
BF_UL = np.array([7e-4, 1e-3, 1.4e-3, 2e-4, 1e-3])


def test_f_is_a_lower_limit_with_round_trip_and_closed_form():
    with pytest.warns(LimitWarning, match="kinematically forbidden"):
        res = coupling_limit(LFVALP, "tau- > e- a", mass=MASSES, bf_ul=BF_UL, coupling="f", final_state="invisible",
                             C_V={"tau e": 1.0}, full_output=True)
    assert res.bound == "lower" and res.limit_name == "f_lower_limit"
    ok = np.isfinite(res.coupling)
    assert ok[:4].all() and not ok[4] and "kinematically forbidden" in res.reason[4]
    a = LFVALP(mass=MASSES[ok], f=res.coupling[ok], C_V={"tau e": 1.0})
    np.testing.assert_allclose(a.production_branching_ratio("tau- > e- a"), BF_UL[ok], rtol=1e-8)   # round trip
    # BF scales as 1/f^2: f_min = f0 sqrt(BF(f0)/BF_UL), excluded below, allowed above
    bf0 = LFVALP(mass=MASSES[ok], f=1e6, C_V={"tau e": 1.0}).production_branching_ratio("tau- > e- a")
    np.testing.assert_allclose(res.coupling[ok], 1e6 * np.sqrt(bf0 / BF_UL[ok]), rtol=1e-10)
    for (lo, hi), f in zip([iv[0] for iv in res.intervals if iv], res.coupling[ok]):
        assert hi == f and lo == LFVALP.SCALES["f"][0]


def test_bf_invisible_and_zprime_upper_limit():
    r1 = coupling_limit(LFVALP, "tau- > mu- a", [0.5], bf_ul=[1e-3], final_state="invisible", C_A={"tau mu": 1.0})
    r2 = coupling_limit(LFVALP, "tau- > mu- a", [0.5], bf_ul=[1e-3], final_state="invisible", C_A={"tau mu": 1.0},
                        bf_invisible=0.25)
    assert r2[0] == pytest.approx(r1[0] * 0.5, rel=1e-9)   # BF x BF(inv) ~ 1/f^2: f_min x sqrt(0.25)
    res = coupling_limit(LFVZprime, "tau- > mu- Z'", [0.2, 1.0], bf_ul=[1e-3, 1e-3], final_state="invisible",
                         g_V={"tau mu": 1.0}, full_output=True)
    assert res.bound == "upper" and res.limit_name == "g_ul"
    z = LFVZprime(mass=[0.2, 1.0], g=res.coupling, g_V={"tau mu": 1.0})
    np.testing.assert_allclose(z.production_branching_ratio("tau- > mu- Z'"), [1e-3, 1e-3], rtol=1e-8)


def test_argus_massless_alpha_limits():
    """ARGUS, Z. Phys. C 68 (1995) 25: R_l = BF(tau -> l alpha)/BF(tau -> l nu nu) < 0.015 (e), 0.026 (mu)
    at 95 % CL for a massless alpha (as quoted in PHYSICS.md M3 and by Calibbi et al., arXiv:2006.04795;
    the ARGUS paper itself was not available to re-read). Expected F = 2f/C ~ 4.3e6 (e), 3.3e6 (mu) GeV."""
    for lep, ratio, expected in (("e", 0.015, 4.3e6), ("mu", 0.026, 3.3e6)):
        res = coupling_limit(LFVALP, f"tau- > {lep}- a", mass=[0.0], bf_ul=RelativeLimit([ratio], f"tau- > {lep}- nu nu~"),
                             final_state="invisible", C_V={f"tau {lep}": 1.0}, coupling="f", full_output=True)
        big_f = 2 * res.coupling[0]
        assert big_f == pytest.approx(expected, rel=0.02)
        assert f"BF(tau- > {lep}- nu nu~)" in res.notes[0] and "PDG" in res.notes[0]
        # against the m_l -> 0 closed form F = sqrt(m_tau^3/(16 pi Gamma_tau BF_UL)) (PHYSICS.md M4; 2e-3 m_l effects)
        bf = ratio * C.SM_BRANCHING_FRACTIONS[f"tau- > {lep}- nu nu~"][0]
        assert big_f == pytest.approx(math.sqrt(M_TAU**3 / (16 * math.pi * GAMMA_TAU * bf)), rel=1e-2 if lep == "mu" else 1e-3)


def test_bf_limit_file_and_column_choice(tmp_path):
    f = tmp_path / "lim.csv"
    f.write_text("# a BF limit\nmass_GeV,bf_ul\n0.0,7e-4\n0.9,1.4e-3\n")
    res = coupling_limit(LFVALP, "tau- > e- a", None, bf_ul=f, final_state="invisible", C_V={"tau e": 1.0}, full_output=True)
    direct = coupling_limit(LFVALP, "tau- > e- a", [0.0, 0.9], bf_ul=[7e-4, 1.4e-3], final_state="invisible",
                            C_V={"tau e": 1.0})
    np.testing.assert_allclose(res.coupling, direct, rtol=1e-12)
    two = tmp_path / "two.csv"
    two.write_text("mass_GeV,bf_e,bf_mu\n0.1,1e-3,2e-3\n")
    with pytest.raises(ValueError, match="several columns could be the observed limit: 'bf_e', 'bf_mu'"):
        coupling_limit(LFVALP, "tau- > e- a", None, bf_ul=two, final_state="invisible", C_V={"tau e": 1.0})
    with pytest.raises(ValueError, match="give mass=None"):
        coupling_limit(LFVALP, "tau- > e- a", [0.1], bf_ul=f, final_state="invisible", C_V={"tau e": 1.0})
    with pytest.raises(ValueError, match=r"mass must be finite masses > 0"):   # a Z' cannot be massless
        coupling_limit(LFVZprime, "tau- > e- Z'", [0.0], bf_ul=[1e-3], final_state="invisible", g_V={"tau e": 1.0})


def test_unknown_reference_channel():
    with pytest.raises(ValueError, match="unknown reference channel.*tau- > e- nu nu~"):
        RelativeLimit([0.01], "tau- > e- nu")


def test_muon_decay_uses_the_muon_lifetime():
    a = LFVALP(mass=0.0, f=1e9, C_V={"mu e": 1.0})
    gamma_mu = C.HBAR_GEV_S / 2.1969811e-6   # PDG muon lifetime [s]
    # C^A = 0, m_a = 0: Gamma = (M^2 - m^2)^3 / (64 pi M^3 f^2) (PHYSICS.md M1 at m_a = 0)
    expected = (M_MU**2 - M_E**2) ** 3 / (64 * math.pi * M_MU**3 * 1e18) / gamma_mu
    assert float(a.production_branching_ratio("mu- > e- a")) == pytest.approx(expected, rel=1e-4)


def test_belle2_reference_copy_converts_to_the_physics_md_values(shared_reference):
    """PHYSICS.md M4: F_min = 8.05e6 (e) and 1.02e7 (mu) GeV from the m = 0 row of the (unverified) copy."""
    from pheno import read_limit_file

    path = shared_reference / "belle2_2023_tau_l_alpha_unverified.csv"
    bf_ul = {}
    for lep in ("e", "mu"):   # two limit columns: named explicitly (a file with several is never guessed)
        table = read_limit_file(path, mass_column="m_lo_GeV", limit_column=f"UL_tau_{lep}_alpha", quantity="bf",
                                cl=0.9)   # the copy names 90 % (its source's setting) and 95 % (the abstract)
        mass, bf_ul[lep] = table.mass, table.limit
    assert mass[0] == 0.0 and mass.size == 7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f_e = coupling_limit(LFVALP, "tau- > e- a", mass, bf_ul=bf_ul["e"], final_state="invisible", C_V={"tau e": 1.0})
        f_mu = coupling_limit(LFVALP, "tau- > mu- a", mass, bf_ul=bf_ul["mu"], final_state="invisible", C_V={"tau mu": 1.0})
    assert 2 * f_e[0] == pytest.approx(8.05e6, rel=2e-3)
    assert 2 * f_mu[0] == pytest.approx(1.02e7, rel=3e-3)


@pytest.mark.parametrize("make", [
    lambda: LFVALP(mass=0.5, f=1e6, C_V={"tau e": 1.0}, bf_invisible=0.7),
    lambda: LFVZprime(mass=0.5, g_V={"tau e": 1e-9}, bf_invisible=0.7),
])
def test_branching_ratios_of_a_model_whose_bfs_are_parameters(make):
    """Regression: branching_ratios() came from the (empty) widths and gave 0 for these models."""
    x = make()
    assert {k: float(v) for k, v in x.branching_ratios().items()} == pytest.approx({"invisible": 0.7, "visible": 0.3})
