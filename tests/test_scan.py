"""pheno.scan: grids, chunks, resumption, process pools and a real Dask cluster give the same numbers."""
import warnings

import numpy as np
import pytest

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


def test_process_pool_and_dask_cluster_equal_serial_bit_for_bit():
    distributed = pytest.importorskip("distributed")
    serial = scan(LmuLtau, SIGMA, GRID, chunk_size=8, progress=False)
    pool = scan(LmuLtau, SIGMA, GRID, chunk_size=8, workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = scan(LmuLtau, SIGMA, GRID, chunk_size=8, scheduler=client, progress=False)
        address = scan(LmuLtau, Observable("ctau"), GRID, chunk_size=8, scheduler=cluster.scheduler_address,
                       progress=False)
    key = "cross_section[e+ e- > mu+ mu- Z']"
    assert np.array_equal(pool.values[key], serial.values[key])
    assert np.array_equal(on_dask.values[key], serial.values[key])
    assert np.array_equal(address.values["ctau"], scan(LmuLtau, Observable("ctau"), GRID, progress=False).values["ctau"])


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
