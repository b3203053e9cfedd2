"""Model-independent conversion of upper limits into coupling upper limits.

For each mass m, solve   rate(m, g) * BF(m, g) [* P_decay(m, g)] = UL(m)
where rate = c(g)^2 * rate(m, c = 1) is the production cross section (e+e- processes, UL in fb) or
the production branching fraction (decays of SM particles such as B+ -> K+ S, UL on BF x BF), c the
coupling the production scales with, and BF may depend on g (e.g. a dark fermion chi with its own
fixed coupling). UL may also depend on the lifetime (a :class:`pheno.limitmap.LimitMap`).
What does not depend on g is computed once per mass (the unit rate, the power laws of the widths in g,
the decay paths); where rate x BF is one power of g the limit is its closed-form inverse; elsewhere the
root is bracketed on a logarithmic grid of g and refined (regula falsi with bisection safeguards, all
masses at once) to ~1e-14 in ln g (docs/physics.md X4).
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
from .decay import DecayPaths
from .limitfile import LimitTable, is_lifetime_map, read_limit_file
from .model import Model
from .validation import checked_array, checked_int

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


def _checked_final_state(final_state, bf):
    """The decay hypothesis: exactly one of final_state= (a channel or aggregate) and bf= (a number)."""
    if (final_state is None) == (bf is None):
        raise ValueError("give exactly one of final_state= (a channel or aggregate) or bf= (a number)")
    if bf is not None:
        bf = float(bf)
        if not 0.0 < bf <= 1.0:
            raise ValueError(f"bf must be in (0, 1], got {bf}")
    return bf


# the decay paths of a particle that never leaves the region: F = 1 at every finite c*tau (_always_inside)
_INSIDE = DecayPaths(np.array([0, 1], dtype=np.int64), np.array([1.0]), np.array([0.0]), np.array([np.inf]))
FIT_RTOL = 1e-12  # a power law in the coupling is used only where it reproduces the model to this precision
N_CHECK = 3  # interior couplings (between g_min and g_max) at which the power laws are checked
USE_POWER_LAWS = True  # False: evaluate the full model at every coupling (slow; the tests' cross-check)
_DERIVED = ("branching_ratio", "branching_ratios", "total_width", "ctau", "_ratios", "_total")


class _Rates:
    """rate(g) = |c_prod(g)|^2 x BF(g) and c*tau(g) for the masses of a chunk (rows) at any scanned coupling g.

    In pheno's models every piece is a power of the coupling, or a sum of powers: a partial width
    ~ g^2, a dark channel with its own fixed coupling ~ g^0, the production coupling of a scale ~ f^-1
    (Lambda^-2). So, per mass, the squared production coupling and each partial width (or, for a model
    that computes its BFs itself, the BF and the total width) are fitted as A (g/g_min)^p from the model
    at g_min and g_max; then BF = (sum of the final state's widths)/(sum of all) and c*tau = hbar c/total,
    as :class:`pheno.model.Model` computes them. A mass uses these power laws only if rate and c*tau
    agree with the model's own at :data:`N_CHECK` couplings inside the scan to :data:`FIT_RTOL`; the
    others are evaluated with the full model at every coupling (any coupling dependence; also all rows
    with ``USE_POWER_LAWS = False``). ``monomial``: rows where the rate is one power R0 (g/g_min)^e (BF
    independent of g) -- the converter then inverts it in closed form.
    """

    def __init__(self, model_cls, proc, coupling, final_state, bf, mass, fixed, g_min, g_max, need_ctau):
        self.model_cls, self.proc, self.coupling = model_cls, proc, coupling
        self.final_state, self.bf, self.mass, self.fixed = final_state, bf, mass, fixed
        self.need_ctau, self.g_ref = need_ctau, g_min
        n = mass.size
        lx = np.linspace(0.0, np.log(g_max / g_min), 2 + N_CHECK)
        lx = lx[[0, -1, *range(1, 1 + N_CHECK)]]  # fit at both ends, check inside
        model = self._model(np.arange(n)[:, None], g_min * np.exp(lx)[None, :])
        shape = (n, lx.size)
        c2 = np.broadcast_to(np.square(np.abs(model.production_coupling(proc))), shape)
        rate_model = c2 * (np.broadcast_to(model.branching_ratio(final_state), shape) if bf is None else bf)
        ctau_model = np.broadcast_to(model.ctau(), shape) if need_ctau else None
        from_widths = bf is None or need_ctau
        if from_widths and all(getattr(model_cls, f) is getattr(Model, f) for f in _DERIVED):
            widths = {k: np.broadcast_to(v, shape) for k, v in model.widths().items()}
            channels = list(widths)
            if final_state in widths:
                members = [final_state]
            else:
                members = [c for c in model_cls.AGGREGATES.get(final_state, ()) if c in widths]
            pieces = [widths[c] for c in channels]
            num = [channels.index(c) for c in members] if bf is None else None
            den = list(range(len(channels))) if bf is None else None
            tot = list(range(len(channels))) if need_ctau else None
        else:  # the model's own BF and total width, each one power law
            pieces, num, den, tot = [], None, None, None  # den None: the BF is its own power law
            if bf is None:
                pieces.append(np.broadcast_to(model.branching_ratio(final_state), shape))
                num = [0]
            if need_ctau:
                pieces.append(np.broadcast_to(model.total_width(), shape))
                tot = [len(pieces) - 1]
        coef_c2, self.q, ok = _power_fit(c2[:, :, None], lx)
        coef_c2, self.q = coef_c2[:, 0], self.q[:, 0]
        ok = ok[:, 0] & USE_POWER_LAWS
        if pieces:
            coef, power, fit_ok = _power_fit(np.stack(pieces, axis=-1), lx)
            ok &= fit_ok.all(axis=1)
        else:
            coef, power = np.zeros((n, 0)), np.zeros((n, 0))
        used = (coef != 0.0) & ok[:, None]
        if np.unique(power[used]).size > 8:  # more than a handful of powers: keep the rows with small integer ones
            ok &= np.all(~used | ((power == np.round(power)) & (np.abs(power) <= 8)), axis=1)
            used &= ok[:, None]
        self.exponents = np.unique(power[used])
        self.c2 = coef_c2
        self.num, self.den, self.tot = (self._group(coef, power, sel) for sel in (num, den, tot))
        # accept a row where the power laws reproduce the model at every test coupling
        rows = np.repeat(np.arange(n), lx.size)
        rate_fit, ctau_fit = self._fast(rows, np.tile(lx, n))
        ok &= _agree(rate_fit.reshape(shape), rate_model).all(axis=1)
        if need_ctau:
            ok &= _agree(ctau_fit.reshape(shape), ctau_model).all(axis=1)
        self.fast = ok
        # closed form: rate = R0 (g/g_min)^e with e != 0
        single = lambda m: (m is None) or (np.count_nonzero(m, axis=1) <= 1)  # noqa: E731
        e = self.q.copy()
        if bf is None:
            e = e + _only_power(self.num, self.exponents) - _only_power(self.den, self.exponents)
        self.rate0 = rate_fit.reshape(shape)[:, 0]
        self.exponent = e
        self.monomial = ok & single(self.num) & single(self.den) & ((e != 0.0) | (self.rate0 == 0.0))

    def _model(self, idx, g):
        params = {k: (v[idx] if np.ndim(v) else v) for k, v in self.fixed.items()}
        return self.model_cls(mass=self.mass[idx], **params, **{self.coupling: g})

    def _group(self, coef, power, sel):
        """Coefficients of the sum of the pieces ``sel`` per distinct exponent: (n, n_exponents)."""
        if sel is None:
            return None
        out = np.zeros((coef.shape[0], self.exponents.size))
        for j, p in enumerate(self.exponents):
            out[:, j] = np.sum(np.where(power[:, sel] == p, coef[:, sel], 0.0), axis=1)
        return out

    def _fast_bf(self, idx, powers):
        if self.bf is not None:
            return np.full(idx.shape, self.bf)
        num = np.sum(self.num[idx] * powers, axis=1)
        if self.den is None:  # the model's own BF, one power law
            return num
        den = np.sum(self.den[idx] * powers, axis=1)
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)

    def _fast(self, idx, lx):
        """(rate, c*tau) from the power laws at rows ``idx`` and ln(g/g_min) = ``lx`` (1-D, equal length)."""
        with np.errstate(over="ignore", invalid="ignore"):
            powers = np.exp(lx[:, None] * self.exponents[None, :])
            rate = self.c2[idx] * np.exp(self.q[idx] * lx) * self._fast_bf(idx, powers)
            ctau = None
            if self.need_ctau:
                total = np.sum(self.tot[idx] * powers, axis=1)
                ctau = np.where(total > 0, C.HBARC_GEV_M / np.where(total > 0, total, 1.0), np.inf)
        return rate, ctau

    def on_grid(self, rows, g):
        """(rate, c*tau) at every row in ``rows`` and every coupling in ``g`` (1-D): (rows.size, g.size)
        arrays, the power laws as matrix products; c*tau None unless needed."""
        lx = np.log(np.asarray(g, dtype=float) / self.g_ref)
        rate = np.empty((rows.size, lx.size))
        ctau = np.empty((rows.size, lx.size)) if self.need_ctau else None
        fast = self.fast[rows]
        if fast.any():
            f = rows[fast]
            with np.errstate(over="ignore", invalid="ignore"):
                powers = np.exp(np.outer(self.exponents, lx))  # (n_exponents, n_g)
                c2 = self.c2[f, None] * np.exp(self.q[f, None] * lx[None, :])
                if self.bf is not None:
                    bf = self.bf
                elif self.den is None:
                    bf = self.num[f] @ powers
                else:
                    num, den = self.num[f] @ powers, self.den[f] @ powers
                    bf = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
                rate[fast] = c2 * bf
                if ctau is not None:
                    total = self.tot[f] @ powers
                    ctau[fast] = np.where(total > 0, C.HBARC_GEV_M / np.where(total > 0, total, 1.0), np.inf)
        if not fast.all():
            r, t = self(rows[~fast][:, None], np.asarray(g, dtype=float)[None, :])
            rate[~fast] = r
            if ctau is not None:
                ctau[~fast] = t
        return rate, ctau

    def __call__(self, idx, g):
        """(rate, c*tau) at rows ``idx`` and couplings ``g`` (broadcast); c*tau None unless needed."""
        idx, g = np.broadcast_arrays(np.asarray(idx), np.asarray(g, dtype=float))
        shape, idx, g = idx.shape, idx.ravel(), g.ravel()
        rate, ctau = np.empty(idx.size), (np.empty(idx.size) if self.need_ctau else None)
        fast = self.fast[idx]
        if fast.any():
            r, t = self._fast(idx[fast], np.log(g[fast] / self.g_ref))
            rate[fast] = r
            if ctau is not None:
                ctau[fast] = t
        if not fast.all():
            slow = ~fast
            model = self._model(idx[slow], g[slow])
            bf = model.branching_ratio(self.final_state) if self.bf is None else self.bf
            rate[slow] = np.square(np.abs(model.production_coupling(self.proc))) * bf
            if ctau is not None:
                ctau[slow] = model.ctau()
        return rate.reshape(shape), (None if ctau is None else ctau.reshape(shape))

    def branching_ratio(self, idx, g):
        """BF(final state) at rows ``idx`` and couplings ``g`` (1-D, equal length)."""
        if self.bf is not None:
            return np.full(np.shape(idx), self.bf)
        out = np.empty(np.shape(idx))
        fast = self.fast[idx]
        if fast.any():
            with np.errstate(over="ignore", invalid="ignore"):
                powers = np.exp(np.log(g[fast] / self.g_ref)[:, None] * self.exponents[None, :])
                out[fast] = self._fast_bf(idx[fast], powers)
        if not fast.all():
            out[~fast] = self._model(idx[~fast], g[~fast]).branching_ratio(self.final_state)
        return out


def _power_fit(values, lx):
    """Per row and piece, (A, p, ok) with values = A exp(p lx) at lx[0] = 0 and lx[1] (the two fit
    points); ok where the two values are finite and zero together or of one sign. Exponents within
    1e-9 of an integer are taken as that integer."""
    v0, v1 = values[:, 0], values[:, 1]
    zero = (v0 == 0.0) & (v1 == 0.0)
    ok = np.isfinite(v0) & np.isfinite(v1) & (zero | ((v0 != 0.0) & (np.sign(v0) == np.sign(v1))))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(zero | ~ok, 0.0, np.log(np.where(ok & ~zero, v1 / v0, 1.0)) / lx[1])
    p = np.where(np.abs(p - np.round(p)) < 1e-9, np.round(p), p)
    return np.where(ok, v0, 0.0), p, ok


def _agree(fit, model):
    """Elementwise: equal to FIT_RTOL (relative), equal zeros and equal infinities."""
    with np.errstate(invalid="ignore"):
        same = np.abs(fit - model) <= FIT_RTOL * np.abs(model)
    return same | (fit == model)


def _only_power(coef, exponents):
    """The exponent of the single non-zero column per row (0 where none; 0 for no coefficients)."""
    if coef is None:
        return 0.0
    nz = coef != 0.0
    if not exponents.size:
        return np.zeros(coef.shape[0])
    return np.where(nz.any(axis=1), exponents[np.argmax(nz, axis=1)], 0.0)


def _unit_rate(proc, unit, sqrt_s, alpha, cuts):
    """The process's rate at unit production coupling: sigma [fb] (e+e- processes) or a BF (decays)."""
    if getattr(proc, "quantity", "sigma") == "bf":  # sqrt_s and alpha do not enter a BF
        if cuts is not None:
            raise ValueError(f"{proc.name}: cuts are not supported for production in {proc.parent} decays")
        return proc.branching_ratio_per_coupling2(unit)
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


def read_limit_source(path, mass_column=None, limit_column=None, table=None, observed=None, expected=True,
                      mass_bins=None):
    """Any limit file pheno reads, recognised from its content: a HEPData table or submission
    (:func:`pheno.hepdata.read_hepdata`, with ``table``, ``observed``, ``expected``, ``mass_bins``), a lifetime
    map (the ``<limit>_at_<lifetime>=<value>`` header, :class:`~pheno.limitmap.LimitMap`), or pheno's CSV
    layout (:func:`~pheno.limitfile.read_limit_file`, with ``mass_column``, ``limit_column``)."""
    from .hepdata import is_hepdata, read_hepdata
    from .limitmap import LimitMap

    if is_hepdata(path):
        if mass_column or limit_column:
            raise ValueError("mass_column/limit_column choose columns of pheno's CSV layout; for HEPData choose the "
                             "observed limit with observed= (CLI --observed) and the table with table= (--table)")
        return read_hepdata(path, table=table, observed=observed, expected=expected, mass_bins=mass_bins)
    if is_lifetime_map(path):
        if mass_column or limit_column:
            raise ValueError("mass_column/limit_column: a lifetime map has fixed columns (mass first, then "
                             "<limit>_at_<lifetime>=<value>)")
        return LimitMap.from_csv(path)
    return read_limit_file(path, mass_column=mass_column, limit_column=limit_column)


def _checked_scan(coupling, model_cls, g_min, g_max, n_grid):
    for name, v in (("g_min", g_min), ("g_max", g_max)):
        if isinstance(v, (bool, str, complex, np.bool_)) or not np.isscalar(v):
            raise ValueError(f"{name} must be a number, got {v!r}")
        if not (np.isfinite(v) and v > 0):
            raise ValueError(f"{name} must be a finite number > 0, got {v!r}")
    if not g_min < g_max:
        raise ValueError(f"need g_min < g_max, got g_min = {g_min!r}, g_max = {g_max!r}")
    checked_int("n_grid", n_grid, lo=2)
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
    of ln(rate x BF/UL) is refined in ln g (to 1e-14); where rate x BF is one power of the coupling
    (BF independent of it, no decay requirement, no lifetime map) the limit is solved in closed form
    (docs/physics.md X4). g_max defaults to the
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
    bf = _checked_final_state(final_state, bf)
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
    """The conversion for a chunk of masses: every limit in ``limits`` (observed, expected bands).

    What does not depend on the coupling is computed once per mass: the production rate at unit
    coupling, the c*tau-independent part of the decay fractions (:class:`pheno.decay.DecayPaths`) and
    the coupling dependence of the rate and of c*tau (:class:`_Rates`). Where rate x BF is one power of
    the coupling (no decay requirement, no lifetime map) the limit is its closed-form inverse; elsewhere
    the sign changes of ln(rate x BF x P/UL) on the log grid of couplings are refined together
    (:func:`_refine`).
    """
    n = mass.size
    limit_at_mass = limits["observed"]
    reason = np.full(n, "", dtype=object)
    notes = np.full(n, "", dtype=object)
    outside = ~np.isfinite(limit_at_mass)
    reason[outside] = ("mass outside the mass range of the limit map" if lifetime_map is not None
                       else "mass outside the tabulated range of the limit")
    at_mass = np.where(outside, 1.0, mass)
    unit = model_cls(mass=at_mass, **fixed, **{coupling: 1.0})
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
    solvable = reason == ""
    rates = _Rates(model_cls, proc, coupling, final_state, bf, at_mass, fixed, g_min, g_max,
                   need_ctau=fiducial is not None or lifetime_map is not None)

    lng = np.linspace(np.log(g_min), np.log(g_max), n_grid)
    closed_form = solvable & rates.monomial & (fiducial is None) & (lifetime_map is None)
    on_grid = np.nonzero(solvable & ~closed_form)[0]
    width = n_grid if on_grid.size else 0  # no grid for closed-form masses
    K = np.zeros((n, width))  # sigma_1 x rate on the grid (no decay fraction)
    ctau = np.full((n, width), np.inf)
    if on_grid.size:
        r, t = rates.on_grid(on_grid, np.exp(lng))
        K[on_grid] = sig1[on_grid, None] * r
        if t is not None:
            ctau[on_grid] = t
    paths = None
    if fiducial is not None:  # decay in the fiducial volume: the c*tau-independent part, once per mass
        prompt = _always_inside(fiducial, K, ctau, limits, at_mass, sqrt_s, cuts) & solvable
        paths = DecayPaths.stack([
            _INSIDE if prompt[i] else
            proc.decay_sample(unit.replace(mass=mass[i]), sqrt_s, cuts).paths(fiducial) if solvable[i] else None
            for i in range(n)])
    log_ul_map = None
    if lifetime_map is not None:
        with np.errstate(divide="ignore"):
            log_ul_map = np.log(lifetime_map(mass[:, None], ctau))
    fraction = np.full((n, width), np.nan) if paths is not None else None  # decay fractions on the grid, as needed

    def grid_fraction(r, j):
        todo = np.isnan(fraction[r, j])
        if todo.any():
            fraction[r[todo], j[todo]] = paths.fraction(ctau[r[todo], j[todo]], rows=r[todo])
        return fraction[r, j]

    def excess(idx, lg, log_limit):  # ln(sigma_1 rate P / UL); -inf where the rate vanishes, NaN outside a map
        rate, ct = rates(idx, np.exp(lg))
        if paths is not None:
            rate = rate * paths.fraction(ct, rows=idx)
        if lifetime_map is None:
            log_ul = log_limit[idx]
        else:
            with np.errstate(divide="ignore"):
                log_ul = np.log(lifetime_map(mass[idx], ct))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(sig1[idx] * rate) - log_ul

    def above_with_decays(rows, log_limit):
        """(K P >= UL) on the grid for ``rows``, evaluating P only where the bound P <= max_fraction cannot
        decide, and by bisection over the grid where K P is monotonic (all paths start inside the region,
        so P falls with c*tau; K and c*tau monotonic along the grid)."""
        out = np.zeros((rows.size, n_grid), dtype=bool)
        k, ct, lim = K[rows], ctau[rows], log_limit[rows]
        with np.errstate(divide="ignore"):
            need = np.log(k * (paths.max_fraction()[rows] * (1.0 + 1e-12))[:, None]) >= lim[:, None]
        inside = paths.starts_inside()[rows]
        up = inside & np.all(k[:, 1:] >= k[:, :-1], axis=1) & np.all(ct[:, 1:] <= ct[:, :-1], axis=1)
        down = inside & ~up & np.all(k[:, 1:] <= k[:, :-1], axis=1) & np.all(ct[:, 1:] >= ct[:, :-1], axis=1)

        def passes(sub, j):
            with np.errstate(divide="ignore"):
                return np.log(k[sub, j] * grid_fraction(rows[sub], j)) >= lim[sub]

        for monotone, order in ((up, np.arange(n_grid)), (down, np.arange(n_grid)[::-1])):
            sub = np.nonzero(monotone & need.any(axis=1))[0]
            if not sub.size:
                continue
            needed = need[sub][:, order]  # a suffix in this order
            lo, hi = np.argmax(needed, axis=1), np.full(sub.size, n_grid)
            while np.any(lo < hi):  # first position (in ``order``) where K P >= UL; n_grid if none
                act = np.nonzero(lo < hi)[0]
                mid = (lo[act] + hi[act]) // 2
                ok = passes(sub[act], order[mid])
                hi[act] = np.where(ok, mid, hi[act])
                lo[act] = np.where(ok, lo[act], mid + 1)
            out[sub[:, None], order[None, :]] = np.arange(n_grid)[None, :] >= lo[:, None]
        other = np.nonzero(~up & ~down)[0]
        ri, j = np.nonzero(need[other])
        out[other[ri], j] = passes(other[ri], j)
        return out

    def solve(limit_values):
        """One limit curve: (ends[n, 2], excluded anywhere[n], crossings) with ends = excluded at g_min and
        at g_max, and crossings = (row, excluded just below, coupling) of every crossing, sorted by row."""
        finite = np.isfinite(limit_values)
        log_limit = np.log(np.where(finite, limit_values, 1.0))
        ends, anywhere = np.zeros((n, 2), dtype=bool), np.zeros(n, dtype=bool)
        exact = np.nonzero(closed_form & finite)[0]  # rate0 (g/g_min)^e = UL at ln g = l_star: one crossing at most
        with np.errstate(divide="ignore", invalid="ignore"):
            r0, e = sig1[exact] * rates.rate0[exact], rates.exponent[exact]
            l_star = np.where(r0 > 0, np.log(g_min) + (log_limit[exact] - np.log(r0)) / e, np.nan)
        rising = e > 0
        for k, lg in enumerate((lng[0], lng[-1])):
            ends[exact, k] = np.where(rising, lg >= l_star, lg <= l_star)
        anywhere[exact] = ends[exact].any(axis=1)
        cross = ends[exact, 0] != ends[exact, 1]
        bi, lo_above, roots = exact[cross], ends[exact[cross], 0], np.exp(l_star[cross])
        rows = on_grid[finite[on_grid]]
        if rows.size:
            with np.errstate(divide="ignore", invalid="ignore"):
                if paths is not None:
                    above = above_with_decays(rows, log_limit)
                    grid_excess = np.log(K[rows] * fraction[rows]) - log_limit[rows, None]  # NaN: P not computed
                else:
                    grid_excess = np.log(K[rows]) - (log_ul_map[rows] if lifetime_map is not None
                                                     else log_limit[rows, None])
                    above = grid_excess >= 0
            ends[rows] = above[:, [0, -1]]
            anywhere[rows] = above.any(axis=1)
            r, j = np.nonzero(np.diff(above.astype(np.int8), axis=1))
            refined = _refine(lambda i, lg: excess(i, lg, log_limit), rows[r], lng[j], lng[j + 1], above[r, j],
                              grid_excess[r, j], grid_excess[r, j + 1])
            bi, lo_above, roots = np.r_[bi, rows[r]], np.r_[lo_above, above[r, j]], np.r_[roots, refined]
        order = np.argsort(bi, kind="stable")
        return ends, anywhere, (bi[order], lo_above[order], roots[order])

    def first_limit(ends, anywhere, crossings):
        """Smallest excluded coupling per mass (NaN where none or excluded down to g_min); for a scale the
        largest excluded value (NaN where none or excluded up to the end of the scan)."""
        bi, _, roots = crossings
        first = np.full(n, np.nan)
        if roots.size:
            ub, start = np.unique(bi, return_index=True)
            first[ub] = roots[np.r_[start[1:], bi.size] - 1] if scale else roots[start]
        first[(ends[:, 1] if scale else ends[:, 0]) | ~anywhere] = np.nan
        return first

    ends, anywhere, crossings = solve(limit_at_mass)
    bi, lo_above, roots = crossings
    if lifetime_map is not None and roots.size:  # an edge where the map ends (c*tau outside it) is not a crossing
        beside = np.log(roots) + np.where(lo_above, 1e-9, -1e-9)  # just on the non-excluded side
        at_map_edge = ~np.isfinite(excess(bi, beside, None))
        for i in np.unique(bi[at_map_edge]):
            notes[i] = (f"an excluded interval ends where the model's c*tau leaves the map's range "
                        f"[{lifetime_map.ctau_range[0]:.3g}, {lifetime_map.ctau_range[1]:.3g}] m (no extrapolation)")

    limit = first_limit(ends, anywhere, crossings)
    none_above = ~anywhere & (reason == "")
    if none_above.any():
        has_rate = closed_form & (sig1 * rates.rate0 > 0)
        positive = K[on_grid] > 0
        if paths is not None:
            positive &= paths.can_decay(on_grid[:, None], ctau[on_grid])
        has_rate[on_grid] = positive.any(axis=1)
        for i in np.nonzero(none_above)[0]:
            if not has_rate[i]:
                reason[i] = "final state closed (BF = 0)"
            elif lifetime_map is not None and np.all(np.isnan(log_ul_map[i])):
                reason[i] = (f"the model's c*tau stays outside the map's range [{lifetime_map.ctau_range[0]:.3g}, "
                             f"{lifetime_map.ctau_range[1]:.3g}] m for all couplings scanned")
            elif scale:
                reason[i] = f"no {coupling} in the scanned [{g_min:.3g}, {g_max:.3g}] GeV reaches the limit"
            else:
                reason[i] = f"no coupling up to g_max = {g_max:.3g} reaches the limit"
    if scale:
        reason[ends[:, 1] & (reason == "")] = f"excluded up to the end of the scan, {coupling} = {g_max:g} GeV"
    else:
        reason[ends[:, 0] & (reason == "")] = f"excluded down to g_min = {g_min:g}"
    split = np.searchsorted(bi, np.arange(n + 1)).tolist()
    roots_list, at_min, at_max = roots.tolist(), ends[:, 0].tolist(), ends[:, 1].tolist()
    intervals = []
    for i, excluded in enumerate(anywhere.tolist()):
        edges = ([g_min] if at_min[i] else []) + roots_list[split[i]:split[i + 1]] + ([g_max] if at_max[i] else [])
        intervals.append(list(zip(edges[0::2], edges[1::2])) if excluded else [])

    found = np.nonzero(np.isfinite(limit))[0]
    bf_at = np.full(n, np.nan)
    ul_at = np.where(outside, np.nan, limit_at_mass)
    if found.size:
        bf_at[found] = rates.branching_ratio(found, limit[found])
        if lifetime_map is not None:
            ul_at[found] = lifetime_map(mass[found], rates(found, limit[found])[1])
    expected = {}
    for band, values in limits.items():
        if band != "observed":
            expected[band] = first_limit(*solve(values))
    return dict(coupling=limit, sigma_per_coupling2=sig1, branching_ratio=bf_at, ul_at=ul_at, reason=reason,
                notes=notes, intervals=intervals, expected=expected)


def _always_inside(region, K, ctau, limits, mass, sqrt_s, cuts):
    """Per mass: the decay fraction is 1 (to double precision) wherever the converter may evaluate it.

    A region around the origin is left no closer than d = ``region.min_exit_distance()``. X carries at most
    the lab energy of the beams, gamma sqrt(s), so beta gamma <= (gamma^2 s - m^2)^(1/2)/m, and every decay
    length is below d/40 when c*tau beta gamma_max < d/40: each node's 1 - exp(-span/c*tau) is then 1
    in double precision (exp(-40) = 4e-18; pheno.decay_sums), and F = the sum of the normalised weights.
    The converter evaluates F only at grid couplings where sigma_1 rate reaches the smallest limit of
    ``limits`` (F <= 1 decides the others) and inside the grid cells next to them; where c*tau is
    monotonic along the grid and below the bound at all of these, the production sample is not needed.
    """
    d_exit = getattr(region, "min_exit_distance", lambda: 0.0)()
    if d_exit <= 0.0 or K.shape[1] == 0:
        return np.zeros(K.shape[0], dtype=bool)
    beams = [(C.E_BEAM_ELECTRON, C.E_BEAM_POSITRON)] + ([(cuts.e_minus, cuts.e_plus)] if cuts is not None else [])
    gamma = max((em + ep) / (2.0 * np.sqrt(em * ep)) for em, ep in beams)
    bg_max = np.sqrt(np.maximum((gamma * sqrt_s) ** 2 - mass**2, 0.0)) / mass
    ul_min = np.fmin.reduce(np.stack([np.where(np.isfinite(v), v, np.nan) for v in limits.values()]), axis=0)
    need = K >= ul_min[:, None]
    near = need.copy()
    near[:, 1:] |= need[:, :-1]
    near[:, :-1] |= need[:, 1:]
    ct_max = np.max(np.where(near, ctau, 0.0), axis=1)
    monotone = np.all(ctau[:, 1:] <= ctau[:, :-1], axis=1) | np.all(ctau[:, 1:] >= ctau[:, :-1], axis=1)
    return monotone & (40.0 * bg_max * ct_max < d_exit)


def _refine(excess, bi, lo, hi, lo_above, f_lo=None, f_hi=None, max_iter=200):
    """Roots of excess(bi, ln g) = 0 in the brackets [lo, hi] (ln g) found on the grid, where the test
    excess >= 0 holds at lo iff ``lo_above`` and not at hi; all brackets together (vectorised).

    Regula falsi with the Illinois modification (the end kept twice in a row has its value halved;
    Dowell and Jarratt, BIT 11 (1971) 168: superlinear for a smooth excess) on finite values, and a
    bisection step where a value is not finite (the rate vanishes: -inf; c*tau outside a lifetime
    map: NaN), where the point would leave the bracket, or where the bracket did not halve over the
    last two steps; every point keeps half the tolerance from both ends, so that a root next to an end
    closes the bracket. A bracket is done when narrower than 1e-14 in ln g (4 ulps where |ln g| is
    large): the root to ~1e-14 relative. ``f_lo``, ``f_hi``: excess at the ends where known (NaN:
    evaluate). Returns exp of the mid-points."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    f_lo, f_hi = (np.full(bi.size, np.nan) if f is None else np.array(f, dtype=float) for f in (f_lo, f_hi))
    for f, x in ((f_lo, lo), (f_hi, hi)):
        missing = np.isnan(f)
        if missing.any():
            f[missing] = excess(bi[missing], x[missing])
    tol = np.maximum(1e-14, 4.0 * np.spacing(np.maximum(np.abs(lo), np.abs(hi))))
    kept = np.zeros(bi.size, dtype=np.int8)  # end kept by the last step: -1 lo, +1 hi
    width_2, width_1 = np.full(bi.size, np.inf), np.full(bi.size, np.inf)  # bracket widths 2 and 1 steps ago
    for _ in range(max_iter):
        act = np.nonzero(hi - lo > tol)[0]
        if not act.size:
            break
        a, b, fa, fb = lo[act], hi[act], f_lo[act], f_hi[act]
        stalled = (b - a) > 0.5 * width_2[act]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            t = fa / (fa - fb)  # where the secant crosses 0, as a fraction of the bracket
        use = np.isfinite(fa) & np.isfinite(fb) & (t >= 0.0) & (t <= 1.0) & ~stalled
        x = np.where(use, a + t * (b - a), 0.5 * (a + b))
        step = 0.5 * tol[act]  # at least this far from both ends: a root next to an end closes the bracket
        x = np.clip(x, a + step, b - step)
        fx = excess(bi[act], x)
        with np.errstate(invalid="ignore"):
            to_lo = (fx >= 0) == lo_above[act]  # x is on the side of lo: it becomes the new lo
        f_new_lo, f_new_hi = np.where(to_lo, fx, fa), np.where(to_lo, fb, fx)
        k = kept[act]
        f_new_hi = np.where(to_lo & (k == 1), 0.5 * f_new_hi, f_new_hi)
        f_new_lo = np.where(~to_lo & (k == -1), 0.5 * f_new_lo, f_new_lo)
        kept[act] = np.where(to_lo, 1, -1)
        root = fx == 0.0
        width_2[act], width_1[act] = width_1[act], b - a
        lo[act] = np.where(to_lo | root, x, a)
        hi[act] = np.where(to_lo & ~root, b, x)
        f_lo[act], f_hi[act] = f_new_lo, f_new_hi
    return np.exp(0.5 * (lo + hi))


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
