"""Base class of every pheno model: validated, broadcast parameters; widths -> BFs, c*tau;
production cross sections through the shared process classes; (g-2)."""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from . import constants as C
from .production import Cuts, canonical_process
from .validation import checked_array


def check_array(name: str, value, *, positive: bool = False, allow_zero: bool = True) -> np.ndarray:
    """Float array from ``value``; ValueError naming ``name`` for NaN/inf or a wrong sign."""
    if not positive:
        return checked_array(name, value)
    return checked_array(name, value, lo=0.0, lo_strict=not allow_zero, what="> 0" if not allow_zero else ">= 0")


class Model:
    """Common mechanics. Subclasses declare

    * ``PARAMETERS``: {name: (kind, default)} with kind "mass" (> 0, GeV), "coupling" (>= 0),
      "optional_mass" / "optional_coupling" (None or >= 0), "real" (any finite number), or a tuple
      of allowed strings (a choice, not broadcast);
    * ``COUPLING``: the coupling that production cross sections scale with (as its square);
    * ``PROCESSES``: {process name: process object with ``sigma_per_coupling2``};
    * ``AGGREGATES``: {aggregate name: tuple of channels}, e.g. "invisible";
    * :meth:`widths` returning {channel: width in GeV}.
    """

    PARAMETERS: ClassVar[dict[str, tuple[str, object]]] = {}
    COUPLING: ClassVar[str] = ""
    PROCESSES: ClassVar[dict] = {}
    AGGREGATES: ClassVar[dict[str, tuple[str, ...]]] = {}
    COUPLING_MAX: ClassVar[dict[str, float]] = {}  # limit-scan upper ends (perturbativity), default sqrt(4 pi)
    DEFAULT_FIDUCIAL: ClassVar[object] = None  # decay volume the limit converter requires by default

    def __init__(self, **params):
        unknown = set(params) - set(self.PARAMETERS)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown parameter(s) {sorted(unknown)}; "
                            f"valid: {list(self.PARAMETERS)}")
        values = {}
        self._choices = {}
        for name, (kind, default) in self.PARAMETERS.items():
            v = params.get(name, default)
            if isinstance(kind, tuple):  # a choice among strings, e.g. chi in ("dirac", "scalar")
                if v not in kind:
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
            elif kind in ("coupling", "optional_mass", "optional_coupling"):
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

    # ------------------------------------------------------------------ (g-2)
    def delta_a(self, lepton: str = "mu") -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} has no (g-2) contribution implemented")

    def _delta_a_from(self, loop, lepton: str, coupling) -> np.ndarray:
        """coupling^2 x (one-loop integral ``loop`` of pheno.g2 at unit coupling) for lepton l."""
        if lepton not in C.LEPTON_MASS:
            raise ValueError(f"unknown lepton {lepton!r}; valid: {list(C.LEPTON_MASS)}")
        return np.square(coupling) * loop(self.mass, C.LEPTON_MASS[lepton]) + np.zeros(self.shape)
