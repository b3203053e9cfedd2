"""Command-line interface: ``pheno <command> --help``.

Commands
  tables   write the reference tables and plots of every model into tables/ (the main job)
  widths   widths, branching fractions and c*tau on a mass grid
  xsec     production cross sections on a mass grid (optionally with acceptance cuts)
  convert  a cross-section limit file -> a coupling-limit file
  plot     coupling vs mass with converted limits and the (g-2) band(s)
  amplitudes  print (or regenerate) the symbolically derived |M|^2
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

from . import __version__
from . import constants as C

PROG = "pheno"


# ------------------------------------------------------------------------------ helpers
def _models():
    from .models import MODELS

    return MODELS


def _model_class(name: str):
    models = _models()
    key = name.lower().replace("-", "").replace("_", "")
    for k, cls in models.items():
        if key in (k, cls.__name__.lower()):
            return cls
    raise SystemExit(f"{PROG}: unknown model {name!r}; valid: {', '.join(models)}")


def _parse_params(items: list[str]) -> dict:
    out = {}
    for item in items or []:
        if "=" not in item:
            raise SystemExit(f"{PROG}: --param expects NAME=VALUE, got {item!r}")
        k, v = item.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise SystemExit(f"{PROG}: --param {k}: {v!r} is not a number") from None
    return out


def _alpha(text: str):
    if text in ("0", "running"):
        return text
    try:
        if "/" in text:
            num, den = text.split("/")
            return float(num) / float(den)
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"alpha must be '0', 'running', a number or a fraction like 1/127.9") from None


def _mass_grid(args) -> np.ndarray:
    if not (0 < args.mass_min < args.mass_max):
        raise SystemExit(f"{PROG}: need 0 < --mass-min < --mass-max")
    if args.n < 2:
        raise SystemExit(f"{PROG}: --n must be >= 2")
    if args.linear:
        return np.linspace(args.mass_min, args.mass_max, args.n)
    return np.geomspace(args.mass_min, args.mass_max, args.n)


def _add_grid(p, lo=0.01, hi=10.5, n=200):
    p.add_argument("--mass-min", type=float, default=lo, help=f"lowest mass [GeV] (default {lo})")
    p.add_argument("--mass-max", type=float, default=hi, help=f"highest mass [GeV] (default {hi})")
    p.add_argument("--n", type=int, default=n, help=f"number of masses (default {n}, log-spaced)")
    p.add_argument("--linear", action="store_true", help="linear instead of logarithmic mass spacing")


def _add_model(p):
    p.add_argument("model", help="model name: " + ", ".join(_models()))
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE",
                   help="model parameter, repeatable (e.g. -p g=1e-3 -p m_chi=0.1 -p g_chi=0.5)")


def _add_production(p):
    p.add_argument("--process", required=True, help="production process, e.g. \"e+ e- > mu+ mu- Z'\"")
    p.add_argument("--sqrt-s", type=float, default=C.SQRT_S_BELLE2, help="CM energy [GeV] (default 10.58)")
    p.add_argument("--alpha", type=_alpha, default=None,
                   help="fine-structure constant: 'running' (alpha(s)), '0' (Thomson) or a number/fraction "
                        "such as 1/127.9 (MadGraph basf2 default); default: the process's own choice "
                        "(alpha(s) for e+e- -> l+l-X, alpha(0) for e+e- -> gamma A' and A'h')")
    p.add_argument("--cos-theta", type=float, nargs=2, metavar=("MIN", "MAX"),
                   help="polar-angle acceptance of every SM final-state particle")
    p.add_argument("--p-min", type=float, default=0.0, help="minimum momentum [GeV] of SM final-state particles")
    p.add_argument("--pt-min", type=float, default=0.0, help="minimum transverse momentum [GeV]")
    p.add_argument("--frame", choices=("cm", "lab"), default="cm", help="frame of the cuts (lab: 7 GeV e- on 4 GeV e+)")
    p.add_argument("--e-minus", type=float, default=C.E_BEAM_ELECTRON, help="e- beam energy [GeV] for --frame lab")
    p.add_argument("--e-plus", type=float, default=C.E_BEAM_POSITRON, help="e+ beam energy [GeV] for --frame lab")


def _cuts(args):
    from .production import Cuts

    if args.cos_theta is None and args.p_min == 0 and args.pt_min == 0:
        return None
    return Cuts(cos_theta=tuple(args.cos_theta or (-1.0, 1.0)), p_min=args.p_min, pt_min=args.pt_min,
                frame=args.frame, e_minus=args.e_minus, e_plus=args.e_plus)


def _fiducial(args):
    """--fiducial belle2-ecl | R_MAX,Z_MIN,Z_MAX [metres] -> a pheno.decay.Cylinder (or None)."""
    if not getattr(args, "fiducial", None):
        return "default"
    from .decay import BELLE2_ECL_INNER, Cylinder

    if args.fiducial == "none":
        return None
    if args.fiducial == "belle2-ecl":
        return BELLE2_ECL_INNER
    try:
        r_max, z_min, z_max = (float(x) for x in args.fiducial.split(","))
        return Cylinder(r_max=r_max, z_min=z_min, z_max=z_max)
    except ValueError as exc:
        raise SystemExit(f"{PROG}: --fiducial expects 'belle2-ecl' or R_MAX,Z_MIN,Z_MAX in metres ({exc})") from None


def _out(args, default: str) -> Path:
    return Path(args.output or default)


# ------------------------------------------------------------------------------ commands
def cmd_widths(args):
    from .io import write_table

    cls = _model_class(args.model)
    params = _parse_params(args.param)
    mass = _mass_grid(args)
    try:
        model = cls(mass=mass, **params)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    cols = {"mass_GeV": mass, "total_width_GeV": model.total_width()}
    for ch, w in model.widths().items():
        cols[f"width[{ch}]_GeV"] = w
    for ch, bf in model.branching_ratios().items():
        cols[f"BF[{ch}]"] = bf
    cols["ctau_m"] = model.ctau()
    path = write_table(_out(args, f"{cls.__name__}_widths.csv"), cols, [
        f"{cls.__name__} widths, branching fractions, proper decay length; parameters {params}",
        "units: GeV (masses, widths), metres (ctau)"])
    print(f"wrote {path}")


def _sigma_scan(model, process, mass, args, cuts, desc):
    from .io import progress

    chunks = np.array_split(np.arange(mass.size), max(1, mass.size // 10))
    values, errors = np.zeros(mass.size), np.zeros(mass.size)
    for idx in progress(chunks, desc=desc):
        sub = model.replace(mass=mass[idx], **{k: (v[idx] if np.ndim(v) else v) for k, v in
                                               model.params.items() if v is not None and k != "mass"})
        values[idx], errors[idx] = sub.cross_section(process, sqrt_s=args.sqrt_s, alpha=args.alpha,
                                                     cuts=cuts, return_error=True)
    return values, errors


def cmd_xsec(args):
    from .io import write_table

    cls = _model_class(args.model)
    params = _parse_params(args.param)
    params.setdefault(cls.COUPLING, 1.0)
    mass = _mass_grid(args)
    try:
        cls.process(args.process)
        model = cls(mass=mass, **params)
        cuts = _cuts(args)
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    sigma, err = _sigma_scan(model, args.process, mass, args, cuts, "sigma")
    path = write_table(_out(args, f"{cls.__name__}_xsec.csv"), {
        "mass_GeV": mass, "sigma_fb": sigma, "sigma_integration_error_fb": err}, [
        f"Born cross section of {args.process} at sqrt(s) = {args.sqrt_s} GeV, {cls.__name__} {params}",
        f"alpha = {args.alpha or 'process default'}; no ISR, no beam-energy spread",
        f"cuts on every SM final-state particle: {cuts}", "units: GeV, fb"])
    print(f"wrote {path}")


def cmd_convert(args):
    from .io import write_table
    from .limits import coupling_limit, read_limit_file

    cls = _model_class(args.model)
    params = _parse_params(args.param)
    try:
        mass, sigma_ul = read_limit_file(args.limit_file)
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = coupling_limit(cls, args.process, mass, sigma_ul, final_state=args.final_state, bf=args.bf,
                                 sqrt_s=args.sqrt_s, alpha=args.alpha, cuts=_cuts(args), coupling=args.coupling,
                                 fiducial=_fiducial(args), full_output=True, **params)
        except (TypeError, ValueError) as exc:
            raise SystemExit(f"{PROG}: {exc}") from None
    name = res.coupling_name
    upper = np.array([iv[0][1] if iv else np.nan for iv in res.intervals])
    path = write_table(_out(args, Path(args.limit_file).stem + f"_{name}_limit.csv"), {
        "mass_GeV": res.mass, "sigma_ul_fb": res.sigma_ul, f"{name}_ul": res.coupling,
        f"{name}_excluded_upper_edge": upper,
        "sigma_per_production_coupling2_fb": res.sigma_per_coupling2, "BF_at_limit": res.branching_ratio}, [
        f"{cls.__name__} coupling limit from {args.limit_file}: sigma({args.process}) x BF"
        + (" x P(decay in fiducial volume)" if (_fiducial(args) == "default" and cls.DEFAULT_FIDUCIAL)
           or _fiducial(args) not in (None, "default") else "") + " = sigma_UL",
        f"excluded: {name}_ul < {name} < {name}_excluded_upper_edge (the upper edge is the scan end, the",
        "perturbativity bound, unless a lifetime requirement closes the interval); first interval only",
        f"fiducial volume: {cls.DEFAULT_FIDUCIAL if _fiducial(args) == 'default' else _fiducial(args)}",
        f"final state: {args.final_state or f'fixed BF = {args.bf}'}; parameters {params}",
        f"sqrt(s) = {args.sqrt_s} GeV, alpha = {args.alpha}, cuts: {_cuts(args)}",
        "NaN: no coupling reaches the limit (see reasons below)",
        *[f"mass {m:.6g} GeV: {r}" for m, r in zip(res.mass, res.reason) if r]])
    n_ok = int(np.sum(np.isfinite(res.coupling)))
    print(f"wrote {path} ({n_ok}/{res.mass.size} masses with a limit)")


def cmd_plot(args):
    from .io import read_table
    from .plotting import coupling_mass_plot

    cls = _model_class(args.model)
    grid = np.geomspace(args.mass_min, args.mass_max, 400)
    params = _parse_params(args.param)
    try:
        da = cls(mass=grid, **params, **{cls.COUPLING: 1.0}).delta_a("mu")
    except NotImplementedError:
        da, args.g2 = np.zeros_like(grid), []
    except (TypeError, ValueError) as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    limits = []
    for f in args.limits:
        t = read_table(f)
        col = next((c for c in t if c.endswith("_ul")), None)
        if col is None:
            raise SystemExit(f"{PROG}: {f} has no '<coupling>_ul' column (write it with 'pheno convert')")
        limits.append((Path(f).stem, t["mass_GeV"], t[col]))
    label = {"g": r"$g'$", "epsilon": r"$\varepsilon$"}.get(cls.COUPLING, cls.COUPLING)
    path = coupling_mass_plot(_out(args, f"{cls.__name__}_coupling_mass.png"), grid, da, limits,
                              datasets=args.g2, n_sigma=args.n_sigma, coupling_label=label,
                              mass_label="mass [GeV]", title=cls.__name__)
    print(f"wrote {path}")


def cmd_tables(args):
    from .tables import write_reference_tables

    for path in write_reference_tables(Path(args.out), tau_limits=args.tau_limits):
        print(f"wrote {path}")


def cmd_amplitudes(args):
    from .amplitudes.__main__ import main as amp_main

    amp_main((["--write"] if args.write else []) + ["--vertex", args.vertex] + (["--latex"] if args.latex else []))


# ------------------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=PROG, description="Light-dark-sector phenomenology at e+e- B-factories (sqrt(s) = 10.58 GeV). "
        "Units: GeV, fb, metres. Cross sections are Born level (no ISR, no beam-energy spread).",
        epilog="Example: pheno convert lmultau my_limit.csv --process \"e+ e- > mu+ mu- Z'\" --final-state invisible")
    ap.add_argument("--version", action="version", version=f"pheno {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("tables", help="write the reference tables and plots into tables/ (main job)",
                       description="Write the reference tables of every model (widths, BFs, ctau, cross sections, "
                       "(g-2)) and the plots: g'-mass and g_S-mass planes with the (g-2)_mu bands and converted "
                       "toy limits, the dark-photon branching fractions, the LFV tau -> l alpha BFs and e+e- -> e mu Z' cross sections, "
                       "and Upsilon(1S) -> invisible / gamma A0.")
    p.add_argument("--out", default="tables", help="output folder (default: tables)")
    p.add_argument("--tau-limits", metavar="FILE",
                   help="Belle II tau -> l alpha BF limits (columns m_lo_GeV,m_hi_GeV,UL_tau_e_alpha,UL_tau_mu_alpha) "
                        "to convert into LFV-ALP limits on F = 2f/C; pheno ships no limit data, so without it that "
                        "table and plot are skipped")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("widths", help="widths, BFs and ctau on a mass grid",
                       description="Partial and total widths [GeV], branching fractions and ctau [m].",
                       epilog="Example: pheno widths lmultau -p g=1e-3 --mass-min 0.01 --mass-max 10 -o w.csv")
    _add_model(p)
    _add_grid(p)
    p.add_argument("-o", "--output", help="output CSV")
    p.set_defaults(func=cmd_widths)

    p = sub.add_parser("xsec", help="production cross section on a mass grid",
                       description="Born cross section [fb] (at unit coupling unless -p sets it).",
                       epilog="Example: pheno xsec lmultau --process \"e+ e- > tau+ tau- Z'\" "
                              "--cos-theta -0.8 0.9 --p-min 0.5 --frame lab -o sigma.csv")
    _add_model(p)
    _add_grid(p)
    _add_production(p)
    p.add_argument("-o", "--output", help="output CSV")
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("convert", help="cross-section limit file -> coupling limit file",
                       description="Solve sigma(m, g) x BF(m, g) = sigma_UL(m) for g at every mass of the file. "
                       "Input CSV: a header naming columns with units (mass_GeV or mass_MeV; sigma_ul_fb, _pb, "
                       "_nb), '#' comments allowed.",
                       epilog="Example: pheno convert lmultau limit.csv --process \"e+ e- > mu+ mu- Z'\" "
                              "--final-state invisible --alpha 1/127.9")
    _add_model(p)
    p.add_argument("limit_file", help="CSV with mass and sigma upper-limit columns")
    _add_production(p)
    fs = p.add_mutually_exclusive_group(required=True)
    fs.add_argument("--final-state", help="decay channel or aggregate, e.g. invisible, 'mu+ mu-'")
    fs.add_argument("--bf", type=float, help="fixed branching fraction instead of the model's")
    p.add_argument("--coupling", help="model parameter to scan (default: the model's main coupling, "
                                      "e.g. g, epsilon, g_agg, xi; c_mu or c_ll for an ALP's lepton couplings)")
    p.add_argument("--fiducial", help="require the decay inside a cylinder: 'belle2-ecl' (r < 1.25 m, "
                                      "-1 < z < 2 m), R_MAX,Z_MIN,Z_MAX in metres, or 'none'; default: the "
                                      "model's (belle2-ecl for alp, leptophilic, muonphilic; none otherwise)")
    p.add_argument("-o", "--output", help="output CSV")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("plot", help="coupling vs mass with limits and the (g-2) bands",
                       description="Plot coupling-limit files (from 'pheno convert') with (g-2)_mu bands.")
    _add_model(p)
    p.add_argument("limits", nargs="*", help="coupling-limit CSV files from 'pheno convert'")
    p.set_defaults(param=None)
    p.add_argument("--g2", nargs="*", default=["2023", "2025"], help="(g-2)_mu datasets (default: 2023 2025)")
    p.add_argument("--n-sigma", type=float, default=2.0, help="band width in sigma (default 2)")
    p.add_argument("--mass-min", type=float, default=0.01)
    p.add_argument("--mass-max", type=float, default=10.0)
    p.add_argument("-o", "--output", help="output PNG or PDF")
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser("amplitudes", help="print or regenerate the derived |M|^2",
                       description="Derive spin-summed |M|^2 with sympy: e+e- -> l+l-X (vertex vector, axial, "
                       "scalar, pseudoscalar), e+e- -> gamma V (gamma_vector), e+e- -> V h (vector_scalar).")
    p.add_argument("--write", action="store_true", help="regenerate the kernel modules in pheno/kernels/")
    p.add_argument("--vertex", default="vector",
                   choices=("vector", "axial", "scalar", "pseudoscalar", "gamma_vector", "vector_scalar",
                            "gamma_pseudoscalar"))
    p.add_argument("--latex", action="store_true")
    p.set_defaults(func=cmd_amplitudes)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
