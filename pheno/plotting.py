"""Plots as in the experiments' papers: coupling versus mass (exclusions, expected bands, (g-2)
bands, projections) and upper limits versus mass (Brazil bands).

Axis labels come from the model (``Model.axis_label``: symbol and unit, e.g. g_aγγ [GeV^-1] and
m_a [GeV]); axes are logarithmic; every drawn element (lines, excluded fills, expected bands,
(g-2) bands) has a legend entry; pheno's version is printed in a corner. The style is mplhep's
ROOT style (the experiments' look; mplhep ships its fonts), applied only inside the plotting calls.
Files are written atomically (:func:`pheno.io.save_figure`); the format follows the suffix (.png, .pdf).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .limitfile import BANDS  # the expected bands, -2 sigma .. +2 sigma

_BRAZIL = {1: "#00cc00", 2: "#ffcc00"}  # the +-1 sigma green and +-2 sigma yellow of the experiments' plots
_G2_STYLES = [dict(color="tab:green", alpha=0.35), dict(color="tab:olive", alpha=0.30), dict(color="tab:cyan", alpha=0.30)]
_COLORS = ["black", "tab:blue", "tab:red", "tab:purple", "tab:orange", "tab:brown"]
_LINESTYLES = ["-", "--", "-.", ":"]


@dataclass
class Curve:
    """One limit curve: observed (or None) and expected bands {band: values} versus mass [GeV]."""

    label: str
    mass: np.ndarray
    observed: np.ndarray | None = None
    expected: dict = field(default_factory=dict)

    def values(self):
        out = [] if self.observed is None else [self.observed]
        return out + list(self.expected.values())


def _style():
    """mplhep's ROOT style as a context (nothing global changes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mplhep

    # mplhep's TeX Gyre math font has no radical glyphs (matplotlib logs a warning for \sqrt): STIX sans for math
    return plt.style.context([mplhep.style.ROOT, {"mathtext.fontset": "stixsans"}])


def _finite_positive(arrays):
    vals = np.concatenate([np.asarray(a, float).ravel() for a in arrays]) if arrays else np.array([])
    return vals[np.isfinite(vals) & (vals > 0)]


def _draw_curves(ax, curves, top, shade_excluded=True):
    """Observed lines (with the excluded side shaded for coupling limits); expected medians dashed with
    +-1/+-2 sigma bands (the experiments' green/yellow for the first curve that has them)."""
    from matplotlib.patches import Patch

    handles = []
    brazil_used = False
    for k, c in enumerate(curves):
        color = _COLORS[k % len(_COLORS)]
        m = np.asarray(c.mass, float)
        order = np.argsort(m)
        m = m[order]
        exp = {b: np.asarray(v, float)[order] for b, v in c.expected.items()}
        brazil = not brazil_used and any(f"minus{n}sigma" in exp and f"plus{n}sigma" in exp and not np.allclose(
            exp[f"minus{n}sigma"], exp[f"plus{n}sigma"], rtol=1e-9, atol=0, equal_nan=True) for n in (1, 2))
        for n in (2, 1):
            lo, hi = exp.get(f"minus{n}sigma"), exp.get(f"plus{n}sigma")
            if lo is None or hi is None or np.allclose(lo, hi, rtol=1e-9, atol=0, equal_nan=True):
                continue  # no band (e.g. a background-free projection: every experiment sees 0 events)
            fc = _BRAZIL[n] if brazil else color
            alpha = 1.0 if brazil else (0.12 if n == 2 else 0.25)
            label = f"{c.label}: expected $\\pm{n}\\sigma$"
            ax.fill_between(m, lo, hi, color=fc, alpha=alpha, lw=0, label=label)
        brazil_used = brazil_used or brazil
        if "median" in exp:
            has_band = any(b != "median" and not np.allclose(v, exp["median"], rtol=1e-9, atol=0, equal_nan=True)
                           for b, v in exp.items())
            ax.plot(m, exp["median"], color=color, ls="--", lw=1.5,
                    label=f"{c.label}: expected" + (" (median)" if has_band else ""))
        if c.observed is not None:
            g = np.asarray(c.observed, float)[order]
            if not shade_excluded:  # a rate limit: the line only
                ax.plot(m, g, color=color, ls=_LINESTYLES[k % len(_LINESTYLES)], lw=2, label=f"{c.label}: observed")
                continue
            line, = ax.plot(m, g, color=color, ls=_LINESTYLES[k % len(_LINESTYLES)], lw=2)
            ax.fill_between(m, g, top, color=color, alpha=0.10, lw=0)
            handles.append(((line, Patch(facecolor=color, alpha=0.10, lw=0)), f"{c.label}: excluded"))
    return handles


def _draw_g2(ax, mass_grid, bands, top):
    """(g-2) bands: favoured intervals as fills; upper bounds only as a dashed line, region above hatched."""
    from matplotlib.patches import Patch

    handles = []
    for k, band in enumerate(bands):
        style = _G2_STYLES[k % len(_G2_STYLES)]
        ds, kind = band.dataset, np.asarray(band.kind)
        lep = {"mu": r"\mu", "e": "e"}[band.lepton]
        scale = 1e-11 if band.lepton == "mu" else 1e-12
        tag = (f"$(g-2)_{lep}$ {ds.name}: $\\Delta a_{lep} = ({ds.delta_a / scale:.3g} \\pm {ds.sigma / scale:.2g})"
               f"\\times 10^{{{int(np.log10(scale))}}}$")
        if np.any(kind == "interval"):
            lo = np.where(kind == "interval", band.lower, np.nan)
            hi = np.where(kind == "interval", band.upper, np.nan)
            ax.fill_between(mass_grid, lo, hi, lw=0, label=f"{tag}, favoured $\\pm{band.n_sigma:g}\\sigma$", **style)
        if np.any(kind == "upper_only"):
            up = np.where(kind == "upper_only", band.upper, np.nan)
            line, = ax.plot(mass_grid, up, ls="--", color=style["color"], lw=1.5)
            ax.fill_between(mass_grid, up, top, facecolor="none", edgecolor=style["color"], hatch="//", lw=0, alpha=0.4)
            hatch = Patch(facecolor="none", edgecolor=style["color"], hatch="//", alpha=0.4)
            handles.append(((line, hatch), f"{tag}: no coupling favoured, excluded above ({band.n_sigma:g}$\\sigma$)"))
        if np.all(kind == "none"):
            ax.plot([], [], " ", label=f"{tag}: favours no coupling of this model")
    return handles


def _finish(fig, ax, path, *, xlabel, ylabel, title, xlim, ylim, note, extra_handles, legend_loc="upper left"):
    from matplotlib.legend_handler import HandlerTuple

    from . import __version__
    from .io import save_figure

    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=14 if len(title) < 60 else 11)  # long titles must fit the frame
    if note:
        ax.text(0.02, 0.02, note, transform=ax.transAxes, fontsize=9, va="bottom", ha="left", color="0.3")
    handles, labels = ax.get_legend_handles_labels()
    for h, lab in extra_handles:
        handles.append(h)
        labels.append(lab)
    if not handles:
        raise ValueError("nothing to plot: no limit curves and no (g-2) band")
    ax.legend(handles, labels, fontsize=9, loc=legend_loc, frameon=False,
              handler_map={tuple: HandlerTuple(ndivide=1)})
    fig.text(0.995, 0.005, f"pheno {__version__}", ha="right", va="bottom", fontsize=8, color="0.45")
    fig.tight_layout()
    save_figure(fig, path)
    return Path(path)


def _range(values, pad_lo=0.3, pad_hi=30.0):
    v = _finite_positive(values)
    if v.size == 0:
        return None
    return float(v.min() * pad_lo), float(v.max() * pad_hi)


def coupling_plot(path, model_cls, curves=(), *, g2=(), g2_lepton="mu", nsigma=2.0, mass_range=None,
                  coupling=None, model_params=None, title=None, xlabel=None, ylabel=None, xlim=None, ylim=None,
                  note=None) -> Path:
    """Coupling versus mass for ``model_cls``: ``curves`` (:class:`Curve`: observed limits with the
    excluded side shaded, expected medians and bands), and the (g-2) bands of ``g2`` (dataset names;
    ``Model.g2_band`` with ``model_params``) on ``mass_range`` (default: the curves' masses).
    Labels default to the model's symbols (``Model.axis_label``); ranges to the data."""
    import matplotlib.pyplot as plt

    coupling = coupling or model_cls.COUPLING
    curves = list(curves)
    masses = [np.asarray(c.mass, float) for c in curves]
    if mass_range is None:
        mass_range = _range(masses, 1.0, 1.0) if masses else (0.01, 10.0)
    lo, hi = mass_range
    grid = np.geomspace(lo, hi, 400)
    bands = [model_cls.g2_band(grid, dataset=ds, nsigma=nsigma, lepton=g2_lepton, coupling=coupling,
                               **(model_params or {})) for ds in g2]
    if not curves and not bands:
        raise ValueError("nothing to plot: give limit curves or (g-2) datasets")
    yvals = [v for c in curves for v in c.values()]
    yvals += [np.where(b.kind == "interval", b.lower, np.nan) for b in bands] + [b.upper for b in bands]
    ylim = ylim or _range(yvals) or (1e-6, 1.0)
    with _style():
        fig, ax = plt.subplots(figsize=(8, 6.5))
        try:
            handles = _draw_g2(ax, grid, bands, ylim[1]) + _draw_curves(ax, curves, ylim[1])
            return _finish(fig, ax, path, xlabel=xlabel or model_cls.axis_label("mass"),
                           ylabel=ylabel or model_cls.axis_label(coupling), title=title,
                           xlim=xlim or (lo, hi), ylim=ylim, note=note, extra_handles=handles)
        finally:
            plt.close(fig)


def limit_plot(path, curves, *, quantity="sigma", cl=None, model_cls=None, title=None, xlabel=None, ylabel=None,
               xlim=None, ylim=None, note=None) -> Path:
    """Upper limits on sigma x BF [fb] (quantity "sigma") or BF x BF ("bf") versus mass, observed
    lines and expected medians with the green/yellow +-1/+-2 sigma bands."""
    import matplotlib.pyplot as plt

    curves = list(curves)
    if not curves:
        raise ValueError("nothing to plot: no limit curves")
    cl_text = f"{100 * cl:g}% CL upper limit on " if cl else "Upper limit on "
    default_y = cl_text + (r"$\sigma \times \mathcal{B}$ [fb]" if quantity == "sigma" else r"$\mathcal{B} \times \mathcal{B}$")
    default_x = model_cls.axis_label("mass") if model_cls is not None else "$m$ [GeV]"
    masses = [np.asarray(c.mass, float) for c in curves]
    xr = _range(masses, 1.0, 1.0)
    ylim = ylim or _range([v for c in curves for v in c.values()], 0.3, 10.0)
    with _style():
        fig, ax = plt.subplots(figsize=(8, 6.5))
        try:
            _draw_curves(ax, curves, ylim[1], shade_excluded=False)  # a rate plot: lines and bands only
            return _finish(fig, ax, path, xlabel=xlabel or default_x, ylabel=ylabel or default_y, title=title,
                           xlim=xlim or xr, ylim=ylim, note=note, extra_handles=[])
        finally:
            plt.close(fig)


def coupling_mass_plot(path, mass_grid, delta_a_per_coupling2, limits=(), datasets=("2023", "2025"),
                       n_sigma=2.0, lepton="mu", coupling_label=r"$g'$", mass_label=r"$m_{Z'}$ [GeV]",
                       title=None, ylim=(1e-5, 1.0), note=None):
    """Coupling vs mass from a (g-2) contribution per coupling^2 on a grid and (label, mass, limit)
    triples (the reference-table plots of ``pheno tables``); see :func:`coupling_plot` for models."""
    import matplotlib.pyplot as plt

    from . import g2
    from .g2 import G2Band

    mass_grid = np.asarray(mass_grid, float)
    bands = []
    for name in datasets:
        b = g2.favoured_coupling_interval(delta_a_per_coupling2, dataset=name, n_sigma=n_sigma, lepton=lepton)
        bands.append(G2Band(lower=b.lower, upper=b.upper, kind=b.kind, dataset=b.dataset, n_sigma=b.n_sigma,
                            mass=mass_grid, coupling="", lepton=lepton, model=""))
    curves = [Curve(label, np.asarray(m, float), np.asarray(g, float)) for label, m, g in limits]
    with _style():
        fig, ax = plt.subplots(figsize=(8, 6.5))
        try:
            handles = _draw_g2(ax, mass_grid, bands, ylim[1]) + _draw_curves(ax, curves, ylim[1])
            return _finish(fig, ax, path, xlabel=mass_label, ylabel=coupling_label, title=title,
                           xlim=(mass_grid.min(), mass_grid.max()), ylim=ylim, note=note, extra_handles=handles)
        finally:
            plt.close(fig)


# ---------------------------------------------------------------------------------------- reading curves
def read_coupling_curves(path, label=None) -> list[Curve]:
    """Coupling-limit curves from a file of ``pheno convert`` / ``pheno project`` (CSV) or a HEPData
    export of them. CSV columns: ``<coupling>_ul`` (observed), columns naming a band
    (``<coupling>_ul_expected_median``, ``..._minus1sigma``, ...), optionally tagged ``[1ab-1]``;
    one curve per tag."""
    import re

    from .hepdata import is_hepdata, read_limit_curves

    path = Path(path)
    label = label or path.stem
    if not path.exists():
        raise FileNotFoundError(f"coupling-limit file not found: {path}")
    if is_hepdata(path):
        # a submission written by pheno convert --format hepdata has the coupling table first
        table = 0 if (path.is_dir() or path.name == "submission.yaml" or path.name.endswith((".tar.gz", ".tgz", ".zip"))) else None
        lim = read_limit_curves(path, table=table, allow_missing=True)
        return [Curve(label, lim.mass, lim.observed, dict(lim.expected))]
    from .io import read_table

    try:
        t = read_table(path)
    except (OSError, ValueError, IndexError) as exc:
        raise ValueError(f"{path}: cannot read a coupling-limit table ({exc})") from None
    if "mass_GeV" not in t:
        raise ValueError(f"{path}: no mass_GeV column (write coupling limits with 'pheno convert' or 'pheno project')")
    curves: dict[str, Curve] = {}
    pat = re.compile(r"^(?P<c>[A-Za-z][A-Za-z0-9_]*?)_ul(?P<rest>(_[A-Za-z0-9]+)*)(\[(?P<tag>[^\]]+)\])?$")
    for col, vals in t.items():
        m = pat.match(col)
        if not m or col.startswith(("sigma_", "bf_", "BF_")):
            continue
        rest = m.group("rest") or ""
        band = next((b for b in BANDS if rest.endswith("_" + b)), None)
        if rest and band is None:
            continue  # e.g. an excluded-interval edge
        tag = m.group("tag")
        key = tag or ""
        c = curves.setdefault(key, Curve(f"{label}, {tag.replace('ab-1', ' ab$^{-1}$').replace('fb-1', ' fb$^{-1}$')}"
                                         if tag else label, t["mass_GeV"]))
        if band is None:
            c.observed = vals
        else:
            c.expected[band] = vals
    if not curves:
        raise ValueError(f"{path}: no '<coupling>_ul' column (write it with 'pheno convert' or 'pheno project')")
    return list(curves.values())



def interval_mass_plot(path, regions, coupling_label="coupling", mass_label="mass [GeV]", ylim=(1e-5, 1.0),
                       xlim=None, title=None, note=None, legend_loc="upper right") -> Path:
    """Excluded coupling intervals vs mass (two-sided limits of displaced-vertex searches).

    regions : iterable of (label, mass array, intervals), intervals[i] = list of (lower, upper) excluded
              couplings at mass[i] (as in LimitResult.intervals); each region is outlined and shaded,
              every disjoint interval separately.
    """
    import matplotlib.pyplot as plt

    regions = list(regions)
    with _style():
        fig, ax = plt.subplots(figsize=(8, 6.5))
        try:
            for k, (label, m, intervals) in enumerate(regions):
                c = _COLORS[(k + 1) % len(_COLORS)]
                ls = _LINESTYLES[k % len(_LINESTYLES)]
                m = np.asarray(m, float)
                for j in range(max((len(iv) for iv in intervals), default=0)):
                    lo = np.array([iv[j][0] if len(iv) > j else np.nan for iv in intervals])
                    hi = np.array([iv[j][1] if len(iv) > j else np.nan for iv in intervals])
                    ax.fill_between(m, lo, hi, color=c, alpha=0.18, lw=0, label=f"{label}: excluded" if j == 0 else None)
                    ax.plot(m, lo, color=c, lw=1.4, ls=ls)
                    ax.plot(m, hi, color=c, lw=1.4, ls=ls)
            if xlim is None:
                masses = [np.asarray(m, float) for _, m, _ in regions]
                xlim = _range(masses, 1.0, 1.0)
            return _finish(fig, ax, path, xlabel=mass_label, ylabel=coupling_label, title=title, xlim=xlim, ylim=ylim,
                           note=note, extra_handles=[], legend_loc=legend_loc)
        finally:
            plt.close(fig)
