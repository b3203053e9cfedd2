"""CSV tables with a self-describing header (pheno version, units, conventions)."""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
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


def write_table(path, columns: dict[str, np.ndarray], comments: list[str] = (), fmt: str = "%.8e") -> Path:
    """Write ``columns`` (name -> 1-D array; names carry their unit, e.g. ``mass_GeV``) as CSV.

    The file starts with '#' lines: the pheno version and the ``comments`` (conventions, units).
    Written atomically (:func:`atomic_write`).
    """
    from . import __version__

    path = Path(path)
    names = list(columns)
    data = np.column_stack([np.asarray(columns[n], dtype=float).ravel() for n in names])
    header = [f"pheno {__version__}", *comments]
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


def progress(iterable, total: int | None = None, desc: str = "", stream=None):
    """A minimal progress bar on stderr, shown only on a terminal (no extra dependency)."""
    stream = stream or sys.stderr
    show = hasattr(stream, "isatty") and stream.isatty()
    total = total if total is not None else (len(iterable) if hasattr(iterable, "__len__") else None)
    for i, item in enumerate(iterable, start=1):
        yield item
        if show and total:
            done = int(30 * i / total)
            stream.write(f"\r{desc} [{'#' * done}{'.' * (30 - done)}] {i}/{total}")
            stream.flush()
    if show and total:
        stream.write("\n")
