"""Input checking shared by every module: clear ValueErrors that name the argument."""
from __future__ import annotations

import numpy as np

# Range of model parameters: far beyond any physics pheno describes, and small enough that powers such as
# (m_l/m)^4 or g^4 stay finite in double precision (a mass of 1e-200 GeV would overflow to inf/NaN).
MASS_MIN_GEV = 1e-30
MAGNITUDE_MAX = 1e30  # couplings and other real parameters, |value| <= 1e30


def checked_array(name: str, x, *, lo=None, lo_strict: bool = False, hi=None, allow_inf: bool = False,
                  allow_nan: bool = False, what: str = "") -> np.ndarray:
    """``x`` as a float array; ValueError naming ``name`` for non-numbers (strings, booleans and
    complex numbers are refused, not coerced), NaN (unless ``allow_nan``), inf (unless
    ``allow_inf``), values below ``lo`` (or equal to it with ``lo_strict``) or above ``hi``.

    >>> checked_array("mass", [1.0, -2.0], lo=0.0, lo_strict=True, what="a mass > 0 [GeV]")
    Traceback (most recent call last):
    ...
    ValueError: mass must be a mass > 0 [GeV], got -2.0
    """
    _refuse_non_numbers(name, x)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from None
    nan = np.isnan(a)
    if nan.any() and not allow_nan:
        raise ValueError(f"{name} must not be NaN")
    bad = np.zeros(a.shape, dtype=bool)
    if not allow_inf:
        bad |= np.isinf(a)
    if lo is not None:
        bad |= (a <= lo) if lo_strict else (a < lo)
    if hi is not None:
        bad |= a > hi
    bad &= ~nan
    if bad.any():
        what = what or ("finite" + (f" and {'>' if lo_strict else '>='} {lo:g}" if lo is not None else ""))
        raise ValueError(f"{name} must be {what}, got {float(a[bad].ravel()[0])!r}")
    return a


def _refuse_non_numbers(name: str, x) -> None:
    """Strings, booleans and complex numbers are mistakes, not numbers: numpy would coerce them."""
    if x is None:
        raise ValueError(f"{name} must be a number or an array of numbers, got None")
    kind = np.asarray(x).dtype.kind if not isinstance(x, (str, bytes)) else "U"
    if kind == "O":
        items = np.asarray(x, dtype=object).ravel()
        bad = next((v for v in items if v is None or isinstance(v, (str, bytes, bool, np.bool_, complex,
                                                                     np.complexfloating))), None)
        if bad is not None or any(np.ndim(v) for v in items):
            raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}")
        return
    if kind in "USb" or kind == "c":
        what = {"U": "a string", "S": "bytes", "b": "a boolean", "c": "a complex number"}[kind]
        raise ValueError(f"{name} must be a real number or an array of real numbers, got {what}: {x!r}")


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


def checked_int(name: str, x, *, lo: int | None = None, what: str = "") -> int:
    """``x`` as an int; ValueError naming ``name`` unless it is an integer (Python or numpy; booleans,
    floats and strings are refused, not coerced) >= ``lo``.

    >>> checked_int("n_grid", 1, lo=2)
    Traceback (most recent call last):
    ...
    ValueError: n_grid must be an integer >= 2, got 1
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)) or (lo is not None and x < lo):
        what = what or ("an integer" + (f" >= {lo}" if lo is not None else ""))
        raise ValueError(f"{name} must be {what}, got {x!r}")
    return int(x)
