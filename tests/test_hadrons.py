"""Tests of pheno.hadrons: R(s) against the PDG R compilation, per mass region, and its internal checks.

The measured data (PDG 2020 compilation, shared/reference/pdg_R_ratio.csv) are test material only;
the package ships none of them. Run this file as a script to print the per-region accuracy table
that docs/r_ratio_accuracy.md quotes:  PYTHONPATH=. python tests/test_hadrons.py
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad

from pheno import hadrons as h
from pheno.constants import ALPHA0, delta_alpha_hadronic, delta_alpha_leptonic

REF_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
R_CSV = REF_DIR / "pdg_R_ratio.csv"

REGIONS = [(h.SQRT_S_MIN, 0.6), (0.6, 0.9), (0.9, 1.1), (1.1, 2.0), (2.0, 3.0), (3.0, 3.7), (3.7, 5.0), (5.0, 11.0)]


# ------------------------------------------------------------------------------------------------
# the comparison with data
# ------------------------------------------------------------------------------------------------
def load_pdg_R() -> dict[str, np.ndarray]:
    """Columns of pdg_R_ratio.csv (see its header): sqrt_s, bin edges, R, errors, norm. syst."""
    rows = []
    with open(R_CSV) as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("sqrt_s") or not line.strip():
                continue
            rows.append([float(v) for v in line.split(",")])
    a = np.array(rows)
    return {"sqrt_s": a[:, 0], "lo": a[:, 1], "hi": a[:, 2], "R": a[:, 3], "err": a[:, 4], "norm_pct": a[:, 6]}


def model_at_data(d: dict[str, np.ndarray]) -> np.ndarray:
    """Model R (narrow resonances excluded, as in the compilation) at each data point.

    Points given as an energy bin (sqrt_s_min < sqrt_s_max) are compared with the model averaged
    over the bin (uniform in sqrt_s, 41 points).
    """
    out = h.R_ratio(d["sqrt_s"], narrow=False)
    for i in np.where(d["hi"] > d["lo"])[0]:
        out[i] = np.mean(h.R_ratio(np.linspace(d["lo"][i], d["hi"][i], 41), narrow=False))
    return out


def _trapezoid(y: np.ndarray, x: np.ndarray) -> float:
    return float(0.5 * np.sum((y[1:] + y[:-1]) * np.diff(x)))


def region_stats(d: dict[str, np.ndarray], model: np.ndarray, lo: float, hi: float) -> dict[str, float]:
    """Robust per-region deviation measures.

    median_abs: median over data points of |R_model/R_data - 1|;
    integral: Int R_model ds / Int R_data ds - 1, both by the trapezoidal rule in s over the same
      nodes (the distinct measured energies in the region; several measurements at one energy are
      averaged), so that the comparison is not biased by the data sampling;
    max_abs: largest |R_model/R_data - 1| (information only).
    """
    m = (d["sqrt_s"] >= lo) & (d["sqrt_s"] < hi)
    x, r_dat, r_mod = d["sqrt_s"][m], d["R"][m], model[m]
    rel = r_mod / r_dat - 1.0
    ux = np.unique(x)
    rd = np.array([r_dat[x == u].mean() for u in ux])
    rm = np.array([r_mod[x == u].mean() for u in ux])
    s = ux * ux
    integral = _trapezoid(rm, s) / _trapezoid(rd, s) - 1.0
    return {
        "n": int(m.sum()),
        "median_abs": float(np.median(np.abs(rel))),
        "integral": float(integral),
        "max_abs": float(np.max(np.abs(rel))),
        "mean": float(np.mean(rel)),
    }


@pytest.fixture(scope="module")
def pdg_data():
    if not R_CSV.exists():
        pytest.skip(f"reference data {R_CSV} not found (shared/reference/ is not part of the package)")
    d = load_pdg_R()
    return d, model_at_data(d)


def test_accuracy_table_covers_the_regions():
    assert sorted(h.ACCURACY) == sorted(REGIONS)


@pytest.mark.parametrize("region", REGIONS, ids=[f"{a:.2f}-{b:.1f}GeV" for a, b in REGIONS])
def test_R_against_pdg_compilation(pdg_data, region):
    d, model = pdg_data
    st = region_stats(d, model, *region)
    med_bound, int_bound = h.ACCURACY[region]
    assert st["n"] >= 15
    assert st["median_abs"] <= med_bound, st
    assert abs(st["integral"]) <= int_bound, st


def test_resonance_peaks_against_data(pdg_data):
    """rho/omega and phi peak heights: model within 5 % of the largest measured R there."""
    d, model = pdg_data
    for lo, hi in ((0.77, 0.80), (1.015, 1.025)):
        m = (d["sqrt_s"] >= lo) & (d["sqrt_s"] < hi)
        x_peak = d["sqrt_s"][m][np.argmax(d["R"][m])]
        grid = np.linspace(lo, hi, 2001)
        assert h.R_ratio(grid, narrow=False).max() == pytest.approx(d["R"][m].max(), rel=0.05)
        assert abs(grid[np.argmax(h.R_ratio(grid, narrow=False))] - x_peak) < 0.002


# ------------------------------------------------------------------------------------------------
# perturbative QCD
# ------------------------------------------------------------------------------------------------
def test_alpha_s():
    assert h.alpha_s(91.188) == pytest.approx(0.1180, abs=2e-6)
    # 4-loop running gives alpha_s(m_tau) ~ 0.32 (PDG: 0.314-0.33 from alpha_s(M_Z) = 0.118)
    assert 0.31 < h.alpha_s(1.77693) < 0.33
    assert 0.170 < h.alpha_s(10.58) < 0.180
    mu = np.geomspace(1.0, 200.0, 500)
    a = h.alpha_s(mu)
    assert np.all(np.diff(a) < 0)  # asymptotic freedom, also across the flavour thresholds
    # decoupling jump at the thresholds is (11/72)(alpha_s/pi)^2 relative
    for m in (h.M_C_MSBAR, h.M_B_MSBAR):
        lo, hi = h.alpha_s(m * (1 - 1e-9)), h.alpha_s(m)
        assert lo / hi - 1 == pytest.approx(11 / 72 * (hi / math.pi) ** 2, rel=1e-3)


def test_pqcd_formula():
    """R_uds = N_c sum Q^2 (1 + a + r2 a^2 + r3 a^3); for n_f = 5: r2 = 1.409, r3 = -12.77."""
    for sq in (5.0, 10.0, 30.0):
        a = h.alpha_s(sq) / math.pi
        nf = 4 if sq < h.M_B_MSBAR else 5
        r2 = 1.9857 - 0.1152 * nf
        r3 = -6.63694 - 1.20013 * nf - 0.00518 * nf**2
        assert h.R_pqcd(sq, "uds") == pytest.approx(2.0 * (1 + a + r2 * a**2 + r3 * a**3), rel=1e-12)
    a = h.alpha_s(10.0) / math.pi
    assert h.R_pqcd(10.0, "uds") == pytest.approx(2.0 * (1 + a + 1.409 * a**2 - 12.77 * a**3), rel=2e-5)


def test_continuum_values():
    # PHYSICS.md A2: R(3 GeV) ~ 2.17 (u, d, s only)
    assert h.R_ratio(3.0, narrow=False) == pytest.approx(2.17, abs=0.01)
    assert h.R_pqcd(3.0, "uds") == pytest.approx(2.17, abs=0.005)
    # below the open-bottom threshold: u, d, s, c -> 10/3 K_QCD = 3.53 (charm velocity factor 0.99);
    # CLEO measured R(10.52 GeV) = 3.56 +- 0.01 +- 0.07.  (3.9 = 11/3 K_QCD only far above 2 m_B.)
    r10 = h.R_ratio(10.0, narrow=False)
    assert 3.49 < r10 < 3.56
    a = h.alpha_s(10.0) / math.pi
    assert r10 == pytest.approx(10.0 / 3.0 * (1 + a + 1.409 * a**2 - 12.77 * a**3), rel=0.005)
    # far above the b threshold the five-flavour value 11/3 K_QCD is approached
    a = h.alpha_s(40.0) / math.pi
    assert h.R_ratio(40.0) == pytest.approx(11.0 / 3.0 * (1 + a + 1.409 * a**2 - 12.77 * a**3), rel=0.01)


# ------------------------------------------------------------------------------------------------
# resonance normalisation
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(h.NARROW_RESONANCES))
def test_narrow_resonance_integral_reproduces_gamma_ee(name):
    """Int R_V ds = 9 pi M Gamma_ee^0 B_had / alpha^2 -> recovers the PDG Gamma_ee."""
    v = h.NARROW_RESONANCES[name]
    m2, mg = v.mass**2, v.mass * v.width
    half = 2000.0 * mg  # window +-2000 M Gamma in s: Lorentzian tails outside = 2/(2000 pi) = 3.2e-4

    def r_v(s):  # this resonance alone
        return float(h._R_vector(np.array(s), v))

    # it is what R_ratio adds on top of the narrow=False result (the other narrow states are far)
    assert h.R_ratio(v.mass) - h.R_ratio(v.mass, narrow=False) == pytest.approx(r_v(m2), rel=1e-6)

    num, _ = quad(r_v, m2 - half, m2 + half, points=[m2], limit=400, epsabs=0, epsrel=1e-10)
    exact = h.narrow_resonance_integral(name) * 2.0 / math.pi * math.atan(half / mg)
    assert num == pytest.approx(exact, rel=1e-6)
    # undo the window truncation and the undressing -> the PDG (physical) Gamma_ee
    vp = (1.0 - delta_alpha_leptonic(v.mass) - h._DELTA_ALPHA_HAD[name]) ** 2
    gamma_ee = ALPHA0**2 * num / (9.0 * math.pi * v.mass * v.b_had * vp) / (2.0 / math.pi * math.atan(half / mg))
    assert gamma_ee == pytest.approx(v.gamma_ee, rel=1e-6)
    # without the window correction the recovered width is still within 4e-4
    assert ALPHA0**2 * num / (9.0 * math.pi * v.mass * v.b_had * vp) == pytest.approx(v.gamma_ee, rel=4e-4)
    # peak: R_V = 9 Gamma_ee^0 B_had / (alpha^2 Gamma), i.e. sigma_peak = 12 pi Gamma_ee Gamma_had / (M^2 Gamma^2)
    assert r_v(m2) == pytest.approx(9.0 * v.gamma_ee_bare * v.b_had / (ALPHA0**2 * v.width), rel=1e-9)
    # off the peak, Delta = sqrt(s) - M >> Gamma: R_V -> 9 Gamma_ee^0 Gamma_had / (4 alpha^2 Delta^2)
    for delta in (0.01, -0.01):
        tail = 9.0 * v.gamma_ee_bare * v.width * v.b_had / (4.0 * ALPHA0**2 * delta**2)
        assert r_v((v.mass + delta) ** 2) == pytest.approx(tail, rel=0.01)


def test_omega_phi_normalisation():
    """omega (non-pi pi part), phi: peak R = 9 Gamma_ee^0 B / (alpha^2 Gamma); omega integral 9 pi M Gamma_ee^0 B / alpha^2."""
    b_om = 1 - h.OMEGA_B_PIPI - h.OMEGA_B_EE - h.OMEGA_B_MUMU
    b_phi = 1 - h.PHI_B_EE - h.PHI_B_MUMU
    for key, mass, width, b_ee, b_keep in (
        ("omega", h.OMEGA_MASS, h.OMEGA_WIDTH, h.OMEGA_B_EE, b_om),
        ("phi", h.PHI_MASS, h.PHI_WIDTH, h.PHI_B_EE, b_phi),
    ):
        gee0 = width * b_ee * h._undressing_factor(key, mass)
        peak = h.R_components(mass)[key]
        assert peak == pytest.approx(9.0 * gee0 * b_keep / (ALPHA0**2 * width), rel=1e-9)
    # omega: above its mass the widths are fixed, so the upper half is exactly half a Lorentzian;
    # below, the 3 pi / pi0 gamma thresholds remove part of the low-side tail
    m2, mg = h.OMEGA_MASS**2, h.OMEGA_MASS * h.OMEGA_WIDTH
    gee0 = h.OMEGA_WIDTH * h.OMEGA_B_EE * h._undressing_factor("omega", h.OMEGA_MASS)
    full = 9.0 * math.pi * h.OMEGA_MASS * gee0 * b_om / ALPHA0**2

    def r_om(s):
        return h.R_components(math.sqrt(s))["omega"]

    upper, _ = quad(r_om, m2, 4.0, limit=400, epsrel=1e-10)
    assert upper == pytest.approx(full * math.atan((4.0 - m2) / mg) / math.pi, rel=1e-6)
    lower, _ = quad(r_om, m2 - 5 * mg, m2, limit=400, epsrel=1e-10)
    assert 0.96 < lower / (full * math.atan(5.0) / math.pi) < 1.0  # -2.2 % within 5 widths
    # phi: with the P-wave K Kbar width the full integral exceeds the narrow-width value (high-side
    # wing); within +-5 widths it stays within 6 % of the Lorentzian value
    m2, mg = h.PHI_MASS**2, h.PHI_MASS * h.PHI_WIDTH
    num, _ = quad(lambda s: h.R_components(math.sqrt(s))["phi"], m2 - 5 * mg, m2 + 5 * mg, points=[m2], limit=400)
    gee0 = h.PHI_WIDTH * h.PHI_B_EE * h._undressing_factor("phi", h.PHI_MASS)
    lorentz = 9.0 * math.pi * h.PHI_MASS * gee0 * b_phi / ALPHA0**2 * 2.0 / math.pi * math.atan(5.0)
    assert num == pytest.approx(lorentz, rel=0.06)


def test_rho_omega_mixing_parameter():
    # fits of the e+e- -> pi+pi- rho-omega interference give |delta| ~ (1.5-2.0)e-3
    assert 1.4e-3 < h._DELTA_RHO_OMEGA < 2.2e-3


def _delta_alpha_had_dispersive(sqrt_s: float, exclude: str | None = None, n: int = 400_000, s_max: float = 1.0e4) -> float:
    """Re Delta alpha_had(s) = -(alpha s/3 pi) P Int R(s') ds' / (s' (s' - s)) from this model's R.

    Smooth part: subtracted principal value on a uniform grid in ln s' placed symmetrically about
    the pole; narrow resonances analytically (real part of their Breit-Wigner propagator);
    ``exclude`` drops the resonance of that name (its own real part vanishes at its peak); above
    s_max = 1e4 GeV^2 R is taken constant (Z exchange neglected).
    """
    s = sqrt_s**2
    s0 = h.SQRT_S_MIN**2

    def g(sp):
        c = h.R_components(np.sqrt(sp))
        r = sum(v for k, v in c.items() if "narrow" not in k)
        if exclude in ("omega", "phi"):
            r = r - c[exclude]
        elif exclude in h.BROAD_RESONANCES:
            r = r - h._R_vector(sp, h.BROAD_RESONANCES[exclude])
        return r / sp

    t0, t1 = math.log(s0), math.log(s_max)
    dt = (t1 - t0) / n
    ls = math.log(s)
    i = np.arange(math.ceil((t0 - ls) / dt - 0.5), math.floor((t1 - ls) / dt - 0.5) + 1)
    sp = np.exp(ls + (i + 0.5) * dt)
    gs = float(g(np.array([s]))[0])
    pv = np.sum((g(sp) - gs) / (sp - s) * sp) * dt + gs * math.log((s_max - s) / (s - s0))
    pv += h.R_pqcd(math.sqrt(s_max)) * math.log(s_max / (s_max - s)) / s
    for name, v in h.NARROW_RESONANCES.items():
        if name != exclude:
            m2 = v.mass**2
            pv += h.narrow_resonance_integral(name) * (m2 - s) / (m2 * ((m2 - s) ** 2 + m2 * v.width**2))
    return -ALPHA0 * s / (3.0 * math.pi) * pv


def test_undressing_table_is_self_consistent():
    """_DELTA_ALPHA_HAD (used for Gamma_ee^0) equals the dispersion integral of the model's own R."""
    masses = {"omega": h.OMEGA_MASS, "phi": h.PHI_MASS}
    masses.update({n: v.mass for n, v in {**h.NARROW_RESONANCES, **h.BROAD_RESONANCES}.items()})
    assert set(masses) == set(h._DELTA_ALPHA_HAD)
    for name, m in masses.items():
        assert _delta_alpha_had_dispersive(m, exclude=name) == pytest.approx(h._DELTA_ALPHA_HAD[name], abs=2e-4), name
    # independent cross-check at 10.58 GeV against pheno.constants (anchored at M_Z, +-3e-4 stated)
    assert _delta_alpha_had_dispersive(10.58) == pytest.approx(delta_alpha_hadronic(10.58), abs=6e-4)


# ------------------------------------------------------------------------------------------------
# general properties
# ------------------------------------------------------------------------------------------------
def _special_points() -> np.ndarray:
    pts = [h.SQRT_S_MIN, h.SQRT_S_MIN * (1 + 1e-12), 2 * h.M_K, 2 * h.M_K0, h.E_ON, h.E_FULL, 2 * h.M_D0, 2 * h.M_B_MESON,
           h.OMEGA_MASS, h.PHI_MASS, h.RHO_MASS, h.M_C_MSBAR, h.M_B_MSBAR, 11.0]
    pts += [v.mass for v in {**h.NARROW_RESONANCES, **h.BROAD_RESONANCES}.values()]
    return np.array(pts)


def test_positive_and_finite():
    x = np.concatenate([np.linspace(0.0, 12.0, 200_001), _special_points(), np.geomspace(12.0, 100.0, 1000)])
    for narrow in (True, False):
        r = h.R_ratio(x, narrow=narrow)
        assert np.all(np.isfinite(r))
        assert np.all(r[x <= h.SQRT_S_MIN] == 0.0)
        assert np.all(r[x > h.SQRT_S_MIN] > 0.0)
    assert np.all(h.R_exclusive(x, "pi+ pi-") >= 0.0)
    assert np.all(h.R_exclusive(x, "other") >= 0.0)


def test_threshold_behaviour():
    # just above 2 m_pi R_pipi ~ beta^3/4 |F_pi|^2 -> 0; what remains is the omega -> pi0 gamma tail
    eps = 1e-6
    assert h.R_exclusive(h.SQRT_S_MIN + eps, "pi+ pi-") < 1e-8
    assert h.R_ratio(h.SQRT_S_MIN + eps) < 1e-3
    assert h.R_ratio(h.SQRT_S_MIN - eps) == 0.0
    assert h.R_ratio(0.0) == 0.0
    # F_pi(s) -> 1 towards s = 0 (normalisation of the Gounaris-Sakurai form)
    assert abs(h.pion_form_factor(h.SQRT_S_MIN * 1.0001)) == pytest.approx(1.17, abs=0.02)


def test_vectorisation():
    x = np.array([[0.3, 0.775, 1.02], [3.0, 3.0969, 10.0]])
    r = h.R_ratio(x)
    assert r.shape == x.shape
    assert np.array_equal(r.ravel(), np.array([h.R_ratio(float(v)) for v in x.ravel()]))
    assert isinstance(h.R_ratio(1.0), float)
    assert isinstance(h.R_exclusive(0.8, "pi+ pi-"), float)
    assert h.R_ratio([0.5, 2.0]).shape == (2,)
    assert h.R_ratio(np.float32(2.0)) == pytest.approx(h.R_ratio(2.0), rel=1e-6)
    comps = h.R_components(x)
    assert np.allclose(sum(comps.values()), r, rtol=1e-13, atol=0)


def test_exclusive_channels():
    x = np.linspace(0.3, 11.0, 3001)
    pipi, other, tot = h.R_exclusive(x, "pi+ pi-"), h.R_exclusive(x, "other"), h.R_ratio(x)
    assert np.allclose(pipi + other, tot, rtol=1e-13)
    assert np.allclose(h.R_exclusive(x, "other", narrow=False) + pipi, h.R_ratio(x, narrow=False), rtol=1e-13)
    # pi+pi- dominates below the omega (apart from the omega/phi tails) and is small above 2 GeV
    low = (x > 0.35) & (x < 0.75)
    assert np.all(pipi[low] / tot[low] > 0.95)
    assert np.all(pipi[x > 2.0] / tot[x > 2.0] < 0.02)
    # R_pipi = beta^3/4 |F_pi|^2
    xs = np.array([0.5, 0.775, 1.5])
    beta = np.sqrt(1 - 4 * h.M_PI**2 / xs**2)
    assert np.allclose(h.R_exclusive(xs, "pi+ pi-"), 0.25 * beta**3 * np.abs(h.pion_form_factor(xs)) ** 2)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), [1.0, -0.5], [0.5, float("nan")], float("inf")])
def test_invalid_input_raises(bad):
    with pytest.raises(ValueError, match="sqrt_s"):
        h.R_ratio(bad)
    with pytest.raises(ValueError, match="sqrt_s"):
        h.R_exclusive(bad, "pi+ pi-")
    with pytest.raises(ValueError, match="sqrt_s"):
        h.R_pqcd(bad)


def test_bad_names_raise():
    with pytest.raises(ValueError, match="channel"):
        h.R_exclusive(1.0, "K+ K-")
    with pytest.raises(ValueError, match="name"):
        h.narrow_resonance_integral("Upsilon(5S)")
    with pytest.raises(ValueError, match="flavours"):
        h.R_pqcd(5.0, "t")
    with pytest.raises(ValueError, match="mu"):
        h.alpha_s(-1.0)


def accuracy_table() -> str:
    """Markdown table of the measured per-region deviations (for docs/r_ratio_accuracy.md)."""
    d = load_pdg_R()
    model = model_at_data(d)
    lines = [
        "| region [GeV] | points | median abs(R_mod/R_dat - 1) | Int R ds: model/data - 1 | max abs(R_mod/R_dat - 1) | stated: median / integral |",
        "|---|---|---|---|---|---|",
    ]
    for lo, hi in REGIONS:
        st = region_stats(d, model, lo, hi)
        med, integ = h.ACCURACY[(lo, hi)]
        lines.append(
            f"| {lo:.3f} - {hi:.1f} | {st['n']} | {100 * st['median_abs']:.1f} % | {100 * st['integral']:+.1f} % | "
            f"{100 * st['max_abs']:.0f} % | {100 * med:.0f} % / {100 * integ:.0f} % |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(accuracy_table())
