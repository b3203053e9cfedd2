"""Coupling-vs-mass plots in the style of the Belle II dark-sector papers: log-log axes, the
(g-2) favoured band(s) in green, converted limits as lines with the excluded side shaded."""
from __future__ import annotations

from pathlib import Path

import numpy as np

_BAND_STYLES = [
    dict(color="tab:green", alpha=0.35),
    dict(color="tab:olive", alpha=0.30),
    dict(color="tab:cyan", alpha=0.30),
]
_LIMIT_COLORS = ["tab:blue", "tab:red", "tab:purple", "tab:orange", "black"]
_LIMIT_STYLES = ["-", "--", "-.", ":"]


def coupling_mass_plot(path, mass_grid, delta_a_per_coupling2, limits=(), datasets=("2023", "2025"),
                       n_sigma=2.0, lepton="mu", coupling_label=r"$g'$", mass_label=r"$m_{Z'}$ [GeV]",
                       title=None, ylim=(1e-5, 1.0), note=None):
    """Write a PNG/PDF of coupling vs mass.

    mass_grid, delta_a_per_coupling2 : the model's (g-2) contribution at unit coupling on a grid.
    limits   : iterable of (label, mass array, coupling-limit array); NaNs break the line.
    datasets : (g-2) dataset names (pheno.g2); an interval is drawn as a band, an upper bound only
               ("no non-zero coupling favoured") as a dashed line with the region above hatched.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import g2

    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=150)
    for k, name in enumerate(datasets):
        ds = g2.dataset(name, lepton)
        band = g2.favoured_coupling_interval(delta_a_per_coupling2, dataset=name, n_sigma=n_sigma, lepton=lepton)
        kind = np.asarray(band.kind)
        style = _BAND_STYLES[k % len(_BAND_STYLES)]
        tag = (f"$(g-2)_\\mu$ {name}: $\\Delta a_\\mu = ({ds.delta_a / 1e-11:.0f} \\pm {ds.sigma / 1e-11:.0f})"
               f"\\times 10^{{-11}}$")
        if np.any(kind == "interval"):
            lo = np.where(kind == "interval", band.lower, np.nan)
            hi = np.where(kind == "interval", band.upper, np.nan)
            ax.fill_between(mass_grid, lo, hi, label=f"{tag}, $\\pm{n_sigma:g}\\sigma$", lw=0, **style)
        else:
            up = np.where(kind == "upper_only", band.upper, np.nan)
            ax.plot(mass_grid, up, ls="--", color=style["color"], lw=1.5,
                    label=f"{tag}: excluded above ({n_sigma:g}$\\sigma$)")
            ax.fill_between(mass_grid, up, ylim[1], facecolor="none", edgecolor=style["color"],
                            hatch="//", lw=0, alpha=0.18)
    for k, (label, m, g) in enumerate(limits):
        c = _LIMIT_COLORS[k % len(_LIMIT_COLORS)]
        m, g = np.asarray(m, float), np.asarray(g, float)
        order = np.argsort(m)
        ax.plot(m[order], g[order], color=c, lw=2, ls=_LIMIT_STYLES[k % len(_LIMIT_STYLES)], label=label)
        ax.fill_between(m[order], g[order], ylim[1], color=c, alpha=0.08, lw=0)
    return _finish(fig, ax, path, (np.min(mass_grid), np.max(mass_grid)), ylim, mass_label, coupling_label,
                   title, note, legend_loc="upper left", title_size=10, note_size=7)


def _finish(fig, ax, path, xlim, ylim, mass_label, coupling_label, title, note, legend_loc, title_size, note_size):
    """Log-log axes in the Belle II style, labels, legend; write the figure atomically and close it."""
    import matplotlib.pyplot as plt

    from .io import save_figure

    ax.set_xscale("log")
    ax.set_yscale("log")
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(mass_label, loc="right")
    ax.set_ylabel(coupling_label, loc="top")
    ax.tick_params(which="both", direction="in", top=True, right=True)
    if title:
        ax.set_title(title, fontsize=title_size)
    if note:
        ax.text(0.02, 0.02, note, transform=ax.transAxes, fontsize=note_size, va="bottom", ha="left", color="0.3")
    ax.legend(fontsize=7, loc=legend_loc, frameon=False)
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)
    return Path(path)


def interval_mass_plot(path, regions, coupling_label="coupling", mass_label="mass [GeV]", ylim=(1e-5, 1.0),
                       xlim=None, title=None, note=None):
    """Write a PNG/PDF of excluded coupling intervals vs mass (two-sided limits of displaced-vertex searches).

    regions : iterable of (label, mass array, intervals), intervals[i] = list of (lower, upper) excluded
              couplings at mass[i] (as in LimitResult.intervals); each region is outlined and shaded,
              every disjoint interval separately.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=150)
    for k, (label, m, intervals) in enumerate(regions):
        c = _LIMIT_COLORS[k % len(_LIMIT_COLORS)]
        m = np.asarray(m, float)
        for j in range(max((len(iv) for iv in intervals), default=0)):
            lo = np.array([iv[j][0] if len(iv) > j else np.nan for iv in intervals])
            hi = np.array([iv[j][1] if len(iv) > j else np.nan for iv in intervals])
            ax.fill_between(m, lo, hi, color=c, alpha=0.18, lw=0)
            ax.plot(m, lo, color=c, lw=1.4, ls=_LIMIT_STYLES[k % len(_LIMIT_STYLES)], label=label if j == 0 else None)
            ax.plot(m, hi, color=c, lw=1.4, ls=_LIMIT_STYLES[k % len(_LIMIT_STYLES)])
    return _finish(fig, ax, path, xlim, ylim, mass_label, coupling_label, title, note, legend_loc="upper right",
                   title_size=9, note_size=6.5)
