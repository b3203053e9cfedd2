"""Parameter scans: an observable or a coupling limit over a grid of model parameters.

The grid is the outer product of 1-D axes (mass x coupling x any other model parameter, in the
order given, last axis fastest). It is cut into chunks of ``chunk_size`` points; each chunk is one
vectorised model evaluation. Chunks run

* serially (``workers=1``, the default),
* on a local process pool (``workers=N``), or
* on a Dask cluster (``scheduler="tcp://host:port"`` or a ``dask.distributed.Client``),

and the result is the same, bit for bit, whichever way it ran (the chunks and the code that
evaluates them are identical). With ``output=``, every finished chunk is saved atomically under
``<output>.chunks/`` as it completes, so that an interrupted scan resumes where it stopped
(chunks of a different scan are never reused: the directory is keyed by the scan's description), and
the final CSV is written atomically at the end.

Running on a cluster: start a scheduler and workers on machines that have pheno installed
(``dask scheduler`` on one host, ``dask worker tcp://host:8786`` on each of the others), then
``pheno scan ... --scheduler tcp://host:8786`` or ``scan(..., scheduler="tcp://host:8786")``.

>>> import numpy as np
>>> from pheno.models import LmuLtau
>>> res = scan(LmuLtau, Observable("branching_ratio", "invisible"), {"mass": [0.1, 1.0], "g": [1e-3]})
>>> res.values["branching_ratio[invisible]"].shape, round(float(res.values["branching_ratio[invisible]"][1, 0]), 4)
((2, 1), 0.5002)
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["Observable", "Limit", "ScanResult", "scan"]

_METHODS = ("cross_section", "production_branching_ratio", "branching_ratio", "branching_ratios", "widths",
            "total_width", "ctau", "delta_a")


@dataclass(frozen=True)
class Observable:
    """A model method evaluated at every grid point, e.g. ``Observable("cross_section", "e+ e- > mu+ mu- Z'")``,
    ``Observable("branching_ratio", "invisible")``, ``Observable("ctau")``, ``Observable("widths")`` (one
    column per channel). ``options`` are keyword arguments of the method (e.g. ``{"alpha": "0"}``)."""

    method: str
    argument: str | None = None
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.method not in _METHODS:
            raise ValueError(f"Observable.method must be one of {_METHODS}, got {self.method!r}")

    def label(self) -> str:
        return self.method + (f"[{self.argument}]" if self.argument is not None else "")

    def evaluate(self, model) -> dict[str, np.ndarray]:
        fn = getattr(model, self.method)
        out = fn(self.argument, **self.options) if self.argument is not None else fn(**self.options)
        if isinstance(out, dict):
            return {f"{self.method}[{k}]": np.broadcast_to(v, model.shape) for k, v in out.items()}
        return {self.label(): np.broadcast_to(out, model.shape)}


@dataclass(frozen=True)
class Limit:
    """The coupling limit at every grid point, from a limit table (``mass`` [GeV], ``ul``: sigma [fb] or a
    BF, as the process needs) interpolated at the grid's masses (never extrapolated). ``options`` go to
    :func:`pheno.limits.coupling_limit` (``final_state=``, ``bf=``, ``alpha=``, ``fiducial=``, ...). The grid
    holds ``mass`` and any other model parameter, not the scanned coupling."""

    process: str
    mass: tuple
    ul: tuple
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "mass", tuple(float(m) for m in np.ravel(self.mass)))
        object.__setattr__(self, "ul", tuple(float(u) for u in np.ravel(self.ul)))
        if len(self.mass) != len(self.ul) or not self.mass:
            raise ValueError("Limit: mass and ul must be non-empty and of equal length")

    def label(self) -> str:
        return f"limit[{self.process}]"

    def evaluate_chunk(self, model_cls, params: dict) -> dict[str, np.ndarray]:
        import warnings

        from .limits import LimitWarning, coupling_limit

        if "mass" not in params:
            raise ValueError("a Limit scan needs 'mass' among the grid axes")
        key = "bf_ul" if getattr(model_cls.process(self.process), "quantity", "sigma") == "bf" else "sigma_ul"
        others = {k: v for k, v in params.items() if k != "mass"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LimitWarning)
            res = coupling_limit(model_cls, self.process, np.array(self.mass), at=params["mass"], full_output=True,
                                 **{key: np.array(self.ul)}, **self.options, **others)
        return {res.limit_name: res.coupling}  # <coupling>_ul, or <scale>_lower_limit for a scale


@dataclass
class ScanResult:
    """``axes``: the grid's 1-D axes; ``values``: {column: array with the grid's shape}."""

    axes: dict
    values: dict

    def columns(self) -> dict[str, np.ndarray]:
        """Flat columns (grid parameters, then results), one row per grid point, as written to CSV."""
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        cols = {name: m.ravel() for name, m in zip(self.axes, mesh)}
        cols.update({k: v.ravel() for k, v in self.values.items()})
        return cols


def _evaluate_chunk(model_cls, what, params: dict, fixed: dict) -> dict[str, np.ndarray]:
    """One chunk: a vectorised evaluation at the points ``params`` (1-D arrays of equal length)."""
    if isinstance(what, Limit):
        return {k: np.asarray(v, float) for k, v in what.evaluate_chunk(model_cls, {**params, **fixed}).items()}
    model = model_cls(**params, **fixed)
    return {k: np.asarray(v, float).ravel() for k, v in what.evaluate(model).items()}


def _describe(model_cls, what, axes, fixed, chunk_size) -> str:
    spec = {"model": f"{model_cls.__module__}.{model_cls.__qualname__}", "what": repr(what), "chunk_size": chunk_size,
            "axes": {k: [float(x) for x in v] for k, v in axes.items()},
            "fixed": {k: (v if isinstance(v, str) else repr(v)) for k, v in fixed.items()}}
    return json.dumps(spec, sort_keys=True)


def _client(scheduler):
    if scheduler is None:
        return None, False
    if isinstance(scheduler, str):
        from distributed import Client

        return Client(scheduler), True
    if hasattr(scheduler, "submit") and hasattr(scheduler, "gather"):
        return scheduler, False
    raise ValueError(f"scheduler must be None, an address such as 'tcp://host:8786' or a dask.distributed.Client, "
                     f"got {scheduler!r}")


def scan(model_cls, what, grid: dict, *, fixed: dict | None = None, chunk_size: int = 2000, output=None,
         workers: int = 1, scheduler=None, progress: bool = True, comments: tuple = ()) -> ScanResult:
    """Evaluate ``what`` (an :class:`Observable` or a :class:`Limit`) on the outer product of ``grid``.

    grid       : {parameter: 1-D values}, e.g. {"mass": np.geomspace(0.01, 10, 1000), "g": [1e-4, 1e-3]}
    fixed      : other model parameters (numbers or choices), the same at every point
    chunk_size : grid points per task (one vectorised model call)
    output     : CSV path; finished chunks are kept under ``<output>.chunks/`` until the CSV is written
    workers    : local processes (1: serial in this process)
    scheduler  : a Dask scheduler address or ``dask.distributed.Client`` (overrides ``workers``)
    progress   : a tqdm progress bar on stderr (shown on terminals)
    """
    from tqdm.auto import tqdm

    from .io import atomic_write, write_table

    if not isinstance(what, (Observable, Limit)):
        raise TypeError("what must be a pheno.scan.Observable or a pheno.scan.Limit")
    if not isinstance(grid, dict) or not grid:
        raise ValueError("grid must be a non-empty dict {parameter: 1-D values}")
    axes = {}
    for name, values in grid.items():
        a = np.atleast_1d(np.asarray(values, dtype=float))
        if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)):
            raise ValueError(f"grid[{name!r}] must be a non-empty 1-D array of finite numbers")
        axes[name] = a
    fixed = dict(fixed or {})
    overlap = set(fixed) & set(axes)
    if overlap:
        raise ValueError(f"parameters both in grid and fixed: {sorted(overlap)}")
    if int(chunk_size) != chunk_size or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if int(workers) != workers or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    chunk_size = int(chunk_size)
    shape = tuple(a.size for a in axes.values())
    n = int(np.prod(shape))
    index = np.unravel_index(np.arange(n), shape)
    flat = {name: axes[name][idx] for name, idx in zip(axes, index)}
    starts = list(range(0, n, chunk_size))

    def chunk_params(k):
        return {name: v[starts[k]:starts[k] + chunk_size] for name, v in flat.items()}

    # validate on the first point in this process: bad parameters fail fast, with a clear message
    _evaluate_chunk(model_cls, what, {k: v[:1] for k, v in flat.items()}, fixed)

    results: dict[int, dict] = {}
    chunk_dir = None
    if output is not None:
        output = Path(output)
        key = hashlib.sha256(_describe(model_cls, what, axes, fixed, chunk_size).encode()).hexdigest()[:16]
        chunk_dir = output.parent / f"{output.name}.chunks" / key
        chunk_dir.mkdir(parents=True, exist_ok=True)
        for k in range(len(starts)):
            f = chunk_dir / f"{k:06d}.npz"
            if f.is_file():
                with np.load(f) as z:
                    results[k] = {name: z[name] for name in z.files}

    def store(k, res):
        results[k] = res
        if chunk_dir is not None:
            with atomic_write(chunk_dir / f"{k:06d}.npz", "wb") as fh:
                np.savez(fh, **res)

    todo = [k for k in range(len(starts)) if k not in results]
    bar = tqdm(total=len(starts), initial=len(starts) - len(todo), desc=f"scan {what.label()}", unit="chunk",
               disable=not progress)
    client, own_client = _client(scheduler)
    try:
        if client is not None:
            from distributed import as_completed

            futures = {client.submit(_evaluate_chunk, model_cls, what, chunk_params(k), fixed, pure=False): k
                       for k in todo}
            for fut in as_completed(futures):
                store(futures[fut], fut.result())
                bar.update()
        elif workers > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed as done

            with ProcessPoolExecutor(max_workers=int(workers)) as pool:
                futures = {pool.submit(_evaluate_chunk, model_cls, what, chunk_params(k), fixed): k for k in todo}
                for fut in done(futures):
                    store(futures[fut], fut.result())
                    bar.update()
        else:
            for k in todo:
                store(k, _evaluate_chunk(model_cls, what, chunk_params(k), fixed))
                bar.update()
    finally:
        bar.close()
        if own_client:
            client.close()

    names = list(results[0])
    values = {name: np.concatenate([results[k][name] for k in range(len(starts))]).reshape(shape) for name in names}
    result = ScanResult(axes=axes, values=values)
    if output is not None:
        write_table(output, result.columns(), [
            f"scan of {model_cls.__name__}: {what.label()} on the grid {', '.join(f'{k} ({v.size})' for k, v in axes.items())}",
            f"fixed parameters: {fixed or 'none'}", f"evaluated as {what!r}", *comments], fmt="%.17g")  # exact round trip
        import shutil

        shutil.rmtree(chunk_dir.parent, ignore_errors=True)
    return result
