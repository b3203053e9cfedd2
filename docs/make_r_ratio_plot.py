"""Draw docs/r_ratio.png: pheno.hadrons.R_ratio and its channels against the PDG R compilation, 0.28-11 GeV.

Usage (from the repository root):  PYTHONPATH=. python docs/make_r_ratio_plot.py
The measured points are read from ../shared/reference/pdg_R_ratio.csv (test material, not part of
the package); without that file only the model is drawn.
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import ee_data as E  # noqa: E402
from pheno import hadrons as h  # noqa: E402

OUT = ROOT / "docs" / "r_ratio.png"
X_MIN, X_MAX = 0.28, 11.0
GROUPS = [  # (label, channels)
    (r"$\pi^+\pi^-$", ("pi+ pi-",)),
    (r"$\pi^+\pi^-\pi^0$, $\pi^0\gamma$, $\eta\gamma$", ("pi+ pi- pi0", "pi0 gamma", "eta gamma")),
    (r"$K\bar K$, $K\bar K\pi$", ("K+ K-", "K0 K0~", "K K~ pi")),
    (r"$4\pi$, $\omega\pi^0$, $\eta\pi\pi$, $\phi\pi^0$",
     ("pi+ pi- pi+ pi-", "pi+ pi- pi0 pi0", "omega pi0", "eta pi+ pi-", "phi pi0")),
    ("remainder (other)", ("other",)),
    (r"$c\bar c$, $b\bar b$ (open + broad $\psi$, $\Upsilon$)", ("c c~", "b b~")),
]


def main():
    d = E.load_pdg_R() if E.R_CSV.exists() else None
    if d is not None:
        keep = (d["sqrt_s"] >= X_MIN) & (d["sqrt_s"] <= X_MAX)
        d = {k: v[keep] for k, v in d.items()}
    x = np.geomspace(X_MIN, X_MAX, 40_000)
    x = np.sort(np.concatenate([x, np.linspace(0.76, 0.80, 2000), np.linspace(1.01, 1.03, 2000)]))
    channels = h.R_channels(x, narrow=False)
    r_smooth = h.R_ratio(x, narrow=False)

    fig, (ax, axr) = plt.subplots(2, 1, figsize=(11, 8), sharex=True, gridspec_kw={"height_ratios": [3, 1.3], "hspace": 0.05})
    if d is not None:
        tot_err = np.hypot(d["err"], d["R"] * d["norm_pct"] / 100.0)
        ax.errorbar(d["sqrt_s"], d["R"], yerr=tot_err, fmt="o", ms=2.2, lw=0.6, color="0.35", alpha=0.8,
                    label="PDG 2020 compilation (stat. + norm.)", zorder=1)
    ax.plot(x, r_smooth, color="k", lw=1.2, label="pheno.hadrons.R_ratio (narrow=False)", zorder=3)
    for i, (label, chans) in enumerate(GROUPS):
        ax.plot(x, sum(channels[c] for c in chans), color=f"C{i}", lw=0.9, ls="--" if i % 2 else ":", label=label, zorder=2)
    for v in h.NARROW_RESONANCES.values():
        ax.axvline(v.mass, color="C9", lw=0.7, alpha=0.6, zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(0.01, 80)
    ax.set_ylabel(r"$R(s)=\sigma(e^+e^-\to$ hadrons$)/\sigma_0(\mu^+\mu^-)$")
    ax.set_title("Hadronic R: pheno's exclusive channels + remainder + heavy quarks vs. data "
                 "(narrow J/psi, psi(2S), Upsilon(1-3S) marked, not drawn)", fontsize=9.5)
    ax.legend(fontsize=7.5, loc="lower right", ncol=2)
    ax.grid(which="both", alpha=0.2)

    if d is not None:
        model = E.bin_average(lambda v: h.R_ratio(v, narrow=False), d["sqrt_s"], d["lo"], d["hi"], n=41)
        axr.plot(d["sqrt_s"], model / d["R"] - 1.0, "o", ms=2.0, color="0.3")
        for (lo, hi), (med, _integ) in h.ACCURACY.items():
            axr.axvline(lo, color="0.6", lw=0.6)
            axr.fill_between([lo, hi], -med, med, color="C3", alpha=0.12, lw=0)
        axr.axhline(0.0, color="k", lw=0.8)
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
