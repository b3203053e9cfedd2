"""Lifetime-dependent upper limits: one limit curve per lifetime hypothesis (a mass x c*tau map).

Displaced-vertex searches publish an upper limit on a rate (a branching fraction such as
BF(B -> K S) x BF(S -> mu mu), or a cross section) for each of several lifetime hypotheses, e.g.
Belle II, PRD 108 (2023) L111104: 17 values of c*tau from 0.001 to 100 cm. A model predicts its own
c*tau(m, coupling); :func:`pheno.limits.coupling_limit` evaluates the map there. :class:`LimitMap`
interpolates linearly in mass and in log(c*tau), on log(limit), and returns NaN outside the map
(never extrapolates).

File layout read by :meth:`LimitMap.from_csv` (wide format; '#' comment lines anywhere): a header
line whose first column is the mass with its unit (``m_S_GeV``, ``mass_MeV``) and whose other
columns name the limit and the lifetime hypothesis of that column,

    <limit>_at_<lifetime>=<value>

<limit> is ``BF_UL`` / ``log10BF_UL`` (a branching fraction) or ``sigma_UL_fb`` / ``log10sigma_UL_fb``
(fb, pb, ab, nb); <lifetime> is ``tau_ps``, ``tau_ns``, ``tau_s``, ``ctau_m``, ``ctau_cm``, ``ctau_mm``,
each optionally with a ``log10`` prefix. Example (the layout of the Belle II B -> K S files):
``m_S_GeV,log10BF_UL_at_log10tau_ps=-1.4768,log10BF_UL_at_log10tau_ps=-0.9997,...``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import constants as C
from .limitfile import MASS_TO_GEV, SIGMA_TO_FB, _cl_in_comment, _confidence_level
from .validation import checked_array

_LIFETIME_TO_CTAU_M = {"tau_ps": 1e-12 * C.C_M_PER_S, "tau_ns": 1e-9 * C.C_M_PER_S, "tau_s": C.C_M_PER_S,
                       "ctau_m": 1.0, "ctau_cm": 1e-2, "ctau_mm": 1e-3}
_COLUMN = re.compile(r"^(log10)?(BF_UL|sigma_UL_(fb|pb|nb|ab))_at_(log10)?(tau_ps|tau_ns|tau_s|ctau_m|ctau_cm|ctau_mm)"
                     r"\s*=\s*(\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class LimitMap:
    """Upper limit UL(m, c*tau) on a grid: ``mass`` [GeV] (n_m, ascending), ``ctau`` [m] (n_t, ascending),
    ``limit`` (n_m, n_t): a branching fraction (``quantity="bf"``) or a cross section in fb
    (``quantity="sigma"``). Call it with masses and c*tau values (broadcast) to get the limit.

    >>> lm = LimitMap(mass=[1.0, 2.0], ctau=[1e-3, 1e-1], limit=[[1e-6, 1e-4], [1e-6, 1e-4]])
    >>> round(float(lm(1.5, 1e-2)), 12)   # halfway in log(c*tau) -> geometric mean
    1e-05
    >>> bool(np.isnan(lm(2.5, 1e-2)))   # outside the map: NaN, never extrapolated
    True
    """

    mass: np.ndarray
    ctau: np.ndarray
    limit: np.ndarray
    quantity: str = "bf"
    cl: float | None = None
    source: str = ""

    def __post_init__(self):
        m = checked_array("LimitMap.mass", self.mass, lo=0.0, lo_strict=True, what="finite masses > 0 [GeV]")
        t = checked_array("LimitMap.ctau", self.ctau, lo=0.0, lo_strict=True, what="finite c*tau > 0 [m]")
        lim = np.asarray(self.limit, dtype=float)
        if m.ndim != 1 or t.ndim != 1 or m.size < 2 or t.size < 2:
            raise ValueError("LimitMap needs at least 2 masses and 2 lifetimes (1-D arrays)")
        if lim.shape != (m.size, t.size):
            raise ValueError(f"LimitMap.limit must have shape (n_mass, n_ctau) = {(m.size, t.size)}, got {lim.shape}")
        if np.any(np.diff(m) <= 0) or np.any(np.diff(t) <= 0):
            raise ValueError("LimitMap.mass and LimitMap.ctau must be strictly increasing")
        if np.any(~(lim > 0)) and not np.all(np.isnan(lim[~(lim > 0)])):
            raise ValueError("LimitMap.limit must be > 0 (NaN marks a missing cell)")
        if self.quantity not in ("bf", "sigma"):
            raise ValueError(f"LimitMap.quantity must be 'bf' or 'sigma', got {self.quantity!r}")
        with np.errstate(divide="ignore", invalid="ignore"):
            object.__setattr__(self, "_log_limit", np.log(lim))  # interpolated on every call: computed once
        for name, v in (("mass", m), ("ctau", t), ("limit", lim)):
            object.__setattr__(self, name, v)

    @property
    def mass_range(self) -> tuple[float, float]:
        return float(self.mass[0]), float(self.mass[-1])

    @property
    def ctau_range(self) -> tuple[float, float]:
        """(smallest, largest) c*tau hypothesis [m]."""
        return float(self.ctau[0]), float(self.ctau[-1])

    def __call__(self, mass, ctau) -> np.ndarray:
        """UL at (mass [GeV], c*tau [m]), bilinear in (m, ln c*tau) on ln UL; NaN outside the map."""
        m, t = np.broadcast_arrays(np.asarray(mass, float), np.asarray(ctau, float))
        out = np.full(m.shape, np.nan)
        tol = 1e-9  # relative: a hypothesis typed in other units (0.001 cm vs 10^-1.4768 ps) is still on the edge
        with np.errstate(invalid="ignore", divide="ignore"):
            inside = ((m >= self.mass[0] * (1 - tol)) & (m <= self.mass[-1] * (1 + tol))
                      & (t >= self.ctau[0] * (1 - tol)) & (t <= self.ctau[-1] * (1 + tol)))
        if not inside.any():
            return out
        mi = np.clip(m[inside], self.mass[0], self.mass[-1])
        lti = np.log(np.clip(t[inside], self.ctau[0], self.ctau[-1]))
        lt = np.log(self.ctau)
        i = np.clip(np.searchsorted(self.mass, mi, side="right") - 1, 0, self.mass.size - 2)
        j = np.clip(np.searchsorted(lt, lti, side="right") - 1, 0, lt.size - 2)
        u = (mi - self.mass[i]) / (self.mass[i + 1] - self.mass[i])
        v = (lti - lt[j]) / (lt[j + 1] - lt[j])
        ll = self._log_limit
        val = ((1 - u) * (1 - v) * ll[i, j] + u * (1 - v) * ll[i + 1, j]
               + (1 - u) * v * ll[i, j + 1] + u * v * ll[i + 1, j + 1])
        out[inside] = np.exp(val)
        return out

    @classmethod
    def from_csv(cls, path, cl: float | None = None) -> "LimitMap":
        """Read a wide-format map (see the module docstring); errors name the file and line. The confidence
        level comes from a comment ('# CL = 95%', '# 95% CL') as for limit files, or from ``cl`` when the
        file states none or several (:func:`pheno.limitfile.read_limit_file`)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"limit map not found: {path}")
        header, rows, stated = None, [], set()
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, start=1):
                text = line.strip()
                if text.startswith("#"):
                    stated.update(_cl_in_comment(text))
                if not text or text.startswith("#"):
                    continue
                fields = [f.strip() for f in next(csv.reader([text]))]
                if header is None:
                    header, header_line = fields, lineno
                else:
                    rows.append((lineno, fields))
        if header is None or len(header) < 3:
            raise ValueError(f"{path}: expected a header 'mass_GeV,<limit>_at_<lifetime>=<value>,...' with at least "
                             "two lifetime columns")
        unit = re.search(r"_(gev|mev)$", header[0], re.IGNORECASE)
        if not (header[0].lower().startswith(("m_", "mass")) and unit):
            raise ValueError(f"{path}:{header_line}: the first column must be the mass with its unit (e.g. 'm_S_GeV' "
                             f"or 'mass_MeV'), got {header[0]!r}")
        mass_scale = MASS_TO_GEV[unit.group(1).lower()]
        kinds, ctau = set(), []
        for name in header[1:]:
            mt = _COLUMN.match(name)
            if not mt:
                raise ValueError(f"{path}:{header_line}: column {name!r} is not '<limit>_at_<lifetime>=<value>' "
                                 "(limit: BF_UL, log10BF_UL, sigma_UL_fb, ...; lifetime: tau_ps, ctau_cm, log10tau_ps, ...)")
            log_lim, lim_name, sig_unit, log_t, t_name, t_val = mt.groups()
            kinds.add((bool(log_lim), lim_name.lower()[:2], (sig_unit or "").lower()))
            try:
                t = float(t_val)
            except ValueError:
                raise ValueError(f"{path}:{header_line}: lifetime value {t_val!r} in column {name!r} is not a number") from None
            ctau.append((10.0**t if log_t else t) * _LIFETIME_TO_CTAU_M[t_name.lower()])
        if len(kinds) != 1:
            raise ValueError(f"{path}:{header_line}: all limit columns must have the same quantity and unit, got {sorted(kinds)}")
        is_log, kind, sig_unit = kinds.pop()
        scale = 1.0 if kind == "bf" else SIGMA_TO_FB[sig_unit]
        masses, values = [], []
        for lineno, fields in rows:
            if len(fields) != len(header):
                raise ValueError(f"{path}:{lineno}: expected {len(header)} columns, got {len(fields)}")
            try:
                nums = [float(x) for x in fields]
            except ValueError:
                raise ValueError(f"{path}:{lineno}: not a number in {fields[:4]}...") from None
            masses.append(nums[0] * mass_scale)
            values.append(nums[1:])
        if len(masses) < 2:
            raise ValueError(f"{path}: fewer than two data rows")
        lim = np.array(values)
        lim = 10.0**lim if is_log else lim
        order = np.argsort(ctau)
        return cls(mass=np.array(masses), ctau=np.array(ctau)[order], limit=lim[:, order] * scale,
                   quantity="bf" if kind == "bf" else "sigma", cl=_confidence_level(path, header_line, [], stated, cl),
                   source=str(path))
