"""Speed of pheno.scan (issue 12): the same scan serially, on a local process pool and on a Dask cluster.

Run:  .venv/bin/python benchmarks/bench_scan.py [--quick]

Wall time (the work runs in other processes), best of 2 (1 with --quick), after a warm-up scan that loads
the numba caches; the ratio is to the serial scan in this run. The process pool and the Dask LocalCluster
use 2 workers (one thread each); the cluster is started once, outside the timing (its start-up is printed).
The results are checked to be equal to the serial ones bit for bit. On 2 shared cores a ratio near 0.5
is the best possible; fixed costs (starting pool processes, shipping tasks) make small scans slower.
"""
from __future__ import annotations

import math
import sys
import time
import warnings

import numpy as np

from pheno import Cuts
from pheno.models import ALP, DarkPhoton, LmuLtau
from pheno.scan import Limit, Observable, scan

QUICK = "--quick" in sys.argv
REPEAT = 1 if QUICK else 2
ALP_TABLE = np.geomspace(0.01, 10.0, 50)

CASES = {
    "sigma(mu mu Z'), lab-frame cuts (QMC)": (
        LmuLtau, Observable("cross_section", "e+ e- > mu+ mu- Z'",
                            {"cuts": Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")}),
        {"mass": np.geomspace(0.05, 9.0, 60 if QUICK else 200), "g": [1.0]}, {}, 20),
    "ALP g_agg limit, ECL fiducial, x c_mu": (
        ALP, Limit("e+ e- > gamma a", ALP_TABLE, 5.0 * (1 + 0.3 * np.sin(10 * np.log(ALP_TABLE))),
                   {"final_state": "gamma gamma"}),
        {"mass": np.geomspace(0.02, 9.0, 500 if QUICK else 2000), "c_mu": [0.0, 1.0]}, {}, 500),
    "DarkPhoton widths (1e6 masses)": (
        DarkPhoton, Observable("widths"),
        {"mass": np.geomspace(1e-3, 10.5, 10**5 if QUICK else 10**6)}, {"epsilon": 1e-3}, 10**5),
}


def wall(fn):
    best, out = math.inf, None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    try:
        import distributed
    except ImportError:
        distributed = None
        print("(dask.distributed not installed: no Dask column; pip install 'pheno[dask]')")
    cluster = client = None
    if distributed is not None:
        t0 = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = distributed.Client(cluster)
        print(f"Dask LocalCluster (2 workers) start-up: {time.perf_counter() - t0:.2f} s (not in the timings)")
    print(f"\n{'scan':42s} {'points':>8s} {'chunks':>6s} {'how':>22s} {'time/point':>12s} {'total':>9s} {'ratio':>6s}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, (cls, what, grid, fixed, chunk) in CASES.items():
                n = int(np.prod([len(v) for v in grid.values()]))
                kw = dict(fixed=fixed, chunk_size=chunk, progress=False)
                small = {k: v[:2] for k, v in grid.items()}
                scan(cls, what, small, **kw)  # warm-up: numba caches, tables (here and on every Dask worker)
                if client is not None:
                    client.run(scan, cls, what, small, **kw)
                runs = {"serial": {}, "process pool, 2 workers": {"workers": 2}}
                if client is not None:
                    runs["Dask LocalCluster, 2"] = {"scheduler": client}
                ref, serial = None, None
                for how, extra in runs.items():
                    t, res = wall(lambda: scan(cls, what, grid, **kw, **extra))
                    if serial is None:
                        ref, serial = t, res
                    same = all(np.array_equal(res.values[k], serial.values[k], equal_nan=True) for k in serial.values)
                    print(f"{name:42s} {n:8d} {math.ceil(n / chunk):6d} {how:>22s} {1e6 * t / n:9.2f} us "
                          f"{t:8.2f}s {t / ref:6.2f}" + ("" if same else "  RESULTS DIFFER"))
                    name = ""
    finally:
        if client is not None:
            client.close()
            cluster.close()


if __name__ == "__main__":
    main()
