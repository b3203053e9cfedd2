"""pheno.sensitivity: Punzi, luminosity scaling, expected CLs limits (pyhf), projected coupling reach."""
import numpy as np
import pytest
from scipy import optimize, stats

from pheno import constants as C
from pheno.limitfile import LimitTable
from pheno.models import LmuLtau
from pheno.sensitivity import (bf_min, expected_upper_limit, luminosity_scale, n_parent, parse_luminosity,
                               projected_reach, punzi_fom, punzi_smin, scale_limit, sigma_min)


def test_punzi_hand_values():
    # PHYSICS.md N: a = b = 2, B = 100: 1/2 + 36/13 + 20 + sqrt(484) = 45.2692...; Gaussian 4 + 40 = 44
    assert punzi_smin(100.0, a=2.0) == pytest.approx(0.5 + 36 / 13 + 20 + 22, rel=1e-14)
    assert punzi_smin(100.0, a=2.0, form="gaussian") == pytest.approx(44.0, rel=1e-14)
    # a = 5, b = 1.64485, B = 4 (by hand): 25/8 + 9*2.70553/13 + 10 + 0.822425*sqrt(2.70553 + 40 + 16)
    b = 1.64485
    hand = 25 / 8 + 9 * b**2 / 13 + 5 * 2 + b / 2 * np.sqrt(b**2 + 4 * 5 * 2 + 16)
    assert punzi_smin(4.0, a=5.0, b=b) == pytest.approx(hand, rel=1e-14)
    assert hand == pytest.approx(3.125 + 1.873061 + 10 + 0.822425 * 7.661953, abs=2e-5)  # pencil and paper
    # B = 0, a = b = 3: Poisson 9/8 + 81/13 + 9/2 = 11.8558; Gaussian a^2 = 9
    assert punzi_smin(0.0, a=3.0) == pytest.approx(9 / 8 + 81 / 13 + 4.5, rel=1e-14)
    assert punzi_smin(0.0, a=3.0, form="gaussian") == pytest.approx(9.0, rel=1e-14)
    # the Gaussian a = b form is 2a (a/2 + sqrt B): minimising S_min/eps maximises the FOM
    bkg = np.array([0.0, 1.0, 25.0, 1e4])
    np.testing.assert_allclose(punzi_smin(bkg, a=3.0, form="gaussian"), 2 * 3.0 * (1.5 + np.sqrt(bkg)), rtol=1e-14)
    np.testing.assert_allclose(punzi_fom(0.2, bkg, a=3.0), 0.2 / (1.5 + np.sqrt(bkg)), rtol=1e-15)
    # large B: the Poisson form -> 2a sqrt(B) (a = b), relative difference O(1/sqrt(B))
    assert punzi_smin(1e8, a=3.0) / (6 * 1e4) == pytest.approx(1.0, abs=1e-3)
    with pytest.raises(ValueError, match="background"):
        punzi_smin(-1.0)


def test_sigma_and_bf_min_and_parent_counts():
    s = punzi_smin(10.0, a=3.0)
    assert sigma_min(0.1, 1000.0, 10.0) == pytest.approx(s / 100.0, rel=1e-14)  # fb: S/(eps L)
    # tau pairs: N = 2 x 0.919 nb x 1e6 fb/nb x L; 62.8 fb^-1 -> 5.77e7 pairs (PHYSICS.md M0), 1.154e8 taus
    assert n_parent("tau", 62.8) == pytest.approx(2 * 5.7713e7, rel=1e-4)
    assert n_parent("B+", 1.0, sigma_nb=1.1) == pytest.approx(2 * 0.514 * 1.1e6, rel=1e-12)
    assert n_parent("B0", 1.0, sigma_nb=1.1) == pytest.approx(2 * 0.486 * 1.1e6, rel=1e-12)
    with pytest.raises(ValueError, match="sigma_nb"):
        n_parent("B+", 1.0)
    assert bf_min(0.1, n_parent("tau", 1000.0), 10.0) == pytest.approx(s / (0.1 * 2 * C.SIGMA_TAUTAU_NB * 1e9))


def test_luminosity_scaling_regimes():
    assert luminosity_scale(362.0, 50000.0, "background-free") == pytest.approx(362 / 50000, rel=1e-15)
    assert luminosity_scale(362.0, 50000.0, "background-dominated") == pytest.approx(np.sqrt(362 / 50000))
    # systematic floor: sqrt(B + f^2 B^2)/L with B ~ L, normalised; limit for L -> inf: sqrt(f^2 B0/(1 + f^2 B0))
    b0, f, l0 = 100.0, 0.05, 1000.0
    for l1 in (2000.0, 50000.0):
        b1 = b0 * l1 / l0
        direct = (np.sqrt(b1 + (f * b1) ** 2) / l1) / (np.sqrt(b0 + (f * b0) ** 2) / l0)
        assert luminosity_scale(l0, l1, "systematic-floor", background=b0, rel_syst=f) == pytest.approx(direct, rel=1e-13)
    floor = np.sqrt(f**2 * b0 / (1 + f**2 * b0))
    assert luminosity_scale(l0, 1e12, "systematic-floor", background=b0, rel_syst=f) == pytest.approx(floor, rel=1e-6)
    with pytest.raises(ValueError, match="regime"):
        luminosity_scale(1, 2, "optimistic")
    with pytest.raises(ValueError, match="systematic-floor"):
        luminosity_scale(1, 2, "background-free", background=3.0)
    t = LimitTable(mass=np.array([1.0]), limit=np.array([2.0]), quantity="sigma", expected={"median": np.array([1.0])},
                   cl=0.9, source="x", columns={"mass": "m", "limit": "s"})
    s = scale_limit(t, 100.0, 400.0, "background-dominated")
    assert s.limit[0] == pytest.approx(1.0) and s.expected["median"][0] == pytest.approx(0.5) and s.cl == 0.9
    assert parse_luminosity("50ab") == 5e4 and parse_luminosity("362 fb^-1") == 362.0 and parse_luminosity("1/ab") == 1e3


@pytest.mark.parametrize("cl, events", [(0.90, 2.30), (0.95, 3.00)])
def test_background_free_expected_limit_is_the_poisson_number(cl, events):
    lim = expected_upper_limit(0.0, cl=cl)
    assert lim.method == "exact"
    for band in lim.bands.values():  # B = 0: every experiment sees n = 0
        assert band == pytest.approx(events, rel=0.01)
        assert band == pytest.approx(-np.log(1 - cl), rel=1e-6)


def _direct_cls(b, n, cl):
    """Independent route: CLs = P(n' <= n | s + b) / P(n' <= n | b) with scipy Poisson sums."""
    return optimize.brentq(lambda s: stats.poisson.cdf(n, s + b) / stats.poisson.cdf(n, b) - (1 - cl), 1e-9, 200)


def test_expected_limit_with_background_matches_direct_poisson_cls():
    b, cl = 3.0, 0.90
    lim = expected_upper_limit(b, cl=cl)
    for band, p in (("minus2sigma", stats.norm.cdf(-2)), ("minus1sigma", stats.norm.cdf(-1)), ("median", 0.5),
                    ("plus1sigma", stats.norm.cdf(1)), ("plus2sigma", stats.norm.cdf(2))):
        n = int(stats.poisson.ppf(p, b))
        assert lim.bands[band] == pytest.approx(_direct_cls(b, n, cl), rel=1e-6), band


def test_asymptotic_limits_closed_form_and_uncertainty():
    """pyhf asymptotics, no uncertainty: the median solves 2[mu - B ln(1 + mu/B)] = z^2 with
    z = Phi^-1(1 - alpha/2) (Asimov q~, Cowan et al. 2011); an uncertainty widens the limit."""
    b, cl = 50.0, 0.95
    z = stats.norm.ppf(1 - (1 - cl) / 2)
    closed = optimize.brentq(lambda mu: 2 * (mu - b * np.log1p(mu / b)) - z**2, 1e-6, 100)
    lim = expected_upper_limit(b, cl=cl, method="asymptotic")
    assert lim.median == pytest.approx(closed, rel=1e-3)
    bands = [lim.bands[k] for k in ("minus2sigma", "minus1sigma", "median", "plus1sigma", "plus2sigma")]
    assert np.all(np.diff(bands) > 0)
    wide = expected_upper_limit(b, 0.2 * b, cl=cl)
    assert wide.method == "asymptotic" and wide.median > 1.3 * lim.median
    # large B, Gaussian: median ~ z sqrt(B + (f B)^2) within a few per cent
    big = expected_upper_limit(1e4, 0.01 * 1e4, cl=cl)
    assert big.median == pytest.approx(z * np.sqrt(1e4 + 100.0**2), rel=0.03)
    # at B = 50 the asymptotic median is within 5 % of the exact Poisson one
    n = int(stats.poisson.ppf(0.5, b))
    assert lim.median == pytest.approx(_direct_cls(b, n, cl), rel=0.05)
    with pytest.raises(ValueError, match="needs a background > 0"):
        expected_upper_limit(0.0, method="asymptotic")


def test_projected_reach_through_the_converter():
    """Background-free counting: the median sigma limit is 2.303/(eps L), so g_UL ~ L^-1/2 (PHYSICS.md N)."""
    m = np.array([0.5, 2.0])
    proj = projected_reach(LmuLtau, "e+ e- > mu+ mu- Z'", m, ("1ab", "5ab", "50ab"), efficiency=0.1,
                           background_fb=0.0, final_state="invisible")
    assert proj.luminosities == (1000.0, 5000.0, 50000.0)
    for lumi in proj.luminosities:
        np.testing.assert_allclose(proj.sigma[lumi]["median"], -np.log(0.1) / (0.1 * lumi), rtol=1e-6)
    g1, g50 = proj.coupling[1000.0]["median"], proj.coupling[50000.0]["median"]
    # BF(invisible) does not depend on g' here: g scales exactly as sqrt(sigma)
    np.testing.assert_allclose(g50 / g1, np.sqrt(1000 / 50000), rtol=1e-9)
    sig1 = LmuLtau(mass=m, g=1.0).cross_section("e+ e- > mu+ mu- Z'") * LmuLtau(mass=m, g=1.0).branching_ratio("invisible")
    np.testing.assert_allclose(g1, np.sqrt(proj.sigma[1000.0]["median"] / sig1), rtol=1e-9)
    # scaling a published limit gives the same reach as the background-free counting experiment
    pub = LimitTable(mass=m, limit=proj.sigma[1000.0]["median"], quantity="sigma", expected={}, cl=0.9,
                     source="toy", columns={"mass": "m", "limit": "s"})
    scaled = projected_reach(LmuLtau, "e+ e- > mu+ mu- Z'", m, ("50ab",), published=pub, published_luminosity=1000.0,
                             regime="background-free", final_state="invisible")
    np.testing.assert_allclose(scaled.coupling[50000.0]["median"], g50, rtol=1e-9)
    with pytest.raises(ValueError, match="either"):
        projected_reach(LmuLtau, "e+ e- > mu+ mu- Z'", m, efficiency=0.1, background_fb=0.0, published=pub,
                        final_state="invisible")
