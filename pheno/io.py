"""Every file pheno writes: CSV tables with a self-describing header (pheno version, git commit,
date, units, conventions) and figures, all written atomically (:func:`atomic_write`)."""
from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np


@contextmanager
def atomic_write(path, mode: str = "w", **open_kwargs):
    r"""Open ``path`` for writing atomically: the data go to a temporary file in the same directory,
    which is renamed into place only when the ``with`` block completes. An interrupted or failed
    write leaves the old file untouched and no partial file behind.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(d / "out.csv") as fh:
    ...     _ = fh.write("a,b\n")
    >>> (d / "out.csv").read_text(), sorted(p.name for p in d.iterdir())
    ('a,b\n', ['out.csv'])
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"output path is a directory: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual permissions
        with os.fdopen(fd, mode, **open_kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_figure(fig, path, **savefig_kwargs) -> Path:
    """``fig.savefig`` through :func:`atomic_write`; the format follows the suffix (.png, .pdf, .svg)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format=fmt, **savefig_kwargs)
    return path


@lru_cache(maxsize=1)
def git_commit() -> str | None:
    """The commit of the source checkout pheno runs from ('<hash>' or '<hash>-dirty'), None for an
    installed package (no git checkout around the package) or without git."""
    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--abbrev=12"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def provenance() -> str:
    """'pheno <version>, git <commit>, written <UTC date and time>' for file headers."""
    from . import __version__

    commit = git_commit()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pheno {__version__}" + (f", git {commit}" if commit else "") + f", written {stamp}"


def alpha_note(alpha, sqrt_s: float) -> str:
    """The alpha actually used, as a number with its origin: 'alpha = 1/132.080 (running alpha(s) at 10.58 GeV)'."""
    from .constants import ALPHA0, parse_alpha, resolve_alpha

    spelled = parse_alpha(alpha)
    value = resolve_alpha(spelled, sqrt_s)
    origin = {"0": "alpha(0), Thomson limit", "running": f"running alpha(s) at sqrt(s) = {sqrt_s:g} GeV"}.get(
        spelled, "given by the user")
    if spelled not in ("0", "running") and value == ALPHA0:
        origin = "given by the user, = alpha(0)"
    return f"alpha = {value:.10g} = 1/{1.0 / value:.4f} ({origin})"


def write_table(path, columns: dict[str, np.ndarray], comments: list[str] = (), fmt: str = "%.8e") -> Path:
    """Write ``columns`` (name -> 1-D array; names carry their unit, e.g. ``mass_GeV``) as CSV.

    The file starts with '#' lines: :func:`provenance` (pheno version, git commit, date) and the
    ``comments`` (conventions, units, the alpha used). Written atomically (:func:`atomic_write`).
    """
    path = Path(path)
    names = list(columns)
    data = np.column_stack([np.asarray(columns[n], dtype=float).ravel() for n in names])
    header = [provenance(), *comments]
    with atomic_write(path) as fh:
        for line in header:
            fh.write(f"# {line}\n")
        fh.write(",".join(names) + "\n")
        for row in data:
            fh.write(",".join(_fmt(v, fmt) for v in row) + "\n")
    return path


def _fmt(v: float, fmt: str) -> str:
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return fmt % v


def read_table(path) -> dict[str, np.ndarray]:
    """Read a table written by :func:`write_table` back into {column: array}."""
    lines = [ln for ln in Path(path).read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    names = lines[0].split(",")
    data = np.array([[float(x) for x in ln.split(",")] for ln in lines[1:]])
    return {n: data[:, i] for i, n in enumerate(names)}
