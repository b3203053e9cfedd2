"""Speed of the cross sections (issue 12): time per mass point and its ratio to an in-run reference.

Run:  .venv/bin/python benchmarks/bench_cross_sections.py [--quick]

CPU time (time.process_time), best of several repeats; the first call of each route (numba cache
load) is excluded except in the "first sigma" row, which runs fresh interpreters. Rows:

  llX total sigma      e+e- -> mu+ mu- Z' through Model.cross_section (1-D Dalitz route, rtol 1e-6)
                       vs the bare analytic 1-D kernel (pheno.phasespace.dalitz_1d_fixed_rule) with the
                       fewest Gauss-Legendre nodes that reach 1e-6 on the same masses (target: ratio <= 10)
  CM momentum cut      the same with p > 1 GeV for both muons, same reference (target: ratio <= 10)
  lab-frame cuts       RQMC, azimuth exact, 8 x 1024 points, vs the former plain 4-D RQMC (8 x 2^13) at
                       their median relative errors (target: <= 5 ms per mass at the same error)
  first sigma          fresh interpreter, warm numba cache; the reference is numba's own start-up (import
                       numba, first call of a trivial cached function) (target: <= 0.3 s)
  branching_ratios()   all BFs vs one widths() call, DarkPhoton at 1e6 masses (target: ratio <= 2)
and the scaling of the llX scan with the number of masses, 10 -> 1e4 (acceptance: 1e4 masses < 1 s).
"""
from __future__ import annotations

import math
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

from pheno import Cuts
from pheno import constants as C
from pheno import phasespace as ps
from pheno.models import DarkPhoton, LmuLtau

PROC = "e+ e- > mu+ mu- Z'"
S = C.SQRT_S_BELLE2**2
MASSES = np.geomspace(0.01, 10.0, 200)
LAB = Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")
QUICK = "--quick" in sys.argv


def cpu(fn, repeat=5):
    """(best CPU time [s], result) over ``repeat`` calls."""
    best, out = math.inf, None
    for _ in range(1 if QUICK else repeat):
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
    return best, out


def row(name, t_point, ref_point=None, extra=""):
    ratio = f"{t_point / ref_point:7.2f}" if ref_point else "       "
    units = ((1e9, "ns"), (1e6, "us"), (1e3, "ms"), (1.0, "s "))
    scale, unit = next((f, u) for f, u in units if t_point * f < 1e3 or f == 1.0)
    print(f"{name:44s} {t_point * scale:9.2f} {unit} {ratio}  {extra}")


def reference_kernel(masses, e_min=0.0):
    """The analytic 1-D kernel with the fewest Gauss-Legendre nodes reaching 1e-6 (in this run)."""
    exact, _, _ = ps.dalitz_integral_1d(0, S, C.M_MU, masses, rtol=1e-12)
    for n in range(8, 80, 2):
        x, w = ps.gauss_legendre01(n)
        if np.max(np.abs(ps.dalitz_1d_fixed_rule(0, S, C.M_MU, masses, x, w) / exact - 1)) <= 1e-6:
            return n, x, w
    raise RuntimeError("no rule up to 80 nodes reaches 1e-6")


def dalitz_rows():
    z = LmuLtau(mass=MASSES, g=1.0)
    z.cross_section(PROC)  # warm-up
    z.cross_section(PROC, cuts=Cuts(p_min=1.0))
    n, x, w = reference_kernel(MASSES)
    ps.dalitz_1d_fixed_rule(0, S, C.M_MU, MASSES[:2], x, w)
    t_ref, _ = cpu(lambda: ps.dalitz_1d_fixed_rule(0, S, C.M_MU, MASSES, x, w), 20)
    t_ref /= MASSES.size
    print(f"\nreference: analytic 1-D kernel, {n} Gauss-Legendre nodes (max error <= 1e-6 on 200 masses)")
    row("  reference kernel", t_ref, t_ref)
    t, (sig, err) = cpu(lambda: z.cross_section(PROC, return_error=True), 20)
    row("llX total sigma (Model.cross_section)", t / MASSES.size, t_ref,
        f"max error estimate {np.max(err / sig):.1e}")
    t_old, _ = cpu(lambda: [ps.dalitz_integral(0, S, C.M_MU, m) for m in MASSES], 3)
    row("  before: 2-D Gauss-Legendre 64 x 48", t_old / MASSES.size, t_ref)
    cut = Cuts(p_min=1.0)
    t, (sig, err) = cpu(lambda: z.cross_section(PROC, cuts=cut, return_error=True), 20)
    row("sigma with a CM momentum cut p > 1 GeV", t / MASSES.size, t_ref,
        f"max error estimate {np.max(err[sig > 0] / sig[sig > 0]):.1e}")
    e_min = math.hypot(1.0, C.M_MU)
    t_old, _ = cpu(lambda: [ps.dalitz_integral(0, S, C.M_MU, m, e_min=e_min) for m in MASSES], 3)
    row("  before: 2-D rule with scanned kinks", t_old / MASSES.size, t_ref)
    return t_ref


def qmc_rows():
    z = LmuLtau(mass=MASSES, g=1.0)
    z.cross_section(PROC, cuts=LAB, n_points=64)
    ps.full_kinematics(0, S, C.M_MU, 1.0, cuts=LAB, n_points=64)
    t_old, old = cpu(lambda: [ps.full_kinematics(0, S, C.M_MU, m, cuts=LAB, n_points=2**13) for m in MASSES], 2)
    old = np.array(old)
    ok = old[:, 0] > 0
    med_old = np.median(old[ok, 1] / old[ok, 0])
    t_old /= MASSES.size
    print("\nlab-frame cuts cos(theta) in (-0.8, 0.9), p > 0.5 GeV (Belle II lab), 200 masses")
    row("  before: plain 4-D RQMC, 8 x 2^13 points", t_old, t_old, f"median error {med_old:.1e}")
    t, (sig, err) = cpu(lambda: z.cross_section(PROC, cuts=LAB, n_points=1024, return_error=True), 3)
    ok = sig > 0
    row("RQMC, azimuth exact, 8 x 2^10 points", t / MASSES.size, t_old,
        f"median error {np.median(err[ok] / sig[ok]):.1e} (ratio to before)")
    t, (sig, err) = cpu(lambda: z.cross_section(PROC, cuts=LAB, return_error=True), 3)
    ok = sig > 0
    row("  the same, default rtol = 1e-3 (adaptive)", t / MASSES.size, t_old,
        f"median error {np.median(err[ok] / sig[ok]):.1e}, max {np.max(err[ok] / sig[ok]):.1e}")


FIRST = """
import time
t0 = time.process_time()
{body}
print(time.process_time() - t0)
"""


def fresh(body: str, cwd=None) -> float:
    """Best CPU time of ``body`` in fresh interpreters (the first run also warms the cache)."""
    code = FIRST.format(body=textwrap.dedent(body))
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                  cwd=cwd).stdout.split()[-1]) for _ in range(2 if QUICK else 6)]
    return min(times[1:])


def first_sigma_rows():
    print("\nfirst sigma in a new process (warm numba cache), CPU time incl. imports")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "trivial.py").write_text("import numba\n@numba.njit(cache=True)\ndef f(x):\n    return x + 1.0\n")
        t_numba = fresh("import trivial; trivial.f(1.0)", cwd=tmp)
    row("  reference: numba start-up (trivial kernel)", t_numba, t_numba)
    cases = {
        "llX total sigma": f"from pheno.models import LmuLtau; LmuLtau(mass=1.0, g=1.0).cross_section({PROC!r})",
        "llX with lab-frame cuts": ("from pheno.models import LmuLtau; from pheno import Cuts; LmuLtau(mass=1.0, "
                                    f"g=1.0).cross_section({PROC!r}, cuts=Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, "
                                    "frame='lab'))"),
        "gamma A'": ("from pheno.models import DarkPhoton; "
                     "DarkPhoton(mass=1.0, epsilon=1.0).cross_section(\"e+ e- > gamma A'\")"),
    }
    for name, body in cases.items():
        t = fresh(body)
        row(f"first sigma: {name}", t, t_numba, f"pheno's share {1e3 * (t - t_numba):.0f} ms (ratio: to numba's)")


def branching_rows():
    print("\nbranching_ratios() vs one widths() call, 1e6 masses")
    for model in (DarkPhoton(mass=np.geomspace(1e-3, 10.5, 10**6), epsilon=1e-3, alpha_D=0.5, m_chi=0.1),
                  LmuLtau(mass=np.geomspace(1e-3, 10.5, 10**6), g=1e-3)):
        t_w, _ = cpu(model.widths, 3)
        t_b, bfs = cpu(model.branching_ratios, 3)
        row(f"  {type(model).__name__}: widths()", t_w / 1e6, t_w / 1e6)
        row(f"{type(model).__name__}: branching_ratios() ({len(bfs)} BFs)", t_b / 1e6, t_w / 1e6)


def scaling_rows(t_ref):
    print("\nscaling of the llX total-sigma scan (Model.cross_section) with the number of masses")
    for n in (10, 100, 1000, 10000):
        z = LmuLtau(mass=np.geomspace(0.001, 10.3, n), g=1.0)
        t, _ = cpu(lambda: z.cross_section(PROC), 5 if n < 10000 else 3)
        row(f"{n:6d} masses: {1e3 * t:8.2f} ms in all", t / n, t_ref)


def main():
    print(f"{'row':44s} {'time/point':>12s} {'ratio':>7s}")
    t_ref = dalitz_rows()
    qmc_rows()
    first_sigma_rows()
    branching_rows()
    scaling_rows(t_ref)


if __name__ == "__main__":
    main()
