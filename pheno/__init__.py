"""pheno -- light-dark-sector phenomenology at e+e- B-factories (Belle II, BaBar, Belle).

Engine (this package): constants, symbolic |M|^2 -> compiled kernels, phase space, widths,
(g-2), limit conversion, CLI. Models: ``pheno.models`` (one module per model family).

>>> from pheno.models import LmuLtau
>>> bool(LmuLtau(mass=1.0, g=1e-3).ctau() > 0)
True

Heavy submodules (numba kernels, scipy, matplotlib) are imported on first use, so
``import pheno`` stays fast. Numba's cache goes next to the package, or to a user cache folder when
the package folder is read-only (see ``pheno._numba_cache``).
"""
from importlib import import_module

from . import _numba_cache  # noqa: F401  (decides where numba caches kernels, before any kernel is compiled)

__version__ = "0.1.0"

_LAZY = {
    "Cuts": "pheno.production",
    "coupling_limit": "pheno.limits",
    "excluded_intervals": "pheno.limits",
    "recast_limit": "pheno.limits",
    "read_limit_file": "pheno.limitfile",
    "LimitTable": "pheno.limitfile",
    "LimitResult": "pheno.limits",
    "LimitMap": "pheno.limitmap",
    "scan": "pheno.scan",
    "read_hepdata": "pheno.hepdata",
    "hepdata": "pheno.hepdata",
    "sensitivity": "pheno.sensitivity",
    "RelativeLimit": "pheno.sm_decays",
    "decay": "pheno.decay",
    "constants": "pheno.constants",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        module = import_module(_LAZY[name])
        return module if name in ("constants", "decay", "scan", "hepdata", "sensitivity") else getattr(module, name)
    raise AttributeError(f"module 'pheno' has no attribute {name!r}")
