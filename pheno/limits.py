"""Model-independent conversion of upper limits into coupling upper limits.

For each mass m, solve   rate(m, g) * BF(m, g) [* P_decay(m, g)] = UL(m)
where rate = c(g)^2 * rate(m, c = 1) is the production cross section (e+e- processes, UL in fb) or
the production branching fraction (decays of SM particles such as B+ -> K+ S, UL on BF x BF), c the
coupling the production scales with, and BF may depend on g (e.g. a dark fermion chi with its own
fixed coupling). UL may also depend on the lifetime (a :class:`pheno.limitmap.LimitMap`). The root is
bracketed on a logarithmic grid of g and refined by bisection in ln g to ~1e-13 relative.
Several crossings (non-monotonic rate*BF) are all returned by :func:`excluded_intervals`;
:func:`coupling_limit` returns the smallest excluded coupling. Masses without a solution get NaN
and a reason; no value is ever extrapolated outside the tabulated masses.
"""
from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import constants as C
from .validation import checked_array

G_MAX_DEFAULT = float(np.sqrt(4.0 * np.pi))  # perturbativity: g^2/(4 pi) < 1
G_MIN_DEFAULT = 1e-10

_UNIT_TO_FB = {"fb": 1.0, "pb": 1e3, "nb": 1e6, "ab": 1e-3}
_MASS_UNITS = {"gev": 1.0, "mev": 1e-3}


class LimitWarning(UserWarning):
    """Some masses have no coupling limit (NaN); the reasons are in LimitResult.reason."""


@dataclass
class LimitResult:
    """Per-mass result of a limit conversion (all arrays of the same length)."""

    mass: np.ndarray  # GeV
    coupling: np.ndarray  # smallest excluded coupling (NaN where none)
    sigma_ul: np.ndarray  # fb
    sigma_per_coupling2: np.ndarray  # fb at unit coupling
    branching_ratio: np.ndarray  # BF at the limit (NaN where no limit)
    reason: np.ndarray  # "" where a limit was found, otherwise why not
    intervals: list = field(default_factory=list)  # per mass: list of (lo, hi) excluded couplings
    coupling_name: str = "g"
    quantity: str = "sigma"  # what sigma_ul / sigma_per_coupling2 hold: "sigma" (fb) or "bf" (a branching fraction)
    notes: np.ndarray | None = None  # per mass: remarks on a found limit (e.g. an interval closed by a lifetime map)
    bound: str = "upper"  # "lower" when the scanned parameter is a scale (Model.SCALES: f, Lambda)

    @property
    def limit_name(self) -> str:
        """Column name of the limit: ``"<coupling>_ul"`` (upper limit) or ``"<scale>_lower_limit"``."""
        return f"{self.coupling_name}_ul" if self.bound == "upper" else f"{self.coupling_name}_lower_limit"

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.coupling, dtype=dtype)


# ---------------------------------------------------------------------------- limit files
def read_limit_file(path, quantity: str = "sigma", column: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Read a limit CSV: returns (mass [GeV], sigma_UL [fb]) or, with ``quantity="bf"``, (mass [GeV], BF_UL).

    Format: '#' comment lines anywhere; the first other line is a header naming the mass and
    the limit columns with their units, e.g. ``mass_GeV,sigma_ul_fb`` or
    ``mass [MeV], sigma_UL [pb]``. Accepted units: GeV/MeV for the mass, ab/fb/pb/nb for the
    limit. A branching-fraction limit is dimensionless: its column starts with ``bf`` or ``br``
    (``mass_GeV,bf_ul``), or is named by ``column=`` (never guessed when several fit; a massless
    particle, mass 0, is allowed for BF limits). Extra columns are ignored. Errors name the file and the line.
    """
    if quantity not in ("sigma", "bf"):
        raise ValueError(f"quantity must be 'sigma' or 'bf', got {quantity!r}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"limit file not found: {path}")
    rows, header, header_line = [], None, 0
    with path.open(newline="") as fh:
        for lineno, line in enumerate(fh, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            fields = next(csv.reader([stripped]))
            if header is None:
                header, header_line = [f.strip() for f in fields], lineno
                continue
            rows.append((lineno, fields))
    if header is None:
        raise ValueError(f"{path}: no header line (expected e.g. 'mass_GeV,sigma_ul_fb')")
    i_mass, mass_scale = _find_column(header, ("mass", "m"), _MASS_UNITS, path, header_line, "mass")
    if quantity == "bf":
        i_sig, sig_scale = _bf_column(header, column, path, header_line), 1.0
    else:
        i_sig, sig_scale = _find_column(header, ("sigma", "xsec", "cross"), _UNIT_TO_FB, path, header_line,
                                        "cross-section limit")
    masses, sigmas = [], []
    for lineno, fields in rows:
        if len(fields) != len(header):
            raise ValueError(f"{path}:{lineno}: expected {len(header)} columns ({', '.join(header)}), "
                             f"got {len(fields)}")
        try:
            m, sg = float(fields[i_mass]), float(fields[i_sig])
        except ValueError:
            raise ValueError(f"{path}:{lineno}: not a number in {fields!r}") from None
        if not (np.isfinite(m) and (m > 0 or (m == 0 and quantity == "bf"))):
            raise ValueError(f"{path}:{lineno}: mass must be a positive finite number, got {fields[i_mass]!r}")
        if not (np.isfinite(sg) and sg > 0):
            raise ValueError(f"{path}:{lineno}: {'branching-fraction' if quantity == 'bf' else 'cross-section'} "
                             "limit must be positive and finite, "
                             f"got {fields[i_sig]!r}")
        masses.append(m * mass_scale)
        sigmas.append(sg * sig_scale)
    if not masses:
        raise ValueError(f"{path}: no data rows after the header (line {header_line})")
    return np.array(masses), np.array(sigmas)


def _bf_column(header, column, path, line):
    """Index of the branching-fraction limit column: ``column`` if given, else the one starting with bf/br."""
    names = [h for h in header if h == column] if column else [h for h in header if h.lower().startswith(("bf", "br"))]
    if len(names) != 1:
        what = f"no column named {column!r}" if column else ("no branching-fraction column (bf_..., br_...)" if not names
                                                            else f"several branching-fraction columns {names}")
        raise ValueError(f"{path}:{line}: {what} in header {header!r}; name the limit column with column=")
    return header.index(names[0])


def _find_column(header, prefixes, units, path, line, what):
    for i, name in enumerate(header):
        low = name.lower()
        if not any(low.startswith(p) for p in prefixes):
            continue
        unit = re.search(r"[\[_( ]\s*([a-zA-Z]+)\s*[\])]?\s*$", name)
        if unit and unit.group(1).lower() in units:
            return i, units[unit.group(1).lower()]
        raise ValueError(f"{path}:{line}: column {name!r} must name its unit "
                         f"({'/'.join(units)}), e.g. '{prefixes[0]}_{next(iter(units))}'")
    raise ValueError(f"{path}:{line}: no {what} column in header {header!r} "
                     f"(expected e.g. 'mass_GeV,sigma_ul_fb')")


# ---------------------------------------------------------------------------- conversion
def _validate_inputs(mass, sigma_ul, name="sigma_ul", allow_zero_mass=False):
    if isinstance(sigma_ul, (str, Path)):  # the limit given as a file (e.g. bf_ul="limits.csv")
        if mass is not None:
            raise ValueError(f"{name} is a limit file, which holds the masses: give mass=None")
        mass, sigma_ul = sigma_ul, None
    if isinstance(mass, (str, Path)):  # a limit file
        if sigma_ul is not None:
            raise ValueError(f"give either a limit file or mass and {name} arrays, not both")
        mass, sigma_ul = read_limit_file(mass, quantity="bf" if name == "bf_ul" else "sigma")
    elif sigma_ul is None:
        raise ValueError(f"{name} is required when mass is an array")
    mass = np.atleast_1d(np.asarray(mass, dtype=float))
    sigma_ul = np.broadcast_to(np.atleast_1d(np.asarray(sigma_ul, dtype=float)), mass.shape).copy()
    if mass.ndim != 1:
        raise ValueError("mass must be a 1-D array")
    if not np.all(np.isfinite(mass)) or np.any(mass < 0) or (np.any(mass == 0) and not allow_zero_mass):
        raise ValueError("mass must contain positive finite values" + (" (or 0)" if allow_zero_mass else ""))
    if not np.all(np.isfinite(sigma_ul)) or np.any(sigma_ul <= 0):
        raise ValueError(f"{name} must contain positive finite values" + (" (fb)" if name == "sigma_ul" else ""))
    return mass, sigma_ul


def interpolate_limit(mass_table, sigma_table, at):
    """sigma_UL at masses ``at``, linear in mass and log(sigma), NaN outside the table's range."""
    order = np.argsort(mass_table)
    mt, st = np.asarray(mass_table, float)[order], np.asarray(sigma_table, float)[order]
    at = np.atleast_1d(np.asarray(at, float))
    inside = (at >= mt[0]) & (at <= mt[-1])
    out = np.full(at.shape, np.nan)
    out[inside] = np.exp(np.interp(at[inside], mt, np.log(st)))
    return out


def _rate_function(model_cls, proc, coupling, final_state, bf, mass, fixed, decay):
    """(idx, g) -> c_prod(g)^2 x BF(g) [x P_decay(g)] at masses mass[idx] and scanned couplings g.

    c_prod is the coupling the production process scales with (model.production_coupling), which
    need not be the scanned parameter (e.g. an ALP lepton coupling c_mu gives y_mu = c_mu m_mu/Lambda).
    """
    if (final_state is None) == (bf is None):
        raise ValueError("give exactly one of final_state= (a channel or aggregate) or bf= (a number)")
    if bf is not None:
        bf = float(bf)
        if not 0.0 < bf <= 1.0:
            raise ValueError(f"bf must be in (0, 1], got {bf}")

    def fn(idx, g, with_ctau=False):
        params = {k: (v[idx] if np.ndim(v) else v) for k, v in fixed.items()}
        model = model_cls(mass=mass[idx], **params, **{coupling: g})
        rate = np.square(np.abs(model.production_coupling(proc)))
        rate = rate * (model.branching_ratio(final_state) if bf is None else bf)
        ctau = model.ctau() if (decay is not None or with_ctau) else None
        if decay is not None:
            rate = rate * decay(idx, ctau)
        return (rate, ctau) if with_ctau else rate

    fn(np.array([0]), np.array([1.0]))  # unknown channel -> ValueError listing the valid ones
    return fn


def _unit_rate(proc, unit, sqrt_s, alpha, cuts):
    """The process's rate at unit production coupling: sigma [fb] (e+e- processes) or a BF (decays)."""
    if getattr(proc, "quantity", "sigma") == "bf":
        return proc.rate_per_coupling2(unit, sqrt_s, alpha=alpha, cuts=cuts).value
    return proc.sigma_per_coupling2(unit, sqrt_s, alpha=alpha, cuts=cuts).value


def _check_limit_kind(proc, sigma_ul, bf_ul):
    """The given upper limit must be on the quantity the process produces (sigma or a BF)."""
    from .limitmap import LimitMap

    if sigma_ul is not None and bf_ul is not None:
        raise ValueError("give sigma_ul= (a cross-section limit) or bf_ul= (a branching-fraction limit), not both")
    kind = getattr(proc, "quantity", "sigma")
    if kind == "sigma" and bf_ul is not None:
        raise ValueError(f"{proc.name!r} is an e+e- production process: its limit is a cross section "
                         "(sigma_ul= in fb), not a branching fraction (bf_ul=)")
    if kind == "bf" and sigma_ul is not None:
        raise ValueError(f"{proc.name!r} is a decay of {proc.parent}: give its branching-fraction limit as bf_ul=, "
                         "not sigma_ul=")
    ul = bf_ul if kind == "bf" else sigma_ul
    if isinstance(ul, LimitMap) and ul.quantity != kind:
        raise ValueError(f"the limit map is on {'a cross section' if ul.quantity == 'sigma' else 'a branching fraction'}"
                         f", but {proc.name!r} needs a limit on {'a cross section' if kind == 'sigma' else 'a BF'}")
    return ul, kind


def excluded_intervals(model_cls, process, mass, sigma_ul=None, final_state=None, bf=None,
                       sqrt_s=C.SQRT_S_BELLE2, alpha=None, cuts=None, at=None, coupling=None, fiducial="default",
                       g_min=None, g_max=None, n_grid=241, bf_ul=None, **model_params) -> LimitResult:
    """All coupling intervals where rate x BF(x P_decay) >= UL, per mass; see :func:`coupling_limit`.

    The rate is sigma (e+e- processes, limit ``sigma_ul`` in fb) or the production BF (decays of SM
    particles such as "B+ > K+ S", limit ``bf_ul``). The limit may be a lifetime map
    (:class:`pheno.limitmap.LimitMap`): it is then evaluated at the model's own c*tau(m, g).
    rate x BF is scanned on ``n_grid`` log-spaced couplings in [g_min, g_max]; each sign change
    of ln(rate x BF/UL) is refined by bisection in ln g (to 1e-14). g_max defaults to the
    model's perturbativity bound for that coupling (Model.COUPLING_MAX; sqrt(4 pi) otherwise), g_min to 1e-10.
    A scale (Model.SCALES: f, Lambda; the rate falls as it grows) is scanned over its declared range and
    bounded from below: the result is the largest excluded scale, ``bound="lower"``.
    bf_ul may also be a :class:`pheno.sm_decays.RelativeLimit` (limits on a ratio to an SM channel,
    converted with its PDG BF and stated in ``notes``) or the path of a BF-limit file.
    """
    from .limitmap import LimitMap

    proc = model_cls.process(process)
    ul, quantity = _check_limit_kind(proc, sigma_ul, bf_ul)
    if quantity == "bf" and proc.recoil is None:  # the new particles are the whole final state (Y -> chi chi~)
        if final_state is not None or bf is not None:
            raise ValueError(f"{proc.name}: the new particles are the whole final state; give no final_state= or bf=")
        bf = 1.0
    conversion = ""
    if hasattr(ul, "branching_fractions"):  # a RelativeLimit: UL on BF/BF(SM channel)
        conversion, ul = ul.statement, ul.branching_fractions()
    lifetime_map = ul if isinstance(ul, LimitMap) else None
    if lifetime_map is not None:
        if isinstance(mass, (str, Path)) or at is not None:
            raise ValueError("with a lifetime map give the masses to evaluate as mass= (an array), not a file or at=")
        mass = checked_array("mass", np.atleast_1d(mass), lo=0.0, lo_strict=True, what="finite masses > 0 [GeV]")
        if mass.ndim != 1:
            raise ValueError("mass must be a 1-D array")
        if isinstance(fiducial, str) and fiducial == "default":
            fiducial = None
        elif fiducial is not None:
            raise ValueError("a lifetime map already contains the decay-position acceptance of its search: "
                             "fiducial= must be None (or left at its default)")
        lo_m, hi_m = lifetime_map.mass_range
        limit_at_mass = np.where((mass >= lo_m) & (mass <= hi_m), 1.0, np.nan)
    else:
        massless_ok = model_cls.PARAMETERS.get("mass", ("mass",))[0] == "mass_or_zero"
        mass, limit_at_mass = _validate_inputs(mass, ul, "bf_ul" if quantity == "bf" else "sigma_ul", massless_ok)
        if at is not None:
            at = np.atleast_1d(np.asarray(at, float))
            limit_at_mass, mass = interpolate_limit(mass, limit_at_mass, at), at
    coupling = coupling or model_cls.COUPLING
    scale = model_cls.SCALES.get(coupling)  # (lo, hi) scan range of a scale, None for a coupling
    if g_max is None:
        g_max = scale[1] if scale else model_cls.COUPLING_MAX.get(coupling, G_MAX_DEFAULT)
    if g_min is None:
        g_min = scale[0] if scale else G_MIN_DEFAULT
    if not (0 < g_min < g_max):
        raise ValueError("need 0 < g_min < g_max")
    fixed = {k: v for k, v in model_params.items() if v is not None}
    for k, v in fixed.items():
        if np.ndim(v) and np.shape(v) != mass.shape:
            raise ValueError(f"{k} must be a number or an array with one value per mass")
    passed_as_is = {k for k, v in fixed.items()   # strings, dicts and "object" parameters (e.g. form factors)
                    if isinstance(v, (str, dict)) or model_cls.PARAMETERS.get(k, ("",))[0] == "object"}
    fixed = {k: (v if k in passed_as_is else np.asarray(v, float)) for k, v in fixed.items()}
    alpha = proc.default_alpha if (alpha is None and hasattr(proc, "default_alpha")) else alpha
    n = mass.size
    reason = np.full(n, "", dtype=object)
    notes = np.full(n, conversion, dtype=object)
    outside = ~np.isfinite(limit_at_mass)
    reason[outside] = ("mass outside the mass range of the limit map" if lifetime_map is not None
                       else "mass outside the tabulated range of the limit")
    unit = model_cls(mass=np.where(outside, 1.0, mass), **fixed, **{coupling: 1.0})
    rate1 = _unit_rate(proc, unit, sqrt_s, alpha, cuts)
    sig1 = np.where(outside | ~np.isfinite(rate1), 0.0, rate1)
    closed = (sig1 <= 0) & ~outside
    reason[closed] = (f"production closed: {proc.name} is kinematically forbidden" if quantity == "bf"
                      else f"production closed (or zero acceptance) at sqrt(s) = {sqrt_s} GeV")
    reason[closed & ~np.isfinite(rate1)] = "the model gives no rate at this mass (NaN)"
    if hasattr(unit, "production_reason"):  # a model may say why its rate is 0 or undefined (window, inputs)
        why = np.broadcast_to(np.asarray(unit.production_reason(proc), dtype=object), reason.shape)
        sel = closed & (why != "")
        reason[sel] = why[sel]
    if isinstance(fiducial, str):
        if fiducial != "default":
            raise ValueError(f"fiducial must be a region, None or 'default', got {fiducial!r}")
        fiducial = model_cls.DEFAULT_FIDUCIAL
    decay = None
    if fiducial is not None:
        if not hasattr(proc, "decay_sample"):
            raise ValueError(f"decay-in-detector fractions are not available for {proc.name}")
        samples = [None if (outside[i] or closed[i]) else proc.decay_sample(unit.replace(mass=mass[i]), sqrt_s, cuts)
                   for i in range(n)]

        def decay(idx, ctau):
            idx, ctau = np.broadcast_arrays(idx, ctau)
            out = np.zeros(idx.shape)
            for i in np.unique(idx):
                if samples[i] is not None:
                    sel = idx == i
                    out[sel] = samples[i].fraction(ctau[sel], fiducial)
            return out

    if final_state is None and bf is None:  # a model whose particle has one final state (e.g. invisible) names it
        final_state = getattr(model_cls, "DEFAULT_FINAL_STATE", None)
    rate_of = _rate_function(model_cls, proc, coupling, final_state, bf, mass, fixed, decay)
    log_limit = np.log(np.where(outside, 1.0, limit_at_mass))

    def excess(idx, lg):  # ln(rate * BF * P / UL); -inf where the rate vanishes, NaN outside a lifetime map
        idx, lg = np.broadcast_arrays(idx, lg)
        if lifetime_map is None:
            rate, log_ul = rate_of(idx, np.exp(lg)), log_limit[idx]
        else:
            rate, ctau = rate_of(idx, np.exp(lg), with_ctau=True)
            with np.errstate(divide="ignore"):
                log_ul = np.log(lifetime_map(mass[idx], ctau))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(sig1[idx] * rate) - log_ul

    lng = np.linspace(np.log(g_min), np.log(g_max), n_grid)
    rows = np.arange(n)[:, None]
    with np.errstate(invalid="ignore"):
        above = excess(rows, lng[None, :]) >= 0
    above[reason != ""] = False

    # brackets of every sign change, refined together
    bi, bj = np.nonzero(np.diff(above.astype(np.int8), axis=1))
    lo, hi = lng[bj], lng[bj + 1]
    f_lo_pos = above[bi, bj]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        with np.errstate(invalid="ignore"):
            same = (excess(bi, mid) >= 0) == f_lo_pos
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    roots = np.exp(0.5 * (lo + hi))
    if lifetime_map is not None and roots.size:  # an edge where the map ends (c*tau outside it) is not a crossing
        at_map_edge = ~np.isfinite(excess(bi, np.log(roots) + np.where(f_lo_pos, 1e-9, -1e-9)))  # non-excluded side
        for i in np.unique(bi[at_map_edge]):
            notes[i] = (f"an excluded interval ends where the model's c*tau leaves the map's range "
                        f"[{lifetime_map.ctau_range[0]:.3g}, {lifetime_map.ctau_range[1]:.3g}] m (no extrapolation)")

    limit = np.full(n, np.nan)
    bf_at = np.full(n, np.nan)
    ul_at = np.where(outside, np.nan, limit_at_mass)
    intervals = []
    for i in range(n):
        if reason[i]:
            intervals.append([])
            continue
        if not above[i].any():
            rates, ctaus = rate_of(np.full(n_grid, i), np.exp(lng), with_ctau=True)
            if not np.any(rates > 0):
                reason[i] = "final state closed (BF = 0)"
            elif lifetime_map is not None and np.all(np.isnan(excess(np.full(n_grid, i), lng))):
                reason[i] = (f"the model's c*tau stays outside the map's range [{lifetime_map.ctau_range[0]:.3g}, "
                             f"{lifetime_map.ctau_range[1]:.3g}] m for all couplings scanned")
            elif scale:
                reason[i] = f"no {coupling} in the scanned [{g_min:.3g}, {g_max:.3g}] GeV reaches the limit"
            else:
                reason[i] = f"no coupling up to g_max = {g_max:.3g} reaches the limit"
            intervals.append([])
            continue
        edges = list(roots[bi == i])
        if above[i, 0]:
            edges.insert(0, g_min)
        if above[i, -1]:
            edges.append(g_max)
        ivals = list(zip(edges[0::2], edges[1::2]))
        intervals.append(ivals)
        if scale and above[i, -1]:
            reason[i] = f"excluded up to the end of the scan, {coupling} = {g_max:g} GeV"
            continue
        if not scale and above[i, 0]:
            reason[i] = f"excluded down to g_min = {g_min:g}"
            continue
        limit[i] = ivals[-1][1] if scale else ivals[0][0]
        params = {k: (v[i] if np.ndim(v) else v) for k, v in fixed.items()}
        at_limit = model_cls(mass=mass[i], **params, **{coupling: limit[i]})
        bf_at[i] = at_limit.branching_ratio(final_state) if bf is None else bf
        if lifetime_map is not None:
            ul_at[i] = float(lifetime_map(mass[i], at_limit.ctau()))
    return LimitResult(mass=mass, coupling=limit, sigma_ul=ul_at, sigma_per_coupling2=sig1, branching_ratio=bf_at,
                       reason=reason.astype(str), intervals=intervals, coupling_name=coupling, quantity=quantity,
                       notes=notes.astype(str), bound="lower" if scale else "upper")


def coupling_limit(model_cls, process, mass, sigma_ul=None, final_state=None, bf=None, sqrt_s=C.SQRT_S_BELLE2,
                   alpha=None, cuts=None, at=None, coupling=None, fiducial="default", full_output=False,
                   bf_ul=None, **model_params):
    """Coupling upper limit per mass from sigma x BF upper limits (fb), or from BF x BF upper limits
    for production in decays of SM particles.

    model_cls    : a pheno model class (e.g. ``pheno.models.LmuLtau``)
    process      : production process name, e.g. ``"e+ e- > mu+ mu- Z'"`` or ``"B+ > K+ S"``
    mass, sigma_ul : tabulated masses [GeV] and limits [fb], or mass = the path of a limit file
                   (see :func:`read_limit_file`) and no sigma_ul
    bf_ul        : instead of sigma_ul, for a process that is a decay (``Model.production_branching_ratio``):
                   upper limits on BF(parent -> recoil X) x BF(X -> final state), one per mass, the path of
                   a BF-limit file (then mass=None), a :class:`pheno.sm_decays.RelativeLimit` (limits on a
                   ratio to an SM channel such as BF(tau -> l nu nu), converted with its PDG value), or a
                   :class:`pheno.limitmap.LimitMap` (one limit per lifetime hypothesis), evaluated at the
                   model's own c*tau(m, g): excluded intervals are then two-sided (too prompt above, too
                   long-lived below) and never extend outside the map
    final_state  : decay channel or aggregate the search selects ("invisible", "mu+ mu-", ...; default: the
                   model's DEFAULT_FINAL_STATE where it has one, e.g. an invisible dark baryon), or
    bf           : a fixed branching fraction instead
    alpha, sqrt_s, cuts : as in ``Model.cross_section`` (alpha: None = the process default, "running",
                   "0" or a number, e.g. 1/127.9 to reproduce the basf2 MadGraph L_mu-L_tau model)
    at           : optional masses at which to evaluate (sigma_UL interpolated inside the table only)
    coupling     : the model parameter to scan (default: the model's COUPLING, e.g. "g", "epsilon",
                   "g_agg"; e.g. "c_mu" for an ALP's muon coupling)
    fiducial     : a pheno.decay region: also require the particle to decay inside it (P_decay
                   depends on the coupling through c*tau, so several excluded intervals can exist);
                   "default": the model's DEFAULT_FIDUCIAL (the Belle II ECL inner volume for the
                   spin-0 models, none for the vector models); None: no requirement
    model_params : other fixed model parameters (m_chi=..., g_chi=...)

    Returns the smallest excluded coupling per mass (NaN with a LimitWarning where there is none) or,
    when ``coupling`` is a scale of the model (Model.SCALES, e.g. an ALP's f or a contact operator's
    Lambda: the rate falls as it grows), the largest excluded scale, i.e. a LOWER limit
    (``LimitResult.bound == "lower"``, column ``LimitResult.limit_name = "<scale>_lower_limit"``);
    ``full_output=True`` returns a :class:`LimitResult` with reasons and all excluded intervals.

    >>> from pheno.models import LmuLtau
    >>> g = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", mass=[1.0], sigma_ul=[10.0], final_state="invisible")
    >>> bool(0.01 < g[0] < 0.02)
    True
    """
    res = excluded_intervals(model_cls, process, mass, sigma_ul, final_state=final_state, bf=bf,
                             sqrt_s=sqrt_s, alpha=alpha, cuts=cuts, at=at, coupling=coupling, fiducial=fiducial,
                             bf_ul=bf_ul, **model_params)
    missing = np.isnan(res.coupling)
    if missing.any():
        counts = {r: int(np.sum(res.reason[missing] == r)) for r in np.unique(res.reason[missing])}
        warnings.warn("no coupling limit (NaN) at " + "; ".join(f"{c} mass(es): {r}" for r, c in counts.items()),
                      LimitWarning, stacklevel=2)
    return res if full_output else res.coupling


def recast_limit(model_cls, process, mass, coupling_ul, published: dict, target: dict, target_model=None,
                 sqrt_s=C.SQRT_S_BELLE2, alpha=None, cuts=None, full_output=False):
    """Recast a published coupling limit from one decay hypothesis to another (DarkCast's core job).

    The published limit g_pub(m) under ``published`` (a dict with ``final_state=`` or ``bf=`` and any
    model parameters) is turned back into the cross-section limit it implies,
    sigma_UL = sigma(m, g_pub) BF_pub(m, g_pub), which is then converted under ``target`` (same
    keys), optionally for another model class with the same production process.

    >>> from pheno.models import DarkPhoton
    >>> eps = recast_limit(DarkPhoton, "e+ e- > gamma A'", [1.0], [1e-3], published=dict(bf=1.0),
    ...                    target=dict(bf=0.5))
    >>> round(float(eps[0]) / 1e-3, 6)   # production unchanged: scales by sqrt(2)
    1.414214
    """
    mass = np.atleast_1d(np.asarray(mass, float))
    g_pub = np.atleast_1d(np.asarray(coupling_ul, float))
    if g_pub.shape != mass.shape or np.any(~np.isfinite(g_pub)) or np.any(g_pub <= 0):
        raise ValueError("coupling_ul must be positive finite numbers, one per mass")
    pub = dict(published)
    fs, bf = pub.pop("final_state", None), pub.pop("bf", None)
    model = model_cls(mass=mass, **pub, **{model_cls.COUPLING: g_pub})
    if (fs is None) == (bf is None):
        raise ValueError("published= needs exactly one of final_state= or bf=")
    bf_pub = model.branching_ratio(fs) if fs is not None else float(bf)
    sigma_ul = model.cross_section(process, sqrt_s=sqrt_s, alpha=alpha, cuts=cuts) * bf_pub
    ok = sigma_ul > 0
    if not np.all(ok):
        raise ValueError(f"the published hypothesis gives sigma x BF = 0 at masses {mass[~ok]}")
    return coupling_limit(target_model or model_cls, process, mass, sigma_ul, sqrt_s=sqrt_s, alpha=alpha,
                          cuts=cuts, full_output=full_output, **target)
