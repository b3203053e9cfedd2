"""pheno.scan: grids, chunks, resumption, process pools and a real Dask cluster give the same numbers."""
import re
import warnings

import numpy as np
import pytest

from pheno.cli import main
from pheno.io import read_table
from pheno.limits import LimitWarning, coupling_limit
from pheno.models import LmuLtau
from pheno.scan import Limit, Observable, scan

GRID = {"mass": np.geomspace(0.05, 9.0, 37), "g": [1e-4, 3e-3]}
SIGMA = Observable("cross_section", "e+ e- > mu+ mu- Z'", {"alpha": "0"})


def test_serial_scan_matches_a_direct_vectorised_call():
    res = scan(LmuLtau, SIGMA, GRID, chunk_size=10, progress=False)
    m, g = np.meshgrid(GRID["mass"], GRID["g"], indexing="ij")
    direct = LmuLtau(mass=m, g=g).cross_section("e+ e- > mu+ mu- Z'", alpha="0")
    assert np.array_equal(res.values["cross_section[e+ e- > mu+ mu- Z']"], direct)


def test_dict_observables_and_fixed_parameters():
    res = scan(LmuLtau, Observable("widths"), {"mass": [0.1, 1.0, 5.0]}, fixed={"g": 1e-3, "m_chi": 0.01},
               progress=False)
    assert set(res.values) == {"widths[mu+ mu-]", "widths[tau+ tau-]", "widths[nu nu~]", "widths[chi chi~]"}
    assert res.values["widths[tau+ tau-]"][0] == 0.0


CLI_SIGMA = ["scan", "lmultau", "cross_section", "--process", "e+ e- > mu+ mu- Z'", "--alpha", "0",
             "--grid", "mass=0.05:9:37", "--grid", "g=1e-4,3e-3", "--chunk-size", "8"]


def test_process_pool_and_dask_cluster_equal_serial_bit_for_bit(tmp_path):
    """The Python API and ``pheno scan`` (serial, --workers 2, --scheduler) on a real 2-worker LocalCluster."""
    distributed = pytest.importorskip("distributed")
    serial = scan(LmuLtau, SIGMA, GRID, chunk_size=8, progress=False)
    pool = scan(LmuLtau, SIGMA, GRID, chunk_size=8, workers=2, progress=False)
    outs = {k: tmp_path / f"{k}.csv" for k in ("serial", "pool", "dask")}
    assert main([*CLI_SIGMA, "-o", str(outs["serial"])]) == 0
    assert main([*CLI_SIGMA, "--workers", "2", "-o", str(outs["pool"])]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = scan(LmuLtau, SIGMA, GRID, chunk_size=8, scheduler=client, progress=False)
        address = scan(LmuLtau, Observable("ctau"), GRID, chunk_size=8, scheduler=cluster.scheduler_address,
                       progress=False)
        assert main([*CLI_SIGMA, "--scheduler", cluster.scheduler_address, "-o", str(outs["dask"])]) == 0
    key = "cross_section[e+ e- > mu+ mu- Z']"
    assert np.array_equal(pool.values[key], serial.values[key])
    assert np.array_equal(on_dask.values[key], serial.values[key])
    assert np.array_equal(address.values["ctau"], scan(LmuLtau, Observable("ctau"), GRID, progress=False).values["ctau"])
    for name, path in outs.items():   # the CSV keeps 17 digits: it reads back bit for bit
        table = read_table(path)
        assert np.array_equal(table[key], serial.values[key].ravel()), name
        assert np.array_equal(table["mass"], np.repeat(GRID["mass"], 2)) and np.array_equal(table["g"], np.tile(GRID["g"], 37))
    assert not list(tmp_path.glob("*.chunks"))


def test_output_is_written_and_an_interrupted_scan_resumes(tmp_path, monkeypatch):
    import pheno.scan as S

    out = tmp_path / "scan.csv"
    calls = []
    real = S._evaluate_chunk

    def flaky(model_cls, what, params, fixed):
        calls.append(len(next(iter(params.values()))))
        if len(calls) == 5:   # the validation call + 3 chunks succeed, then the run "dies"
            raise KeyboardInterrupt
        return real(model_cls, what, params, fixed)

    monkeypatch.setattr(S, "_evaluate_chunk", flaky)
    with pytest.raises(KeyboardInterrupt):
        scan(LmuLtau, SIGMA, GRID, chunk_size=10, output=out, progress=False)
    assert not out.exists()                                # no partial final file
    assert len(list(tmp_path.glob("scan.csv.chunks/*/*.npz"))) == 3
    monkeypatch.setattr(S, "_evaluate_chunk", real)
    calls.clear()
    monkeypatch.setattr(S, "_evaluate_chunk", lambda *a: (calls.append(1), real(*a))[1])
    res = scan(LmuLtau, SIGMA, GRID, chunk_size=10, output=out, progress=False)
    assert len(calls) == 1 + 8 - 3                         # validation + the 5 chunks still missing
    table = read_table(out)
    assert np.array_equal(table["cross_section[e+ e- > mu+ mu- Z']"],
                          res.values["cross_section[e+ e- > mu+ mu- Z']"].ravel())
    assert np.array_equal(table["mass"], np.repeat(GRID["mass"], 2))
    assert not (tmp_path / "scan.csv.chunks").exists()    # cleaned up after success


def test_limit_scan_over_a_dark_coupling_grid():
    m_tab, ul = np.array([0.1, 1.0, 5.0, 9.0]), np.array([2.0, 1.0, 0.5, 0.5])
    grid = {"mass": [0.3, 2.0, 8.0], "m_chi": [0.01, 0.05]}
    res = scan(LmuLtau, Limit("e+ e- > mu+ mu- Z'", m_tab, ul, {"final_state": "invisible", "g_chi": 0.05}), grid,
               chunk_size=2, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        for j, m_chi in enumerate(grid["m_chi"]):
            direct = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", m_tab, ul, at=grid["mass"], final_state="invisible",
                                    m_chi=m_chi, g_chi=0.05)
            np.testing.assert_array_equal(res.values["g_ul"][:, j], direct)


@pytest.mark.parametrize("kwargs, match", [
    (dict(grid={}), "non-empty"),
    (dict(grid={"mass": [1.0, np.nan]}), "finite"),
    (dict(grid={"mass": [1.0]}, fixed={"mass": 2.0, "g": 1.0}), "both in grid and fixed"),
    (dict(grid={"mass": [1.0], "g": [1.0]}, chunk_size=0), "chunk_size"),
    (dict(grid={"mass": [1.0], "g": [1.0]}, scheduler=3), "scheduler"),
    (dict(grid={"mass": [-1.0], "g": [1.0]}), "mass"),
])
def test_bad_scans_fail_fast(kwargs, match):
    with pytest.raises(ValueError, match=match):
        scan(LmuLtau, SIGMA, progress=False, **kwargs)


def test_unknown_observable():
    with pytest.raises(ValueError, match="Observable.method"):
        Observable("lifetime")


# ------------------------------------------------------------------ the command line
def test_cli_scan_of_branching_ratios_and_a_limit(tmp_path):
    out = tmp_path / "bf.csv"
    assert main(["scan", "lmultau", "branching_ratio", "--channel", "invisible", "-p", "g=1e-3", "-p", "g_chi=0.1",
                 "--grid", "mass=0.05:5:7", "--grid", "m_chi=0.01:0.5:3:lin", "-o", str(out)]) == 0
    t = read_table(out)
    m, m_chi = np.meshgrid(np.geomspace(0.05, 5, 7), np.linspace(0.01, 0.5, 3), indexing="ij")
    direct = LmuLtau(mass=m, g=1e-3, m_chi=m_chi, g_chi=0.1).branching_ratio("invisible")
    assert np.array_equal(t["branching_ratio[invisible]"], direct.ravel())
    lim = tmp_path / "lim.csv"
    lim.write_text("# CL = 90%\nmass_GeV,sigma_ul_fb\n0.1,2.0\n1.0,1.0\n5.0,0.5\n9.0,0.5\n")
    out = tmp_path / "g.csv"
    assert main(["scan", "lmultau", "limit", "--limit-file", str(lim), "--process", "e+ e- > mu+ mu- Z'",
                 "--final-state", "invisible", "--grid", "mass=0.3,2,8,9.5", "--grid", "m_chi=0.01,0.05",
                 "-p", "g_chi=0.05", "-o", str(out)]) == 0
    t = read_table(out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        for j, m_chi in enumerate([0.01, 0.05]):
            direct = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", [0.1, 1.0, 5.0, 9.0], [2.0, 1.0, 0.5, 0.5],
                                    at=[0.3, 2, 8, 9.5], final_state="invisible", m_chi=m_chi, g_chi=0.05)
            np.testing.assert_array_equal(t["g_ul"][j::2], direct)
    assert np.isnan(t["g_ul"][-1])   # 9.5 GeV: outside the limit file, never extrapolated


def test_cli_scan_mistakes_exit_2_with_one_line(tmp_path, capsys):
    lim = tmp_path / "lim.csv"
    lim.write_text("mass_GeV,sigma_ul_fb\n0.1,2.0\n1.0,1.0\n")
    base = ["scan", "darkphoton", "ctau", "-p", "epsilon=1e-3"]
    lim_args = ["scan", "darkphoton", "limit", "--process", "e+ e- > gamma A'", "--limit-file", str(lim)]
    cases = [
        (base, "argument --grid: give at least one axis"),
        ([*base, "--grid", "mass=1:2"], r"argument --grid: expected NAME=LO:HI:N\[:log\|lin\]"),
        ([*base, "--grid", "mass=0:1:3"], "argument --grid: .*LO > 0 and HI > 0"),
        ([*base, "--grid", "foo=1,2"], "argument --grid: DarkPhoton has no parameter 'foo'"),
        ([*base, "--grid", "chi=1"], "argument --grid: 'chi' of DarkPhoton is not a number"),
        ([*base, "--grid", "mass=1", "--grid", "mass=2"], "argument --grid: 'mass' given twice"),
        ([*base, "--grid", "epsilon=1,2"], "arguments --grid/--param: epsilon given both"),
        ([*base, "--grid", "mass=-1,2"], "argument --grid/--param: mass must be"),
        ([*base, "--grid", "mass=1", "--process", "e+ e- > gamma A'"], "argument --process: ctau does not take"),
        ([*base, "--grid", "mass=1", "--final-state", "invisible"], "argument --final-state: only for the quantity limit"),
        ([*base, "--grid", "mass=1", "--workers", "0"], "argument --workers: expected an integer >= 1"),
        ([*base, "--grid", "mass=1", "--workers", "2", "--scheduler", "tcp://x:1"], "argument --scheduler: not allowed"),
        ([*base, "--grid", "mass=1", "-o", str(tmp_path)], "argument -o/--output: .* is a directory"),
        (["scan", "darkphoton", "branching_ratio", "--grid", "mass=1"], "argument --channel: required"),
        (["scan", "darkphoton", "branching_ratio", "--channel", "foo", "--grid", "mass=1", "-p", "epsilon=1"],
         "argument --channel: unknown channel 'foo'"),
        (["scan", "darkphoton", "cross_section", "--grid", "mass=1"], "argument --process: required for cross_section"),
        (["scan", "darkphoton", "lifetime", "--grid", "mass=1"], "argument QUANTITY: invalid choice"),
        (["scan", "darkphoton", "limit", "--process", "e+ e- > gamma A'", "--grid", "mass=1", "--bf", "1"],
         "argument --limit-file: required"),
        ([*lim_args, "--grid", "mass=1"], "arguments --final-state/--bf: give one"),
        ([*lim_args, "--bf", "1", "--grid", "epsilon=1"], "argument --grid: a limit scan needs a mass axis"),
        ([*lim_args, "--bf", "1", "--grid", "mass=1", "--grid", "epsilon=1,2"], "'epsilon' is the coupling the limit"),
        ([*lim_args[:-1], str(tmp_path / "nope.csv"), "--bf", "1", "--grid", "mass=1"],
         "argument --limit-file: limit file not found"),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith("pheno scan: error:"), (argv, err)
        assert re.search(message, err), (argv, err)
