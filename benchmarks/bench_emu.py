"""Speed of sigma(e+e- -> e+- mu-+ Z') with cuts (every tree diagram; pheno.emu): ms per mass point.

Run:  .venv/bin/python benchmarks/bench_emu.py
The first call compiles or loads the numba cache and is excluded (warm-up). Also times the tau -> l alpha
BF of the LFV ALP (closed form) over a mass grid.
"""
import time

import numpy as np

from pheno import Cuts
from pheno.models import LFVALP, LFVZprime

MASSES = np.geomspace(0.12, 8.0, 20)
PROC = "e+ e- > e+- mu-+ Z'"
CUTS = {"CM |cos| < 0.8": Cuts(cos_theta=(-0.8, 0.8)),
        "lab 17-150 deg, pT > 0.1": Cuts(cos_theta=(-0.866, 0.956), pt_min=0.1, frame="lab")}


def main():
    z = LFVZprime(mass=MASSES, g_V={"mu e": 1.0})
    LFVZprime(mass=1.0, g_V={"mu e": 1.0}).cross_section(PROC, cuts=CUTS["CM |cos| < 0.8"])  # warm-up
    for label, cuts in CUTS.items():
        t0 = time.perf_counter()
        val, err = z.cross_section(PROC, cuts=cuts, return_error=True)
        t = time.perf_counter() - t0
        print(f"sigma, {label} (RQMC, default rtol 1e-3): {1e3 * t / MASSES.size:.1f} ms/point, "
              f"median relative error {np.median(err / val):.1e}")
    grid = np.linspace(0.0, 1.77, 100_000)
    a = LFVALP(mass=grid, f=1e6, C_V={"tau e": 1.0})
    t0 = time.perf_counter()
    a.production_branching_ratio("tau- > e- a")
    print(f"BF(tau -> e a), closed form: {1e6 * (time.perf_counter() - t0) / grid.size:.3f} us/point")


if __name__ == "__main__":
    main()
