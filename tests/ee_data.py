"""Published e+e- -> hadrons cross sections (test material in ../shared/reference/ee_exclusive/),
with each paper's convention turned into pheno's: the bare (vacuum-polarisation-free) cross
section of the channel as pheno.vmd defines it.

Used by tests/test_hadrons.py and tests/test_vector_boson.py, and by docs/fit_hadronic_currents.py
(which fits the channel parameters of pheno.vmd to these data). Nothing here is part of the package.

Conventions (read from each paper / HEPData record):
* BaBar ISR pi+pi- (PRL 103 (2009) 231801; the HEPData table of PRD 86 (2012) 032013) and K+K-
  (PRD 88 (2013) 032013) use the mu+mu-(gamma) ratio method and quote the *bare* cross section
  (vacuum polarisation removed) *including* final-state radiation, sigma^0_{hh(gamma)}.
* The other BaBar ISR tables (3 pi 2004, 2(pi+pi-) 2012, pi+pi-2pi0 2017, K K pi 2008, K_S K_L 2014,
  eta pi+pi- 2018) and the CMD-2 scans (3 pi at the omega 2000 and phi 1998, K_S K_L 2003,
  omega pi0 2003) are *dressed* (they contain vacuum polarisation; their resonance fits quote the
  physical Gamma_ee): they are undressed here with |1 - Delta alpha(s)|^2, Delta alpha = leptonic
  (one loop) + hadronic (dispersion integral of pheno's own R, with the omega and phi peaks'
  own, antisymmetric real parts interpolated over; a 0.2-1.2 % correction). FSR is not corrected
  for in these multi-hadron channels (well below their errors).
  Check: on the phi peak the BaBar K+K- data (bare) give 2009 nb and PDG 2024 Gamma_ee B(K+K-)
  gives 2066 nb dressed / 1988 nb bare; the CMD-2 3 pi phi peak (650 nb) matches PDG's dressed
  641 nb: the two conventions are as stated.
* Channel definitions: "omega pi0" is e+e- -> omega pi0 with all omega decays (CMD-2 measured
  omega pi0 -> pi0 pi0 gamma: divided by B(omega -> pi0 gamma) = 8.35 %, PDG 2024);
  "pi+ pi- pi0 pi0" excludes omega pi0, so the BaBar pi+pi-2pi0 table is compared with
  pi+pi-pi0pi0 + B(omega -> pi+pi-pi0) x omega pi0; "K K~ pi" is the sum over all charge states
  of e+e- -> K K*(892) -> K Kbar pi, the isoscalar plus the isovector BaBar 2008 tables.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from pheno.constants import ALPHA0
from pheno.vmd import OMEGA

ROOT = Path(__file__).resolve().parents[1]
EXCLUSIVE_DIR = ROOT.parent / "shared" / "reference" / "ee_exclusive"
R_CSV = ROOT.parent / "shared" / "reference" / "pdg_R_ratio.csv"

GEV2_TO_NB = 3.893793721e5
B_OMEGA_PI0GAMMA = OMEGA["b_pi0gamma"]  # PDG 2024, as pheno.vmd uses it


def sigma_point(sqrt_s):
    """sigma_0 = 4 pi alpha(0)^2 / (3 s) in nb."""
    return 4.0 * math.pi * ALPHA0**2 / (3.0 * np.asarray(sqrt_s, float) ** 2) * GEV2_TO_NB


# file prefix -> (pheno channel or expression, convention, scale applied to the published value, paper)
DATASETS = {
    "pippim__BABAR_2009": ("pi+ pi-", "bare", 1.0, "BaBar, PRL 103 (2009) 231801 (HEPData: PRD 86 (2012) 032013)"),
    "pippimpi0__CMD2_2000": ("pi+ pi- pi0", "dressed", 1.0, "CMD-2, PLB 476 (2000) 33 (omega region)"),
    "pippimpi0__CMD2_1998": ("pi+ pi- pi0", "dressed", 1.0, "CMD-2, PLB 434 (1998) 426 (phi region)"),
    "pippimpi0__BABAR_2004": ("pi+ pi- pi0", "dressed", 1.0, "BaBar, PRD 70 (2004) 072004"),
    "KpKm__BABAR_2013": ("K+ K-", "bare", 1.0, "BaBar, PRD 88 (2013) 032013"),
    "K0SK0L__CMD2_2003": ("K0 K0~", "dressed", 1.0, "CMD-2, PLB 551 (2003) 27"),
    "KS0KL0__BABAR_2014": ("K0 K0~", "dressed", 1.0, "BaBar, PRD 89 (2014) 092002"),
    "2pip2pim__BABAR_2012": ("pi+ pi- pi+ pi-", "dressed", 1.0, "BaBar, PRD 85 (2012) 112009"),
    "pippimpi0pi0__BABAR_2017": ("pi+ pi- pi0 pi0 (with omega pi0)", "dressed", 1.0, "BaBar, PRD 96 (2017) 092009"),
    "omegapi0topi0pi0gamma__CMD2_2003": ("omega pi0", "dressed", 1.0 / B_OMEGA_PI0GAMMA, "CMD-2, PLB 562 (2003) 173"),
    "etapippim__BABAR_2018": ("eta pi+ pi-", "dressed", 1.0, "BaBar, PRD 97 (2018) 052007"),
    "phipi0__BABAR_2008": ("phi pi0", "dressed", 1.0, "BaBar, PRD 77 (2008) 092002"),
    "KKisoscalar__BABAR_2008": ("K K~ pi (I=0)", "dressed", 1.0, "BaBar, PRD 77 (2008) 092002"),
    "KKisovector__BABAR_2008": ("K K~ pi (I=1)", "dressed", 1.0, "BaBar, PRD 77 (2008) 092002"),
}


def _read(path: Path) -> np.ndarray:
    rows = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert rows[0].startswith("sqrt_s_GeV,sqrt_s_low_GeV,sqrt_s_high_GeV,sigma_nb,err_minus_nb,err_plus_nb"), path
    a = np.array([[float(v) for v in ln.split(",")] for ln in rows[1:]])
    return a[np.argsort(a[:, 0])]


def _path(prefix: str) -> Path:
    found = sorted(EXCLUSIVE_DIR.glob(prefix + "_*.csv"))
    if len(found) != 1:
        raise FileNotFoundError(f"{prefix}: expected one file in {EXCLUSIVE_DIR}, found {found}")
    return found[0]


# The J/psi and psi(2S) decays into a channel are part of pheno's "c c~" channel (narrow resonances),
# not of the exclusive light-hadron channels: data points within this distance of them are dropped.
NARROW_WINDOW = 0.05  # GeV
NARROW_MASSES = (3.0969, 3.6861)


@lru_cache(maxsize=None)
def load(prefix: str) -> dict:
    """One data set as pheno's bare cross section: x, lo, hi [GeV], sigma, err [nb], R, R_err, channel
    (points within NARROW_WINDOW of J/psi, psi(2S) dropped)."""
    channel, convention, scale, paper = DATASETS[prefix]
    a = _read(_path(prefix))
    far = np.all([np.abs(a[:, 0] - m) > NARROW_WINDOW for m in NARROW_MASSES], axis=0)
    a = a[far]
    x, lo, hi = a[:, 0], a[:, 1], a[:, 2]
    err = 0.5 * (a[:, 4] + a[:, 5])
    factor = scale * (undressing(x) if convention == "dressed" else 1.0)
    sig, err = a[:, 3] * factor, err * factor
    s0 = sigma_point(x)
    return dict(x=x, lo=lo, hi=hi, sigma=sig, err=err, R=sig / s0, R_err=err / s0, channel=channel,
                convention=convention, paper=paper)


def load_pdg_R() -> dict[str, np.ndarray]:
    """Columns of pdg_R_ratio.csv (see its header): sqrt_s, bin edges, R, errors, norm. syst."""
    rows = [ln for ln in R_CSV.read_text().splitlines()
            if ln.strip() and not ln.startswith("#") and not ln.startswith("sqrt_s")]
    a = np.array([[float(v) for v in ln.split(",")] for ln in rows])
    return {"sqrt_s": a[:, 0], "lo": a[:, 1], "hi": a[:, 2], "R": a[:, 3], "err": a[:, 4], "norm_pct": a[:, 6]}


def bin_average(fn, x, lo, hi, n=21):
    """fn at x, or averaged (uniformly in sqrt_s) over [lo, hi] where a bin is given."""
    out = np.array(fn(x), dtype=float)
    binned = hi > lo
    if binned.any():
        t = np.linspace(0.0, 1.0, n)
        grid = lo[binned, None] + (hi - lo)[binned, None] * t[None, :]
        out[binned] = np.mean(np.asarray(fn(grid.ravel())).reshape(grid.shape), axis=1)
    return out


def dataset_model(prefix: str, x):
    """pheno.vmd's bare R for what data set ``prefix`` measured, at sqrt_s = x."""
    from pheno import vmd

    s = np.asarray(x, float) ** 2
    ch = DATASETS[prefix][0]
    if ch == "pi+ pi- pi0 pi0 (with omega pi0)":
        return vmd.channel_R("pi+ pi- pi0 pi0", s) + vmd.B_OMEGA_3PI * vmd.channel_R("omega pi0", s)
    if ch.startswith("K K~ pi (I="):
        t = vmd.channel_terms("K K~ pi", s)
        return t[("phi", "phi")] if "I=0" in ch else t[("rho", "rho")]
    return vmd.channel_R(ch, s)


def model_at_data(prefix: str, d=None):
    """The model for data set ``prefix`` at its points (averaged over bins)."""
    d = d or load(prefix)
    return bin_average(lambda x: dataset_model(prefix, x), d["x"], d["lo"], d["hi"])


# ------------------------------------------------------------------------------ vacuum polarisation
_GAP = {0.78266: 0.05, 1.019461: 0.05}  # omega, phi: interpolate Delta alpha_had over +- this [GeV]


@lru_cache(maxsize=1)
def _delta_alpha_had_grid():
    from pheno import hadrons as h

    grid = np.concatenate([np.linspace(0.28, 2.0, 175), np.linspace(2.02, 5.0, 60)])
    keep = np.ones(grid.size, bool)
    for m, half in _GAP.items():
        keep &= np.abs(grid - m) > half
    grid = grid[keep]
    vals = np.array([_dispersive(x, h) for x in grid])
    return grid, vals


def principal_value(g, s: float, s0: float, s_max: float, n: int) -> float:
    """P Int_{s0}^{s_max} g(s') ds'/(s' - s) for s0 < s < s_max: subtracted principal value on a grid in
    ln s' placed symmetrically about the pole (midpoint rule), plus g(s) ln((s_max - s)/(s - s0))."""
    t0, t1 = math.log(s0), math.log(s_max)
    dt = (t1 - t0) / n
    ls = math.log(s)
    i = np.arange(math.ceil((t0 - ls) / dt - 0.5), math.floor((t1 - ls) / dt - 0.5) + 1)
    sp = np.exp(ls + (i + 0.5) * dt)
    gs = float(g(np.array([s]))[0])
    return float(np.sum((g(sp) - gs) / (sp - s) * sp) * dt + gs * math.log((s_max - s) / (s - s0)))


def _dispersive(sqrt_s: float, h, n: int = 40_000, s_max: float = 1.0e4) -> float:
    """Re Delta alpha_had(s) = -(alpha s/3 pi) P Int R(s') ds'/(s'(s' - s)) of pheno's R; the narrow
    charmonium/bottomonium states are omitted (below 5 GeV < 1e-4 except next to them, where no
    exclusive data lie)."""
    s = sqrt_s**2
    pv = principal_value(lambda sp: h.R_ratio(np.sqrt(sp), narrow=False) / sp, s, h.SQRT_S_MIN**2, s_max, n)
    return -ALPHA0 * s / (3.0 * math.pi) * pv


def delta_alpha(sqrt_s):
    """Smooth Re Delta alpha(s) (leptonic + hadronic) for undressing published cross sections."""
    from pheno.constants import delta_alpha_leptonic

    x = np.atleast_1d(np.asarray(sqrt_s, float))
    grid, vals = _delta_alpha_had_grid()
    had = np.interp(x, grid, vals)
    lep = np.array([delta_alpha_leptonic(float(v)) for v in x])
    return lep + had


def undressing(sqrt_s):
    """|1 - Delta alpha(s)|^2: sigma_bare = sigma_dressed x this."""
    return (1.0 - delta_alpha(sqrt_s)) ** 2
