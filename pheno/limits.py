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

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import constants as C
from .limitfile import LimitTable, is_lifetime_map, read_limit_file
from .validation import checked_array

G_MAX_DEFAULT = float(np.sqrt(4.0 * np.pi))  # perturbativity: g^2/(4 pi) < 1
G_MIN_DEFAULT = 1e-10



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
    expected: dict = field(default_factory=dict)  # band ("median", "minus1sigma", ...) -> coupling limit per mass
    expected_ul: dict = field(default_factory=dict)  # band -> the expected upper limit per mass (fb or BF)
    cl: float | None = None  # confidence level of the limit when its file states it
    source: str = ""  # the limit file, when the limit came from one
    bound: str = "upper"  # "lower" when the scanned parameter is a scale (Model.SCALES: f, Lambda)

    @property
    def limit_name(self) -> str:
        """Column name of the limit: ``"<coupling>_ul"`` (upper limit) or ``"<scale>_lower_limit"``."""
        return f"{self.coupling_name}_ul" if self.bound == "upper" else f"{self.coupling_name}_lower_limit"

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.coupling, dtype=dtype)


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


def _limit_input(proc, mass, sigma_ul, bf_ul, massless_ok=False):
    """The upper limit as a LimitTable (arrays, a file or a table) or a LimitMap with the masses to evaluate.

    Returns (table, lifetime_map, mass, statement); exactly one of table / lifetime_map is not None;
    ``statement`` says how a RelativeLimit was converted ("" otherwise).
    """
    from .limitmap import LimitMap

    kind = getattr(proc, "quantity", "sigma")
    what = {"sigma": "a cross section", "bf": "a branching fraction"}
    if sigma_ul is not None and bf_ul is not None:
        raise ValueError("give sigma_ul= (a cross-section limit) or bf_ul= (a branching-fraction limit), not both")
    if kind == "sigma" and bf_ul is not None:
        raise ValueError(f"{proc.name!r} is an e+e- production process: its limit is a cross section "
                         "(sigma_ul= in fb), not a branching fraction (bf_ul=)")
    if kind == "bf" and sigma_ul is not None:
        raise ValueError(f"{proc.name!r} is a decay of {proc.parent}: give its branching-fraction limit as bf_ul=, "
                         "not sigma_ul=")
    name = "bf_ul" if kind == "bf" else "sigma_ul"
    ul = bf_ul if kind == "bf" else sigma_ul
    statement = ""
    if hasattr(ul, "branching_fractions"):  # a pheno.sm_decays.RelativeLimit: UL on BF/BF(SM channel)
        statement, ul = ul.statement, ul.branching_fractions()
    if isinstance(mass, (str, Path, LimitTable)):  # coupling_limit(Model, process, "limit.csv")
        if ul is not None:
            raise ValueError(f"give either a limit file (or LimitTable) or mass and {name} arrays, not both")
        ul, mass = mass, None
    if isinstance(ul, (str, Path)):
        if not Path(ul).exists():
            raise ValueError(f"{name}={str(ul)!r}: no limit file of that name; a limit is an array of numbers, a "
                             "LimitTable, a LimitMap or the path of a limit file")
        ul = read_limit_source(ul)
    if isinstance(ul, LimitMap):
        if ul.quantity != kind:
            raise ValueError(f"the limit map is on {what[ul.quantity]}, but {proc.name!r} needs a limit on {what[kind]}")
        if mass is None:
            raise ValueError("with a lifetime map give the masses to evaluate as mass= (an array)")
        return None, ul, _checked_masses(mass, massless_ok), statement
    if isinstance(ul, LimitTable):
        if ul.quantity != kind:
            raise ValueError(f"{ul.source or 'the limit table'} holds limits on {what[ul.quantity]}, but "
                             f"{proc.name!r} needs a limit on {what[kind]} ({name}=)")
        if mass is not None:
            raise ValueError(f"{name} is a limit table with its own masses: give mass=None, and at= to evaluate it "
                             "elsewhere")
        return ul, None, _checked_masses(ul.mass, massless_ok), statement
    if ul is None:
        raise ValueError(f"{name} is required: an array with one limit per mass, a LimitTable or a limit file")
    mass = _checked_masses(mass, massless_ok)
    values = checked_array(name, ul, lo=0.0, lo_strict=True,
                           what="positive finite numbers" + (" [fb]" if kind == "sigma" else ""))
    if values.ndim > 1 or values.size not in (1, mass.size):
        raise ValueError(f"{name} must be one number or one value per mass ({mass.size}), got shape {values.shape}")
    table = LimitTable(mass=mass, limit=np.broadcast_to(values, mass.shape).astype(float), quantity=kind)
    return table, None, mass, statement


def _checked_masses(mass, massless_ok=False) -> np.ndarray:
    """Masses [GeV] as a 1-D array: > 0, or >= 0 for a particle that may be massless (kind "mass_or_zero")."""
    if mass is None:
        raise ValueError("mass is required (an array of masses in GeV) unless the limit is a file or a LimitTable")
    mass = checked_array("mass", np.atleast_1d(mass), lo=0.0, lo_strict=not massless_ok,
                         what="finite masses >= 0 [GeV]" if massless_ok else "finite masses > 0 [GeV]")
    if mass.ndim != 1:
        raise ValueError(f"mass must be a 1-D array, got shape {mass.shape}")
    if mass.size == 0:
        raise ValueError("mass must contain at least one mass, got an empty array")
    return mass


def read_limit_source(path):
    """A limit file as a :class:`~pheno.limitfile.LimitTable`, or as a :class:`~pheno.limitmap.LimitMap`
    when its header has the ``<limit>_at_<lifetime>=<value>`` columns of a lifetime map."""
    from .limitmap import LimitMap

    if is_lifetime_map(path):
        return LimitMap.from_csv(path)
    return read_limit_file(path)


def _checked_scan(coupling, model_cls, g_min, g_max, n_grid):
    for name, v in (("g_min", g_min), ("g_max", g_max)):
        if isinstance(v, (bool, str, complex, np.bool_)) or not np.isscalar(v):
            raise ValueError(f"{name} must be a number, got {v!r}")
        if not (np.isfinite(v) and v > 0):
            raise ValueError(f"{name} must be a finite number > 0, got {v!r}")
    if not g_min < g_max:
        raise ValueError(f"need g_min < g_max, got g_min = {g_min!r}, g_max = {g_max!r}")
    if isinstance(n_grid, (bool, np.bool_)) or not isinstance(n_grid, (int, np.integer)) or n_grid < 2:
        raise ValueError(f"n_grid must be an integer >= 2, got {n_grid!r}")
    valid = [k for k, (kind, _) in model_cls.PARAMETERS.items() if kind != "mass" and not isinstance(kind, tuple)]
    valid += [k for k in (*model_cls.COUPLING_MAX, *model_cls.SCALES) if k not in valid]
    if coupling not in valid:
        raise ValueError(f"coupling must name a coupling of {model_cls.__name__}, got {coupling!r}; valid: {valid}")


CHUNK = 1024  # masses solved together: bounds the memory of the (chunk x n_grid) scan


def excluded_intervals(model_cls, process, mass=None, sigma_ul=None, final_state=None, bf=None,
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
    converted with its PDG BF and stated in ``notes``).
    Masses are solved in chunks of :data:`CHUNK`, so memory does not grow with n_mass x n_grid.
    Expected limits of a :class:`~pheno.limitfile.LimitTable` are converted band by band
    (``LimitResult.expected``).
    """
    from .production import Cuts

    proc = model_cls.process(process)
    quantity = getattr(proc, "quantity", "sigma")
    massless_ok = model_cls.PARAMETERS.get("mass", ("mass",))[0] == "mass_or_zero"
    table, lifetime_map, mass, statement = _limit_input(proc, mass, sigma_ul, bf_ul, massless_ok)
    if cuts is not None and not isinstance(cuts, Cuts):
        raise ValueError(f"cuts must be a pheno.Cuts instance or None, got {type(cuts).__name__} {cuts!r}")
    if quantity == "bf" and proc.recoil is None:  # the new particles are the whole final state (Y -> chi chi~)
        if final_state is not None or bf is not None:
            raise ValueError(f"{proc.name}: the new particles are the whole final state; give no final_state= or bf=")
        bf = 1.0
    if final_state is None and bf is None:  # a model whose particle has one final state (e.g. invisible) names it
        final_state = getattr(model_cls, "DEFAULT_FINAL_STATE", None)
    coupling = coupling or model_cls.COUPLING
    scale = model_cls.SCALES.get(coupling)  # (lo, hi) scan range of a scale, None for a coupling
    if g_max is None:
        g_max = scale[1] if scale else model_cls.COUPLING_MAX.get(coupling, G_MAX_DEFAULT)
    if g_min is None:
        g_min = scale[0] if scale else G_MIN_DEFAULT
    _checked_scan(coupling, model_cls, g_min, g_max, n_grid)
    if lifetime_map is not None:
        if at is not None:
            raise ValueError("with a lifetime map give the masses to evaluate as mass=, not at=")
        if isinstance(fiducial, str) and fiducial == "default":
            fiducial = None
        elif fiducial is not None:
            raise ValueError("a lifetime map already contains the decay-position acceptance of its search: "
                             "fiducial= must be None (or left at its default)")
        lo_m, hi_m = lifetime_map.mass_range
        limits = {"observed": np.where((mass >= lo_m) & (mass <= hi_m), 1.0, np.nan)}
    else:
        limits = {"observed": table.limit, **table.expected}
        if at is not None:
            at = _checked_masses(at, massless_ok)
            limits = {k: interpolate_limit(table.mass, v, at) for k, v in limits.items()}
            mass = at
    fixed = {k: v for k, v in model_params.items() if v is not None}
    as_is = {k for k, v in fixed.items()  # strings, dicts and "object" parameters (e.g. form factors)
             if isinstance(v, (str, dict)) or model_cls.PARAMETERS.get(k, ("",))[0] == "object"}
    for k, v in fixed.items():
        if k not in as_is and np.ndim(v) and np.shape(v) != mass.shape:
            raise ValueError(f"{k} must be a number or an array with one value per mass ({mass.size}), "
                             f"got shape {np.shape(v)}")
    fixed = {k: (v if k in as_is else checked_array(k, v)) for k, v in fixed.items()}
    alpha = proc.default_alpha if (alpha is None and hasattr(proc, "default_alpha")) else alpha
    if isinstance(fiducial, str):
        if fiducial != "default":
            raise ValueError(f"fiducial must be a region, None or 'default', got {fiducial!r}")
        fiducial = model_cls.DEFAULT_FIDUCIAL
    if fiducial is not None and not hasattr(proc, "decay_sample"):
        raise ValueError(f"decay-in-detector fractions are not available for {proc.name}")

    n = mass.size
    out = dict(coupling=np.full(n, np.nan), sigma_per_coupling2=np.zeros(n), branching_ratio=np.full(n, np.nan),
               ul_at=np.full(n, np.nan), reason=np.full(n, "", dtype=object), notes=np.full(n, "", dtype=object))
    expected = {b: np.full(n, np.nan) for b in limits if b != "observed"}
    intervals = []
    for a in range(0, n, CHUNK):
        sl = slice(a, min(a + CHUNK, n))
        part = _solve_chunk(model_cls, proc, quantity, coupling, final_state, bf, mass[sl],
                            {k: (v[sl] if np.ndim(v) else v) for k, v in fixed.items()},
                            {k: v[sl] for k, v in limits.items()}, lifetime_map, sqrt_s, alpha, cuts, fiducial,
                            g_min, g_max, n_grid, scale)
        for k in out:
            out[k][sl] = part[k]
        for b in expected:
            expected[b][sl] = part["expected"][b]
        intervals.extend(part["intervals"])
    src = table if table is not None else lifetime_map
    return LimitResult(mass=mass, coupling=out["coupling"], sigma_ul=out["ul_at"],
                       sigma_per_coupling2=out["sigma_per_coupling2"], branching_ratio=out["branching_ratio"],
                       reason=out["reason"].astype(str), intervals=intervals, coupling_name=coupling,
                       quantity=quantity, notes=_with(out["notes"], statement).astype(str), expected=expected,
                       expected_ul={b: limits[b] for b in expected}, cl=src.cl, source=src.source,
                       bound="lower" if scale else "upper")


def _with(notes, statement):
    """Per-mass notes with a conversion statement (e.g. of a RelativeLimit) added to each."""
    if not statement:
        return notes
    return np.array([f"{statement}; {n}" if n else statement for n in notes], dtype=object)


def _solve_chunk(model_cls, proc, quantity, coupling, final_state, bf, mass, fixed, limits, lifetime_map,
                 sqrt_s, alpha, cuts, fiducial, g_min, g_max, n_grid, scale=None):
    """The conversion for a chunk of masses: every limit in ``limits`` (observed, expected bands)."""
    n = mass.size
    limit_at_mass = limits["observed"]
    reason = np.full(n, "", dtype=object)
    notes = np.full(n, "", dtype=object)
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
    decay = None
    if fiducial is not None:
        samples = [None if (outside[i] or closed[i]) else proc.decay_sample(unit.replace(mass=mass[i]), sqrt_s, cuts)
                   for i in range(n)]

        def decay(idx, ctau):
            idx, ctau = np.broadcast_arrays(idx, ctau)
            frac = np.zeros(idx.shape)
            for i in np.unique(idx):
                if samples[i] is not None:
                    sel = idx == i
                    frac[sel] = samples[i].fraction(ctau[sel], fiducial)
            return frac

    rate_of = _rate_function(model_cls, proc, coupling, final_state, bf, mass, fixed, decay)
    lng = np.linspace(np.log(g_min), np.log(g_max), n_grid)
    rows = np.arange(n)[:, None]
    rate_grid = ctau_grid = None

    def scan(limit_values):
        """(above[n, n_grid], excess function) for one limit curve."""
        nonlocal rate_grid, ctau_grid
        log_limit = np.log(np.where(np.isfinite(limit_values), limit_values, 1.0))

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

        if lifetime_map is None:  # the rate on the grid does not depend on the limit: compute it once
            if rate_grid is None:
                rate_grid = rate_of(*np.broadcast_arrays(rows, np.exp(lng)[None, :]))
            with np.errstate(divide="ignore", invalid="ignore"):
                above = np.log(sig1[:, None] * rate_grid) - log_limit[:, None] >= 0
        else:
            with np.errstate(invalid="ignore"):
                above = excess(rows, lng[None, :]) >= 0
        above[(reason != "") | ~np.isfinite(limit_values)] = False
        return above, excess

    def roots_of(above, excess):
        bi, bj = np.nonzero(np.diff(above.astype(np.int8), axis=1))
        lo, hi = lng[bj], lng[bj + 1]
        f_lo_pos = above[bi, bj]
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            with np.errstate(invalid="ignore"):
                same = (excess(bi, mid) >= 0) == f_lo_pos
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return bi, f_lo_pos, np.exp(0.5 * (lo + hi))

    def first_limit(above, bi, roots):
        """Smallest excluded coupling per mass (NaN where none or excluded down to g_min); for a scale the
        largest excluded value (NaN where none or excluded up to the end of the scan)."""
        first = np.full(n, np.nan)
        if roots.size:
            order = np.argsort(bi, kind="stable")
            ub, start = np.unique(bi[order], return_index=True)
            if scale:
                last = np.r_[start[1:], bi.size] - 1
                first[ub] = roots[order][last]
            else:
                first[ub] = roots[order][start]
        first[(above[:, -1] if scale else above[:, 0]) | ~above.any(axis=1)] = np.nan
        return first

    above, excess = scan(limit_at_mass)
    bi, f_lo_pos, roots = roots_of(above, excess)
    if lifetime_map is not None and roots.size:  # an edge where the map ends (c*tau outside it) is not a crossing
        at_map_edge = ~np.isfinite(excess(bi, np.log(roots) + np.where(f_lo_pos, 1e-9, -1e-9)))  # non-excluded side
        for i in np.unique(bi[at_map_edge]):
            notes[i] = (f"an excluded interval ends where the model's c*tau leaves the map's range "
                        f"[{lifetime_map.ctau_range[0]:.3g}, {lifetime_map.ctau_range[1]:.3g}] m (no extrapolation)")

    limit = first_limit(above, bi, roots)
    intervals = []
    none_above = ~above.any(axis=1) & (reason == "")
    for i in np.nonzero(none_above)[0]:
        rates = rate_of(np.full(n_grid, i), np.exp(lng))
        if not np.any(rates > 0):
            reason[i] = "final state closed (BF = 0)"
        elif lifetime_map is not None and np.all(np.isnan(excess(np.full(n_grid, i), lng))):
            reason[i] = (f"the model's c*tau stays outside the map's range [{lifetime_map.ctau_range[0]:.3g}, "
                         f"{lifetime_map.ctau_range[1]:.3g}] m for all couplings scanned")
        elif scale:
            reason[i] = f"no {coupling} in the scanned [{g_min:.3g}, {g_max:.3g}] GeV reaches the limit"
        else:
            reason[i] = f"no coupling up to g_max = {g_max:.3g} reaches the limit"
    if scale:
        reason[above[:, -1] & (reason == "")] = f"excluded up to the end of the scan, {coupling} = {g_max:g} GeV"
    else:
        reason[above[:, 0] & (reason == "")] = f"excluded down to g_min = {g_min:g}"
    order = np.argsort(bi, kind="stable")
    split = np.searchsorted(bi[order], np.arange(n + 1))
    for i in range(n):
        if not above[i].any():
            intervals.append([])
            continue
        edges = list(roots[order][split[i]:split[i + 1]])
        if above[i, 0]:
            edges.insert(0, g_min)
        if above[i, -1]:
            edges.append(g_max)
        intervals.append(list(zip(edges[0::2], edges[1::2])))

    found = np.isfinite(limit)
    bf_at = np.full(n, np.nan)
    ul_at = np.where(outside, np.nan, limit_at_mass)
    if found.any():
        at_limit = model_cls(mass=mass[found], **{k: (v[found] if np.ndim(v) else v) for k, v in fixed.items()},
                             **{coupling: limit[found]})
        bf_at[found] = at_limit.branching_ratio(final_state) if bf is None else bf
        if lifetime_map is not None:
            ul_at[found] = lifetime_map(mass[found], at_limit.ctau())
    expected = {}
    for band, values in limits.items():
        if band == "observed":
            continue
        ab, exc = scan(values)
        b_bi, _, b_roots = roots_of(ab, exc)
        expected[band] = first_limit(ab, b_bi, b_roots)
    return dict(coupling=limit, sigma_per_coupling2=sig1, branching_ratio=bf_at, ul_at=ul_at, reason=reason,
                notes=notes, intervals=intervals, expected=expected)


def coupling_limit(model_cls, process, mass=None, sigma_ul=None, final_state=None, bf=None, sqrt_s=C.SQRT_S_BELLE2,
                   alpha=None, cuts=None, at=None, coupling=None, fiducial="default", full_output=False,
                   bf_ul=None, **model_params):
    """Coupling upper limit per mass from sigma x BF upper limits (fb), or from BF x BF upper limits
    for production in decays of SM particles.

    model_cls    : a pheno model class (e.g. ``pheno.models.LmuLtau``)
    process      : production process name, e.g. ``"e+ e- > mu+ mu- Z'"`` or ``"B+ > K+ S"``
    mass, sigma_ul : tabulated masses [GeV] and limits [fb]; or sigma_ul (or mass) = a limit file or a
                   :class:`~pheno.limitfile.LimitTable` (see :func:`pheno.limitfile.read_limit_file`; its
                   expected limits are converted too: ``LimitResult.expected``)
    bf_ul        : instead of sigma_ul, for a process that is a decay (``Model.production_branching_ratio``):
                   upper limits on BF(parent -> recoil X) x BF(X -> final state), one per mass, a limit file
                   or LimitTable with a BF column, a :class:`pheno.sm_decays.RelativeLimit` (limits on a ratio
                   to an SM channel such as BF(tau -> l nu nu), converted with its PDG value), or a
                   :class:`pheno.limitmap.LimitMap` (one limit per lifetime hypothesis), evaluated at the
                   model's own c*tau(m, g): excluded intervals are then two-sided (too prompt above, too
                   long-lived below) and never extend outside the map
    final_state  : decay channel or aggregate the search selects ("invisible", "mu+ mu-", ...; default: the
                   model's DEFAULT_FINAL_STATE where it has one, e.g. an invisible dark baryon), or
    bf           : a fixed branching fraction instead
    alpha, sqrt_s, cuts : as in ``Model.cross_section`` (alpha: None = the process default, or any
                   spelling of :func:`pheno.constants.resolve_alpha`: "running", "0", a number, "1/127.9")
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
    _warn_missing(res, stacklevel=3)
    return res if full_output else res.coupling


def recast_limit(model_cls, process, mass, coupling_ul, published: dict, target: dict, target_model=None,
                 sqrt_s=C.SQRT_S_BELLE2, alpha=None, cuts=None, full_output=False):
    """Recast a published coupling limit from one decay hypothesis to another (DarkCast's core job).

    The published limit g_pub(m) under ``published`` (a dict with ``final_state=`` or ``bf=`` and any
    model parameters) is turned back into the cross-section limit it implies,
    sigma_UL = sigma(m, g_pub) BF_pub(m, g_pub), which is then converted under ``target`` (same
    keys), optionally for another model class with the same production process. Like
    :func:`coupling_limit`, it returns NaN with a reason (``full_output=True``) where no limit follows:
    no published value (NaN in ``coupling_ul``) or a published hypothesis with zero rate at that mass.

    >>> from pheno.models import DarkPhoton
    >>> eps = recast_limit(DarkPhoton, "e+ e- > gamma A'", [1.0], [1e-3], published=dict(bf=1.0),
    ...                    target=dict(bf=0.5))
    >>> round(float(eps[0]) / 1e-3, 6)   # production unchanged: scales by sqrt(2)
    1.414214
    """
    mass = _checked_masses(mass)
    g_pub = checked_array("coupling_ul", np.atleast_1d(coupling_ul), lo=0.0, lo_strict=True, allow_nan=True,
                          what="positive finite numbers (NaN: no published limit at that mass)")
    if g_pub.shape != mass.shape:
        raise ValueError(f"coupling_ul must have one value per mass ({mass.size}), got shape {g_pub.shape}")
    for name, hyp in (("published", published), ("target", target)):
        if not isinstance(hyp, dict) or (("final_state" in hyp) == ("bf" in hyp)):
            raise ValueError(f"{name}= must be a dict with exactly one of final_state= or bf= (and model parameters)")
    pub = dict(published)
    fs, bf = pub.pop("final_state", None), pub.pop("bf", None)
    have = np.isfinite(g_pub)
    model = model_cls(mass=mass, **pub, **{model_cls.COUPLING: np.where(have, g_pub, 1.0)})
    bf_pub = model.branching_ratio(fs) if fs is not None else float(bf)
    proc = model_cls.process(process)
    if getattr(proc, "quantity", "sigma") == "bf":
        rate, ul_name = model.production_branching_ratio(process) * bf_pub, "bf_ul"
    else:
        rate, ul_name = model.cross_section(process, sqrt_s=sqrt_s, alpha=alpha, cuts=cuts) * bf_pub, "sigma_ul"
    rate = np.broadcast_to(rate, mass.shape)
    usable = have & (rate > 0)
    n = mass.size
    res = LimitResult(mass=mass, coupling=np.full(n, np.nan), sigma_ul=np.full(n, np.nan),
                      sigma_per_coupling2=np.zeros(n), branching_ratio=np.full(n, np.nan),
                      reason=np.full(n, "", dtype=object), intervals=[[] for _ in range(n)],
                      coupling_name=model_cls.COUPLING if "coupling" not in target else target["coupling"],
                      quantity=getattr(proc, "quantity", "sigma"), notes=np.full(n, "", dtype=object))
    res.reason[~have] = "no published limit (NaN) at this mass"
    res.reason[have & ~usable] = (f"the published hypothesis ({'BF = ' + str(bf) if fs is None else fs}) gives "
                                  "a zero rate here: its limit says nothing about the coupling")
    if usable.any():
        idx = np.nonzero(usable)[0]
        sub = excluded_intervals(target_model or model_cls, process, mass[usable], sqrt_s=sqrt_s, alpha=alpha,
                                 cuts=cuts, **{ul_name: rate[usable]}, **target)
        for name in ("coupling", "sigma_ul", "sigma_per_coupling2", "branching_ratio", "reason", "notes"):
            getattr(res, name)[idx] = getattr(sub, name)
        for k, i in enumerate(idx):
            res.intervals[i] = sub.intervals[k]
        res.coupling_name = sub.coupling_name
    res.reason, res.notes = res.reason.astype(str), res.notes.astype(str)
    _warn_missing(res, stacklevel=3)
    return res if full_output else res.coupling


def _warn_missing(res, stacklevel):
    missing = np.isnan(res.coupling)
    if missing.any():
        counts = {r: int(np.sum(res.reason[missing] == r)) for r in np.unique(res.reason[missing])}
        warnings.warn("no coupling limit (NaN) at " + "; ".join(f"{c} mass(es): {r}" for r, c in counts.items()),
                      LimitWarning, stacklevel=stacklevel)
