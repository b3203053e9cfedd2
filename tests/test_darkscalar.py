"""Higgs-mixed dark scalar (pheno.models.DarkScalar): widths, lifetime, B -> K(*) S, lifetime-map limits,
the displaced-vertex region, and the dark Higgs of dark Higgsstrahlung.

Reference material (../shared/reference, skipped when absent): Winkler's S -> pi pi, K K widths and the
FORESEE dark-Higgs c*tau / BF tables (digitisations), the Belle II B -> K(*) S lifetime maps.
Digitisation noise of the Winkler tables (deviation of a point from the log-linear interpolation of its
neighbours): median 1.5-2.5 %, at most 3-9 %, on 0.30-0.985 GeV (pi pi) and 1.0-1.2 GeV (K K); 20-60 % at the
pi pi threshold (6.1e-10 vs 1.0e-9 at 0.2831 / 0.2830 GeV) and around the f0(980) peak (4.4e-7 vs 6.4e-7 at
1.0083 / 1.0066 GeV); the K K table opens at 0.991 GeV instead of 2 m_K+ = 0.987 GeV. The theory uncertainty
of the hadronic widths (pheno.scalar_hadrons: ~20 % to a factor ~4 by region) is larger and sets the
tolerances below.
"""
import math
import warnings

import numpy as np
import pytest

from pheno import LimitMap, coupling_limit
from pheno import constants as C
from pheno.decay import BELLE2_BTOKS_DISPLACED
from pheno.limits import LimitWarning, excluded_intervals
from pheno.models import DarkHiggs, DarkHiggsstrahlung, DarkScalar
from pheno.particles import total_width
from pheno.widths import scalar_to_photons

MUMU_MASSES, EE_MASSES = [0.3, 0.5, 0.7, 1.3, 1.5, 4.0], [0.05, 0.1, 0.15, 0.22, 0.25, 1.0]
MAPS = {  # file -> (process, final state, masses to convert)
    "Bp_Kp_mumu_log10BF.csv": ("B+ > K+ S", "mu+ mu-", MUMU_MASSES),
    "Bp_Kp_ee_log10BF.csv": ("B+ > K+ S", "e+ e-", EE_MASSES),
    "B0_Kst0_mumu_log10BF.csv": ("B0 > K*0(> K+ pi-) S", "mu+ mu-", MUMU_MASSES),
    "B0_Kst0_ee_log10BF.csv": ("B0 > K*0(> K+ pi-) S", "e+ e-", EE_MASSES),
}


def _read(path, ncol):
    rows = [line for line in open(path) if not line.startswith("#")]
    header = rows[0].strip().split(",")
    data = np.array([[float(x) if x not in ("", "nan") else np.nan for x in r.strip().split(",")[:ncol]] for r in rows[1:]])
    return header[:ncol], data


# ------------------------------------------------------------------------------------ widths
def test_lepton_widths_closed_form_and_check_values():
    m = np.array([0.05, 0.3, 1.0, 3.0, 4.5])
    s = DarkScalar(mass=m, sin_theta=1e-3)
    w = s.widths()
    for lep, ml in (("e", C.M_E), ("mu", C.M_MU), ("tau", C.M_TAU)):
        beta2 = np.clip(1 - 4 * ml**2 / m**2, 0, None)
        expected = 1e-6 * ml**2 * m * beta2**1.5 / (8 * math.pi * C.V_EW**2)
        np.testing.assert_allclose(w[f"{lep}+ {lep}-"], expected, rtol=1e-12, atol=0)
    one = DarkScalar(mass=1.0, sin_theta=1.0).widths()
    assert float(one["mu+ mu-"]) == pytest.approx(6.842e-9, rel=1e-4)   # PHYSICS.md F2
    assert float(one["e+ e-"]) == pytest.approx(1.714e-13, rel=1e-3)


def test_photon_width_low_energy_theorem():
    """m_S far below every loop particle: F_1 -> 7, F_1/2 -> -4/3, so the amplitude is (7 - 4/3 x 5)/v = 1/(3v)
    for W, t, b, c, tau, mu (sum N_c Q^2 = 3 + 2); corrections O(m_S^2/m_mu^2) ~ 0.3 % at 10 MeV."""
    m = 0.01
    heavy = {C.M_TOP_POLE: 4 / 3, C.M_BOTTOM_POLE: 1 / 3, C.M_CHARM_POLE: 4 / 3, C.M_TAU: 1.0, C.M_MU: 1.0}
    w = scalar_to_photons(m, {mf: mf / C.V_EW for mf in heavy}, C.ALPHA0, colour_charge2=heavy, kappa_w=1.0)
    expected = C.ALPHA0**2 * m**3 / (256 * math.pi**3) * (1 / (3 * C.V_EW)) ** 2
    assert w == pytest.approx(expected, rel=0.01)
    # the SM Higgs at 125 GeV: W-top interference, LO width 9.4e-6 GeV with alpha(0) and pole masses
    # (LHC Higgs WG YR4: 9.28e-6 GeV including QCD and electroweak corrections, a few per cent)
    h = DarkScalar(mass=125.0, sin_theta=1.0).widths()["gamma gamma"]
    assert float(h) == pytest.approx(9.3e-6, rel=0.05)


def test_widths_are_finite_continuous_and_scale_with_sin2():
    m = np.geomspace(1e-3, 10.0, 3000)
    s = DarkScalar(mass=m, sin_theta=1.0)
    total = s.total_width()
    assert np.all(np.isfinite(total)) and np.all(total > 0)
    for edge in (1.2, 2.0):   # smooth fade between the chiral and perturbative regimes
        t = DarkScalar(mass=[edge - 1e-6, edge + 1e-6], sin_theta=1.0).total_width()
        assert t[1] / t[0] == pytest.approx(1.0, abs=1e-4)
    s2 = DarkScalar(mass=m, sin_theta=3e-4)
    np.testing.assert_allclose(s2.total_width(), 9e-8 * total, rtol=1e-12)
    np.testing.assert_allclose(s2.ctau(), C.HBARC_GEV_M / (9e-8 * total), rtol=1e-12)
    assert DarkScalar(mass=1.0, sin_theta=0.0).ctau() == np.inf


def test_pion_pair_widths_open_continuously_at_their_thresholds():
    """Regression: the meson-pair widths used to start at 0.27 GeV instead of 2 m_pi0 = 0.26995 GeV, so pi0 pi0
    was 0 in between and the total width stepped up by 7 % at 0.27 GeV. Each pi pi width now opens at its
    own threshold as beta ~ sqrt(m - 2 m_pi) (S wave, smooth form factor): 4x the distance, 2x the width."""
    from pheno.vmd import M_PI, M_PI0

    for ch, thr in (("pi0 pi0", 2 * M_PI0), ("pi+ pi-", 2 * M_PI)):
        w = DarkScalar(mass=thr * np.array([1 - 1e-9, 1 + 1e-7, 1 + 4e-7]), sin_theta=1.0).widths()[ch]
        assert w[0] == 0.0 and w[1] > 0.0
        assert w[2] / w[1] == pytest.approx(2.0, rel=1e-3)
    for m, dm in ((2 * M_PI0, 1e-12), (0.27, 1e-8), (2 * M_PI, 1e-12)):   # sqrt cusps at the thresholds
        t = DarkScalar(mass=[m - dm, m + dm], sin_theta=1.0).total_width()
        assert t[1] / t[0] == pytest.approx(1.0, abs=1e-4), m


def test_broadcasting_and_hadronic_scale():
    s = DarkScalar(mass=np.array([[0.5], [1.0]]), sin_theta=np.array([1e-4, 1e-3, 1e-2]))
    assert s.ctau().shape == (2, 3)
    np.testing.assert_allclose(s.ctau()[:, 0] / s.ctau()[:, 1], 100.0, rtol=1e-12)
    base, doubled = DarkScalar(mass=0.8, sin_theta=1.0), DarkScalar(mass=0.8, sin_theta=1.0, hadronic_scale=2.0)
    assert float(doubled.widths()["pi+ pi-"]) == pytest.approx(2 * float(base.widths()["pi+ pi-"]), rel=1e-12)
    assert float(doubled.widths()["mu+ mu-"]) == float(base.widths()["mu+ mu-"])
    chiral = DarkScalar(mass=[0.8, 3.0], sin_theta=1.0, hadronic_model="chiral_unitary")
    assert chiral.hadronic_model == "chiral_unitary" and "chiral_unitary" in repr(chiral)
    from pheno.scalar_hadrons import meson_pair_widths, higgs_sources
    assert float(chiral.widths()["pi+ pi-"][0]) == pytest.approx(
        float(meson_pair_widths(0.8, *higgs_sources(1.0), method="chiral_unitary")["pi+ pi-"]), rel=1e-12)
    assert float(chiral.widths()["g g"][1]) == float(DarkScalar(mass=3.0, sin_theta=1.0).widths()["g g"])
    with pytest.raises(ValueError, match="hadronic_model"):
        DarkScalar(mass=1.0, sin_theta=1e-3, hadronic_model="winkler")


WINKLER_REGIONS = [  # (channel, lo, hi, ratio band): stated theory uncertainty of the dispersive widths
    ("pi pi", 0.30, 0.90, (0.8, 1.25)),       # measured 0.88-1.06
    ("pi pi", 0.90, 0.985, (0.5, 2.0)),       # measured 0.91-1.06
    ("pi pi", 0.985, 1.05, (1 / 8, 2.0)),     # measured 0.14-0.90: the K Kbar threshold fall (module docstring)
    ("pi pi", 1.05, 1.2, (1 / 4, 4.0)),       # measured 0.30-0.58: the pi pi share is the uncertain part
    ("sum", 1.05, 1.2, (1 / 2, 2.0)),         # pi pi + K K, measured 0.57-0.87
    ("K K", 1.0, 1.2, (0.5, 2.0)),            # measured 0.82-1.72
    ("sum", 0.97, 1.2, (1 / 4, 4.0)),         # pi pi + K K, measured 0.27-1.02
]


def test_hadronic_widths_against_winkler(shared_reference):
    """Per region, Gamma(dispersive)/Gamma(Winkler) within the stated theory uncertainty (WINKLER_REGIONS);
    below 0.30 GeV (threshold jitter) and at 0.99-1.0 GeV for K K (digitised threshold 0.991 vs 2 m_K+ =
    0.987 GeV) the digitisation is not comparable point by point. The bands are the validation; the integral
    over 0.9-1.1 GeV of pi pi + K K, 0.71 x Winkler, is this code's own output pinned as a regression value."""
    _, pipi = _read(shared_reference / "winkler_scalar_pipi.csv", 2)
    _, kk = _read(shared_reference / "winkler_scalar_KK.csv", 2)
    for channel, lo, hi, (r_lo, r_hi) in WINKLER_REGIONS:
        table = kk if channel == "K K" else pipi
        sel = (table[:, 0] >= lo) & (table[:, 0] <= hi)
        m = table[sel, 0]
        w = DarkScalar(mass=m, sin_theta=1.0).widths()
        ours = {"pi pi": w["pi+ pi-"] + w["pi0 pi0"], "K K": w["K+ K-"] + w["K0 K0~"]}
        ours["sum"] = ours["pi pi"] + ours["K K"]
        theirs = table[sel, 1] + (np.interp(m, kk[:, 0], kk[:, 1], left=0.0) if channel == "sum" else 0.0)
        ratio = ours[channel] / theirs
        assert np.all((ratio > r_lo) & (ratio < r_hi)), (channel, lo, hi, ratio.min(), ratio.max())
    g = np.linspace(0.9, 1.1, 2001)
    w = DarkScalar(mass=g, sin_theta=1.0).widths()
    ours = np.trapezoid(sum(w[c] for c in ("pi+ pi-", "pi0 pi0", "K+ K-", "K0 K0~")), g)
    theirs = np.trapezoid(np.interp(g, pipi[:, 0], pipi[:, 1]) + np.interp(g, kk[:, 0], kk[:, 1], left=0.0), g)
    pinned_integral_ratio = 0.71   # regression value (this code's output when written), not validation
    assert ours / theirs == pytest.approx(pinned_integral_ratio, abs=0.02)


def test_dispersive_is_closer_to_winkler_than_chiral_unitary_below_the_f0(shared_reference):
    """At 0.30-0.95 GeV the dispersive pi pi width is within 15 % of Winkler's (measured 0.88-1.06), the
    chiral unitary one is not (0.62-1.81): why the dispersive result is the default."""
    _, pipi = _read(shared_reference / "winkler_scalar_pipi.csv", 2)
    sel = (pipi[:, 0] >= 0.30) & (pipi[:, 0] <= 0.95)
    for model in ("dispersive", "chiral_unitary"):
        w = DarkScalar(mass=pipi[sel, 0], sin_theta=1.0, hadronic_model=model).widths()
        ratio = (w["pi+ pi-"] + w["pi0 pi0"]) / pipi[sel, 1]
        assert np.all((ratio > 0.85) & (ratio < 1.15)) == (model == "dispersive"), (model, ratio.min(), ratio.max())


@pytest.mark.xfail(strict=True, reason="issue 8 acceptance not reached by the dispersive widths: c*tau(1.000 GeV, "
                   "1e-3) = 0.84 mm, not 0.29 mm +- 20 %; the pi pi width falls at the K Kbar threshold where "
                   "Winkler's peaks (pheno.scalar_hadrons, docs/physics.md F2)")
def test_ctau_at_1gev_issue8_acceptance():
    """Issue 8: c*tau(m_S = 1.000 GeV, sin = 1e-3) within 20 % of 0.29 mm (Winkler's widths; FORESEE 0.28 mm),
    at exactly that mass."""
    assert float(DarkScalar(mass=1.0, sin_theta=1e-3).ctau()) == pytest.approx(0.29e-3, rel=0.2)


def test_ctau_at_1gev(shared_reference):
    """c*tau at exactly 1.000 GeV, sin = 1e-3, against the 0.29 mm of Winkler's widths (FORESEE's table:
    0.28 mm, printed for reference; not independent of Winkler): within the stated theory factor ~4 for
    pi pi + K K at 0.985-1.05 GeV (module docstring of pheno.scalar_hadrons)."""
    _, f = _read(shared_reference / "foresee_darkhiggs_ctau.csv", 3)
    foresee = float(np.interp(1.0, f[:, 0], f[:, 1])) / 1e-6
    assert foresee == pytest.approx(0.29e-3, rel=0.2)
    ctau = float(DarkScalar(mass=1.0, sin_theta=1e-3).ctau())
    assert 1.0 < ctau / 0.29e-3 < 4.0


def test_ctau_near_1gev_pinned_regression_values():
    """Pinned regression values, not validation: this code's own output when written, quoted in the docstrings
    of DarkScalar and pheno.scalar_hadrons (c*tau(1.000 GeV, sin = 1e-3) = 0.84 mm, chiral unitary 0.99 mm;
    Winkler's 0.29 mm is reached at 0.983-0.991 GeV, on the f0(980) peak). They catch unintended changes."""
    ctau = float(DarkScalar(mass=1.0, sin_theta=1e-3).ctau())
    assert ctau == pytest.approx(0.837e-3, rel=0.01)
    assert float(DarkScalar(mass=1.0, sin_theta=1e-3, hadronic_model="chiral_unitary").ctau()) == pytest.approx(0.987e-3, rel=0.01)
    m = np.linspace(0.95, 1.05, 201)
    near = m[np.abs(DarkScalar(mass=m, sin_theta=1e-3).ctau() / 0.29e-3 - 1) < 0.2]
    assert near.min() == pytest.approx(0.983, abs=0.002) and near.max() == pytest.approx(0.991, abs=0.002)


def test_lifetime_and_bfs_against_foresee(shared_reference):
    """FORESEE (another public tool; its hadronic part follows Winkler): c*tau within 7 % where S decays to
    leptons only (0.05-0.2 GeV) and within 10 % at 5-10 GeV (perturbative); within a factor 2.2 at 2-3.5 GeV
    (this code's NLO g g factor, 2.9 at 2 GeV; FORESEE's width is close to LO there)."""
    _, f = _read(shared_reference / "foresee_darkhiggs_ctau.csv", 2)
    for lo, hi, band in ((0.05, 0.2, (0.93, 1.07)), (5.0, 10.0, (0.9, 1.1)), (2.0, 3.5, (1 / 2.2, 1.0))):
        sel = (f[:, 0] >= lo) & (f[:, 0] <= hi)
        ratio = DarkScalar(mass=f[sel, 0], sin_theta=1.0).ctau() / f[sel, 1]
        assert np.all((ratio > band[0]) & (ratio < band[1])), (lo, hi, ratio.min(), ratio.max())


# ------------------------------------------------------------------------------------ production in B decays
F3C_MASS = np.array([0.5, 1.0, 2.0, 3.0])


def test_b_to_k_s_branching_fractions_match_physics_md():
    """PHYSICS.md F3c with its inputs (m_t = 172.57, |V_ts V_tb| = 0.0405): widths to 1 %, and BFs to 1 %
    (parent lifetimes PDG 2026 here, 1.637 / 1.517 ps in F3c: 0.1 % / 0.4 %)."""
    s = DarkScalar(mass=F3C_MASS, sin_theta=1.0, vts_vtb=0.0405)
    bk = s.production_branching_ratio("B+ > K+ S")
    bkst = s.production_branching_ratio("B0 > K*0 S")
    np.testing.assert_allclose(bk * total_width("B+"), [1.827e-13, 1.851e-13, 1.950e-13, 2.113e-13], rtol=0.01)
    np.testing.assert_allclose(bkst * total_width("B0"), [2.154e-13, 2.152e-13, 2.106e-13, 1.843e-13], rtol=0.01)
    np.testing.assert_allclose(bk, [0.455, 0.461, 0.485, 0.526], rtol=0.01)
    np.testing.assert_allclose(bkst, [0.496, 0.496, 0.485, 0.425], rtol=0.01)
    hp = DarkScalar(mass=F3C_MASS, sin_theta=1.0, vts_vtb=0.0405, f0="HPQCD2022").production_branching_ratio("B+ > K+ S")
    np.testing.assert_allclose(hp, [0.462, 0.466, 0.483, 0.509], rtol=0.01)
    # scheme and CKM are parameters: BF ~ m_t^4 |V_ts V_tb|^2, x sin^2
    ms = DarkScalar(mass=1.0, sin_theta=1e-3, vts_vtb=0.0405, m_top=C.M_TOP_MSBAR).production_branching_ratio("B+ > K+ S")
    assert float(ms) == pytest.approx(1e-6 * float(bk[1]) * (162.5 / 172.57) ** 4, rel=1e-12)


def test_kstar_to_k_pi_factor_and_other_modes():
    m = np.array([0.3, 1.0, 3.0, 4.38])
    s = DarkScalar(mass=m, sin_theta=1e-3)
    np.testing.assert_allclose(s.production_branching_ratio("B0 > K*0(> K+ pi-) S"),
                               2 / 3 * s.production_branching_ratio("B0 > K*0 S"), rtol=1e-14)
    # isospin: B0 -> K0 S and B+ -> K+ S differ by lifetimes and masses only (< 10 %)
    r = s.production_branching_ratio("B0 > K0 S") / s.production_branching_ratio("B+ > K+ S")
    assert np.all(np.abs(r - total_width("B+") / total_width("B0")) < 0.02)
    assert float(DarkScalar(mass=4.5, sin_theta=1.0).production_branching_ratio("B0 > K*0 S")) == 0.0


def test_bad_inputs():
    with pytest.raises(ValueError, match="mass"):
        DarkScalar(mass=-1.0, sin_theta=1e-3)
    with pytest.raises(ValueError, match="sin_theta"):
        DarkScalar(mass=1.0, sin_theta=float("nan"))
    with pytest.raises(ValueError, match="f0"):
        DarkScalar(mass=1.0, sin_theta=1e-3, f0="BSZ")
    with pytest.raises(ValueError, match="unknown process"):
        DarkScalar(mass=1.0, sin_theta=1e-3).production_branching_ratio("B+ > pi+ S")
    with pytest.raises(ValueError, match="production_branching_ratio"):
        DarkScalar(mass=1.0, sin_theta=1e-3).cross_section("B+ > K+ S")
    with pytest.raises(ValueError, match="unknown channel"):
        DarkScalar(mass=1.0, sin_theta=1e-3).branching_ratio("pi+ pi- pi0")


# ------------------------------------------------------------------------------------ lifetime-map limits
def _check_edges(res, lm, process, final_state):
    """Every excluded-interval end that is a crossing (not the map's c*tau range, not the scan range) has
    BF(B -> K S) BF(S -> ff) = UL(m, c*tau(m, sin)) to 1e-6; returns the number of crossings checked."""
    n = 0
    lo_ct, hi_ct = lm.ctau_range
    for m, ivals in zip(res.mass, res.intervals):
        for edge in (e for iv in ivals for e in iv):
            s = DarkScalar(mass=m, sin_theta=edge)
            ct = float(s.ctau())
            if abs(ct / lo_ct - 1) < 1e-6 or abs(ct / hi_ct - 1) < 1e-6 or edge >= 1.0:
                continue
            pred = float(s.production_branching_ratio(process) * s.branching_ratio(final_state))
            assert pred == pytest.approx(float(lm(m, ct)), rel=1e-6)
            n += 1
    return n


@pytest.mark.parametrize("name", list(MAPS))
def test_lifetime_map_conversion_end_to_end(shared_reference, name):
    process, final_state, masses = MAPS[name]
    lm = LimitMap.from_csv(shared_reference / "belle2_2023_BtoKS" / name)
    m = np.array(masses)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        res = coupling_limit(DarkScalar, process, mass=m, bf_ul=lm, final_state=final_state, full_output=True)
    found = [i for i, iv in enumerate(res.intervals) if iv]
    assert len(found) >= 3   # exclusions in every channel
    assert _check_edges(res, lm, process, final_state) >= 2
    for i in found:
        lo, hi = res.intervals[i][0]
        assert lo < hi and res.coupling[i] == lo
        inside = DarkScalar(mass=m[i], sin_theta=math.sqrt(lo * hi))
        assert float(inside.production_branching_ratio(process) * inside.branching_ratio(final_state)) >= float(lm(m[i], inside.ctau()))


def test_kstar_factor_applied_once(shared_reference):
    """The K*0 -> K+ pi- factor enters through the process name only: converting the K*0 map with
    "B0 > K*0(> K+ pi-) S" equals converting the map divided by 2/3 with "B0 > K*0 S"."""
    lm = LimitMap.from_csv(shared_reference / "belle2_2023_BtoKS" / "B0_Kst0_mumu_log10BF.csv")
    scaled = LimitMap(mass=lm.mass, ctau=lm.ctau, limit=lm.limit * 1.5)
    m = np.array([0.4, 0.6])
    a = excluded_intervals(DarkScalar, "B0 > K*0(> K+ pi-) S", m, bf_ul=lm, final_state="mu+ mu-")
    b = excluded_intervals(DarkScalar, "B0 > K*0 S", m, bf_ul=scaled, final_state="mu+ mu-")
    assert all(len(x) > 0 for x in a.intervals)
    np.testing.assert_allclose(np.array(a.intervals, float), np.array(b.intervals, float), rtol=1e-9)


def test_lifetime_map_errors(shared_reference, tmp_path):
    lm = LimitMap.from_csv(shared_reference / "belle2_2023_BtoKS" / "Bp_Kp_mumu_log10BF.csv")
    with pytest.warns(LimitWarning):
        res = coupling_limit(DarkScalar, "B+ > K+ S", mass=[0.1, 4.9], bf_ul=lm, final_state="mu+ mu-", full_output=True)
    assert np.all(np.isnan(res.coupling)) and all("outside the mass range" in r for r in res.reason)
    with pytest.raises(ValueError, match="bf_ul"):
        coupling_limit(DarkScalar, "B+ > K+ S", mass=[1.0], sigma_ul=[1.0], final_state="mu+ mu-")
    sigma_map = LimitMap(mass=lm.mass, ctau=lm.ctau, limit=lm.limit, quantity="sigma")   # a cross-section map
    with pytest.raises(ValueError, match="limit map is on a cross section"):
        coupling_limit(DarkScalar, "B+ > K+ S", mass=[1.0], bf_ul=sigma_map, final_state="mu+ mu-")
    with pytest.raises(ValueError, match="unknown process"):
        coupling_limit(DarkScalar, "B+ > K+ a", mass=[1.0], bf_ul=lm, final_state="mu+ mu-")
    with pytest.raises(ValueError, match="unknown channel"):
        coupling_limit(DarkScalar, "B+ > K+ S", mass=[1.0], bf_ul=lm, final_state="mu mu")
    bad = tmp_path / "bad.csv"
    bad.write_text("m_S_GeV,log10BF_UL\n1.0,-7\n2.0,-7\n")   # one column, no lifetime: a 1-D limit
    with pytest.raises(ValueError, match="bad.csv: expected a header"):
        LimitMap.from_csv(bad)
    bad.write_text("m_S_GeV,log10BF_UL_at_log10tau_ps=-1,log10BF_UL_at_height_m=2\n1.0,-7,-7\n2.0,-7,-7\n")
    with pytest.raises(ValueError, match="bad.csv:1: column 'log10BF_UL_at_height_m=2'"):
        LimitMap.from_csv(bad)


# ------------------------------------------------------------------------------------ displaced-vertex region
def test_displaced_region_two_sided_limit():
    """A plain BF limit with the Belle II displaced-vertex region: too prompt (r < 0.05 cm) above, too
    long-lived below; at each end BF x BF x P(decay in region) equals the limit (1e-6)."""
    from pheno.sm_decays import parent_decay_sample

    m, ul = np.array([0.5, 1.5]), np.array([5e-8, 5e-8])
    res = coupling_limit(DarkScalar, "B+ > K+ S", m, bf_ul=ul, final_state="mu+ mu-",
                         fiducial=BELLE2_BTOKS_DISPLACED, full_output=True)
    for i, ivals in enumerate(res.intervals):
        assert len(ivals) == 1
        sample = parent_decay_sample(m[i], 5.27941, 0.493677, "Upsilon(4S)")
        for edge in ivals[0]:
            s = DarkScalar(mass=m[i], sin_theta=edge)
            rate = s.production_branching_ratio("B+ > K+ S") * s.branching_ratio("mu+ mu-")
            p = sample.fraction(s.ctau(), BELLE2_BTOKS_DISPLACED)
            assert float(rate * p) == pytest.approx(ul[i], rel=1e-6)


# ------------------------------------------------------------------------------------ dark Higgsstrahlung's h'
def test_h_to_dark_photon_pair_against_polarisation_sum():
    """Gamma(h' -> A'A') from an explicit sum over the 3 x 3 polarisations of the vertex 2 g_D m g^{mu nu}."""
    m_h, m_v, alpha_d = 2.0, 0.6, 0.1
    g = 2 * math.sqrt(4 * math.pi * alpha_d) * m_v
    p = math.sqrt(m_h**2 / 4 - m_v**2)
    e = m_h / 2
    metric = np.diag([1.0, -1.0, -1.0, -1.0])
    pol1 = [np.array([0, 1, 0, 0.0]), np.array([0, 0, 1, 0.0]), np.array([p / m_v, 0, 0, e / m_v])]
    pol2 = [np.array([0, 1, 0, 0.0]), np.array([0, 0, 1, 0.0]), np.array([p / m_v, 0, 0, -e / m_v])]
    amp2 = sum((g * (a @ metric @ b)) ** 2 for a in pol1 for b in pol2)
    expected = 0.5 * p / (8 * math.pi * m_h**2) * amp2   # identical vectors
    h = DarkHiggs(mass=m_h, m_Ap=m_v, alpha_D=alpha_d)
    assert float(h.widths()["A' A'"]) == pytest.approx(expected, rel=1e-12)
    assert float(DarkHiggs(mass=1.0, m_Ap=0.6, alpha_D=0.1).widths()["A' A'"]) == 0.0


def test_dark_higgsstrahlung_h_decays():
    d = DarkHiggsstrahlung(m_Ap=0.5, m_hp=2.0, epsilon=1e-3, alpha_D=0.1, sin_theta=1e-3)
    h = d.dark_higgs()
    assert float(h.branching_ratio("A' A'")) > 0.999
    light = DarkHiggsstrahlung(m_Ap=2.0, m_hp=0.5, epsilon=1e-3, alpha_D=0.1)
    assert float(light.dark_higgs().ctau()) == np.inf          # no mixing, A'A' closed: escapes
    # what DarkHiggs adds to its DarkScalar widths (the inherited ones are not re-checked here): h' -> A'A',
    # alpha_D m^3 beta (1 - 4x + 12x^2)/(8 m_A'^2), with dark_higgs() passing m_h', m_A', alpha_D, sin_theta;
    # alpha_D chosen so that the two parts of the total width are comparable
    m_h, m_v, alpha_d = 1.0, 0.3, 3e-13
    mixed = DarkHiggsstrahlung(m_Ap=m_v, m_hp=m_h, epsilon=1e-3, alpha_D=alpha_d, sin_theta=1e-3).dark_higgs()
    x = (m_v / m_h) ** 2
    gamma_vv = alpha_d * m_h**3 * math.sqrt(1 - 4 * x) * (1 - 4 * x + 12 * x * x) / (8 * m_v**2)
    gamma_s = float(DarkScalar(mass=m_h, sin_theta=1e-3).total_width())
    assert 0.3 < gamma_vv / gamma_s < 3
    assert float(mixed.total_width()) == pytest.approx(gamma_s + gamma_vv, rel=1e-12)
    assert float(mixed.branching_ratio("A' A'")) == pytest.approx(gamma_vv / (gamma_s + gamma_vv), rel=1e-12)
    assert float(light.cross_section("e+ e- > A' h'")) == pytest.approx(
        float(DarkHiggsstrahlung(m_Ap=2.0, m_hp=0.5, epsilon=1e-3, alpha_D=0.1, sin_theta=0.3).cross_section("e+ e- > A' h'")))


# ------------------------------------------------------------------------------------ tables job
def test_tables_without_reference_data_write_the_csv_only(tmp_path):
    """A wheel install has no third-party maps: the job writes darkscalar.csv and skips the plot."""
    from pheno.cli import main
    from pheno.tables import darkscalar_tables

    assert [p.name for p in darkscalar_tables(tmp_path)] == ["darkscalar.csv"]
    assert main(["tables", "--out", str(tmp_path / "t"), "--reference-dir", str(tmp_path / "nowhere")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["tables", "--out", str(tmp_path / "t"), "--reference-dir", str(tmp_path / "empty")]) == 2
    assert not (tmp_path / "t").exists()   # refused before writing anything


@pytest.mark.slow
def test_tables_with_reference_data_write_the_plot(tmp_path, shared_reference):
    from pheno.tables import darkscalar_tables

    paths = darkscalar_tables(tmp_path, shared_reference)
    assert [p.name for p in paths] == ["darkscalar.csv", "darkscalar_sintheta_mass.png"]
    assert paths[1].stat().st_size > 10_000
