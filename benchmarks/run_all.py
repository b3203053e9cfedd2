"""Run every benchmark of issue 12 and the per-model ones, one after the other, each in its own interpreter.

Run:  .venv/bin/python benchmarks/run_all.py [--quick]

--quick is passed to the benchmarks that take it (fewer repeats and points). Timings are CPU or wall
times as each script says; on a shared machine run it when the machine is otherwise idle. Nothing here
asserts a timing: the scripts print the numbers and the issue-12 targets next to them.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAP = HERE.parents[1] / "shared" / "reference" / "belle2_2023_BtoKS" / "Bp_Kp_mumu_log10BF.csv"  # test material
# (script, takes --quick, extra arguments)
SCRIPTS = [
    ("bench_cross_sections.py", True, []),
    ("bench_limits.py", True, []),
    ("bench_scan.py", True, []),
    ("bench_darkphoton.py", False, []),
    ("bench_lmultau.py", False, []),
    ("bench_darkscalar.py", False, [str(MAP)] if MAP.is_file() else []),
    ("bench_emu.py", False, []),
    ("bench_limitfile.py", False, ["1e4", "1e5"]),
]


def main():
    quick = "--quick" in sys.argv
    failed = []
    for script, takes_quick, extra in SCRIPTS:
        args = [sys.executable, str(HERE / script), *extra, *(["--quick"] if quick and takes_quick else [])]
        print(f"\n{'=' * 100}\n{script} {' '.join(args[2:])}\n{'=' * 100}", flush=True)
        t0 = time.perf_counter()
        if subprocess.run(args, cwd=HERE).returncode:
            failed.append(script)
        print(f"({script}: {time.perf_counter() - t0:.0f} s)", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
