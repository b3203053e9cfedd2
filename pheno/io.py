"""CSV tables with a self-describing header (pheno version, units, conventions)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np


def write_table(path, columns: dict[str, np.ndarray], comments: list[str] = (), fmt: str = "%.8e") -> Path:
    """Write ``columns`` (name -> 1-D array; names carry their unit, e.g. ``mass_GeV``) as CSV.

    The file starts with '#' lines: the pheno version and the ``comments`` (conventions, units).
    """
    from . import __version__

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(columns)
    data = np.column_stack([np.asarray(columns[n], dtype=float).ravel() for n in names])
    header = [f"pheno {__version__}", *comments]
    with path.open("w") as fh:
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
