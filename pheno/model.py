"""Base class of every pheno model: validated, broadcast parameters; widths -> BFs, c*tau;
production cross sections through the shared process classes; (g-2)."""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from . import constants as C
from .production import Cuts, canonical_process
from .validation import MAGNITUDE_MAX, MASS_MIN_GEV, checked_array


def check_array(name: str, value, *, positive: bool = False, allow_zero: bool = True) -> np.ndarray:
    """Float array from ``value``; ValueError naming ``name`` for NaN/inf, a wrong sign or a magnitude
    outside pheno's range (pheno.validation: masses >= 1e-30 GeV, |couplings| <= 1e30)."""
    if not positive:
        a = checked_array(name, value)
        if np.any(np.abs(a) > MAGNITUDE_MAX):
            raise ValueError(f"{name} must be a finite number with |{name}| <= {MAGNITUDE_MAX:g}, got "
                             f"{float(a[np.abs(a) > MAGNITUDE_MAX].ravel()[0])!r}")
        return a
    if not allow_zero:  # a mass
        return checked_array(name, value, lo=MASS_MIN_GEV, hi=MAGNITUDE_MAX,
                             what=f"a finite mass in [{MASS_MIN_GEV:g}, {MAGNITUDE_MAX:g}] GeV (> 0)")
    return checked_array(name, value, lo=0.0, hi=MAGNITUDE_MAX, what=f">= 0 and <= {MAGNITUDE_MAX:g}")


class Model:
    """Common mechanics. Subclasses declare

    * ``PARAMETERS``: {name: (kind, default)} with kind "mass" (> 0, GeV), "mass_or_zero" (>= 0, GeV:
      a massless particle is physical, e.g. an ALP or a dark-matter fermion), "coupling" (>= 0),
      "optional_mass" / "optional_coupling" (None or >= 0), "real" (any finite number), a tuple
      of allowed strings (a choice, not broadcast), or "object" (any Python object, e.g. a set of
      form factors: stored as given, not broadcast; the model validates it);
    * ``COUPLING``: the coupling that production cross sections scale with (as its square);
    * ``PROCESSES``: {process name: process object with ``sigma_per_coupling2``};
    * ``AGGREGATES``: {aggregate name: tuple of channels}, e.g. "invisible";
    * :meth:`widths` returning {channel: width in GeV};
    * optionally ``SYMBOLS`` {parameter: LaTeX symbol} and ``UNITS`` {parameter: unit} for plots and
      HEPData export (defaults: "mass" -> m with the produced particle as subscript, in GeV; other
      names typeset from the parameter name, e.g. "epsilon" -> \\varepsilon, "g_agg" -> g_{agg};
      couplings dimensionless). Units are plain text such as "GeV^-1".
    """

    PARAMETERS: ClassVar[dict[str, tuple[str, object]]] = {}
    COUPLING: ClassVar[str] = ""
    PROCESSES: ClassVar[dict] = {}
    AGGREGATES: ClassVar[dict[str, tuple[str, ...]]] = {}
    COUPLING_MAX: ClassVar[dict[str, float]] = {}  # limit-scan upper ends (perturbativity), default sqrt(4 pi)
    # parameters that are scales (the rate falls as they grow: f, Lambda) with the converter's scan range
    # (lo, hi) in GeV; a limit on them is a lower limit (pheno.limits)
    SCALES: ClassVar[dict[str, tuple[float, float]]] = {}
    DEFAULT_FIDUCIAL: ClassVar[object] = None  # decay volume the limit converter requires by default
    SYMBOLS: ClassVar[dict[str, str]] = {}  # parameter -> LaTeX symbol (no $), e.g. {"mass": "m_{Z'}", "g": "g'"}
    UNITS: ClassVar[dict[str, str]] = {}  # parameter -> plain-text unit where not the default, e.g. {"g_agg": "GeV^-1"}

    def __init__(self, **params):
        unknown = set(params) - set(self.PARAMETERS)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown parameter(s) {sorted(unknown)}; "
                            f"valid: {list(self.PARAMETERS)}")
        values = {}
        self._choices = {}
        for name, (kind, default) in self.PARAMETERS.items():
            v = params.get(name, default)
            if isinstance(kind, tuple) or kind == "object":  # a choice (e.g. chi in ("dirac", "scalar")) or an object
                if kind != "object" and v not in kind:
                    raise ValueError(f"{type(self).__name__}: {name} must be one of {kind}, got {v!r}")
                self._choices[name] = v
                setattr(self, name, v)
                continue
            if v is None:
                if not kind.startswith("optional_"):
                    raise TypeError(f"{type(self).__name__}: missing parameter {name!r}")
                values[name] = None
                continue
            if kind == "mass":
                values[name] = check_array(name, v, positive=True, allow_zero=False)
            elif kind in ("coupling", "optional_mass", "optional_coupling", "mass_or_zero"):
                values[name] = check_array(name, v, positive=True, allow_zero=True)
            else:
                values[name] = check_array(name, v)
        arrays = [a for a in values.values() if a is not None]
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays))
        except ValueError:
            raise ValueError(f"{type(self).__name__}: parameter arrays do not broadcast: "
                             f"{ {k: np.shape(v) for k, v in values.items() if v is not None} }") from None
        self.shape = shape
        self._params = values
        for k, v in values.items():
            setattr(self, k, v)

    # ------------------------------------------------------------------ parameters
    @property
    def params(self) -> dict:
        return dict(self._params)

    def replace(self, **changes) -> "Model":
        """A copy with some parameters changed."""
        new = {k: v for k, v in self._params.items() if v is not None}
        new.update(self._choices)
        new.update(changes)
        return type(self)(**new)

    def __repr__(self) -> str:
        def fmt(v):
            return "None" if v is None else (f"{float(v):g}" if np.ndim(v) == 0 else f"array{np.shape(v)}")
        items = [f"{k}={fmt(v)}" for k, v in self._params.items()] + [f"{k}={v!r}" for k, v in self._choices.items()]
        return f"{type(self).__name__}(" + ", ".join(items) + ")"

    # ------------------------------------------------------------------ symbols and units (plots, HEPData)
    @classmethod
    def produced_particle(cls) -> str | None:
        """The new particle every production process makes (e.g. "Z'"), None if they differ or none say."""
        names = {getattr(p, "particle", None) for p in cls.PROCESSES.values()}
        return names.pop() if len(names) == 1 and None not in names else None

    @classmethod
    def symbol(cls, name: str | None = None) -> str:
        """LaTeX symbol (without $) of parameter ``name`` (default: the model's COUPLING).

        Declared in ``SYMBOLS``; otherwise "mass" -> m_{<produced particle>} and other names are
        typeset from the name (greek letters spelled out become symbols).

        >>> from pheno.models import LmuLtau
        >>> LmuLtau.symbol(), LmuLtau.symbol("mass")
        ("g'", "m_{Z'}")
        """
        name = name or cls.COUPLING
        if name in cls.SYMBOLS:
            return cls.SYMBOLS[name]
        if name not in cls.PARAMETERS:
            raise ValueError(f"{cls.__name__} has no parameter {name!r}; valid: {list(cls.PARAMETERS)}")
        if name == "mass":
            particle = cls.produced_particle()
            return f"m_{{{particle}}}" if particle else "m"
        head, _, sub = name.partition("_")
        return _latex_name(head) + (f"_{{{_latex_name(sub)}}}" if sub else "")

    @classmethod
    def unit(cls, name: str | None = None) -> str:
        """Plain-text unit of parameter ``name`` ("" if dimensionless): ``UNITS``, else GeV for masses."""
        name = name or cls.COUPLING
        if name in cls.UNITS:
            return cls.UNITS[name]
        kind = cls.PARAMETERS.get(name, ("",))[0]
        return "GeV" if kind in ("mass", "optional_mass") else ""

    @classmethod
    def axis_label(cls, name: str | None = None) -> str:
        """Matplotlib axis label: symbol and unit, e.g. ``$g_{a\\gamma\\gamma}$ [GeV$^{-1}$]``.

        >>> from pheno.models import ALP
        >>> print(ALP.axis_label())
        $g_{a\\gamma\\gamma}$ [GeV$^{-1}$]
        """
        unit = cls.unit(name)
        label = f"${cls.symbol(name)}$"
        return f"{label} [{latex_unit(unit)}]" if unit else label

    # ------------------------------------------------------------------ decays
    def widths(self) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def total_width(self) -> np.ndarray:
        """Sum of the partial widths [GeV]."""
        return self._total(self.widths())

    def _total(self, widths: dict) -> np.ndarray:
        return sum(np.broadcast_to(w, self.shape) for w in widths.values())

    def branching_ratio(self, channel: str) -> np.ndarray:
        """BF of a decay channel or aggregate ("invisible", "visible", ...); 0 when nothing is open."""
        widths = self.widths()
        return self._ratios(widths, self._total(widths), [channel])[channel]

    def branching_ratios(self) -> dict[str, np.ndarray]:
        """BFs of every channel and aggregate, from a single evaluation of the widths."""
        widths = self.widths()
        return self._ratios(widths, self._total(widths), list(widths) + list(self.AGGREGATES))

    def _ratios(self, widths: dict, total: np.ndarray, channels) -> dict[str, np.ndarray]:
        out = {}
        open_ = total > 0
        safe = np.where(open_, total, 1.0)
        for channel in channels:
            if channel in widths:
                part = widths[channel]
            elif channel in self.AGGREGATES:
                part = sum(widths[c] for c in self.AGGREGATES[channel] if c in widths)
            else:
                raise ValueError(f"unknown channel {channel!r} for {type(self).__name__}; valid: "
                                 f"{list(widths) + list(self.AGGREGATES)}")
            out[channel] = np.where(open_, np.broadcast_to(part, self.shape) / safe, 0.0)  # 0 where all closed
        return out

    def ctau(self) -> np.ndarray:
        """Proper decay length c*tau in metres (inf for a stable particle)."""
        total = self.total_width()
        with np.errstate(divide="ignore"):
            return np.where(total > 0, C.HBARC_GEV_M / np.where(total > 0, total, 1.0), np.inf)

    # ------------------------------------------------------------------ production
    @classmethod
    def process(cls, name: str):
        key = canonical_process(name)
        for proc in cls.PROCESSES.values():
            if key in (canonical_process(proc.name), *map(canonical_process, proc.aliases)):
                return proc
        raise ValueError(f"unknown process {name!r} for {cls.__name__}; valid: {list(cls.PROCESSES)}")

    def production_coupling(self, process) -> np.ndarray:
        """The coupling of the produced particle in ``process`` (default: COUPLING)."""
        return getattr(self, self.COUPLING)

    def cross_section(self, process: str, sqrt_s: float = C.SQRT_S_BELLE2, alpha=None,
                      cuts: Cuts | None = None, return_error: bool = False, **options):
        """Born cross section in fb (see :mod:`pheno.production` for what Born excludes).

        alpha: "running", "0", or a number; None takes the process default, stated in its docstring
        (alpha(s) for an s-channel photon as in e+e- -> gamma* -> l+l-X; alpha(0) for real photons
        and for couplings defined with alpha(0), as in e+e- -> gamma A').
        With cuts that need the full kinematics the result is a quasi-Monte Carlo estimate;
        ``return_error=True`` returns (value, integration error).
        ``rtol=`` (an option of every process): relative precision of the integration. Default
        1e-6 for the quadratures (total rates, CM-momentum or two-body angular cuts, photon
        fusion); 1e-3 as the relative standard error of the quasi-Monte Carlo route (lepton cuts
        in angle, p_T or the lab frame), where 1e-6 would cost ~1e6 times more.
        """
        proc = self.process(process)
        if getattr(proc, "quantity", "sigma") != "sigma":
            raise ValueError(f"{proc.name!r} is a decay of {proc.parent}, not an e+e- process: "
                             "use production_branching_ratio()")
        sqrt_s = check_array("sqrt_s", sqrt_s, positive=True, allow_zero=False)
        if sqrt_s.ndim:
            raise ValueError("sqrt_s must be a single number")
        if cuts is not None and not isinstance(cuts, Cuts):
            raise TypeError("cuts must be a pheno.Cuts instance")
        alpha = proc.default_alpha if alpha is None else alpha
        per_c2 = proc.sigma_per_coupling2(self, float(sqrt_s), alpha=alpha, cuts=cuts, **options)
        c2 = np.square(np.broadcast_to(self.production_coupling(proc), self.shape))
        value, error = c2 * per_c2.value, c2 * per_c2.error
        return (value, error) if return_error else value

    def production_branching_ratio(self, process: str) -> np.ndarray:
        """BF of a Standard-Model decay that produces the particle, e.g. ``"B+ > K+ S"``
        (dimensionless; 0 where the decay is closed). See :mod:`pheno.sm_decays`."""
        proc = self.process(process)
        if getattr(proc, "quantity", "sigma") != "bf":
            raise ValueError(f"{proc.name!r} is an e+e- production process: use cross_section()")
        c2 = np.square(np.abs(np.broadcast_to(self.production_coupling(proc), self.shape)))
        return c2 * proc.branching_ratio_per_coupling2(self)

    # ------------------------------------------------------------------ (g-2)
    @classmethod
    def g2_band(cls, mass, dataset=None, nsigma: float = 2.0, lepton: str = "mu", coupling: str | None = None,
                **params):
        """Couplings favoured by a (g-2) dataset, per mass: a class method, so that no instance's
        coupling can enter (``LmuLtau(mass=m, g=1e-3).g2_band(m)`` is the same band).

        mass    : masses [GeV] (array-like)
        dataset : a pheno.g2 dataset name; default "2025" for the muon. For the electron it must be
                  given ("Cs" or "Rb": the two fine-structure-constant inputs disagree in sign)
        nsigma  : half-width of the Delta a band in standard deviations
        lepton  : "mu" or "e"
        coupling: the parameter whose band is wanted (default COUPLING)
        params  : the model's other parameters (e.g. m_chi=...), fixed

        Delta a is evaluated at unit coupling and must scale as coupling^2 (checked); the band is
        :func:`pheno.g2.favoured_coupling_interval` of it. The returned :class:`pheno.g2.G2Band` has per mass
        ``lower``, ``upper`` and ``kind`` ("interval": a non-zero coupling is favoured; "upper_only":
        zero is allowed, only an upper bound; "none": no coupling is consistent) and ``note``, a
        sentence saying when the dataset favours no non-zero coupling.

        >>> from pheno.models import LmuLtau
        >>> band = LmuLtau.g2_band([0.1], dataset="2023")
        >>> str(band.kind[0]), round(float(band.lower[0]) * 1e4, 2)
        ('interval', 7.37)
        """
        from . import g2

        if lepton not in ("mu", "e"):
            raise ValueError(f"lepton must be 'mu' or 'e' (pheno.g2 has no tau data), got {lepton!r}")
        if dataset is None:
            if lepton != "mu":
                raise ValueError(f"give dataset= for the electron, one of {list(g2.ELECTRON_DATASETS)} "
                                 "(Cs and Rb values of alpha give Delta a_e of opposite signs)")
            dataset = g2.DEFAULT_MUON_DATASET
        if cls.delta_a is Model.delta_a:
            raise NotImplementedError(f"{cls.__name__} has no (g-2) contribution implemented")
        coupling = coupling or cls.COUPLING
        if coupling in params or "mass" in params:
            raise TypeError(f"{cls.__name__}.g2_band: the band does not depend on {coupling!r}; pass the "
                            "masses as the first argument and only the other parameters as keywords")
        if cls.PARAMETERS.get(coupling, ("",))[0] not in ("coupling", "optional_coupling", "real"):
            raise ValueError(f"{coupling!r} is not a coupling of {cls.__name__}; couplings: "
                             f"{[k for k, (kind, _) in cls.PARAMETERS.items() if kind in ('coupling', 'real')]}")
        mass = checked_array("mass", np.atleast_1d(mass), lo=0.0, lo_strict=True, what="finite masses > 0 [GeV]")
        try:
            per_c2 = cls(mass=mass, **params, **{coupling: 1.0}).delta_a(lepton)
        except NotImplementedError:
            raise NotImplementedError(f"{cls.__name__} has no (g-2) contribution implemented") from None
        twice = cls(mass=mass, **params, **{coupling: 2.0}).delta_a(lepton)
        if not np.allclose(twice, 4.0 * per_c2, rtol=1e-10, atol=0.0):
            raise ValueError(f"{cls.__name__}: Delta a_{lepton} is not proportional to {coupling}^2 with these "
                             "parameters, so a band in that coupling alone is not defined")
        band = g2.favoured_coupling_interval(per_c2, dataset=dataset, n_sigma=nsigma, lepton=lepton)
        return g2.G2Band(lower=band.lower, upper=band.upper, kind=band.kind, dataset=band.dataset, n_sigma=band.n_sigma,
                      mass=mass, coupling=coupling, lepton=lepton, model=cls.__name__)

    def delta_a(self, lepton: str = "mu") -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} has no (g-2) contribution implemented")

    def _delta_a_from(self, loop, lepton: str, coupling) -> np.ndarray:
        """coupling^2 x (one-loop integral ``loop`` of pheno.g2 at unit coupling) for lepton l."""
        if lepton not in C.LEPTON_MASS:
            raise ValueError(f"unknown lepton {lepton!r}; valid: {list(C.LEPTON_MASS)}")
        return np.square(coupling) * loop(self.mass, C.LEPTON_MASS[lepton]) + np.zeros(self.shape)


_GREEK = {g: "\\" + g for g in ("alpha", "beta", "gamma", "delta", "theta", "kappa", "lambda", "mu", "nu", "xi", "rho",
                              "sigma", "tau", "phi", "chi", "psi", "omega", "eta", "zeta", "Lambda", "Delta", "Phi")}
_GREEK["epsilon"] = "\\varepsilon"


def _latex_name(part: str) -> str:
    """'epsilon' -> \\varepsilon, 'agg' -> a\\gamma\\gamma, 'mu' -> \\mu; anything else unchanged."""
    if part in _GREEK:
        return _GREEK[part]
    if part == "agg":
        return "a\\gamma\\gamma"
    return part


def latex_unit(unit: str) -> str:
    """Plain-text unit -> matplotlib text: "GeV^-1" -> "GeV$^{-1}$"."""
    import re

    return re.sub(r"\^\{?(-?\d+)\}?", r"$^{\1}$", unit)


class FixedBFModel(Model):
    """A particle whose decays are not computed by the model: it is stable through the couplings modelled
    (e.g. an LFV boson below m_l' + m_l, a dark-matter particle), and its branching fractions are parameters:
    BF(invisible) = ``bf_invisible`` (1 if the model has no such parameter), BF(visible) = 1 - BF(invisible).
    widths() is empty and c*tau infinite."""

    AGGREGATES: ClassVar[dict[str, tuple[str, ...]]] = {"invisible": ("invisible",), "visible": ("visible",)}

    def __init__(self, **params):
        super().__init__(**params)
        if np.any(getattr(self, "bf_invisible", 1.0) > 1.0):
            raise ValueError(f"{type(self).__name__}: bf_invisible must be <= 1")

    def widths(self) -> dict[str, np.ndarray]:
        return {}

    def total_width(self) -> np.ndarray:
        return np.zeros(self.shape)

    def branching_ratios(self) -> dict[str, np.ndarray]:
        """BF(invisible) and BF(visible): the BFs are parameters here, not ratios of widths."""
        return {c: self.branching_ratio(c) for c in self.AGGREGATES}

    def branching_ratio(self, channel: str) -> np.ndarray:
        """BF(invisible) = bf_invisible, BF(visible) = 1 - bf_invisible."""
        if channel not in ("invisible", "visible"):
            raise ValueError(f"unknown channel {channel!r} for {type(self).__name__}; valid: ['invisible', 'visible']")
        bf = getattr(self, "bf_invisible", 1.0)
        return np.broadcast_to(bf if channel == "invisible" else 1.0 - bf, self.shape).astype(float)
