"""Memory and time of reading and converting large limit files (issue 7: <= 1 GB peak, linear time).

Run:  .venv/bin/python benchmarks/bench_limitfile.py [n_rows ...]     (default: 1e4 1e5 1e6)
Each size runs in a fresh subprocess, so the peak resident memory (ru_maxrss) is that size's own.
The file has an observed limit and the expected median and +-1 sigma bands (four limit curves to
convert); the conversion is L_mu-L_tau e+e- -> mu+ mu- Z' with BF(Z' -> invisible) at g' (the full
model: BF and sigma per mass), masses 0.01-10 GeV.

Measured (2 shared cores, 2026-11): 1e6 rows: read 6.9 s, convert 10.7 s (11 us/row for the four curves;
350 s before the converter work of issue 12), peak 644 MB; 1e5 rows: 208 MB; 1e4 rows: 164 MB (the
interpreter with numpy, scipy and numba is ~160 MB).
"""
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHILD = r"""
import resource, sys, time, warnings
import numpy as np
from pheno import coupling_limit, read_limit_file
from pheno.models import LmuLtau
path = sys.argv[1]
t0 = time.perf_counter()
table = read_limit_file(path)
t1 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    res = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", sigma_ul=table, final_state="invisible", full_output=True)
t2 = time.perf_counter()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(len(table), t1 - t0, t2 - t1, peak_mb, int(np.isfinite(res.coupling).sum()), len(res.expected))
"""


def write_file(path: Path, n: int) -> None:
    mass = np.geomspace(0.01, 10.0, n)
    obs = 0.3 * (1 + 0.2 * np.sin(40 * np.log(mass)))
    with path.open("w") as fh:
        fh.write("# benchmark limit file, CL = 90%\nmass_GeV,sigma_obs_fb,sigma_exp_fb,sigma_exp_m1s_fb,sigma_exp_p1s_fb\n")
        for chunk in np.array_split(np.arange(n), max(1, n // 100_000)):
            rows = np.column_stack([mass[chunk], obs[chunk], 0.3 + 0 * chunk, 0.2 + 0 * chunk, 0.45 + 0 * chunk])
            np.savetxt(fh, rows, delimiter=",", fmt="%.8g")


def main(sizes):
    # warm the numba cache once so that compilation is not in the first timing
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.csv"
        write_file(warm, 10)
        subprocess.run([sys.executable, "-c", CHILD, str(warm)], check=True, capture_output=True)
        print(f"{'rows':>9} {'read [s]':>9} {'convert [s]':>12} {'us/row':>8} {'peak [MB]':>10} {'with limit':>11}")
        for n in sizes:
            path = Path(tmp) / f"lim_{n}.csv"
            write_file(path, n)
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True)
            rows, t_read, t_conv, peak, n_ok, n_bands = out.stdout.split()
            rows = int(rows)
            print(f"{rows:>9} {float(t_read):>9.2f} {float(t_conv):>12.2f} "
                  f"{1e6 * (float(t_read) + float(t_conv)) / rows:>8.1f} {float(peak):>10.0f} {n_ok:>11}")
            path.unlink()


if __name__ == "__main__":
    main([int(float(a)) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
