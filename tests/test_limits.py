"""Limit conversion: exact round trips, g-dependent BFs, NaN with reasons, limit files."""
import warnings

import numpy as np
import pytest

from pheno import coupling_limit, excluded_intervals, read_limit_file
from pheno.limits import LimitWarning, interpolate_limit
from pheno.models import LmuLtau

MUMU = "e+ e- > mu+ mu- Z'"
MASSES = np.array([0.05, 0.3, 1.0, 3.0, 6.0, 9.0])
SIGMA = np.array([2.0, 1.0, 0.5, 0.5, 0.3, 0.3])  # fb


def _sigma_bf(g, final_state=None, bf=None, alpha="running", **params):
    z = LmuLtau(mass=MASSES, g=g, **params)
    b = bf if bf is not None else z.branching_ratio(final_state)
    return z.cross_section(MUMU, alpha=alpha) * b


@pytest.mark.parametrize("kwargs", [
    dict(final_state="invisible"),
    dict(final_state="mu+ mu-"),
    dict(bf=1.0),
    dict(bf=0.37, alpha=1 / 127.9),
    dict(final_state="invisible", m_chi=0.02, g_chi=0.01),   # BF depends on g'
    dict(final_state="visible", m_chi=0.02, g_chi=0.3),
])
def test_round_trip(kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        g = coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, **kwargs)
    ok = np.isfinite(g)
    assert ok.sum() >= 4
    params = {k: kwargs[k] for k in ("m_chi", "g_chi") if k in kwargs}
    back = _sigma_bf(np.where(ok, g, 1.0), kwargs.get("final_state"), kwargs.get("bf"),
                     kwargs.get("alpha", "running"), **params)
    np.testing.assert_allclose(back[ok], SIGMA[ok], rtol=1e-8)


def test_fixed_bf_limit_is_closed_form():
    g = coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, bf=0.5)
    sig1 = LmuLtau(mass=MASSES, g=1.0).cross_section(MUMU)
    np.testing.assert_allclose(g, np.sqrt(SIGMA / (0.5 * sig1)), rtol=1e-12)


def test_limit_with_own_dark_coupling_is_weaker_than_vanilla_visible():
    """With a chi channel of fixed coupling, BF(mu mu) is diluted, most at small g'."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        vanilla = coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, final_state="mu+ mu-")
        diluted = coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, final_state="mu+ mu-", m_chi=0.02, g_chi=0.05)
    ok = np.isfinite(vanilla)
    assert np.all(diluted[ok] > vanilla[ok])


def test_nan_with_reasons():
    m = np.array([0.1, 1.0, 9.9, 10.45, 11.0])
    s = np.array([1.0, 1.0, 1e6, 1.0, 1.0])
    with pytest.warns(LimitWarning, match="no coupling limit"):
        res = coupling_limit(LmuLtau, MUMU, m, s, final_state="mu+ mu-", full_output=True)
    assert np.isnan(res.coupling[0]) and "BF = 0" in res.reason[0]          # Z' -> mu mu closed below 2 m_mu
    assert np.isfinite(res.coupling[1]) and res.reason[1] == ""
    assert np.isnan(res.coupling[2]) and "g_max" in res.reason[2]            # needs g' > sqrt(4 pi)
    assert np.isnan(res.coupling[3]) and "production closed" in res.reason[3]  # m > sqrt(s) - 2 m_mu
    assert np.isnan(res.coupling[4]) and "production closed" in res.reason[4]
    assert np.asarray(res).shape == (5,)


def test_no_extrapolation_outside_table():
    at = np.array([0.01, 0.05, 2.0, 9.0, 9.5])
    with pytest.warns(LimitWarning):
        res = coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, final_state="invisible", at=at, full_output=True)
    assert np.isnan(res.coupling[0]) and "outside" in res.reason[0]
    assert np.isnan(res.coupling[-1]) and "outside" in res.reason[-1]
    assert np.all(np.isfinite(res.coupling[1:4]))
    # interpolation is linear in mass and log(sigma) between table points
    v = interpolate_limit([1.0, 3.0], [1.0, 100.0], [2.0])
    assert v[0] == pytest.approx(10.0, rel=1e-12)


def test_excluded_intervals_monotone_single_interval():
    res = excluded_intervals(LmuLtau, MUMU, MASSES, SIGMA, final_state="invisible")
    for g, iv in zip(res.coupling, res.intervals):
        assert len(iv) == 1 and iv[0][0] == pytest.approx(g) and iv[0][1] == pytest.approx(np.sqrt(4 * np.pi))


def test_bad_inputs():
    with pytest.raises(ValueError, match="exactly one"):
        coupling_limit(LmuLtau, MUMU, MASSES, SIGMA)
    with pytest.raises(ValueError, match="exactly one"):
        coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, final_state="invisible", bf=0.5)
    with pytest.raises(ValueError, match="valid"):
        coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, final_state="e+ e-")
    with pytest.raises(ValueError, match="valid"):
        coupling_limit(LmuLtau, "e+ e- > e+ e- Z'", MASSES, SIGMA, bf=1.0)
    with pytest.raises(ValueError, match="sigma_ul"):
        coupling_limit(LmuLtau, MUMU, MASSES, -SIGMA, bf=1.0)
    with pytest.raises(ValueError, match="mass"):
        coupling_limit(LmuLtau, MUMU, [np.nan], [1.0], bf=1.0)
    with pytest.raises(ValueError, match="bf"):
        coupling_limit(LmuLtau, MUMU, MASSES, SIGMA, bf=1.5)


# ------------------------------------------------------------------ limit files
def test_read_limit_file_units_and_comments(tmp_path):
    f = tmp_path / "lim.csv"
    f.write_text("# a comment\nmass [MeV], sigma_UL [pb], note\n# inline comment line\n500, 0.002, x\n1000,0.001,y\n")
    t = read_limit_file(f)
    np.testing.assert_allclose(t.mass, [0.5, 1.0])
    np.testing.assert_allclose(t.limit, [2.0, 1.0])
    assert t.quantity == "sigma" and t.cl is None and t.expected == {}
    assert t.columns == {"mass": "mass [MeV]", "limit": "sigma_UL [pb]"}


@pytest.mark.parametrize("text, message", [
    ("mass_GeV,sigma_ul_fb\n1.0,0.5\n2.0\n", r"lim.csv:3: expected 2 comma-separated columns"),
    ("mass_GeV,sigma_ul_fb\n1.0,abc\n", r"lim.csv:2: not a number in column 'sigma_ul_fb'"),
    ("mass_GeV,sigma_ul_fb\n-1.0,0.5\n", r"lim.csv:2: mass must be a finite number >= 0"),
    ("mass_GeV,sigma_ul_fb\n1.0,0\n", r"lim.csv:2: cross-section limit must be a positive"),
    ("mass,sigma_ul_fb\n1.0,0.5\n", r"lim.csv:1: column 'mass' must name its unit"),
    ("m_GeV,limit\n1.0,0.5\n", r"lim.csv:1: no observed limit column found; the columns are 'm_GeV', 'limit'"),
    ("# only comments\n", r"no header"),
    ("mass_GeV,sigma_ul_fb\n", r"no data rows"),
])
def test_malformed_limit_files_name_the_line(tmp_path, text, message):
    f = tmp_path / "lim.csv"
    f.write_text(text)
    with pytest.raises(ValueError, match=message):
        read_limit_file(f)


def test_converter_reads_a_limit_file(tmp_path):
    f = tmp_path / "lim.csv"
    f.write_text("mass_GeV,sigma_ul_fb\n0.3,1.0\n1.0,0.5\n3.0,0.5\n")
    from_file = coupling_limit(LmuLtau, MUMU, f, final_state="invisible")
    from_arrays = coupling_limit(LmuLtau, MUMU, [0.3, 1.0, 3.0], [1.0, 0.5, 0.5], final_state="invisible")
    np.testing.assert_array_equal(from_file, from_arrays)
    with pytest.raises(ValueError, match="not both"):
        coupling_limit(LmuLtau, MUMU, f, [1.0], final_state="invisible")
    with pytest.raises(ValueError, match="sigma_ul is required"):
        coupling_limit(LmuLtau, MUMU, [1.0], final_state="invisible")


def test_missing_limit_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_limit_file(tmp_path / "nope.csv")
