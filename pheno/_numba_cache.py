"""Where numba keeps pheno's compiled kernels (``cache=True``), decided once at ``import pheno``.

1. The package folder (numba's default, ``__pycache__`` next to the sources) when it is writable.
2. Otherwise a user cache folder: $NUMBA_CACHE_DIR if set, else <user cache>/pheno/numba
   ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).
3. Nothing writable (a read-only install without a home): kernels are compiled in memory on every
   run (slower start, same numbers) and pheno says so once with a :class:`NumbaCacheWarning`.

Only ``os.access`` checks run here (no numba import unless caching has to be switched off), so
``import pheno`` stays fast.
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

PACKAGE_DIRS = ("", "kernels")  # folders of pheno holding numba-compiled functions


class NumbaCacheWarning(UserWarning):
    """No writable folder for numba's cache: kernels are compiled anew in every run."""


def user_cache_dir() -> Path:
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pheno" / "numba"


def _writable_dir(path: Path) -> bool:
    """``path`` exists (or can be created) and is writable."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def configure() -> str:
    """Apply the rule above; returns "package", "user:<folder>" or "off"."""
    package = Path(__file__).resolve().parent
    if "NUMBA_CACHE_DIR" not in os.environ and all(
            _writable_dir(package / sub / "__pycache__") for sub in PACKAGE_DIRS):
        return "package"
    folder = Path(os.environ.get("NUMBA_CACHE_DIR") or user_cache_dir())
    if _writable_dir(folder):
        os.environ["NUMBA_CACHE_DIR"] = str(folder)
        if "numba" in sys.modules:  # numba read its configuration already
            sys.modules["numba"].config.CACHE_DIR = str(folder)
        return f"user:{folder}"
    import numba.core.dispatcher

    numba.core.dispatcher.Dispatcher.enable_caching = lambda self: None  # cache=True becomes a no-op
    warnings.warn(f"pheno: neither the package folder {package} nor a user cache folder ({folder}) is writable; "
                  "numba kernels are compiled in memory on every run (set NUMBA_CACHE_DIR to a writable folder "
                  "to keep them)", NumbaCacheWarning, stacklevel=3)
    return "off"


MODE = configure()
