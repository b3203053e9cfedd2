"""Draw docs/r_ratio.png: pheno.hadrons.R_ratio against the PDG R compilation, 0.28-11 GeV.

Usage (from the repository root):  PYTHONPATH=. python docs/make_r_ratio_plot.py
The measured points are read from ../shared/reference/pdg_R_ratio.csv (test material, not part of
the package); without that file only the model is drawn.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from pheno import hadrons as h  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
R_CSV = ROOT.parent / "shared" / "reference" / "pdg_R_ratio.csv"
OUT = ROOT / "docs" / "r_ratio.png"
X_MIN, X_MAX = 0.28, 11.0


def load_data():
    if not R_CSV.exists():
        return None
    rows = [
        [float(v) for v in line.split(",")]
        for line in R_CSV.read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("sqrt_s")
    ]
    a = np.array(rows)
    keep = (a[:, 0] >= X_MIN) & (a[:, 0] <= X_MAX)
    return a[keep]


def model_at(d):
    out = h.R_ratio(d[:, 0], narrow=False)
    for i in np.where(d[:, 2] > d[:, 1])[0]:
        out[i] = np.mean(h.R_ratio(np.linspace(d[i, 1], d[i, 2], 41), narrow=False))
    return out


def main():
    d = load_data()
    x = np.geomspace(X_MIN, X_MAX, 40_000)
    x = np.sort(np.concatenate([x, np.linspace(0.76, 0.80, 2000), np.linspace(1.01, 1.03, 2000)]))
    comp = h.R_components(x)
    r_smooth = h.R_ratio(x, narrow=False)

    fig, (ax, axr) = plt.subplots(2, 1, figsize=(11, 8), sharex=True, gridspec_kw={"height_ratios": [3, 1.3], "hspace": 0.05})
    if d is not None:
        tot_err = np.hypot(d[:, 4], d[:, 3] * d[:, 6] / 100.0)
        ax.errorbar(d[:, 0], d[:, 3], yerr=tot_err, fmt="o", ms=2.2, lw=0.6, color="0.35", alpha=0.8,
                    label="PDG 2020 compilation (stat. + norm.)", zorder=1)
    ax.plot(x, r_smooth, color="C3", lw=1.3, label="pheno.hadrons.R_ratio (narrow=False)", zorder=3)
    ax.plot(x, comp["pi+ pi-"], color="C0", lw=0.9, ls="--", label=r"$\pi^+\pi^-$ ($|F_\pi|^2$)", zorder=2)
    ax.plot(x, comp["multihadron"], color="C2", lw=0.9, ls=":", label="multi-hadron (T x pQCD uds)", zorder=2)
    heavy = comp["open charm"] + comp["charmonium (broad)"] + comp["open bottom"] + comp["bottomonium (broad)"]
    ax.plot(x[x > 3.6], heavy[x > 3.6], color="C1", lw=0.9, ls="-.", label=r"open $c\bar c$, $b\bar b$ + broad $\psi$, $\Upsilon$", zorder=2)
    ax.plot(x, h.R_pqcd(x, "uds") * (x > 1.0), color="C4", lw=0.8, ls=(0, (5, 3)), label="pQCD u, d, s (no thresholds)", zorder=2)
    for v in h.NARROW_RESONANCES.values():
        ax.axvline(v.mass, color="C5", lw=0.7, alpha=0.6, zorder=0)
    peaks = {n: h.R_ratio(v.mass) for n, v in h.NARROW_RESONANCES.items()}
    ax.text(3.0, 70, f"J/psi\n(peak {peaks['J/psi']:.0f})", fontsize=7, color="C5", va="top", ha="right")
    ax.text(3.72, 70, f"psi(2S)\n(peak {peaks['psi(2S)']:.0f})", fontsize=7, color="C5", va="top", ha="left")
    ax.text(9.35, 70, "Upsilon(1S, 2S, 3S)\n(peaks {:.0f}, {:.0f}, {:.0f})".format(
        peaks["Upsilon(1S)"], peaks["Upsilon(2S)"], peaks["Upsilon(3S)"]), fontsize=7, color="C5", va="top", ha="right")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(0.01, 80)
    ax.set_ylabel(r"$R(s)=\sigma(e^+e^-\to$ hadrons$)/\sigma_0(\mu^+\mu^-)$")
    ax.set_title("Hadronic R ratio: pheno model vs. data (narrow J/psi, psi(2S), Upsilon(1-3S) Breit-Wigners marked, not drawn)", fontsize=9.5)
    ax.legend(fontsize=7.5, loc="lower right", ncol=2)
    ax.grid(which="both", alpha=0.2)

    if d is not None:
        rel = model_at(d) / d[:, 3] - 1.0
        axr.plot(d[:, 0], rel, "o", ms=2.0, color="0.3")
        for (lo, hi), (med, integ) in h.ACCURACY.items():
            axr.axvline(lo, color="0.6", lw=0.6)
            axr.fill_between([lo, hi], -med, med, color="C3", alpha=0.12, lw=0)
        axr.axhline(0.0, color="C3", lw=0.8)
        axr.set_ylim(-0.45, 0.45)
        axr.set_ylabel("model/data - 1")
        axr.text(0.29, 0.33, "shaded: stated median accuracy per region", fontsize=7)
    axr.set_xlabel(r"$\sqrt{s}$ [GeV]")
    axr.set_xlim(X_MIN, X_MAX)
    ticks = [0.3, 0.5, 0.7, 1, 1.5, 2, 3, 4, 5, 7, 10]
    axr.set_xticks(ticks)
    axr.set_xticklabels([str(t) for t in ticks])
    axr.grid(which="both", alpha=0.2)
    from pheno.io import save_figure

    save_figure(fig, OUT, dpi=130, bbox_inches="tight")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
