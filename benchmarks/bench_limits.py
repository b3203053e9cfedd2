"""Speed of the limit converter (issue 12): CPU time per mass, its ratio to the converter before issue 12
measured in the same run, and the scaling with the number of masses.

Run:  .venv/bin/python benchmarks/bench_limits.py [--quick] [--before COMMIT] [--map PATH]

Every case runs in a fresh interpreter twice: with this checkout's pheno ("now") and with the package at
COMMIT ("before", default 308e37e: main before the converter work of issue 12), unpacked from git into a
folder in the temporary directory (kept, with its numba cache, for the next run). Both time the same call
on the same inputs: CPU time (time.process_time) of the whole coupling_limit call, best of 3 after a
warm-up call, divided by the number of masses. "ratio" is now/before at the largest mass count both ran.
The floor is the work no converter can skip, timed in the same process: the rate at unit coupling
(sigma or the production BF) and one evaluation of the BF (and c*tau) at every mass; for the long-lived
l l S also the production samples of the decay fractions (built only where a decay can reach the
boundary of the fiducial volume, pheno.limits._always_inside).

Targets (issue 12, per mass): ALP gamma gamma with the ECL fiducial <= 1 ms and 1e3 masses < 1 s;
DarkPhoton invisible <= 50 us; LmuLtau invisible <= 20 us; lifetime map and l l S: as fast as reasonably
possible. The lifetime map is the Belle II B+ -> K+ S (mu mu) map when --map (or the default
../shared/reference/... path) exists, else a synthetic map with its shape (17 lifetimes, 0.001-100 cm).
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import numpy as np

QUICK = "--quick" in sys.argv
REPO = Path(__file__).resolve().parents[1]
BEFORE = sys.argv[sys.argv.index("--before") + 1] if "--before" in sys.argv else "308e37e"
MAP = Path(sys.argv[sys.argv.index("--map") + 1] if "--map" in sys.argv else
           REPO.parent / "shared" / "reference" / "belle2_2023_BtoKS" / "Bp_Kp_mumu_log10BF.csv")

# Each case: imports and inputs (masses m from n, limits ul) and the timed call; the same text runs in both packages.
SETUP = """
import math, time, warnings, json, sys
import numpy as np
warnings.simplefilter("ignore")
from pheno import coupling_limit
from pheno.decay import BELLE2_ECL_INNER as ECL
"""
CASES = {
    "ALP gamma gamma, Belle II ECL fiducial": dict(
        setup="from pheno.models import ALP",
        inputs="m = np.geomspace(0.01, 10.0, n); ul = 5.0 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(ALP, 'e+ e- > gamma a', m, ul, final_state='gamma gamma')",
        floor="p = ALP.process('e+ e- > gamma a'); a = ALP(mass=m, g_agg=1e-3); "
              "p.sigma_per_coupling2(a, 10.58, alpha='0'); a.branching_ratio('gamma gamma'); a.ctau()",
        now=(10, 100, 1000, 10000), before=(10, 30), target=1e-3),
    "DarkPhoton invisible (m_chi = 10 MeV, alpha_D = 0.5)": dict(
        setup="from pheno.models import DarkPhoton",
        inputs="m = np.geomspace(0.05, 9.0, n); ul = 3.0 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(DarkPhoton, \"e+ e- > gamma A'\", m, ul, final_state='invisible', m_chi=0.01, "
             "alpha_D=0.5)",
        floor="p = DarkPhoton.process(\"e+ e- > gamma A'\"); a = DarkPhoton(mass=m, epsilon=1e-3, m_chi=0.01, "
              "alpha_D=0.5); p.sigma_per_coupling2(a, 10.58, alpha='0'); a.branching_ratio('invisible')",
        now=(10, 100, 1000, 10000), before=(10, 100, 1000), target=50e-6),
    "DarkPhoton e+ e- (BF independent of eps: closed form)": dict(
        setup="from pheno.models import DarkPhoton",
        inputs="m = np.geomspace(0.05, 9.0, n); ul = 3.0 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(DarkPhoton, \"e+ e- > gamma A'\", m, ul, final_state='e+ e-')",
        floor="p = DarkPhoton.process(\"e+ e- > gamma A'\"); a = DarkPhoton(mass=m, epsilon=1e-3); "
              "p.sigma_per_coupling2(a, 10.58, alpha='0'); a.branching_ratio('e+ e-')",
        now=(10, 100, 1000, 10000), before=(10, 100, 1000), target=None),
    "LmuLtau invisible": dict(
        setup="from pheno.models import LmuLtau",
        inputs="m = np.geomspace(0.01, 10.0, n); ul = 0.5 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(LmuLtau, \"e+ e- > mu+ mu- Z'\", m, ul, final_state='invisible')",
        floor="p = LmuLtau.process(\"e+ e- > mu+ mu- Z'\"); z = LmuLtau(mass=m, g=1e-3); "
              "p.sigma_per_coupling2(z, 10.58); z.branching_ratio('invisible')",
        now=(10, 100, 1000, 10000), before=(10, 100, 1000), target=20e-6),
    "DarkScalar B+ -> K+ S, lifetime map": dict(
        setup="from pheno.models import DarkScalar\nfrom pheno import LimitMap\n" + (
            f"lm = LimitMap.from_csv({str(MAP)!r})" if MAP.is_file() else
            "ct = np.geomspace(1e-5, 1.0, 17); mm = np.linspace(0.2, 4.8, 200)\n"
            "lm = LimitMap(mass=mm, ctau=ct, limit=1e-7 * np.exp(0.3 * np.log(ct / 1e-2) ** 2)[None, :] "
            "* (1 + 0 * mm[:, None]))"),
        inputs="m = np.geomspace(0.25, 4.5, n); ul = None",
        call="coupling_limit(DarkScalar, 'B+ > K+ S', mass=m, bf_ul=lm, final_state='mu+ mu-')",
        floor="p = DarkScalar.process('B+ > K+ S'); s = DarkScalar(mass=m, sin_theta=1e-3); "
              "p.branching_ratio_per_coupling2(s); s.branching_ratio('mu+ mu-'); s.ctau()",
        now=(10, 100, 1000, 10000), before=(10, 100), target=None),
    "MuonphilicScalar l l S, Belle II ECL fiducial": dict(
        setup="from pheno.models import MuonphilicScalar",
        inputs="m = np.geomspace(0.25, 8.0, n); ul = 0.5 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(MuonphilicScalar, 'e+ e- > mu+ mu- S', m, ul, final_state='mu+ mu-')",
        floor="p = MuonphilicScalar.process('e+ e- > mu+ mu- S'); s = MuonphilicScalar(mass=m, g=1e-3); "
              "p.sigma_per_coupling2(s, 10.58); s.branching_ratio('mu+ mu-'); s.ctau()",
        now=(10, 100, 1000, 10000), before=(2, 4), target=None),
    "MuonphilicScalar l l S -> gamma gamma below 2 m_mu, ECL": dict(
        setup="from pheno.models import MuonphilicScalar",
        inputs="m = np.geomspace(0.02, 0.2, n); ul = 0.1 * (1 + 0.3 * np.sin(10 * np.log(m)))",
        call="coupling_limit(MuonphilicScalar, 'e+ e- > mu+ mu- S', m, ul, final_state='gamma gamma')",
        floor="p = MuonphilicScalar.process('e+ e- > mu+ mu- S'); s = MuonphilicScalar(mass=m, g=1e-3); "
              "p.sigma_per_coupling2(s, 10.58); s.branching_ratio('gamma gamma'); s.ctau(); "
              "[p.decay_sample(MuonphilicScalar(mass=x, g=1.0), 10.58).paths(ECL) for x in m]",
        now=(2, 10, 100), before=(2, 4), target=None),
}

TIMER = """
def best(fn, repeat):
    fn()  # warm-up: numba cache, lazy imports, R(s) tables
    t = math.inf
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        t = min(t, time.process_time() - t0)
    return t

def convert():
    return {call}

def floor():
    {floor}

out = {{}}
for n in {counts}:
    {inputs}
    out[n] = best(convert, {repeat})
    out[f"limits{{n}}"] = [float(g) for g in convert()]
    if {floor_wanted}:
        out[f"floor{{n}}"] = best(floor, {repeat})
print(json.dumps(out))
"""


def before_package() -> Path:
    """This repository's pheno at BEFORE, unpacked once (pheno/ with models/ as pheno/models)."""
    root = Path(tempfile.gettempdir()) / f"pheno-before-{BEFORE}"
    if not (root / "pheno" / "models").is_dir():
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", BEFORE, "pheno", "models"],
                                 check=True, capture_output=True).stdout
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:  # our own git archive: pheno/ and models/ only
            tar.extractall(root, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
        (root / "models").rename(root / "pheno" / "models")
    return root


def run(case: dict, counts, pythonpath=None, floor=False) -> dict:
    code = SETUP + case["setup"] + "\n" + TIMER.format(counts=tuple(counts), inputs=case["inputs"], call=case["call"],
                                                       floor=case["floor"], floor_wanted=floor,
                                                       repeat=1 if QUICK else 3)
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if res.returncode:
        raise RuntimeError(res.stderr[-2000:])
    return {(int(k) if k.isdigit() else k): (float(v) if k.isdigit() or k.startswith("floor") else np.array(v))
            for k, v in json.loads(res.stdout.split("\n")[-2]).items()}


def fmt(t: float) -> str:
    for scale, unit in ((1e6, "us"), (1e3, "ms"), (1.0, "s ")):
        if t * scale < 1e3 or scale == 1.0:
            return f"{t * scale:8.2f} {unit}"
    return ""


def main():
    try:
        old_root = before_package()
    except (OSError, subprocess.CalledProcessError) as exc:
        old_root = None
        print(f"(no 'before' column: cannot unpack {BEFORE} from git: {exc})")
    print(f"before = pheno at {BEFORE}; now = this checkout; CPU time, best of {1 if QUICK else 3}")
    if not MAP.is_file():
        print("(lifetime map: synthetic, --map PATH for the Belle II B+ -> K+ S map)")
    results = {}
    for name, case in CASES.items():
        old_counts = case["before"][:1] if QUICK else case["before"]
        counts = sorted(set(case["now"][:2] if QUICK else case["now"]) | set(old_counts))
        now = run(case, counts, floor=True)
        before = run(case, old_counts, old_root) if old_root else {}
        results[name] = (now, before)

    print(f"\n1. now vs before, same inputs and number of masses (per mass), and the largest relative difference "
          f"of the limits\n{'case':56s} {'masses':>6s} {'before':>11s} {'now':>11s} {'now/before':>10s} "
          f"{'limits differ by':>16s}")
    for name, (now, before) in results.items():
        if not before:
            print(f"{name:56s} (no before package)")
            continue
        n = max(k for k in before if isinstance(k, int))
        a, b = now[f"limits{n}"], before[f"limits{n}"]
        same = np.array_equal(np.isnan(a), np.isnan(b))
        diff = np.max(np.abs(a / b - 1.0), where=np.isfinite(a) & np.isfinite(b), initial=0.0) if same else np.inf
        print(f"{name:56s} {n:6d} {fmt(before[n] / n)} {fmt(now[n] / n)} {now[n] / before[n]:10.4f} "
              f"{diff:16.1e}" + ("" if same else "  (different masses without a limit)"))

    print(f"\n2. now: per mass at the largest count <= 1000 masses, the floor (rate at unit coupling, BF and c*tau; "
          f"for the long-lived\n   l l S the production samples) and the marginal cost of one more mass\n"
          f"{'case':56s} {'masses':>6s} {'now':>11s} {'floor':>11s} {'now/floor':>9s} {'marginal':>11s} "
          f"{'fixed':>11s}  target (per mass)")
    for name, (now, _) in results.items():
        counts = sorted(k for k in now if isinstance(k, int))
        n = max(k for k in counts if k <= 1000)
        t, floor = now[n] / n, now[f"floor{n}"] / n
        n1, n2 = counts[-2], counts[-1]
        marginal = (now[n2] - now[n1]) / (n2 - n1)
        fixed = max(now[n1] - marginal * n1, 0.0)
        target = CASES[name]["target"]
        verdict = "" if target is None else (f"<= {fmt(target).strip()}: "
                                             + ("met" if max(t, marginal) <= target else "NOT met"))
        print(f"{name:56s} {n:6d} {fmt(t)} {fmt(floor)} {t / floor:9.1f} {fmt(marginal)} {fmt(fixed)}  {verdict}")

    print("\n3. scaling (now): CPU time of the whole conversion [per mass]")
    for name, (now, _) in results.items():
        cells = [f"{n}: {fmt(now[n]).strip()} [{fmt(now[n] / n).strip()}]" for n in sorted(k for k in now
                                                                                           if isinstance(k, int))]
        print(f"  {name}\n      " + ";  ".join(cells))
    alp = results["ALP gamma gamma, Belle II ECL fiducial"][0]
    if 1000 in alp:
        print(f"\nacceptance: a 1e3-mass ALP limit with the default fiducial takes {alp[1000]:.3f} s CPU "
              f"({'under' if alp[1000] < 1.0 else 'NOT under'} 1 s)")


if __name__ == "__main__":
    main()
