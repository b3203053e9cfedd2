"""Fit the exclusive-channel parameters of pheno.vmd to the published e+e- -> hadrons cross sections.

Usage (from the repository root):  PYTHONPATH=. python docs/fit_hadronic_currents.py [channel ...]
Needs ../shared/reference/ee_exclusive/ (test material; see tests/ee_data.py for each paper's
convention). Prints, per channel, the fitted resonance terms in the form of pheno.vmd.PARAMETERS
(paste them there) and chi^2/ndf; then the remainder's turn-on knots fitted to the PDG R
compilation (pheno.hadrons.REMAINDER_KNOTS). Least squares on (model - data)/error with the
error floored at FLOOR x data (the few-per-cent precision the model aims at, so that the
sub-per-cent pi+pi- points do not dominate their own line shape), bins averaged.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import ee_data as E  # noqa: E402
from pheno.io import atomic_write
from pheno import vmd  # noqa: E402

FLOOR = 0.01

# Which state each term of pheno.vmd.PARAMETERS stands for (None: not fitted). A fitted mass stays
# within +-MASS_WINDOW of the PDG 2024 mass, a width within a factor WIDTH_FACTOR of the PDG width:
# the excited states are effective parametrisations, not measurements of their masses.
PDG_STATES = {  # name: (mass, width) [GeV], PDG 2024 (estimates where PDG gives ranges)
    "rho(770)": (0.7753, 0.1491), "rho(1450)": (1.465, 0.400), "rho(1700)": (1.720, 0.250),
    "rho(2150)": (2.150, 0.300), "omega(1420)": (1.410, 0.290), "omega(1650)": (1.670, 0.315),
    "phi(1680)": (1.680, 0.150), "phi(1020)": (1.019461, 0.004249), "phi(2170)": (2.163, 0.100),
}
MASS_WINDOW, WIDTH_FACTOR = 0.2, 3.0
STATES = {
    "pi+ pi-": ["rho(770)", "rho(1450)", "rho(1700)", "rho(2150)", None],
    "pi+ pi- pi0": [None, None, "omega(1420)", "omega(1650)"],
    "K K~": [None, "rho(1450)", "rho(1700)", None, "omega(1420)", "omega(1650)", "phi(1020)", "phi(1680)", "phi(2170)"],
    "pi+ pi- pi+ pi-": [None, "rho(1450)", "rho(1700)", "rho(2150)"],
    "pi+ pi- pi0 pi0": [None, "rho(1450)", "rho(1700)", "rho(2150)"],
    "omega pi0": [None, "rho(1450)", "rho(1700)"],
    "eta pi+ pi-": ["rho(1450)", "rho(1700)"],
    "phi pi0": ["rho(1700)"],
    "K K~ pi": ["rho(1450)", "rho(1700)", "phi(1680)", "phi(2170)"],
}


def _bounds(p):
    key, i, f = p
    if i == "power":
        return 0.5, 30.0
    if f == MAG:
        return -50.0, 50.0
    if f == PHASE:
        return -720.0, 720.0
    mass, width = PDG_STATES[STATES[key][i]]
    if STATES[key][i] == "phi(1020)":  # narrow: +-1 MeV, +-10 %
        return (mass - 0.001, mass + 0.001) if f == MASS else (0.9 * width, 1.1 * width)
    if f == MASS:
        return mass - MASS_WINDOW, mass + MASS_WINDOW
    return width / WIDTH_FACTOR, width * WIDTH_FACTOR
MASS, WIDTH, MAG, PHASE = 2, 3, 4, 5

# channel -> (data sets, free parameters (parameter key, term index or "power", field), energy range)
FITS = {
    "pi+ pi-": (["pippim__BABAR_2009"],
                [("pi+ pi-", 0, MASS), ("pi+ pi-", 0, WIDTH),
                 ("pi+ pi-", 1, MASS), ("pi+ pi-", 1, WIDTH), ("pi+ pi-", 1, MAG), ("pi+ pi-", 1, PHASE),
                 ("pi+ pi-", 2, MASS), ("pi+ pi-", 2, WIDTH), ("pi+ pi-", 2, MAG), ("pi+ pi-", 2, PHASE),
                 ("pi+ pi-", 3, MASS), ("pi+ pi-", 3, WIDTH), ("pi+ pi-", 3, MAG), ("pi+ pi-", 3, PHASE),
                 ("pi+ pi-", 4, MAG), ("pi+ pi-", 4, PHASE)], (0.3, 3.0)),
    "pi+ pi- pi0": (["pippimpi0__CMD2_2000", "pippimpi0__CMD2_1998", "pippimpi0__BABAR_2004"],
                    [("pi+ pi- pi0", 1, PHASE),
                     ("pi+ pi- pi0", 2, MASS), ("pi+ pi- pi0", 2, WIDTH), ("pi+ pi- pi0", 2, MAG), ("pi+ pi- pi0", 2, PHASE),
                     ("pi+ pi- pi0", 3, MASS), ("pi+ pi- pi0", 3, WIDTH), ("pi+ pi- pi0", 3, MAG), ("pi+ pi- pi0", 3, PHASE)],
                    (0.7, 2.4)),
    "K K~": (["KpKm__BABAR_2013", "K0SK0L__CMD2_2003", "KS0KL0__BABAR_2014"],
             [("K K~", i, f) for i in (1, 2, 4, 5, 7, 8) for f in (MASS, WIDTH, MAG, PHASE)] + [("K K~", 6, MAG), ("K K~", 6, MASS), ("K K~", 6, WIDTH)],
             (0.98, 3.0)),
    "pi+ pi- pi+ pi-": (["2pip2pim__BABAR_2012"],
                        [("pi+ pi- pi+ pi-", "power", None), ("pi+ pi- pi+ pi-", 0, MAG)]
                        + [("pi+ pi- pi+ pi-", i, f) for i in range(1, 4) for f in (MASS, WIDTH, MAG, PHASE)], (0.6, 4.5)),
    # joint: the BaBar pi+pi-2pi0 table contains omega pi0 (omega -> 3 pi)
    "pi+ pi- pi0 pi0": (["pippimpi0pi0__BABAR_2017", "omegapi0topi0pi0gamma__CMD2_2003"],
                        [("omega pi0", 0, MAG), ("omega pi0", 1, MAG), ("omega pi0", 1, PHASE), ("omega pi0", 1, MASS),
                         ("omega pi0", 1, WIDTH), ("omega pi0", 2, MAG), ("omega pi0", 2, PHASE),
                         ("pi+ pi- pi0 pi0", "power", None), ("pi+ pi- pi0 pi0", 0, MAG)]
                        + [("pi+ pi- pi0 pi0", i, f) for i in range(1, 4) for f in (MASS, WIDTH, MAG, PHASE)], (0.85, 4.5)),
    "eta pi+ pi-": (["etapippim__BABAR_2018"],
                    [("eta pi+ pi-", i, f) for i in range(2) for f in (MASS, WIDTH, MAG)] + [("eta pi+ pi-", 1, PHASE)],
                    (1.2, 3.5)),
    "phi pi0": (["phipi0__BABAR_2008"], [("phi pi0", 0, f) for f in (MASS, WIDTH, MAG)], (1.2, 2.5)),
    "K K~ pi": (["KKisoscalar__BABAR_2008", "KKisovector__BABAR_2008"],
                [("K K~ pi", i, f) for i in range(4) for f in (MASS, WIDTH, MAG)] + [("K K~ pi", 1, PHASE), ("K K~ pi", 3, PHASE)],
                (1.4, 3.2)),
}


model_at_data = E.model_at_data


def _get(p):
    key, i, f = p
    return vmd.PARAMETERS[key]["power"] if i == "power" else vmd.PARAMETERS[key]["terms"][i][f]


def _set(p, value):
    key, i, f = p
    if i == "power":
        vmd.PARAMETERS[key]["power"] = float(value)
        return
    t = list(vmd.PARAMETERS[key]["terms"][i])
    t[f] = float(value)
    vmd.PARAMETERS[key]["terms"][i] = tuple(t)


def fit(name: str, verbose: bool = True):
    prefixes, free, (lo, hi) = FITS[name]
    data = {}
    for p in prefixes:
        d = E.load(p)
        keep = (d["x"] >= lo) & (d["x"] <= hi)
        data[p] = {k: (v[keep] if isinstance(v, np.ndarray) else v) for k, v in d.items()}
    # the wide-range multi-hadron data need the threshold tables to cover them
    vmd._quasi_two_body_table.cache_clear()

    def residuals(theta):
        for p, v in zip(free, theta):
            _set(p, v)
        out = []
        for pre, d in data.items():
            m = model_at_data(pre, d)
            err = np.hypot(d["R_err"], FLOOR * np.abs(d["R"]))
            out.append((m - d["R"]) / err)
        return np.concatenate(out)

    x0 = np.array([_get(p) for p in free])
    lower, upper = np.array([_bounds(p) for p in free]).T
    res = least_squares(residuals, np.clip(x0, lower + 1e-9, upper - 1e-9), bounds=(lower, upper), x_scale="jac")
    for p, v in zip(free, res.x):
        _set(p, v)
    chi2 = float(np.sum(residuals(res.x) ** 2))
    ndf = sum(len(d["x"]) for d in data.values()) - len(free)
    if verbose:
        print(f"# {name}: chi2/ndf = {chi2:.1f}/{ndf}")
        for key in dict.fromkeys(p[0] for p in free):
            print(f'    "{key}": ' + repr(vmd.PARAMETERS[key]))
    return chi2, ndf


def report(prefixes=None, edges=(0.0, 0.6, 0.9, 1.1, 1.5, 2.0, 3.0, 5.0)):
    """Per data set and energy range: points, median |model/data - 1|, chi2/points (with the floor)."""
    for pre in prefixes or E.DATASETS:
        d = E.load(pre)
        m = model_at_data(pre, d)
        rel = m / d["R"] - 1.0
        pull = (m - d["R"]) / np.hypot(d["R_err"], FLOOR * np.abs(d["R"]))
        parts = []
        for a, b in zip(edges[:-1], edges[1:]):
            k = (d["x"] >= a) & (d["x"] < b) & (d["R"] > 0)
            if k.sum():
                parts.append(f"{a:.1f}-{b:.1f}: n={k.sum()} med={100 * np.median(np.abs(rel[k])):.0f}% "
                             f"chi2/n={np.sum(pull[k] ** 2) / k.sum():.1f}")
        print(f"{pre:34s} " + " | ".join(parts))


def fit_remainder(lo=0.95, hi=2.05, verbose=True):
    """Turn-on knots of the remainder (pheno.hadrons.REMAINDER_KNOTS) by linear least squares on the PDG R
    compilation: R = exclusive + T(sqrt s) x room + heavy, T piecewise linear in its knot values (>= 0)."""
    from scipy.optimize import lsq_linear

    from pheno import hadrons as h

    d = E.load_pdg_R()
    keep = (d["sqrt_s"] >= lo) & (d["sqrt_s"] < hi)
    x, blo, bhi, r, err = (d[k][keep] for k in ("sqrt_s", "lo", "hi", "R", "err"))
    kx = np.array(h.REMAINDER_KNOTS[0])
    free = np.arange(1, kx.size - 1)  # T(first) = 0, T(last) = 1 fixed

    def pieces(xx):
        terms = h._exact_terms(xx)
        fixed = sum(v for ch, tt in terms.items() if ch != "other" for v in tt.values())
        s = xx * xx
        light = h._pqcd_light_shares(s)
        room = sum(np.clip(light[v] - sum(tt[(v, v)] for ch, tt in terms.items() if ch != "other" and (v, v) in tt),
                           0.0, None) for v in vmd.COMPONENTS)
        basis = np.array([np.interp(xx, kx, np.eye(kx.size)[k]) for k in range(kx.size)])
        return fixed, room, basis

    cols, const = [], []
    for xi, a, b in zip(x, blo, bhi):
        xx = np.linspace(a, b, 21) if b > a else np.array([xi])
        fixed, room, basis = pieces(xx)
        const.append(np.mean(fixed + basis[-1] * room + np.where(xx > kx[-1], room, 0.0)))
        cols.append([np.mean(basis[k] * room) for k in free])
    sig = np.hypot(err, FLOOR * r)
    a_mat = np.array(cols) / sig[:, None]
    rhs = (r - np.array(const)) / sig
    res = lsq_linear(a_mat, rhs, bounds=(0.0, 5.0))
    ky = np.concatenate([[0.0], res.x, [1.0]])
    h.REMAINDER_KNOTS = (tuple(float(v) for v in kx), tuple(float(v) for v in ky))
    h._tables.cache_clear()
    h._combined_table.cache_clear()
    h._pair_table.cache_clear()
    if verbose:
        print(f"# remainder: chi2/ndf = {np.sum((a_mat @ res.x - rhs) ** 2):.1f}/{len(r) - len(free)}")
        print("    REMAINDER_KNOTS =", h.REMAINDER_KNOTS)


def write_remainder(path=ROOT / "pheno" / "hadrons.py"):
    from pheno import hadrons as h

    kx, ky = h.REMAINDER_KNOTS
    block = (REM_BEGIN + "\n" + "REMAINDER_KNOTS = ((" + ", ".join(_fmt(v) for v in kx) + "),\n"
             + "                   (" + ", ".join(f"{v:.4g}" if abs(v) > 1e-9 else "0" for v in ky) + "))\n" + REM_END)
    text = Path(path).read_text()
    a, b = text.index(REM_BEGIN), text.index(REM_END) + len(REM_END)
    with atomic_write(path) as fh:  # never a half-written module
        fh.write(text[:a] + block + text[b:])
    print(f"wrote {path}")


REM_BEGIN, REM_END = "# BEGIN FITTED REMAINDER", "# END FITTED REMAINDER"
BEGIN, END = "# BEGIN FITTED PARAMETERS", "# END FITTED PARAMETERS"


def _fmt(v):
    return f'"{v}"' if isinstance(v, str) else f"{float(v):.8g}"


def write_parameters(path=ROOT / "pheno" / "vmd.py"):
    """Replace the block between BEGIN/END FITTED PARAMETERS in pheno/vmd.py by the current values."""
    lines = [BEGIN + " (written by docs/fit_hadronic_currents.py --write; edit there, not here)",
             "PARAMETERS: dict[str, dict] = {"]
    for key, spec in vmd.PARAMETERS.items():
        head = f'    "{key}": {{' + (f'"power": {_fmt(spec["power"])}, ' if "power" in spec else "") + '"terms": ['
        lines.append(head)
        for term in spec["terms"]:
            lines.append("        (" + ", ".join(_fmt(v) for v in term) + "),")
        lines.append("    ]},")
    lines += ["}", END]
    text = Path(path).read_text()
    a, b = text.index(BEGIN), text.index(END) + len(END)
    with atomic_write(path) as fh:
        fh.write(text[:a] + "\n".join(lines) + text[b:])
    print(f"wrote {path}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--write"]
    for n in args or [*FITS, "remainder"]:
        fit_remainder() if n == "remainder" else fit(n)
    if "--write" in sys.argv:
        write_parameters()
        write_remainder()
    report()

