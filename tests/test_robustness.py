"""Issue 7, "limits you can trust": the cases found by trying pheno as a new user and by fuzzing.

Limit files (nothing guessed), expected bands, chunked conversion, atomic outputs and headers,
one-line CLI errors, and the numerical edges (near sqrt(s), tiny m_X, overflow, argument types).
"""
import math
import re
import warnings

import numpy as np
import pytest

from pheno import Cuts, LimitMap, coupling_limit, excluded_intervals, read_limit_file, recast_limit
from pheno import constants as C
from pheno.cli import main
from pheno.io import read_table, save_figure, write_table
from pheno.limits import LimitWarning
from pheno.model import Model
from pheno.models import ALP, DarkPhoton, LmuLtau, MuonphilicScalar
from pheno.sm_decays import ParentDecay
from pheno.widths import scalar_to_fermions

MUMU = "e+ e- > mu+ mu- Z'"
GA = "e+ e- > gamma A'"


def _file(tmp_path, text, name="lim.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ======================================================================== 1. limit files
def test_two_mass_columns_are_an_error_not_a_guess(tmp_path):
    f = _file(tmp_path, "m_chi_GeV,mass_GeV,sigma_ul_fb\n0.1,1.0,0.5\n0.1,2.0,0.4\n")
    with pytest.raises(ValueError, match=r"several columns could be the mass: 'm_chi_GeV', 'mass_GeV'.*mass_column="):
        read_limit_file(f)
    t = read_limit_file(f, mass_column="mass_GeV")
    np.testing.assert_array_equal(t.mass, [1.0, 2.0])
    assert t.columns == {"mass": "mass_GeV", "limit": "sigma_ul_fb"}
    with pytest.raises(ValueError, match="mass_column='mass' is not a column"):
        read_limit_file(f, mass_column="mass")


def test_observed_and_expected_columns_are_told_apart(tmp_path):
    f = _file(tmp_path, "mass_GeV,sigma_exp_fb,sigma_obs_fb\n1.0,0.4,0.5\n2.0,0.3,0.2\n")
    t = read_limit_file(f)
    np.testing.assert_array_equal(t.limit, [0.5, 0.2])                # the observed limit, not the first one
    np.testing.assert_array_equal(t.expected["median"], [0.4, 0.3])
    assert t.quantity == "sigma" and t.cl is None


def test_two_unlabelled_limits_and_only_expected_limits_are_errors(tmp_path):
    f = _file(tmp_path, "mass_GeV,sigma_a_fb,sigma_b_fb\n1,0.4,0.5\n")
    with pytest.raises(ValueError, match=r"several columns could be the observed limit.*limit_column="):
        read_limit_file(f)
    assert read_limit_file(f, limit_column="sigma_b_fb").limit[0] == 0.5
    g = _file(tmp_path, "mass_GeV,sigma_exp_fb\n1,0.4\n", "g.csv")
    with pytest.raises(ValueError, match="only expected-limit columns 'sigma_exp_fb'"):
        read_limit_file(g)


def test_expected_band_names_units_and_bf_limits(tmp_path):
    f = _file(tmp_path, "# 95% CL upper limits\nmass [MeV],bf_ul,bf_ul_exp,bf_exp_m1s,bf_exp_plus1sigma,"
                        "BF_UL_expected_-2sigma,bf_exp_2sigma_up\n500,1e-6,2e-6,1e-6,4e-6,5e-7,8e-6\n")
    t = read_limit_file(f)
    assert t.quantity == "bf" and t.cl == 0.95
    assert t.mass[0] == 0.5
    assert {k: float(v[0]) for k, v in t.expected.items()} == {
        "median": 2e-6, "minus1sigma": 1e-6, "plus1sigma": 4e-6, "minus2sigma": 5e-7, "plus2sigma": 8e-6}
    g = _file(tmp_path, "mass_GeV,log10BF_UL\n1,-6.5\n", "g.csv")
    assert read_limit_file(g).limit[0] == pytest.approx(10**-6.5, rel=1e-14)
    for text, match in (("mass_GeV,bf_ul_fb\n1,1\n", "named a branching fraction but carries"),
                        ("mass_GeV,sigma_ul\n1,1\n", "must name its unit"),
                        ("mass_GeV,sigma_ul_fb,sigma_exp\n1,1,1\n", "must name its unit"),
                        ("mass_GeV,sigma_ul_fb,bf_exp\n1,1,1\n", "is a cross section but the expected column 'bf_exp'")):
        with pytest.raises(ValueError, match=match):
            read_limit_file(_file(tmp_path, text, "h.csv"))


@pytest.mark.parametrize("text, cl", [
    ("# CL = 90%\nmass_GeV,sigma_ul_fb\n1,1\n", 0.90),
    ("#: CL,95%\nmass_GeV,sigma_ul_fb\n1,1\n", 0.95),
    ("mass_GeV,sigma_ul90_fb\n1,1\n", 0.90),
    ("# confidence level: 0.95\nmass_GeV,sigma_ul_fb\n1,1\n", 0.95),
    ("# from the paper\nmass_GeV,sigma_ul_fb\n1,1\n", None),   # not stated: not assumed
])
def test_confidence_level_only_when_stated(tmp_path, text, cl):
    assert read_limit_file(_file(tmp_path, text)).cl == cl


def test_conflicting_confidence_levels(tmp_path):
    with pytest.raises(ValueError, match="several confidence levels"):
        read_limit_file(_file(tmp_path, "# CL = 90%\nmass_GeV,sigma_ul95_fb\n1,1\n"))


def test_encodings_separators_and_directories(tmp_path):
    bom = _file(tmp_path, "\ufeffmass_GeV,sigma_ul_fb\n1,0.5\n", "bom.csv")
    assert read_limit_file(bom).columns["mass"] == "mass_GeV"
    latin = _file(tmp_path, "# caf\u00e9\nmass_GeV,sigma_ul_fb\n1,0.5\n", "latin.csv", encoding="latin-1")
    with pytest.raises(ValueError, match=r"latin.csv:1: not UTF-8 text \(byte 0xe9"):
        read_limit_file(latin)
    tabs = _file(tmp_path, "mass [GeV]\tsigma_ul [fb]\n1\t0.5\n2\t0.4\n", "tabs.tsv")
    np.testing.assert_array_equal(read_limit_file(tabs).limit, [0.5, 0.4])
    blanks = _file(tmp_path, "mass_GeV   sigma_ul_fb\n1  0.5\n 2 0.4\n", "blank.txt")
    np.testing.assert_array_equal(read_limit_file(blanks).mass, [1.0, 2.0])
    spaced = _file(tmp_path, "mass [MeV] sigma_UL [pb]\n1 2\n", "spaced.txt")
    with pytest.raises(ValueError, match="read as blank-separated"):
        read_limit_file(spaced)
    mixed = _file(tmp_path, "mass_GeV sigma_ul_fb\n1,0.5\n", "mixed.txt")
    with pytest.raises(ValueError, match=r"mixed.txt:2: expected 2 blank-separated columns"):
        read_limit_file(mixed)
    semi = _file(tmp_path, "mass_GeV;sigma_ul_fb\n1;0.5\n", "semi.csv")
    with pytest.raises(ValueError, match="separated by ';'"):
        read_limit_file(semi)
    with pytest.raises(IsADirectoryError, match="is a directory"):
        read_limit_file(tmp_path)


# ======================================================================== 2. converter
def _sigma(m, g, fs="invisible"):
    z = LmuLtau(mass=m, g=g)
    return z.cross_section(MUMU) * z.branching_ratio(fs)


def test_expected_bands_convert_band_by_band(tmp_path):
    m = np.array([0.3, 1.0, 3.0])
    obs, bands = np.array([0.5, 0.6, 0.4]), {"median": [0.4, 0.5, 0.5], "minus1sigma": [0.3, 0.35, 0.35],
                                             "plus1sigma": [0.55, 0.7, 0.7]}
    f = _file(tmp_path, "# CL = 90%\nmass_GeV,sigma_obs_fb,sigma_exp_fb,sigma_exp_m1s_fb,sigma_exp_p1s_fb\n"
              + "".join(f"{m[i]},{obs[i]},{bands['median'][i]},{bands['minus1sigma'][i]},{bands['plus1sigma'][i]}\n"
                        for i in range(3)))
    res = coupling_limit(LmuLtau, MUMU, sigma_ul=f, final_state="invisible", full_output=True)
    assert res.cl == 0.9 and res.source == str(f)
    np.testing.assert_array_equal(res.coupling, coupling_limit(LmuLtau, MUMU, m, obs, final_state="invisible"))
    for band, values in bands.items():   # each band alone, through the array route
        np.testing.assert_allclose(res.expected[band],
                                   coupling_limit(LmuLtau, MUMU, m, values, final_state="invisible"), rtol=1e-12)
        np.testing.assert_array_equal(res.expected_ul[band], values)
        np.testing.assert_allclose(_sigma(m, res.expected[band]), values, rtol=1e-8)   # round trip
    assert np.all(res.expected["minus1sigma"] < res.expected["median"])
    assert np.all(res.expected["median"] < res.expected["plus1sigma"])


def test_chunked_conversion_equals_one_piece(monkeypatch):
    import pheno.limits as L

    m = np.geomspace(0.05, 10.6, 23)   # includes closed masses
    s = np.full(m.size, 0.4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        whole = excluded_intervals(LmuLtau, MUMU, m, s, final_state="mu+ mu-")
        monkeypatch.setattr(L, "CHUNK", 4)
        chunked = excluded_intervals(LmuLtau, MUMU, m, s, final_state="mu+ mu-")
    np.testing.assert_array_equal(whole.coupling, chunked.coupling)
    np.testing.assert_array_equal(whole.reason, chunked.reason)
    assert whole.intervals == chunked.intervals


class _ToyScalarB(Model):
    """A scalar made in B+ -> K+ X with a constant |M|^2 = 1e-14 GeV^2 at unit coupling, decaying to mu mu."""

    PARAMETERS = {"mass": ("mass", None), "g": ("coupling", None)}
    COUPLING = "g"
    PROCESSES = {"B+ > K+ X": ParentDecay("B+ > K+ X", "B+", "K+", "X", width=lambda model: _b_width(model.mass))}

    def widths(self):
        return {"mu+ mu-": np.broadcast_to(scalar_to_fermions(self.mass, C.M_MU, 1e-5 * self.g), self.shape).astype(float)}


def _b_width(m):
    mb, mk = 5.27934, 0.493677
    lam = np.clip((mb**2 - (m + mk) ** 2) * (mb**2 - (m - mk) ** 2), 0.0, None)
    return 1e-14 * np.sqrt(lam) / (2 * mb) / (8 * np.pi * mb**2)


def test_bf_limit_files_for_decay_processes(tmp_path):
    f = _file(tmp_path, "# CL = 90%\nm_X_GeV,bf_ul,bf_ul_exp\n0.5,2e-7,1e-7\n2.0,3e-7,2e-7\n")
    res = coupling_limit(_ToyScalarB, "B+ > K+ X", bf_ul=f, final_state="mu+ mu-", full_output=True)
    x = _ToyScalarB(mass=res.mass, g=res.coupling)
    np.testing.assert_allclose(x.production_branching_ratio("B+ > K+ X") * x.branching_ratio("mu+ mu-"),
                               [2e-7, 3e-7], rtol=1e-8)
    assert res.quantity == "bf" and set(res.expected) == {"median"}
    with pytest.raises(ValueError, match="holds limits on a branching fraction"):
        coupling_limit(LmuLtau, MUMU, sigma_ul=read_limit_file(f), final_state="invisible")
    g = _file(tmp_path, "mass_GeV,sigma_ul_fb\n1,1\n", "g.csv")
    with pytest.raises(ValueError, match="bf_ul="):
        coupling_limit(_ToyScalarB, "B+ > K+ X", sigma_ul=g, final_state="mu+ mu-")
    with pytest.raises(ValueError, match="holds limits on a cross section"):
        coupling_limit(_ToyScalarB, "B+ > K+ X", bf_ul=g, final_state="mu+ mu-")


def test_lifetime_map_file_is_recognised_from_its_header(tmp_path):
    f = _file(tmp_path, "m_X_GeV,BF_UL_at_ctau_cm=0.1,BF_UL_at_ctau_cm=10\n0.5,1e-6,1e-7\n2.0,1e-6,1e-7\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        from_path = coupling_limit(_ToyScalarB, "B+ > K+ X", mass=[1.0], bf_ul=f, final_state="mu+ mu-", full_output=True)
        from_map = coupling_limit(_ToyScalarB, "B+ > K+ X", mass=[1.0], bf_ul=LimitMap.from_csv(f),
                                  final_state="mu+ mu-", full_output=True)
    np.testing.assert_array_equal(from_path.coupling, from_map.coupling)
    assert from_path.intervals == from_map.intervals


@pytest.mark.parametrize("kwargs, match", [
    (dict(mass=[], sigma_ul=[]), "mass must contain at least one mass"),
    (dict(mass=[1.0, 2.0], sigma_ul=[1.0, 2.0, 3.0]), r"sigma_ul must be one number or one value per mass \(2\)"),
    (dict(mass=[1.0], sigma_ul=[1.0], cuts=dict(p_min=0.5)), "cuts must be a pheno.Cuts instance"),
    (dict(mass=[1.0], sigma_ul=[1.0], n_grid=1), "n_grid must be an integer >= 2"),
    (dict(mass=[1.0], sigma_ul=[1.0], n_grid=10.5), "n_grid must be an integer >= 2"),
    (dict(mass=[1.0], sigma_ul=[1.0], g_max=np.inf), "g_max must be a finite number > 0"),
    (dict(mass=[1.0], sigma_ul=[1.0], g_min=0.0), "g_min must be a finite number > 0"),
    (dict(mass=[1.0], sigma_ul=[1.0], coupling="mass"), "coupling must name a coupling of LmuLtau"),
    (dict(mass=True, sigma_ul=[1.0]), "mass must be a real number.*boolean"),
    (dict(mass=["1.0"], sigma_ul=[1.0]), "mass must be a real number.*string"),
    (dict(mass=[1.0], sigma_ul="0.5"), "sigma_ul"),
    (dict(mass=[1.0], sigma_ul=[1 + 1j]), "sigma_ul must be a real number.*complex"),
    (dict(mass=[1.0], sigma_ul=[np.nan]), "sigma_ul must not be NaN"),
    (dict(mass=[1.0], sigma_ul=None), "sigma_ul is required"),
    (dict(mass=[1.0], sigma_ul=[1.0], alpha="zero"), "alpha must be"),
])
def test_coupling_limit_argument_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        coupling_limit(LmuLtau, MUMU, final_state="invisible", **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    (dict(cos_theta=None), "Cuts.cos_theta must be a pair"),
    (dict(cos_theta=(-0.5,)), "Cuts.cos_theta must be a pair"),
    (dict(cos_theta=("a", 0.5)), "Cuts.cos_theta"),
    (dict(p_min="0.5"), "Cuts.p_min must be a real number.*string"),
    (dict(pt_min=True), "Cuts.pt_min must be a real number.*boolean"),
    (dict(p_min=1j), "Cuts.p_min must be a real number.*complex"),
    (dict(e_minus=np.inf), "Cuts.e_minus must be a finite beam energy"),
    (dict(e_plus=np.nan), "Cuts.e_plus must not be NaN"),
    (dict(e_plus=-4.0), "Cuts.e_plus must be a finite beam energy"),
])
def test_cuts_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Cuts(**kwargs)


def test_n_points_is_checked():
    with pytest.raises(ValueError, match="n_points must be an integer >= 2"):
        LmuLtau(mass=1.0, g=1.0).cross_section(MUMU, cuts=Cuts(cos_theta=(-0.5, 0.5)), n_points=0)


def test_recast_returns_nan_with_reasons_instead_of_raising():
    m = np.array([0.15, 0.5, 1.0])   # 0.15 GeV: Z' -> mu mu closed, the published limit says nothing there
    g_pub = np.array([1e-3, np.nan, 2e-3])
    with pytest.warns(LimitWarning):
        res = recast_limit(LmuLtau, MUMU, m, g_pub, published=dict(final_state="mu+ mu-"),
                           target=dict(final_state="invisible"), full_output=True)
    assert np.isnan(res.coupling[0]) and "zero rate" in res.reason[0]
    assert np.isnan(res.coupling[1]) and "no published limit" in res.reason[1]
    # production unchanged: sigma(g_new) BF_inv(g_new) = sigma(g_pub) BF_mumu(g_pub)
    z = LmuLtau(mass=1.0, g=2e-3)
    np.testing.assert_allclose(_sigma(np.array([1.0]), res.coupling[2:]),
                               z.cross_section(MUMU) * z.branching_ratio("mu+ mu-"), rtol=1e-8)
    with pytest.raises(ValueError, match="coupling_ul must be positive"):
        recast_limit(LmuLtau, MUMU, [1.0], [-1e-3], published=dict(bf=1.0), target=dict(bf=1.0))


def test_alpha_spellings_are_the_same_everywhere():
    assert C.parse_alpha("1/127.9") == 1 / 127.9 and C.parse_alpha("0.0078") == 0.0078
    assert C.parse_alpha("0") == "0" and C.parse_alpha("Running") == "running"
    for bad in ("1/0", "zero", "2", True, None, "nan", -0.1):
        with pytest.raises(ValueError, match="alpha must be"):
            C.parse_alpha(bad)
    a = coupling_limit(LmuLtau, MUMU, [1.0], [0.5], bf=1.0, alpha="1/127.9")
    b = coupling_limit(LmuLtau, MUMU, [1.0], [0.5], bf=1.0, alpha=1 / 127.9)
    assert a[0] == b[0]


# ======================================================================== 3. atomic outputs, headers
def test_interrupted_write_leaves_the_old_file_and_no_partial_file(tmp_path, monkeypatch):
    import pheno.io as io

    path = tmp_path / "out.csv"
    write_table(path, {"mass_GeV": [1.0, 2.0]})
    before = path.read_text()
    calls = {"n": 0}
    real = io._fmt

    def interrupted(v, fmt):
        calls["n"] += 1
        if calls["n"] > 50:
            raise KeyboardInterrupt   # Ctrl-C in the middle of the rows
        return real(v, fmt)

    monkeypatch.setattr(io, "_fmt", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_table(path, {"mass_GeV": np.arange(1000.0)})
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_interrupted_figure_leaves_the_old_file(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = tmp_path / "fig.png"
    path.write_bytes(b"old")
    fig = plt.figure()
    with pytest.raises(ValueError):
        save_figure(fig, path, dpi=-1)   # savefig fails half-way
    plt.close(fig)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_headers_state_version_date_and_the_alpha_number(tmp_path):
    out = tmp_path / "x.csv"
    assert main(["xsec", "lmultau", "--process", MUMU, "--mass-min", "1", "--mass-max", "2", "--n", "2",
                 "-o", str(out)]) == 0
    head = [ln for ln in out.read_text().splitlines() if ln.startswith("#")]
    assert re.match(r"# pheno \d+\.\d+\.\d+(, git [0-9a-f]+(-dirty)?)?, written \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", head[0])
    a_run = C.alpha_running(10.58)
    assert any(f"alpha = {a_run:.10g} = 1/{1 / a_run:.4f} (running alpha(s)" in ln for ln in head), head
    lim = _file(tmp_path, "mass_GeV,sigma_ul_fb\n1.0,0.5\n")
    out2 = tmp_path / "g.csv"
    assert main(["convert", "darkphoton", str(lim), "--process", GA, "--bf", "1", "--alpha", "1/127.9",
                 "-o", str(out2)]) == 0
    text = out2.read_text()
    assert "alpha = None" not in text and "alpha = 0.007818608288 = 1/127.9000 (given by the user)" in text
    assert "confidence level: not stated in the limit file" in text


def test_convert_writes_expected_columns_and_bf_limits(tmp_path, capsys):
    lim = _file(tmp_path, "# CL = 90%\nmass_GeV,sigma_obs_fb,sigma_exp_fb,sigma_exp_p2s_fb\n1,0.5,0.4,0.9\n")
    out = tmp_path / "g.csv"
    assert main(["convert", "lmultau", str(lim), "--process", MUMU, "--final-state", "invisible", "-o", str(out)]) == 0
    t = read_table(out)
    assert {"g_ul", "g_ul_expected_median", "g_ul_expected_plus2sigma", "sigma_ul_expected_median_fb"} <= set(t)
    assert t["g_ul_expected_median"][0] < t["g_ul"][0] < t["g_ul_expected_plus2sigma"][0]
    assert "confidence level: 90%" in out.read_text()
    amb = _file(tmp_path, "m_chi_GeV,mass_GeV,sigma_ul_fb\n0.1,1,0.5\n", "amb.csv")
    assert main(["convert", "lmultau", str(amb), "--process", MUMU, "--bf", "1", "-o", str(out)]) == 2
    assert "--mass-col" in capsys.readouterr().err
    assert main(["convert", "lmultau", str(amb), "--process", MUMU, "--bf", "1", "--mass-col", "mass_GeV",
                 "-o", str(out)]) == 0


def test_convert_a_decay_process_with_bf_files_and_lifetime_maps(tmp_path, monkeypatch):
    import pheno.models

    monkeypatch.setitem(pheno.models.MODELS, "toyb", _ToyScalarB)
    bf = _file(tmp_path, "# CL = 90%\nm_X_GeV,bf_ul,bf_ul_exp\n0.5,2e-7,1e-7\n2.0,3e-7,2e-7\n")
    out = tmp_path / "g.csv"
    assert main(["convert", "toyb", str(bf), "--process", "B+ > K+ X", "--final-state", "mu+ mu-",
                 "--fiducial", "none", "-o", str(out)]) == 0
    t, text = read_table(out), out.read_text()
    assert {"bf_ul", "g_ul", "g_ul_expected_median", "bf_per_production_coupling2"} <= set(t)
    ref = coupling_limit(_ToyScalarB, "B+ > K+ X", [0.5, 2.0], bf_ul=[2e-7, 3e-7], final_state="mu+ mu-", fiducial=None)
    np.testing.assert_allclose(t["g_ul"], ref, rtol=1e-7)   # the CSV keeps 9 digits
    assert "alpha: not used" in text and "BF(B+ > K+ X)" in text
    lmap = _file(tmp_path, "m_X_GeV,BF_UL_at_ctau_cm=0.1,BF_UL_at_ctau_cm=10\n0.5,1e-6,1e-7\n2.0,1e-6,1e-7\n", "map.csv")
    assert main(["convert", "toyb", str(lmap), "--process", "B+ > K+ X", "--final-state", "mu+ mu-", "-o", str(out)]) == 0
    assert "lifetime map" in out.read_text() and read_table(out)["mass_GeV"].tolist() == [0.5, 2.0]
    sig = _file(tmp_path, "mass_GeV,sigma_ul_fb\n1,1\n", "sig.csv")
    assert main(["convert", "toyb", str(sig), "--process", "B+ > K+ X", "--final-state", "mu+ mu-", "-o", str(out)]) == 2


# ======================================================================== 4. CLI errors
def _bad_inputs(tmp_path):
    lim = _file(tmp_path, "mass_GeV,sigma_ul_fb\n1.0,0.5\n")
    return [
        (["xsec", "lmultau", "--process", MUMU, "--alpha", "1/0"], "argument --alpha: expected '0'.*1/127.9"),
        (["xsec", "lmultau", "--process", MUMU, "--sqrt-s", "-1"], r"argument --sqrt-s: expected a finite number > 0"),
        (["xsec", "lmultau", "--process", MUMU, "--e-minus", "inf"], "argument --e-minus: expected a finite number > 0"),
        (["xsec", "lmultau", "--process", MUMU, "--cos-theta", "0.5", "-0.5"], "--cos-theta.*-1 <= min < max <= 1"),
        (["xsec", "darkhiggsstrahlung", "--process", "e+ e- > A' h'", "-p", "m_hp=0.5", "-p", "alpha_D=0.1", "--p-min", "1"],
         "arguments --cos-theta/--p-min/--pt-min: .*cuts"),
        (["xsec", "lmultau", "--process", "e+ e- > gamma Z'"], "argument --process: unknown process.*valid"),
        (["widths", "lmultau", "-p", "g=1", "--mass-min", "0"], "argument --mass-min: expected a finite number > 0"),
        (["widths", "lmultau", "-p", "g=1", "--n", "1"], "argument --n: expected an integer >= 2"),
        (["widths", "lmultau", "-p", "g=1", "-o", str(tmp_path)], "argument -o/--output: .* is a directory"),
        (["widths", "lmultau", "-p", "gg=1"], "argument --param/-p: LmuLtau has no parameter 'gg'; valid: mass, g"),
        (["widths", "lmultau", "-p", "g=abc"], "argument --param/-p: g='abc' is not a number"),
        (["widths", "nomodel"], "argument model: unknown model 'nomodel'; valid: lmultau"),
        (["convert", "lmultau", str(tmp_path / "missing.csv"), "--process", MUMU, "--bf", "1"],
         "argument limit_file: limit file not found"),
        (["convert", "lmultau", str(tmp_path), "--process", MUMU, "--bf", "1"], "argument limit_file: .* is a directory"),
        (["convert", "lmultau", str(lim), "--process", MUMU, "--bf", "2"], r"argument --bf: expected a branching fraction in \(0, 1\]"),
        (["convert", "lmultau", str(lim), "--process", MUMU, "--final-state", "gamma gamma"], "argument --final-state: .*valid"),
        (["convert", "lmultau", str(lim), "--process", MUMU, "--bf", "1", "--fiducial", "big"], "argument --fiducial"),
        (["plot", "lmultau", "missing.csv"], "argument limits: missing.csv is not a file"),
        (["plot", "lmultau", "--mass-min", "0"], "argument --mass-min"),
        (["plot", "lmultau", "--g2", "1999"], "argument --g2: unknown dataset"),
        (["tables", "--out", str(lim)], "argument --out: .* is a file"),
        (["amplitudes", "--vertex", "tensor"], "argument --vertex: invalid choice: 'tensor'"),
        (["frobnicate"], "argument COMMAND: invalid choice"),
    ]


def test_cli_mistakes_exit_2_with_one_line_naming_the_argument(tmp_path, capsys):
    for argv, message in _bad_inputs(tmp_path):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, (argv, err)
        assert "Traceback" not in err and err.startswith("pheno"), err
        assert re.search(message, err), (argv, err)


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception):
        main(["--debug", "widths", "lmultau", "-p", "gg=1"])
    with pytest.raises(Exception):
        main(["xsec", "lmultau", "--process", MUMU, "--sqrt-s", "-1", "--debug"])


# ======================================================================== 5. numerical edges
@pytest.mark.parametrize("dm", [1e-3, 1e-6, 1e-9])
def test_gamma_Ap_within_1_MeV_of_sqrt_s(dm):
    """The Born sigma(gamma A') grows like 1/(1 - m^2/s): sigma (1 - m^2/s) tends to a constant."""
    sqs = C.SQRT_S_BELLE2
    m = sqs - dm
    sig = float(DarkPhoton(mass=m, epsilon=1.0).cross_section(GA))
    ref_m = sqs - 1e-4
    ref = float(DarkPhoton(mass=ref_m, epsilon=1.0).cross_section(GA)) * (1 - ref_m**2 / sqs**2)
    one_minus_r = (sqs - m) * (sqs + m) / sqs**2
    assert math.isfinite(sig) and sig > 0
    assert sig * one_minus_r == pytest.approx(ref, rel=3e-4)   # O(1 - r) corrections: 2e-4 at 1 MeV
    # float32 masses: the same physics at the float32 value
    m32 = np.float32(m)
    assert float(DarkPhoton(mass=m32, epsilon=1.0).cross_section(GA)) == \
        float(DarkPhoton(mass=float(m32), epsilon=1.0).cross_section(GA))
    # ALP: closed form alpha g^2 (1 - m^2/s)^3 / 24 (docs/physics.md D4), no cancellation
    a = float(ALP(mass=m, g_agg=1.0).cross_section("e+ e- > gamma a"))
    closed = C.ALPHA0 * one_minus_r**3 / 24 * C.GEV2_TO_FB
    assert a == pytest.approx(closed, rel=1e-8)   # 64-point angular quadrature: ~2e-9


def test_gamma_Ap_at_and_above_sqrt_s_is_zero_and_limits_work_near_it():
    assert float(DarkPhoton(mass=C.SQRT_S_BELLE2, epsilon=1.0).cross_section(GA)) == 0.0
    m = np.array([C.SQRT_S_BELLE2 - 1e-6, C.SQRT_S_BELLE2 - 1e-3])
    res = coupling_limit(DarkPhoton, GA, np.float32(m), [1.0, 1.0], bf=1.0, full_output=True)
    assert np.all(np.isfinite(res.coupling))
    a = DarkPhoton(mass=res.mass, epsilon=res.coupling)
    np.testing.assert_allclose(a.cross_section(GA), 1.0, rtol=1e-8)


def _eikonal_slope(alpha):
    """-d sigma/d ln m_X for m_X -> 0 at unit coupling: sigma_0 (1/2 pi^2) K (docs/physics.md C5)."""
    s = C.SQRT_S_BELLE2**2
    beta = math.sqrt(1 - 4 * C.M_MU**2 / s)
    k = (1 + beta**2) / (2 * beta) * math.log((1 + beta) / (1 - beta)) - 1
    sigma0 = 4 * math.pi * alpha**2 / (3 * s) * beta * (3 - beta**2) / 2 * C.GEV2_TO_FB
    return sigma0 * k / (2 * math.pi**2)


def test_llx_for_tiny_masses_follows_the_eikonal_limit():
    m = np.array([1e-5, 1e-7, 1e-8, 1e-10, 1e-12])
    sig = LmuLtau(mass=m, g=1.0).cross_section(MUMU)
    assert np.all(np.isfinite(sig)) and np.all(np.diff(sig) > 0)
    slope = -np.diff(sig) / np.diff(np.log(m))
    np.testing.assert_allclose(slope, _eikonal_slope(C.alpha_running(C.SQRT_S_BELLE2)), rtol=2e-5)
    s = MuonphilicScalar(mass=m, g=1.0).cross_section("e+ e- > mu+ mu- S")
    assert np.all(np.isfinite(s)) and np.all(s > 0)


def _born_pair_acceptance(cuts, sqrt_s, m_l, n=200_000):
    """Fraction of Born e+e- -> gamma* -> l+l- events with both leptons passing ``cuts``:
    dsigma/dcos ~ 1 + cos^2 + (1 - beta^2) sin^2 (massive leptons, e.g. Peskin & Schroeder problem 5.2),
    l- at cos, l+ at -cos with |p| = beta sqrt(s)/2, boosted to the lab for frame="lab". Midpoint rule on
    n points: the acceptance edges cost O(1/n)."""
    c = (np.arange(n) + 0.5) / n * 2.0 - 1.0
    e = 0.5 * sqrt_s
    beta = math.sqrt(1.0 - (m_l / e) ** 2)
    p = beta * e
    weight = 1.0 + c * c + (1.0 - beta * beta) * (1.0 - c * c)
    b_lab = cuts.beta_lab
    g_lab = 1.0 / math.sqrt(1.0 - b_lab * b_lab)
    pt = p * np.sqrt(1.0 - c * c)
    ok = np.ones(n, dtype=bool)
    for cc in (c, -c):
        pz = g_lab * (p * cc + b_lab * e)
        p_lab = np.hypot(pt, pz)
        cos_lab = pz / p_lab
        ok &= (cos_lab >= cuts.cos_theta[0]) & (cos_lab <= cuts.cos_theta[1]) & (p_lab >= cuts.p_min) & (pt >= cuts.pt_min)
    return float(np.sum(weight * ok) / np.sum(weight))


def test_llx_with_cuts_for_tiny_masses():
    """For a light X the cut cross section grows by the Born l+l- acceptance A times the growth of the total one
    (soft emission factorises, docs/physics.md C5): sigma_cut(m) = sigma_cut(m_0) + A [sigma(m) - sigma(m_0)].
    The full-kinematics route follows it between 1e-3 and 1e-4 GeV and, anchored at m_0 = 1e-5 GeV, down to
    1e-30 GeV (its |M|^2 has no 1/m_X^2 pieces left; with them it lost all digits below ~1e-8 GeV); corrections
    to the factorisation O(m_0/m_l) ~ 1e-4. The acceptance is checked against its closed form for |cos| < 0.9."""
    cm = Cuts(cos_theta=(-0.9, 0.9))
    beta2 = 1 - 4 * C.M_MU**2 / C.SQRT_S_BELLE2**2
    w = lambda c: (2 - beta2) * c + beta2 * c**3 / 3  # int of 1 + c^2 + (1 - beta^2)(1 - c^2) dc
    assert _born_pair_acceptance(cm, C.SQRT_S_BELLE2, C.M_MU) == pytest.approx(w(0.9) / w(1.0), abs=1e-5)
    lab = Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")
    acc = _born_pair_acceptance(lab, C.SQRT_S_BELLE2, C.M_MU)
    m = np.array([1e-3, 1e-4])
    z = LmuLtau(mass=m, g=1.0)
    tot = z.cross_section(MUMU)
    cut, err = z.cross_section(MUMU, cuts=lab, return_error=True)
    ratio = (cut[1] - cut[0]) / (tot[1] - tot[0])
    assert ratio == pytest.approx(acc, abs=4 * math.hypot(*err) / (tot[1] - tot[0]))
    tiny = np.array([1e-5 * (1 + 1e-9), 1e-5 * (1 - 1e-9), 1e-8, 1e-10])
    v = LmuLtau(mass=tiny, g=1.0).cross_section(MUMU, cuts=lab)
    t = LmuLtau(mass=tiny, g=1.0).cross_section(MUMU)
    assert np.all(np.isfinite(v)) and np.all(v > 0) and np.all(v < t)
    assert v[1] == pytest.approx(v[0], rel=1e-6)   # continuous
    for cuts in (lab, Cuts(cos_theta=(-0.5, 0.5))):
        m = np.array([1e-5, 1e-8, 1e-12, 1e-20, 1e-30])
        z = LmuLtau(mass=m, g=1.0)
        tot = z.cross_section(MUMU)
        cut, err = z.cross_section(MUMU, cuts=cuts, rtol=2e-4, return_error=True)
        soft = cut[0] + _born_pair_acceptance(cuts, C.SQRT_S_BELLE2, C.M_MU) * (tot - tot[0])
        assert np.all(np.abs(cut[1:] - soft[1:]) < 4 * np.hypot(err[1:], err[0]) + 1e-4 * soft[1:])


@pytest.mark.parametrize("kwargs, name", [
    (dict(mass=1e-200, g=1.0), "mass"), (dict(mass=1e-160, g=1.0), "mass"),
    (dict(mass=1.0, g=1e200), "g"), (dict(mass=1.0, g=1e151), "g"),
    (dict(mass=1.0, g=1.0, m_chi=0.1, g_chi=1e300), "g_chi"), (dict(mass=1.0, g=1.0, m_chi=1e300), "m_chi"),
])
def test_overflowing_parameters_are_refused(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        LmuLtau(**kwargs)


@pytest.mark.parametrize("model", [LmuLtau(mass=1e-30, g=1.0), LmuLtau(mass=1.0, g=1e30),
                                   LmuLtau(mass=1.0, g=1.0, m_chi=1e-200, g_chi=1.0),
                                   DarkPhoton(mass=1e-30, epsilon=1e30), ALP(mass=1e-30, g_agg=1e30),
                                   ALP(mass=1e-30, c_ll=1e30, Lambda=1.0), MuonphilicScalar(mass=1e-30, g=1e30)])
def test_extreme_but_allowed_parameters_give_finite_physics(model):
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # no overflow anywhere
        values = [*model.widths().values(), *model.branching_ratios().values(), model.total_width()]
        assert all(np.all(np.isfinite(v)) and np.all(np.asarray(v) >= 0) for v in values)
        assert np.all(model.ctau() > 0)


def test_loop_functions_for_heavy_loop_leptons_against_mpmath():
    """B1 and F_1/2 lost all digits for tau = 4 m_l^2/m^2 >~ 1e13 (m_X <~ 1e-7 GeV for muons)."""
    import mpmath as mp

    from pheno.loops import B1, F_half, F_one

    taus = np.array([2.0, 999.0, 1e3, 1e4, 1e8, 1e13, 1e20, 1e60, 1e120])
    b, f, w = B1(taus), F_half(taus), F_one(taus)
    with mp.workdps(300):
        for t, bb, ff, ww in zip(taus, b, f, w):
            t = mp.mpf(t)
            fsq = mp.asin(1 / mp.sqrt(t)) ** 2
            assert bb.real == pytest.approx(float(1 - t * fsq), rel=1e-12)
            assert ff.real == pytest.approx(float(-2 * t * (1 + (1 - t) * fsq)), rel=1e-12)
            assert ww.real == pytest.approx(float(2 + 3 * t + 3 * t * (2 - t) * fsq), rel=1e-12)  # W loop
    # the physics it fixes: Gamma(S -> gamma gamma) ~ m^3 for m << m_mu (F_1/2 -> -4/3)
    m = np.array([1e-6, 1e-9, 1e-12])
    w = MuonphilicScalar(mass=m, g=1.0).widths()["gamma gamma"]
    np.testing.assert_allclose(w / m**3, C.ALPHA0**2 / (256 * np.pi**3) * (4 / 3 / C.M_MU) ** 2, rtol=1e-6)


def test_llx_with_cuts_for_tiny_masses_with_an_array_of_couplings():
    """Light masses with the other parameters broadcast (the former soft-limit route rebuilt the model with
    two masses, which failed for a coupling array): sigma scales with g^2 at every mass."""
    lab = Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")
    m = np.array([1e-6, 1e-8, 1.0])
    one = LmuLtau(mass=m, g=1.0).cross_section(MUMU, cuts=lab)
    np.testing.assert_allclose(LmuLtau(mass=m, g=[1.0, 2.0, 3.0]).cross_section(MUMU, cuts=lab), one * [1, 4, 9],
                               rtol=1e-14)
