"""Command-line interface: ``pheno <command> --help``.

Commands
  tables   write the reference tables and plots of every model into tables/ (the main job)
  widths   widths, branching fractions and c*tau on a mass grid
  xsec     production cross sections on a mass grid (optionally with acceptance cuts)
  convert  a limit file (pheno CSV, HEPData, lifetime map) -> a coupling-limit file (CSV or HEPData)
  scan     an observable or a coupling limit on a parameter grid (chunked; process pool or Dask cluster)
  plot     coupling vs mass with converted limits, expected bands and the (g-2) band(s)
  project  projected coupling reach at other luminosities (Punzi / expected CLs limits, scaling)
  amplitudes  print (or regenerate) the symbolically derived |M|^2
"""
from __future__ import annotations

import argparse
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np

from . import __version__
from . import constants as C

PROG = "pheno"


# ------------------------------------------------------------------------------ helpers
class UsageError(Exception):
    """A user mistake: reported as one line 'pheno <command>: error: ...' with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump): the message names the argument and what is allowed."""

    def error(self, message):
        raise UsageError(message)


def _number(what: str, lo=None, lo_strict=False, hi=None, integer=False):
    """An argparse type: a finite number (or integer) in the stated range; the message gives the range."""
    def parse(text):
        try:
            v = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        ok = np.isfinite(v) and (lo is None or (v > lo if lo_strict else v >= lo)) and (hi is None or v <= hi)
        if not ok:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return v
    return parse


_POSITIVE_GEV = _number("a finite number > 0 [GeV]", lo=0.0, lo_strict=True)
_NONNEGATIVE_GEV = _number("a finite number >= 0 [GeV]", lo=0.0)
_COS = _number("a number in [-1, 1]", lo=-1.0, hi=1.0)


def _alpha(text: str):
    from .constants import parse_alpha

    try:
        return parse_alpha(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {C.ALPHA_SPELLINGS}; got {text!r}") from None


def _models():
    from .models import MODELS

    return MODELS


def _model_class(name: str):
    models = _models()
    key = name.lower().replace("-", "").replace("_", "")
    for k, cls in models.items():
        if key in (k, cls.__name__.lower()):
            return cls
    raise UsageError(f"argument model: unknown model {name!r}; valid: {', '.join(models)}")


def _parse_params(items: list[str], cls=None) -> dict:
    out = {}
    for item in items or []:
        if "=" not in item:
            raise UsageError(f"argument --param/-p: expected NAME=VALUE, got {item!r}")
        k, v = (x.strip() for x in item.split("=", 1))
        if cls is not None and k not in cls.PARAMETERS:
            raise UsageError(f"argument --param/-p: {cls.__name__} has no parameter {k!r}; valid: "
                             f"{', '.join(cls.PARAMETERS)}")
        kind = cls.PARAMETERS[k][0] if cls is not None else None
        if isinstance(kind, tuple):
            if v not in kind:
                raise UsageError(f"argument --param/-p: {k} must be one of {', '.join(kind)}, got {v!r}")
            out[k] = v
            continue
        try:
            out[k] = float(v)
        except ValueError:
            raise UsageError(f"argument --param/-p: {k}={v!r} is not a number") from None
    return out


def _model(cls, **params):
    try:
        return cls(**params)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"argument --param/-p: {exc}") from None


def _mass_grid(args) -> np.ndarray:
    if not args.mass_min < args.mass_max:
        raise UsageError(f"arguments --mass-min/--mass-max: need --mass-min < --mass-max, got {args.mass_min:g} "
                         f"and {args.mass_max:g}")
    if args.linear:
        return np.linspace(args.mass_min, args.mass_max, args.n)
    return np.geomspace(args.mass_min, args.mass_max, args.n)


def _add_grid(p, lo=0.01, hi=10.5, n=200):
    p.add_argument("--mass-min", type=_POSITIVE_GEV, default=lo, help=f"lowest mass [GeV] (default {lo})")
    p.add_argument("--mass-max", type=_POSITIVE_GEV, default=hi, help=f"highest mass [GeV] (default {hi})")
    p.add_argument("--n", type=_number("an integer >= 2", lo=2, integer=True), default=n,
                   help=f"number of masses (default {n}, log-spaced)")
    p.add_argument("--linear", action="store_true", help="linear instead of logarithmic mass spacing")


def _add_model(p):
    p.add_argument("model", help="model name: " + ", ".join(_models()))
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE",
                   help="model parameter, repeatable (e.g. -p g=1e-3 -p m_chi=0.1 -p g_chi=0.5)")


def _add_output(p, what="output CSV"):
    p.add_argument("-o", "--output", help=what + " (written atomically: an interrupted run leaves the old file)")


def _add_production(p, required=True, process_help="production process, e.g. \"e+ e- > mu+ mu- Z'\""):
    p.add_argument("--process", required=required, help=process_help)
    p.add_argument("--sqrt-s", type=_POSITIVE_GEV, default=C.SQRT_S_BELLE2, help="CM energy [GeV] (default 10.58)")
    p.add_argument("--alpha", type=_alpha, default=None,
                   help="fine-structure constant: 'running' (alpha(s)), '0' (Thomson) or a number/fraction "
                        "such as 1/127.9 (MadGraph basf2 default); default: the process's own choice "
                        "(alpha(s) for e+e- -> l+l-X, alpha(0) for e+e- -> gamma A' and A'h')")
    p.add_argument("--cos-theta", type=_COS, nargs=2, metavar=("MIN", "MAX"),
                   help="polar-angle acceptance of every SM final-state particle")
    p.add_argument("--p-min", type=_NONNEGATIVE_GEV, default=0.0, help="minimum momentum [GeV] of SM final-state particles")
    p.add_argument("--pt-min", type=_NONNEGATIVE_GEV, default=0.0, help="minimum transverse momentum [GeV]")
    p.add_argument("--frame", choices=("cm", "lab"), default="cm", help="frame of the cuts (lab: 7 GeV e- on 4 GeV e+)")
    p.add_argument("--e-minus", type=_POSITIVE_GEV, default=C.E_BEAM_ELECTRON, help="e- beam energy [GeV] for --frame lab")
    p.add_argument("--e-plus", type=_POSITIVE_GEV, default=C.E_BEAM_POSITRON, help="e+ beam energy [GeV] for --frame lab")


def _process(cls, name):
    try:
        return cls.process(name)
    except ValueError as exc:
        raise UsageError(f"argument --process: {exc}") from None


def _cuts(args):
    from .production import Cuts

    if args.cos_theta is None and args.p_min == 0 and args.pt_min == 0:
        return None
    try:
        return Cuts(cos_theta=tuple(args.cos_theta or (-1.0, 1.0)), p_min=args.p_min, pt_min=args.pt_min,
                    frame=args.frame, e_minus=args.e_minus, e_plus=args.e_plus)
    except ValueError as exc:
        raise UsageError(f"arguments --cos-theta/--p-min/--pt-min/--e-minus/--e-plus: {exc}") from None


def _cuts_error(exc):
    """A process that refuses cuts (no SM final state to cut on): name the cut options."""
    return UsageError(f"arguments --cos-theta/--p-min/--pt-min: {exc}")


def _fiducial(args):
    """--fiducial belle2-ecl | none | R_MAX,Z_MIN,Z_MAX [metres] -> a pheno.decay.Cylinder, None or 'default'."""
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
        raise UsageError(f"argument --fiducial: expected 'belle2-ecl', 'none' or R_MAX,Z_MIN,Z_MAX in metres, "
                         f"got {args.fiducial!r} ({exc})") from None


def _out(args, default: str) -> Path:
    path = Path(args.output or default)
    if path.is_dir():
        raise UsageError(f"argument -o/--output: {path} is a directory; give a file name (e.g. {path / default})")
    return path


def _alpha_line(proc, args) -> str:
    from .io import alpha_note

    if getattr(proc, "quantity", "sigma") == "bf":
        return "alpha: not used (the rate is a branching fraction of a Standard-Model decay)"
    return alpha_note(proc.default_alpha if args.alpha is None else args.alpha, args.sqrt_s)


# ------------------------------------------------------------------------------ commands
def cmd_widths(args):
    from .io import write_table

    cls = _model_class(args.model)
    params = _parse_params(args.param, cls)
    mass = _mass_grid(args)
    model = _model(cls, mass=mass, **params)
    path = _out(args, f"{cls.__name__}_widths.csv")
    cols = {"mass_GeV": mass, "total_width_GeV": model.total_width()}
    for ch, w in model.widths().items():
        cols[f"width[{ch}]_GeV"] = w
    for ch, bf in model.branching_ratios().items():
        cols[f"BF[{ch}]"] = bf
    cols["ctau_m"] = model.ctau()
    path = write_table(path, cols, [
        f"{cls.__name__} widths, branching fractions, proper decay length; parameters {params}",
        f"alpha = {C.ALPHA0:.10g} = 1/{1 / C.ALPHA0:.4f} (alpha(0)) in the electromagnetic couplings of the widths",
        "units: GeV (masses, widths), metres (ctau); formulas: docs/physics.md, section of the model"])
    print(f"wrote {path}")


def _sigma_scan(model, process, mass, args, cuts, desc):
    from tqdm.auto import tqdm

    chunks = np.array_split(np.arange(mass.size), max(1, mass.size // 10))
    values, errors = np.zeros(mass.size), np.zeros(mass.size)
    for idx in tqdm(chunks, desc=desc, unit="chunk", disable=None):  # shown on terminals only
        sub = model.replace(mass=mass[idx], **{k: (v[idx] if np.ndim(v) else v) for k, v in
                                               model.params.items() if v is not None and k != "mass"})
        try:
            values[idx], errors[idx] = sub.cross_section(process, sqrt_s=args.sqrt_s, alpha=args.alpha,
                                                         cuts=cuts, return_error=True)
        except ValueError as exc:
            raise (_cuts_error(exc) if cuts is not None and "cut" in str(exc).lower()
                   else UsageError(f"argument --process: {exc}")) from None
    return values, errors


def cmd_xsec(args):
    from .io import write_table

    cls = _model_class(args.model)
    params = _parse_params(args.param, cls)
    params.setdefault(cls.COUPLING, 1.0)
    mass = _mass_grid(args)
    proc = _process(cls, args.process)
    if getattr(proc, "quantity", "sigma") != "sigma":
        raise UsageError(f"argument --process: {proc.name!r} is a decay of {proc.parent}, not an e+e- process; "
                         "its rate is a branching fraction (pheno widths / Model.production_branching_ratio)")
    model = _model(cls, mass=mass, **params)
    cuts = _cuts(args)
    path = _out(args, f"{cls.__name__}_xsec.csv")
    sigma, err = _sigma_scan(model, args.process, mass, args, cuts, "sigma")
    path = write_table(path, {"mass_GeV": mass, "sigma_fb": sigma, "sigma_integration_error_fb": err}, [
        f"Born cross section of {proc.name} at sqrt(s) = {args.sqrt_s} GeV, {cls.__name__} {params}",
        _alpha_line(proc, args) + "; no ISR, no beam-energy spread",
        f"cuts on every SM final-state particle: {cuts}", "units: GeV, fb"])
    print(f"wrote {path}")


def _read_limit(args, arg="limit_file"):
    """The limit file of ``pheno convert`` (``pheno scan --limit-file``): pheno.limits.read_limit_source with
    the column and HEPData options of the command; ``arg`` names the argument in errors."""
    from .limits import read_limit_source

    path = Path(args.limit_file)
    if path.is_dir() and not (path / "submission.yaml").is_file():
        raise UsageError(f"argument {arg}: {path} is a directory; give a limit file (or a HEPData submission "
                         "directory with its submission.yaml)")
    try:
        return read_limit_source(path, mass_column=args.mass_col, limit_column=args.limit_col,
                                 table=getattr(args, "table", None), observed=getattr(args, "observed", None),
                                 expected=not getattr(args, "no_expected", False),
                                 mass_bins=getattr(args, "mass_bins", None))
    except (OSError, ValueError) as exc:
        raise UsageError(f"argument {arg}: {exc}") from None


def cmd_convert(args):
    from .io import write_table
    from .limitmap import LimitMap
    from .limits import coupling_limit

    cls = _model_class(args.model)
    params = _parse_params(args.param, cls)
    proc = _process(cls, args.process)
    quantity = getattr(proc, "quantity", "sigma")
    limit = _read_limit(args)
    lifetime_map = isinstance(limit, LimitMap)
    if limit.quantity != quantity:
        have = "cross-section" if limit.quantity == "sigma" else "branching-fraction"
        need = ("a cross-section limit (e.g. column sigma_ul_fb)" if quantity == "sigma"
                else "a branching-fraction limit (e.g. column bf_ul)")
        raise UsageError(f"argument limit_file: {args.limit_file} holds {have} limits, but {proc.name!r} needs {need}")
    cuts = _cuts(args)
    fiducial = _fiducial(args)
    ul_arg = {"bf_ul" if quantity == "bf" else "sigma_ul": limit}
    path = (None if args.format == "hepdata"
            else _out(args, Path(args.limit_file).stem + f"_{args.coupling or cls.COUPLING}_limit.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = coupling_limit(cls, args.process, mass=limit.mass if lifetime_map else None, final_state=args.final_state,
                                 bf=args.bf, sqrt_s=args.sqrt_s, alpha=args.alpha, cuts=cuts, coupling=args.coupling,
                                 fiducial=fiducial, full_output=True, **ul_arg, **params)
        except (TypeError, ValueError) as exc:
            text = str(exc)
            arg = next((a for key, a in (("channel", "--final-state"), ("bf must", "--bf"), ("coupling", "--coupling"),
                                         ("fiducial", "--fiducial"), ("decay-position", "--fiducial"),
                                         ("cuts", "--cos-theta/--p-min/--pt-min")) if key in text), "--param/-p")
            raise UsageError(f"argument {arg}: {text}") from None
    if args.format == "hepdata":
        return _convert_to_hepdata(args, cls, res, None if lifetime_map else limit, params)
    name = res.coupling_name
    ul_name, unit = ("bf_ul", "") if quantity == "bf" else ("sigma_ul", "_fb")
    upper = np.array([iv[0][1] if iv else np.nan for iv in res.intervals])
    cols = {"mass_GeV": res.mass, f"{ul_name}{unit}": res.sigma_ul, res.limit_name: res.coupling}
    if res.bound == "upper":
        cols[f"{name}_excluded_upper_edge"] = upper
    for band in res.expected:
        cols[f"{ul_name}_expected_{band}{unit}"] = res.expected_ul[band]
        cols[f"{res.limit_name}_expected_{band}"] = res.expected[band]
    rate_name = "bf_per_production_coupling2" if quantity == "bf" else "sigma_per_production_coupling2_fb"
    cols[rate_name] = res.sigma_per_coupling2
    cols["BF_at_limit"] = res.branching_ratio
    rate = f"BF({proc.name})" if quantity == "bf" else f"sigma({proc.name})"
    decay_req = (fiducial == "default" and cls.DEFAULT_FIDUCIAL is not None) or fiducial not in (None, "default")
    source = (f"lifetime map {args.limit_file} (UL evaluated at the model's c*tau; {ul_name} column: the UL at the limit)"
              if lifetime_map else f"{args.limit_file}, columns {limit.columns}")
    path = write_table(path, cols, [
        f"{cls.__name__} coupling limit from {source}",
        f"confidence level: {f'{res.cl:.0%}' if res.cl else 'not stated in the limit file'}",
        f"solved: {rate} x BF" + (" x P(decay in fiducial volume)" if decay_req else "") + f" = {ul_name}",
        *([f"excluded: {name}_ul < {name} < {name}_excluded_upper_edge (the upper edge is the scan end, the",
           "perturbativity bound, unless a lifetime requirement closes the interval); first interval only"]
          if res.bound == "upper" else
          [f"{name} is a scale (the rate falls as it grows): excluded below {res.limit_name}, a LOWER limit"]),
        *(["expected limits converted band by band: columns *_expected_<band>"] if res.expected else []),
        f"fiducial volume: {cls.DEFAULT_FIDUCIAL if fiducial == 'default' else fiducial}",
        f"final state: {args.final_state or f'fixed BF = {args.bf}'}; parameters {params}",
        f"sqrt(s) = {args.sqrt_s} GeV; {_alpha_line(proc, args)}; cuts: {cuts}",
        "method: docs/physics.md section X4 (limits); NaN: no coupling reaches the limit (reasons below)",
        *[f"mass {m:.6g} GeV: {r}" for m, r in zip(res.mass, res.reason) if r],
        *[f"mass {m:.6g} GeV: note: {r}" for m, r in zip(res.mass, res.notes) if r]])
    n_ok = int(np.sum(np.isfinite(res.coupling)))
    print(f"wrote {path} ({n_ok}/{res.mass.size} masses with a limit)")


def _convert_to_hepdata(args, cls, res, table, params):
    """pheno convert --format hepdata: a validated HEPData submission directory (and its .tar.gz)."""
    from .hepdata import archive_path, write_submission

    fid = _fiducial(args)
    fid = cls.DEFAULT_FIDUCIAL if fid == "default" else fid
    proc = cls.process(args.process)
    assumptions = {"Final state": args.final_state or f"fixed BF = {args.bf}", "alpha": _alpha_line(proc, args),
                   "Fiducial volume": fid or "none", "Cuts": _cuts(args) or "none",
                   **{k: (v if isinstance(v, str) else f"{v:g}") for k, v in params.items()}}
    notes = [f"No limit at {m:.6g} GeV: {r}." for m, r in zip(res.mass, res.reason) if r]
    path = _out(args, Path(args.limit_file).stem.split(".")[0] + f"_{res.coupling_name}_hepdata")
    try:
        path = write_submission(path, cls, args.process, res.coupling, mass=res.mass, expected=res.expected,
                                coupling=res.coupling_name, cl=res.cl, assumptions=assumptions, input_limit=table,
                                sqrt_s=args.sqrt_s, notes=notes)
    except (OSError, ValueError) as exc:
        raise UsageError(f"argument -o/--output: {exc}") from None
    n_ok = int(np.sum(np.isfinite(res.coupling)))
    print(f"wrote {path}/ and {archive_path(path)} ({n_ok}/{res.mass.size} masses with a limit)")


_SCAN_DESCRIPTION = "\n\n".join(textwrap.fill(par, 100) for par in (
    "Evaluate QUANTITY at every point of a grid: the outer product of the --grid axes (mass, coupling or any other "
    "numeric model parameter; the last axis varies fastest), with the other parameters fixed by -p. The grid is cut "
    "into chunks (--chunk-size points, one vectorised model call each), evaluated in this process, on a local process "
    "pool (--workers N) or on a Dask cluster (--scheduler tcp://host:port); the numbers are the same, bit for bit, "
    "either way. Every finished chunk is saved under OUTPUT.chunks/ as it completes, so an interrupted scan resumes "
    "when the same command is run again; the CSV (one row per grid point, 17 digits) is written atomically at the end.",
    "Quantities: widths, branching_ratios, total_width, ctau (GeV, metres); branching_ratio (--channel); "
    "cross_section (fb; --process, --alpha, --sqrt-s and cuts); production_branching_ratio (--process, a decay such as "
    "'B+ > K+ S'); delta_a (--lepton); limit: the coupling limit from --limit-file (observed limit interpolated at the "
    "grid's masses, never extrapolated; --final-state or --bf, --coupling and --fiducial as for pheno convert).",
    "On a cluster: run 'dask scheduler' on one machine and 'dask worker tcp://HOST:8786' on every machine that has "
    "pheno installed (pip install 'pheno[dask]'), then add --scheduler tcp://HOST:8786 (README: Scans)."))
SCAN_QUANTITIES = ("widths", "branching_ratios", "branching_ratio", "total_width", "ctau", "cross_section",
                   "production_branching_ratio", "delta_a", "limit")
_GRID_HELP = "NAME=LO:HI:N[:log|lin] (N points, log-spaced unless :lin) or NAME=V1,V2,..."


def _grid_axis(text: str, cls) -> tuple[str, np.ndarray]:
    """One --grid option: (parameter, 1-D values)."""
    name, eq, spec = (x.strip() for x in text.partition("="))
    if not eq or not name or not spec:
        raise UsageError(f"argument --grid: expected {_GRID_HELP}, got {text!r}")
    scannable = [k for k, (kind, _) in cls.PARAMETERS.items() if not isinstance(kind, tuple) and kind != "object"]
    scannable += [k for k in cls.COUPLING_MAX if k not in scannable]  # constructor aliases such as an ALP's c_ll
    if name not in scannable:
        kind = cls.PARAMETERS.get(name, (None,))[0]
        if name in cls.PARAMETERS:
            values = f" ({', '.join(kind)})" if isinstance(kind, tuple) else ""
            raise UsageError(f"argument --grid: {name!r} of {cls.__name__} is not a number{values}: give it with -p")
        raise UsageError(f"argument --grid: {cls.__name__} has no parameter {name!r}; numeric parameters: "
                         f"{', '.join(scannable)}")
    try:
        if ":" in spec:
            parts = spec.split(":")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] not in ("log", "lin")):
                raise ValueError
            lo, hi, n = float(parts[0]), float(parts[1]), int(float(parts[2]))
            if n != float(parts[2]) or n < 1 or not (np.isfinite(lo) and np.isfinite(hi)):
                raise ValueError
            if len(parts) == 3 or parts[3] == "log":
                if not (lo > 0 and hi > 0):
                    raise UsageError(f"argument --grid: {text!r}: a log-spaced axis needs LO > 0 and HI > 0 "
                                     "(add :lin for a linear one)")
                return name, np.geomspace(lo, hi, n)
            return name, np.linspace(lo, hi, n)
        values = np.array([float(v) for v in spec.split(",")])
        if not np.all(np.isfinite(values)):
            raise ValueError
        return name, values
    except ValueError:
        raise UsageError(f"argument --grid: expected {_GRID_HELP}, got {text!r}") from None


def _scan_target(args, cls):
    """(Observable or Limit, comment lines) for ``pheno scan``."""
    from .scan import Limit, Observable

    q = args.quantity
    needs_process = q in ("cross_section", "production_branching_ratio", "limit")
    if needs_process and not args.process:
        raise UsageError(f"argument --process: required for {q}, e.g. --process \"e+ e- > mu+ mu- Z'\"")
    if not needs_process and args.process:
        raise UsageError(f"argument --process: {q} does not take a process")
    if q == "branching_ratio" and not args.channel:
        raise UsageError("argument --channel: required for branching_ratio (a channel or aggregate, e.g. invisible)")
    if q != "limit":
        for flag, given in (("--limit-file", args.limit_file), ("--final-state", args.final_state), ("--bf", args.bf),
                            ("--coupling", args.coupling), ("--fiducial", args.fiducial)):
            if given is not None:
                raise UsageError(f"argument {flag}: only for the quantity limit")
    proc = _process(cls, args.process) if needs_process else None
    kind = getattr(proc, "quantity", "sigma") if proc is not None else None
    if q == "cross_section" and kind != "sigma":
        raise UsageError(f"argument --process: {proc.name!r} is a decay of {proc.parent}, not an e+e- process; "
                         "use the quantity production_branching_ratio")
    if q == "production_branching_ratio" and kind != "bf":
        raise UsageError(f"argument --process: {proc.name!r} is an e+e- process; use the quantity cross_section")
    cuts = _cuts(args)
    comments = []
    if q in ("cross_section", "limit") and kind == "sigma":
        comments.append(f"sqrt(s) = {args.sqrt_s} GeV; {_alpha_line(proc, args)}; cuts: {cuts}")
    if q == "cross_section":
        opts = {"sqrt_s": args.sqrt_s, "cuts": cuts, **({} if args.alpha is None else {"alpha": args.alpha})}
        return Observable("cross_section", proc.name, opts), comments + ["cross sections in fb (Born level)"]
    if q == "production_branching_ratio":
        return Observable(q, proc.name), comments
    if q == "branching_ratio":
        return Observable(q, args.channel), comments
    if q == "delta_a":
        return Observable(q, args.lepton), comments
    if q != "limit":
        return Observable(q), comments + ["units: GeV (widths), metres (ctau)"]
    if not args.limit_file:
        raise UsageError("argument --limit-file: required for the quantity limit (a pheno or HEPData limit file)")
    if (args.final_state is None) == (args.bf is None) and not (kind == "bf" and proc.recoil is None):
        raise UsageError("arguments --final-state/--bf: give one (the decay channel or aggregate the search selects, "
                         "or a fixed branching fraction)")
    from .limitmap import LimitMap

    table = _read_limit(args, arg="--limit-file")
    if isinstance(table, LimitMap):
        raise UsageError("argument --limit-file: a lifetime map is evaluated at the model's c*tau on the masses of "
                         "the map; convert it with pheno convert")
    if table.quantity != kind:
        need = "a cross-section limit (sigma_ul_fb)" if kind == "sigma" else "a branching-fraction limit (bf_ul)"
        raise UsageError(f"argument --limit-file: {args.limit_file} holds "
                         f"{'cross-section' if table.quantity == 'sigma' else 'branching-fraction'} limits, but "
                         f"{proc.name!r} needs {need}")
    opts = {k: v for k, v in dict(final_state=args.final_state, bf=args.bf, coupling=args.coupling,
                                  alpha=args.alpha, cuts=cuts, fiducial=_fiducial(args)).items() if v is not None}
    if kind == "sigma":
        opts["sqrt_s"] = args.sqrt_s
    comments += [f"limit file {args.limit_file}, columns {table.columns}, observed limit interpolated at the grid's "
                 "masses (NaN outside its range)",
                 f"final state: {args.final_state or f'fixed BF = {args.bf}'}; fiducial volume: "
                 f"{cls.DEFAULT_FIDUCIAL if opts.get('fiducial', 'default') == 'default' else opts['fiducial']}"]
    return Limit(proc.name, table.mass, table.limit, opts), comments


def cmd_scan(args):
    from .scan import Limit, scan

    cls = _model_class(args.model)
    fixed = _parse_params(args.param, cls)
    if not args.grid:
        raise UsageError(f"argument --grid: give at least one axis, {_GRID_HELP}, e.g. --grid mass=0.01:10:200")
    grid = {}
    for text in args.grid:
        name, values = _grid_axis(text, cls)
        if name in grid:
            raise UsageError(f"argument --grid: {name!r} given twice")
        grid[name] = values
    both = sorted(set(grid) & set(fixed))
    if both:
        raise UsageError(f"arguments --grid/--param: {', '.join(both)} given both as a grid axis and with -p")
    what, comments = _scan_target(args, cls)
    if isinstance(what, Limit):
        scanned = args.coupling or cls.COUPLING
        if "mass" not in grid:
            raise UsageError("argument --grid: a limit scan needs a mass axis, e.g. --grid mass=0.1:5:100")
        if scanned in grid or scanned in fixed:
            raise UsageError(f"arguments --grid/--param: {scanned!r} is the coupling the limit solves for; give "
                             "only the other parameters")
    path = _out(args, f"{cls.__name__}_{args.quantity}_scan.csv")
    client = None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("argument --scheduler: needs dask.distributed (pip install 'pheno[dask]')") from None
        try:
            client = Client(args.scheduler, timeout=args.connect_timeout)
        except (OSError, ValueError, TypeError) as exc:
            raise UsageError(f"argument --scheduler: cannot reach a Dask scheduler at {args.scheduler!r} ({exc})") from None
    n_points = int(np.prod([v.size for v in grid.values()]))
    progress = sys.stderr.isatty() and not args.no_progress
    try:
        scan(cls, what, grid, fixed=fixed, chunk_size=args.chunk_size, output=path, workers=args.workers,
             scheduler=client, progress=progress, comments=tuple(comments))
    except (TypeError, ValueError) as exc:
        text = str(exc)
        arg = next((a for key, a in (("channel", "--channel" if args.quantity == "branching_ratio" else "--final-state"),
                                     ("lepton", "--lepton"), ("process", "--process"), ("bf must", "--bf"),
                                     ("coupling must", "--coupling"), ("fiducial", "--fiducial"),
                                     ("cut", "--cos-theta/--p-min/--pt-min")) if key in text), "--grid/--param")
        raise UsageError(f"argument {arg}: {text}") from None
    except KeyboardInterrupt:
        print(f"pheno scan: interrupted; finished chunks are kept under {path.name}.chunks/: run the same command "
              "again to resume", file=sys.stderr)
        raise
    finally:
        if client is not None:
            client.close()
    print(f"wrote {path} ({n_points} points)")


def cmd_plot(args):
    from .plotting import Curve, coupling_plot, limit_plot, read_coupling_curves

    cls = _model_class(args.model)
    params = _parse_params(args.param, cls)
    labels = args.labels or []
    if len(labels) > len(args.limits):
        raise UsageError(f"argument --labels: {len(labels)} labels for {len(args.limits)} files")
    for f in args.limits:
        if not Path(f).exists():
            raise UsageError(f"argument limits: {f} is not a file (not found); give limit files written by "
                             "'pheno convert' / 'pheno project' or HEPData tables")
    path = _out(args, f"{cls.__name__}_{'limit' if args.quantity == 'limit' else 'coupling'}_mass.{args.format or 'png'}")
    if args.format and path.suffix.lower() != "." + args.format:
        path = path.with_name(path.name + "." + args.format)
    if path.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise UsageError(f"argument -o/--output: {path}: use a .png, .pdf or .svg name (or --format png|pdf|svg)")
    if (args.mass_min is None) != (args.mass_max is None):
        raise UsageError("arguments --mass-min/--mass-max: give both or neither")
    if args.mass_min is not None and not args.mass_min < args.mass_max:
        raise UsageError(f"arguments --mass-min/--mass-max: need --mass-min < --mass-max, got {args.mass_min:g} "
                         f"and {args.mass_max:g}")
    common = dict(title=args.title, xlabel=args.xlabel, ylabel=args.ylabel, xlim=args.xlim, ylim=args.ylim)
    if args.g2:
        from .g2 import ELECTRON_DATASETS, MUON_DATASETS

        valid = MUON_DATASETS if args.g2_lepton == "mu" else ELECTRON_DATASETS
        bad = [d for d in args.g2 if d not in valid]
        if bad:
            raise UsageError(f"argument --g2: unknown dataset(s) {', '.join(bad)} for the {args.g2_lepton}; valid: "
                             f"{', '.join(valid)}")
    try:
        if args.quantity == "limit":
            from .limitfile import LimitTable
            from .limits import read_limit_source

            if not args.limits:
                raise UsageError("argument limits: nothing to plot; give limit files (pheno CSV or HEPData)")
            curves, cls_cl = [], set()
            for k, f in enumerate(args.limits):
                label = labels[k] if k < len(labels) else Path(f).stem
                t = read_limit_source(f, table=args.table)
                if not isinstance(t, LimitTable):
                    raise ValueError(f"{f} is a lifetime map: plot its limit per lifetime hypothesis yourself")
                curves.append(Curve(label, t.mass, t.limit, dict(t.expected)))
                cls_cl.add(t.cl)
            cl = cls_cl.pop() if len(cls_cl) == 1 else None
            out = limit_plot(path, curves, cl=cl, model_cls=cls, **common)
        else:
            curves = []
            for k, f in enumerate(args.limits):
                curves += read_coupling_curves(f, labels[k] if k < len(labels) else None)
            g2 = args.g2
            if g2 is None:  # default: the (g-2)_mu bands of 2023 and 2025 where the model contributes
                g2 = []
                if args.g2_lepton == "mu":
                    try:
                        cls.g2_band([1.0], **params)
                        g2 = ["2023", "2025"]
                    except (NotImplementedError, TypeError, ValueError):
                        pass
            mass_range = (args.mass_min, args.mass_max) if args.mass_min is not None else None
            out = coupling_plot(path, cls, curves, g2=g2, g2_lepton=args.g2_lepton, nsigma=args.n_sigma,
                                mass_range=mass_range, model_params=params, **common)
    except (OSError, NotImplementedError, TypeError, ValueError) as exc:
        raise UsageError(f"argument limits: {exc}") from None
    print(f"wrote {out}")


def cmd_project(args):
    from .io import write_table
    from .limits import read_limit_source
    from .sensitivity import luminosity_tag, parse_luminosity, projected_reach

    cls = _model_class(args.model)
    params = _parse_params(args.param, cls)
    _process(cls, args.process)
    converter = dict(final_state=args.final_state, bf=args.bf, sqrt_s=args.sqrt_s, alpha=args.alpha, cuts=_cuts(args),
                     coupling=args.coupling, fiducial=_fiducial(args), **params)
    try:
        lumis = [parse_luminosity(x) for x in args.luminosity]
    except ValueError as exc:
        raise UsageError(f"argument --luminosity: {exc}") from None
    if args.scale_limit:
        if args.efficiency is not None or args.background_fb is not None:
            raise UsageError("arguments --scale-limit/--efficiency/--background-fb: two different projections; give "
                             "--scale-limit or --efficiency with --background-fb")
        if not (args.reference_luminosity and args.regime):
            raise UsageError("argument --scale-limit: needs --reference-luminosity and --regime")
    elif args.efficiency is None or args.background_fb is None:
        raise UsageError("arguments --efficiency/--background-fb: give both (a counting experiment) or --scale-limit FILE")
    try:
        if args.scale_limit:
            pub = read_limit_source(args.scale_limit, table=args.table)
            proj = projected_reach(cls, args.process, None, lumis, published=pub,
                                   published_luminosity=parse_luminosity(args.reference_luminosity),
                                   regime=args.regime, background=args.background, rel_syst=args.background_unc,
                                   **converter)
        else:
            proj = projected_reach(cls, args.process, _mass_grid(args), lumis, efficiency=args.efficiency,
                                   background_fb=args.background_fb, background_rel_unc=args.background_unc or 0.0,
                                   cl=args.cl, method=args.method, **converter)
    except (OSError, TypeError, ValueError) as exc:
        raise UsageError(f"arguments of pheno project: {exc}") from None
    name = proj.coupling_name
    unit = "fb" if proj.quantity == "sigma" else ""
    columns = {"mass_GeV": proj.mass}
    for lumi in proj.luminosities:
        tag = luminosity_tag(lumi)
        for band, vals in proj.sigma[lumi].items():
            columns[f"{proj.quantity}_ul_expected_{band}[{tag}]" + (f"_{unit}" if unit else "")] = vals
        for band, vals in proj.coupling[lumi].items():
            columns[f"{name}_ul_expected_{band}[{tag}]"] = vals
    path = write_table(_out(args, f"{cls.__name__}_{name}_projection.csv"), columns, [
        f"{cls.__name__} projected reach: expected upper limits on {name} at "
        + ", ".join(luminosity_tag(lum) for lum in proj.luminosities) + f" for {args.process}",
        f"{proj.description}; method {proj.method}" + (f", CL {proj.cl:g}" if proj.cl else ""),
        f"final state: {args.final_state or f'fixed BF = {args.bf}'}; parameters {params}; sqrt(s) = {args.sqrt_s} GeV",
        "columns [<luminosity>]: expected limits (median and +-1, +-2 sigma bands) on the rate and on the coupling; "
        "NaN: no coupling reaches the limit"])
    print(f"wrote {path}")


def cmd_tables(args):
    from .tables import write_reference_tables

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"argument --out: {out} is a file; give a folder (created if missing)")
    ref = Path(args.reference_dir) if args.reference_dir else None
    if ref is not None and not ref.is_dir():
        raise UsageError(f"argument --reference-dir: {ref} is not a folder")
    if args.tau_limits is not None and not Path(args.tau_limits).is_file():
        raise UsageError(f"argument --tau-limits: {args.tau_limits} is not a file")
    try:
        paths = write_reference_tables(out, reference_dir=ref, tau_limits=args.tau_limits)
    except FileNotFoundError as exc:
        raise UsageError(f"argument --reference-dir: {exc}") from None
    for path in paths:
        print(f"wrote {path}")
    if ref is None:
        print("skipped darkscalar_sintheta_mass.png: it converts published Belle II maps, which pheno does not ship "
              "(give --reference-dir)")
    if ref is None and args.tau_limits is None:
        print("skipped the converted tau -> l alpha limit (lfv_alp_tau_F_limit.*): pheno ships no limit data "
              "(give --reference-dir or --tau-limits)")


def cmd_amplitudes(args):
    from .amplitudes.__main__ import main as amp_main

    amp_main((["--write"] if args.write else []) + ["--vertex", args.vertex] + (["--latex"] if args.latex else []))


# ------------------------------------------------------------------------------ parser
def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog=PROG, description="Light-dark-sector phenomenology at e+e- B-factories (sqrt(s) = 10.58 GeV). "
        "Units: GeV, fb, metres. Cross sections are Born level (no ISR, no beam-energy spread).",
        epilog="Example: pheno convert lmultau my_limit.csv --process \"e+ e- > mu+ mu- Z'\" --final-state invisible")
    ap.add_argument("--version", action="version", version=f"pheno {__version__}")
    ap.add_argument("--debug", action="store_true", help="show the Python traceback of an error (also accepted "
                                                         "after the command)")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("tables", help="write the reference tables and plots into tables/ (main job)",
                       description="Write the reference tables of every model (widths, BFs, ctau, cross sections, "
                       "(g-2)) and the plots: g'-mass and g_S-mass planes with the (g-2)_mu bands and converted "
                       "toy limits, the dark-photon branching fractions, the vector-boson presets, the dark scalar, "
                       "B-Mesogenesis, the LFV tau -> l alpha BFs and e+e- -> e mu Z' cross sections, and "
                       "Upsilon(1S) -> invisible / gamma A0. pheno ships no published limits: the plots that convert "
                       "them are written only when their inputs are given (--reference-dir, --tau-limits).")
    p.add_argument("--out", default="tables", help="output folder (default: tables)")
    p.add_argument("--reference-dir", metavar="DIR",
                   help="folder with published limits for the plots that convert them (the dark-scalar sin(theta)-mass "
                        "plot needs belle2_2023_BtoKS/*.csv under DIR); without it they are skipped")
    p.add_argument("--tau-limits", metavar="FILE",
                   help="Belle II tau -> l alpha BF limits (columns m_lo_GeV,m_hi_GeV,UL_tau_e_alpha,UL_tau_mu_alpha) "
                        "to convert into LFV-ALP limits on F = 2f/C (default: DIR/belle2_2023_tau_l_alpha_unverified.csv "
                        "when --reference-dir has it); pheno ships no limit data, so without it that table and plot "
                        "are skipped")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("widths", help="widths, BFs and ctau on a mass grid",
                       description="Partial and total widths [GeV], branching fractions and ctau [m].",
                       epilog="Example: pheno widths lmultau -p g=1e-3 --mass-min 0.01 --mass-max 10 -o w.csv")
    _add_model(p)
    _add_grid(p)
    _add_output(p)
    p.set_defaults(func=cmd_widths)

    p = sub.add_parser("xsec", help="production cross section on a mass grid",
                       description="Born cross section [fb] (at unit coupling unless -p sets it).",
                       epilog="Example: pheno xsec lmultau --process \"e+ e- > tau+ tau- Z'\" "
                              "--cos-theta -0.8 0.9 --p-min 0.5 --frame lab -o sigma.csv")
    _add_model(p)
    _add_grid(p)
    _add_production(p)
    _add_output(p)
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("convert", help="limit file (sigma or BF, or a lifetime map) -> coupling limit file",
                       description="Solve sigma(m, g) x BF(m, g) = sigma_UL(m) (e+e- processes) or "
                       "BF(parent -> recoil X) x BF(X -> final state) = BF_UL(m) (decays such as 'B+ > K+ S') for g "
                       "at every mass of the file. Input: a header naming each column with its unit (mass_GeV or "
                       "mass_MeV; sigma_ul_fb/_pb/_nb/_ab, or bf_ul for a branching fraction); optional expected "
                       "limits (sigma_exp_fb, sigma_exp_m1s_fb, ...) are converted band by band; '#' comments "
                       "allowed (a '# CL = 90%' comment states the confidence level). A lifetime map "
                       "(columns <limit>_at_<lifetime>=<value>) is recognised from its header. Nothing is "
                       "guessed: when several columns could be the mass or the limit, choose with --mass-col/--limit-col.",
                       epilog="Example: pheno convert lmultau limit.csv --process \"e+ e- > mu+ mu- Z'\" "
                              "--final-state invisible --alpha 1/127.9")
    _add_model(p)
    p.add_argument("limit_file", help="CSV with mass and upper-limit columns (or a lifetime map)")
    p.add_argument("--mass-col", help="header name of the mass column, when the header leaves a choice")
    p.add_argument("--limit-col", help="header name of the observed-limit column, when the header leaves a choice")
    _add_production(p)
    fs = p.add_mutually_exclusive_group(required=True)
    fs.add_argument("--final-state", help="decay channel or aggregate, e.g. invisible, 'mu+ mu-'")
    fs.add_argument("--bf", type=_number("a branching fraction in (0, 1]", lo=0.0, lo_strict=True, hi=1.0),
                    help="fixed branching fraction instead of the model's")
    p.add_argument("--coupling", help="model parameter to scan (default: the model's main coupling, "
                                      "e.g. g, epsilon, g_agg, xi; c_mu or c_ll for an ALP's lepton couplings)")
    p.add_argument("--fiducial", help="require the decay inside a cylinder: 'belle2-ecl' (r < 1.25 m, "
                                      "-1 < z < 2 m), R_MAX,Z_MIN,Z_MAX in metres, or 'none'; default: the "
                                      "model's (belle2-ecl for alp, leptophilic, muonphilic; none otherwise)")
    p.add_argument("--format", choices=("csv", "hepdata"), default="csv",
                   help="csv (default) or hepdata: a validated HEPData submission directory (submission.yaml and "
                        "table files, with CL, SQRT(S), model and assumptions as qualifiers) plus <dir>.tar.gz")
    h = p.add_argument_group("HEPData input (a .yaml table or submission, a directory/archive, or the CSV export)")
    h.add_argument("--table", help="table name or 0-based index in a submission with several tables")
    h.add_argument("--observed", help="the observed-limit column (header name or 0-based index) when several qualify")
    h.add_argument("--no-expected", action="store_true", help="ignore the expected-limit columns")
    h.add_argument("--mass-bins", choices=("centre",), help="use bin centres where the mass is given as bins only")
    _add_output(p, "output CSV (or directory with --format hepdata)")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("scan", help="an observable or a coupling limit on a parameter grid (process pool or Dask)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=_SCAN_DESCRIPTION,
                       epilog="Examples:\n"
                              "  pheno scan lmultau cross_section --process \"e+ e- > mu+ mu- Z'\" "
                              "--grid mass=0.01:10:1000 --grid g=1e-4,1e-3 -o sigma.csv\n"
                              "  pheno scan lmultau branching_ratio --channel invisible -p g=1e-3 --grid mass=0.05:5:200 "
                              "--grid m_chi=0.01:1:50 -p g_chi=0.1 --workers 2\n"
                              "  pheno scan darkphoton widths -p epsilon=1e-3 --grid mass=0.001:10.5:1000000 "
                              "--chunk-size 100000 --scheduler tcp://10.0.0.1:8786 -o widths.csv\n"
                              "  pheno scan alp limit --limit-file alp_limit.csv --process \"e+ e- > gamma a\" "
                              "--final-state \"gamma gamma\" --grid mass=0.05:5:500 --grid c_mu=0:10:11:lin")
    _add_model(p)
    p.add_argument("quantity", choices=SCAN_QUANTITIES, metavar="QUANTITY",
                   help="what to evaluate: " + ", ".join(SCAN_QUANTITIES))
    p.add_argument("--grid", "-g", action="append", metavar="NAME=SPEC",
                   help=f"a grid axis, repeatable: {_GRID_HELP}; e.g. --grid mass=0.01:10:200 --grid g=1e-4,1e-3")
    p.add_argument("--channel", help="decay channel or aggregate for branching_ratio (e.g. invisible, 'mu+ mu-')")
    p.add_argument("--lepton", choices=("mu", "e", "tau"), default="mu", help="lepton of delta_a (default mu)")
    _add_production(p, required=False, process_help="production process of cross_section, "
                    "production_branching_ratio and limit, e.g. \"e+ e- > mu+ mu- Z'\", 'B+ > K+ S'")
    lim = p.add_argument_group("the quantity limit (as for pheno convert)")
    lim.add_argument("--limit-file", help="limit file: pheno CSV (mass and limit columns with units) or HEPData")
    lim.add_argument("--mass-col", help="header name of the mass column, when the header leaves a choice")
    lim.add_argument("--limit-col", help="header name of the observed-limit column, when the header leaves a choice")
    lim.add_argument("--table", help="HEPData: table name or 0-based index")
    lim.add_argument("--observed", help="HEPData: the observed-limit column when several qualify")
    lim.add_argument("--final-state", help="decay channel or aggregate the search selects, e.g. invisible, 'mu+ mu-'")
    lim.add_argument("--bf", type=_number("a branching fraction in (0, 1]", lo=0.0, lo_strict=True, hi=1.0),
                     help="fixed branching fraction instead of the model's")
    lim.add_argument("--coupling", help="the coupling to solve for (default: the model's main coupling)")
    lim.add_argument("--fiducial", help="decay volume: 'belle2-ecl', R_MAX,Z_MIN,Z_MAX in metres, or 'none' "
                                        "(default: the model's)")
    run = p.add_argument_group("running")
    run.add_argument("--chunk-size", type=_number("an integer >= 1", lo=1, integer=True), default=2000,
                     help="grid points per task (default 2000)")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_number("an integer >= 1", lo=1, integer=True), default=1,
                       help="local processes (default 1: this process)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.1:8786")
    run.add_argument("--connect-timeout", type=_number("a number of seconds > 0", lo=0.0, lo_strict=True),
                     default=10.0, help="seconds to wait for the Dask scheduler (default 10)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar (it is shown on terminals)")
    _add_output(p, "output CSV (default <Model>_<quantity>_scan.csv; finished chunks under <output>.chunks/)")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("plot", help="coupling vs mass with limits, expected bands and (g-2) bands",
                       description="Plot coupling-limit files (from 'pheno convert' or 'pheno project', CSV or HEPData) "
                       "with their expected bands and the model's (g-2) bands, or (--quantity limit) the cross-section "
                       "limits themselves with their expected bands. Axis labels use the model's symbols and units.",
                       epilog="Example: pheno plot lmultau g_ul.csv reach.csv --labels 'Belle II' 'projection' "
                              "--g2 2023 2025 --title \"L_mu - L_tau\" -o gprime.pdf")
    _add_model(p)
    p.add_argument("limits", nargs="*", help="coupling-limit files (pheno convert/project CSV, or HEPData)")
    p.add_argument("--quantity", choices=("coupling", "limit"), default="coupling",
                   help="coupling (default): coupling vs mass; limit: the input sigma x BF limits vs mass")
    p.add_argument("--labels", nargs="*", help="legend label per file (default: the file names)")
    p.add_argument("--g2", nargs="*", default=None,
                   help="(g-2) datasets to draw as bands (default: 2023 2025 for models with a (g-2)_mu "
                        "contribution; give none to draw no band)")
    p.add_argument("--g2-lepton", choices=("mu", "e"), default="mu", help="(g-2) of the muon (default) or electron")
    p.add_argument("--n-sigma", type=_number("a number > 0", lo=0.0, lo_strict=True), default=2.0,
                   help="band width in sigma (default 2)")
    p.add_argument("--mass-min", type=_POSITIVE_GEV, help="mass range of the (g-2) bands [GeV] (default: the files')")
    p.add_argument("--mass-max", type=_POSITIVE_GEV)
    p.add_argument("--title", help="plot title")
    p.add_argument("--xlabel", help="x-axis label (default: the model's mass symbol [GeV])")
    p.add_argument("--ylabel", help="y-axis label (default: the model's coupling symbol [unit])")
    p.add_argument("--xlim", type=_number("a finite number > 0", lo=0.0, lo_strict=True), nargs=2, metavar=("LO", "HI"),
                   help="x range [GeV]")
    p.add_argument("--ylim", type=_number("a finite number > 0", lo=0.0, lo_strict=True), nargs=2, metavar=("LO", "HI"),
                   help="y range")
    p.add_argument("--table", help="table of a HEPData submission (name or index) for --quantity limit")
    p.add_argument("--format", choices=("png", "pdf", "svg"), help="output format (default: from -o, else png)")
    _add_output(p, "output file (.png, .pdf, .svg)")
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser("project", help="projected coupling reach at 1, 5, 50 ab^-1 (Punzi/CLs, luminosity scaling)",
                       description="Expected coupling limits with +-1/+-2 sigma bands at several luminosities, "
                       "converted like 'pheno convert'. Either a counting experiment (--efficiency, --background-fb: "
                       "background cross section after the selection; expected CLs limits from pyhf) or a published "
                       "limit scaled to other luminosities (--scale-limit, --reference-luminosity, --regime).",
                       epilog="Example: pheno project lmultau --process \"e+ e- > mu+ mu- Z'\" --final-state invisible "
                              "--efficiency 0.1 --background-fb 0.5 --background-unc 0.1 --luminosity 1ab 5ab 50ab")
    _add_model(p)
    _add_grid(p, lo=0.05, hi=10.0, n=40)
    _add_production(p)
    fs = p.add_mutually_exclusive_group(required=True)
    fs.add_argument("--final-state", help="decay channel or aggregate, e.g. invisible, 'mu+ mu-'")
    fs.add_argument("--bf", type=_number("a branching fraction in (0, 1]", lo=0.0, lo_strict=True, hi=1.0),
                    help="fixed branching fraction instead of the model's")
    p.add_argument("--coupling", help="model parameter to scan (default: the model's main coupling)")
    p.add_argument("--fiducial", help="as for pheno convert")
    p.add_argument("--luminosity", nargs="+", default=["1ab", "5ab", "50ab"],
                   help="target luminosities, e.g. 1ab 5ab 50ab (default) or 362fb")
    c = p.add_argument_group("counting experiment")
    c.add_argument("--efficiency", type=_number("an efficiency in (0, 1]", lo=0.0, lo_strict=True, hi=1.0),
                   help="signal efficiency (0, 1]")
    c.add_argument("--background-fb", type=_number("a cross section >= 0 [fb]", lo=0.0),
                   help="background cross section after the selection [fb]")
    c.add_argument("--background-unc", type=_number("a relative uncertainty >= 0", lo=0.0),
                   help="relative background uncertainty (counting: a constrained nuisance; systematic-floor: f)")
    c.add_argument("--cl", type=_number("a confidence level in (0, 1)", lo=0.0, lo_strict=True, hi=0.999999),
                   default=0.90, help="confidence level (default 0.90)")
    c.add_argument("--method", choices=("auto", "exact", "asymptotic"), default="auto",
                   help="CLs calculation: exact Poisson sums (no uncertainty, small B), pyhf asymptotics, or auto")
    s_ = p.add_argument_group("scaling a published limit")
    s_.add_argument("--scale-limit", metavar="FILE", help="cross-section limit file (pheno CSV or HEPData)")
    s_.add_argument("--table", help="table of a HEPData submission")
    s_.add_argument("--reference-luminosity", help="luminosity of the published limit, e.g. 362fb")
    s_.add_argument("--regime", choices=("background-free", "background-dominated", "systematic-floor"),
                    help="how the limit scales: 1/L, 1/sqrt(L), or with a systematic floor (--background, --background-unc)")
    s_.add_argument("--background", type=_number("a number of events >= 0", lo=0.0),
                    help="expected background events at the reference luminosity (systematic-floor)")
    _add_output(p)
    p.set_defaults(func=cmd_project)

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
    """Run the command line; returns the exit status (0, or 2 for a user mistake, reported in one line)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    command = next((a for a in argv if not a.startswith("-")), "")
    try:
        args = build_parser().parse_args(argv)
        args.func(args)
    except UsageError as exc:
        if debug:
            raise
        print(f"{PROG}{' ' + command if command else ''}: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OSError, LookupError) as exc:
        if debug:
            raise
        print(f"{PROG}{' ' + command if command else ''}: error: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; the file being written was left as it was (no partial file)", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
