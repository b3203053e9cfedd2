"""Speed of the L_mu-L_tau cross sections: ms per mass point over 200 masses from 0.01 to 10 GeV.

Run:  .venv/bin/python benchmarks/bench_lmultau.py
Targets (issue #2): total sigma at <= 1e-4 precision <= 1 ms/point; lab-frame-cut sigma <= 50 ms/point.
The issue-12 rows with in-run reference ratios are in bench_cross_sections.py.
The first call of each route compiles or loads the numba cache and is excluded (warm-up).
"""
import time

import numpy as np

from pheno import Cuts
from pheno.models import LmuLtau

MASSES = np.geomspace(0.01, 10.0, 200)
PROC = "e+ e- > mu+ mu- Z'"
CUTS = Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")


def timed(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    z = LmuLtau(mass=MASSES, g=1.0)
    LmuLtau(mass=1.0, g=1.0).cross_section(PROC)  # warm-up (numba cache)
    LmuLtau(mass=1.0, g=1.0).cross_section(PROC, cuts=CUTS)
    t, sigma = timed(lambda: z.cross_section(PROC))
    print(f"total sigma (1-D Dalitz route, rtol 1e-6):           {1e3 * t / MASSES.size:.3f} ms/point")
    t, sigma = timed(lambda: z.cross_section(PROC, cuts=Cuts(p_min=1.0)))
    print(f"sigma with a CM momentum cut (1-D Dalitz, rtol 1e-6): {1e3 * t / MASSES.size:.3f} ms/point")
    t, (val, err) = timed(lambda: z.cross_section(PROC, cuts=CUTS, return_error=True), repeat=1)
    ok = val > 0
    print(f"sigma with lab-frame cuts (RQMC, rtol 1e-3):          {1e3 * t / MASSES.size:.3f} ms/point, "
          f"median relative error {np.median(err[ok] / val[ok]):.1e}")


if __name__ == "__main__":
    main()
