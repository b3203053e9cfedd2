"""Speed of the dark scalar: widths per mass point, and a lifetime-map limit conversion per mass.

Run:  .venv/bin/python benchmarks/bench_darkscalar.py [path/to/Bp_Kp_mumu_log10BF.csv]
The map is test material (../shared/reference/belle2_2023_BtoKS/); without it only the widths are timed.
"""
import sys
import warnings

import numpy as np
from bench_lmultau import timed   # benchmarks/ is on sys.path when run as a script

from pheno.models import DarkScalar

MASSES = np.geomspace(0.01, 4.5, 1000)


def main():
    DarkScalar(mass=1.0, sin_theta=1.0).ctau()   # warm-up (lazy imports, alpha_s and mass-running tables)
    t, _ = timed(lambda: DarkScalar(mass=MASSES, sin_theta=1e-3).ctau())
    print(f"widths + ctau:                         {1e6 * t / MASSES.size:.1f} us/point")
    t, _ = timed(lambda: DarkScalar(mass=MASSES, sin_theta=1e-3).production_branching_ratio("B+ > K+ S"))
    print(f"BF(B+ -> K+ S):                        {1e6 * t / MASSES.size:.1f} us/point")
    if len(sys.argv) > 1:
        from pheno import LimitMap, coupling_limit

        lm = LimitMap.from_csv(sys.argv[1])
        m = np.geomspace(0.25, 4.5, 50)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t, _ = timed(lambda: coupling_limit(DarkScalar, "B+ > K+ S", mass=m, bf_ul=lm, final_state="mu+ mu-"), 1)
        print(f"lifetime-map conversion (power laws in sin(theta), grid + root refinement): {1e3 * t / m.size:.2f} "
              "ms/mass (50 masses)")


if __name__ == "__main__":
    main()
