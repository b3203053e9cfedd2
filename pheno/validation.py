"""Input checking shared by every module: clear ValueErrors that name the argument."""
from __future__ import annotations

import numpy as np


def checked_array(name: str, x, *, lo=None, lo_strict: bool = False, hi=None, allow_inf: bool = False,
                  what: str = "") -> np.ndarray:
    """``x`` as a float array; ValueError naming ``name`` for non-numbers, NaN, inf (unless
    ``allow_inf``), values below ``lo`` (or equal to it with ``lo_strict``) or above ``hi``.

    >>> checked_array("mass", [1.0, -2.0], lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    Traceback (most recent call last):
    ...
    ValueError: mass must be a mass > 0 [GeV], got -2.0
    """
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from None
    if np.isnan(a).any():
        raise ValueError(f"{name} must not be NaN")
    bad = np.zeros(a.shape, dtype=bool)
    if not allow_inf:
        bad |= np.isinf(a)
    if lo is not None:
        bad |= (a <= lo) if lo_strict else (a < lo)
    if hi is not None:
        bad |= a > hi
    if bad.any():
        what = what or ("finite" + (f" and {'>' if lo_strict else '>='} {lo:g}" if lo is not None else ""))
        raise ValueError(f"{name} must be {what}, got {float(a[bad].ravel()[0])!r}")
    return a


def checked_scalar(name: str, x, **kw) -> float:
    """A single number checked like :func:`checked_array`."""
    a = checked_array(name, x, **kw)
    if a.ndim:
        raise ValueError(f"{name} must be a single number, got an array of shape {a.shape}")
    return float(a)


RTOL_MIN = 1e-13  # double precision: integration error estimates below this are rounding noise


def checked_rtol(rtol) -> float:
    """A requested relative precision: ValueError naming ``rtol`` unless 1e-13 <= rtol < 1."""
    what = f"a relative precision in [{RTOL_MIN:g}, 1) (double precision)"
    value = checked_scalar("rtol", rtol, lo=RTOL_MIN, hi=1.0, what=what)
    if value >= 1.0:
        raise ValueError(f"rtol must be {what}, got {rtol!r}")
    return value
