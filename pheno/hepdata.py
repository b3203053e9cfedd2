"""HEPData in and out.

Reading (:func:`read_hepdata`): a HEPData table as an upper limit versus mass, returned as a
:class:`pheno.limitfile.LimitTable`. Accepted inputs (docs/physics.md O; HEPData submission format and the
hepdata-converter CSV writer):

* a YAML data file (``independent_variables`` / ``dependent_variables``);
* ``submission.yaml``, a directory holding one, or a ``.tar.gz`` / ``.tgz`` / ``.zip`` archive of a
  submission (``table=`` picks the table when there are several);
* the CSV export of a table: ``#: name:``, ``#: description:``, ``#: keyword ...:`` lines, then one
  block per dependent variable (``#: QUALIFIER [UNITS],...`` rows, a header ``X [UNITS],Y [UNITS],...``,
  data rows, a blank line); binned x adds ``X LOW`` / ``X HIGH`` columns; uncertainties add
  ``<label> +`` / ``<label> -`` columns. The packed layout (all dependent variables in one block)
  is read too when its qualifier rows mark the dependent columns.

The single independent variable is the mass (units GeV, MeV, keV or TeV required). Each dependent
variable is classified by its header and qualifier values: "observed", "expected" (median), or an
expected band edge ("+1 sigma", "-2 sigma", ...); a median expected limit whose uncertainties are
labelled "1 sigma"/"68%" and "2 sigma"/"95%" gives the bands as value -|minus| and value +|plus|.
The confidence level comes from a "CL" qualifier or "90% CL" in a header (or, failing both, a
single CL stated in the table description), never from a guess. Limit units: ab, fb, pb, nb
(quantity "sigma", converted to fb) or none / a power of ten such as "10^-6" for a branching
fraction (quantity "bf"; needs a name like "BF", "BR", "B(...)" or quantity="bf"). Whenever two
readings are possible (several observed columns, two candidate bands, a missing unit) the reader
stops with an error that lists the candidates and names the argument that chooses.

Writing (:func:`write_submission`): converted coupling limits (observed and expected bands) and,
optionally, the input limit they came from, as a HEPData submission built with ``hepdata_lib`` and
validated by it with ``hepdata-validator``. Keywords: reactions, cmenergies, phrases; qualifiers:
CL, SQRT(S), the model and every assumption of the conversion. Numbers are written unrounded (17
significant digits), so reading the export back gives the same floats; masses without a limit are
written as "-" (HEPData's missing value) and read back as NaN.
"""
from __future__ import annotations

import contextlib
import csv
import gc
import io
import os
import re
import shutil
import tarfile
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import constants as C
from .limitfile import BANDS, MASS_TO_GEV, SIGMA_TO_FB, LimitTable

BAND_TITLES = {"median": "median", "minus1sigma": "-1 sigma", "plus1sigma": "+1 sigma",
               "minus2sigma": "-2 sigma", "plus2sigma": "+2 sigma"}
_MISSING = ("-", "", "nan", "NaN", None)


# ============================================================================ reading
@dataclass(frozen=True)
class Variable:
    """One HEPData variable: values (NaN where missing), bin edges (independent), qualifiers, errors."""

    name: str
    units: str
    values: np.ndarray
    qualifiers: tuple = ()  # ((name [with units], value as text), ...)
    errors: tuple = ()  # ((label, minus offsets (<= 0), plus offsets (>= 0)), ...)
    low: np.ndarray | None = None
    high: np.ndarray | None = None

    @property
    def title(self) -> str:
        quals = ", ".join(f"{k}: {v}" for k, v in self.qualifiers)
        return f"{self.name!r}" + (f" [{self.units}]" if self.units else "") + (f" ({quals})" if quals else "")


@dataclass(frozen=True)
class Table:
    """A HEPData table: metadata and variables, as read from YAML or the CSV export."""

    name: str
    description: str
    keywords: dict
    independent: list
    dependent: list
    source: str


@dataclass(frozen=True)
class Limit:
    """Observed and expected curves of one table, in the table's own units (see :func:`read_limit_curves`)."""

    mass: np.ndarray  # GeV
    observed: np.ndarray
    expected: dict
    units: str  # units of the limit columns as written (converted by the caller)
    cl: float | None
    mass_column: str
    limit_column: str
    table: Table
    variables: dict = field(default_factory=dict)  # "observed" / band -> Variable


def read_table(path, table=None) -> Table:
    """Read one HEPData table (YAML data file, submission.yaml, a submission directory or archive,
    or the CSV export) without interpreting it. ``table``: name or 0-based index when a submission
    holds several tables."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"HEPData file not found: {path}")
    if path.is_dir():
        sub = path / "submission.yaml"
        if not sub.is_file():
            raise ValueError(f"{path}: a directory must contain a HEPData submission.yaml")
        return _read_submission(sub, table)
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".zip")):
        with tempfile.TemporaryDirectory() as tmp:
            _unpack(path, Path(tmp))
            subs = sorted(Path(tmp).rglob("submission.yaml"))
            if len(subs) != 1:
                raise ValueError(f"{path}: expected one submission.yaml in the archive, found {len(subs)}")
            t = _read_submission(subs[0], table)
            return Table(t.name, t.description, t.keywords, t.independent, t.dependent, f"{path}:{t.name}")
    if name.endswith(".csv"):
        if table is not None:
            raise ValueError(f"{path}: a CSV export holds one table; table= is for submissions")
        return _read_csv(path)
    if name.endswith((".yaml", ".yml")):
        docs = _load_yaml_documents(path)
        if any(isinstance(d, dict) and "data_file" in d for d in docs):
            return _read_submission(path, table)
        if len(docs) == 1 and isinstance(docs[0], dict) and "dependent_variables" in docs[0]:
            if table is not None:
                raise ValueError(f"{path}: a data file holds one table; table= is for submission.yaml")
            return _table_from_yaml(docs[0], name=path.stem, description="", keywords={}, source=str(path))
        raise ValueError(f"{path}: neither a HEPData data file (no 'dependent_variables') nor a submission.yaml "
                         "(no 'data_file')")
    raise ValueError(f"{path}: unknown HEPData file type (expected .yaml, .yml, .csv, a directory or an archive)")


def _unpack(path: Path, dest: Path):
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            zf.extractall(dest)
    else:
        with tarfile.open(path) as tf:
            if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4: refuse links and paths outside dest
                tf.extractall(dest, filter="data")
            else:
                for member in tf.getmembers():
                    if not member.isfile() or Path(member.name).is_absolute() or ".." in Path(member.name).parts:
                        raise ValueError(f"{path}: unsafe or unexpected archive member {member.name!r}")
                tf.extractall(dest)


def _load_yaml_documents(path: Path) -> list:
    import yaml

    try:
        with path.open() as fh:
            return [d for d in yaml.safe_load_all(fh) if d is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None


def _read_submission(path: Path, table) -> Table:
    docs = [d for d in _load_yaml_documents(path) if isinstance(d, dict) and "data_file" in d]
    if not docs:
        raise ValueError(f"{path}: no tables (documents with 'data_file') in the submission")
    names = [d.get("name", d["data_file"]) for d in docs]
    if table is None:
        if len(docs) > 1:
            raise ValueError(f"{path}: the submission has {len(docs)} tables; choose one with table= (name or "
                             f"0-based index; CLI --table): " + "; ".join(f"[{i}] {n!r}" for i, n in enumerate(names)))
        doc = docs[0]
    elif isinstance(table, (int, np.integer)) or (isinstance(table, str) and table.isdigit()):
        i = int(table)
        if not 0 <= i < len(docs):
            raise ValueError(f"{path}: table index {i} out of range (0..{len(docs) - 1})")
        doc = docs[i]
    else:
        matches = [d for d, n in zip(docs, names) if n == table or n.lower() == str(table).lower()]
        if len(matches) != 1:
            raise ValueError(f"{path}: no table named {table!r}; tables: " + "; ".join(repr(n) for n in names))
        doc = matches[0]
    data_path = path.parent / doc["data_file"]
    if not data_path.is_file():
        raise FileNotFoundError(f"{path}: data file {doc['data_file']!r} of table {doc.get('name')!r} not found")
    data = _load_yaml_documents(data_path)
    if len(data) != 1 or not isinstance(data[0], dict):
        raise ValueError(f"{data_path}: expected one YAML document with the table data")
    keywords = {k["name"]: list(k.get("values", [])) for k in doc.get("keywords", []) or [] if "name" in k}
    return _table_from_yaml(data[0], name=doc.get("name", data_path.stem), description=doc.get("description", ""),
                            keywords=keywords, source=f"{path}:{doc.get('name', data_path.stem)}")


def _number(v, where: str) -> float:
    if v in _MISSING or (isinstance(v, str) and v.strip() in _MISSING):
        return np.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: not a number: {v!r}") from None


def _offset(err, value: float, where: str) -> float:
    if isinstance(err, str) and err.strip().endswith("%"):
        return _number(err.strip()[:-1], where) / 100.0 * value
    return _number(err, where)


def _table_from_yaml(data: dict, name: str, description: str, keywords: dict, source: str) -> Table:
    for key in ("independent_variables", "dependent_variables"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"{source}: missing or malformed {key!r}")
    indep = []
    for k, var in enumerate(data["independent_variables"]):
        header = var.get("header", {})
        where = f"{source}: independent variable {header.get('name', k)!r}"
        rows = var.get("values", [])
        vals = np.array([_number(r.get("value"), f"{where}, row {i + 1}") for i, r in enumerate(rows)])
        binned = any("low" in r or "high" in r for r in rows)
        low = np.array([_number(r.get("low"), f"{where}, row {i + 1}") for i, r in enumerate(rows)]) if binned else None
        high = np.array([_number(r.get("high"), f"{where}, row {i + 1}") for i, r in enumerate(rows)]) if binned else None
        indep.append(Variable(str(header.get("name", "")), str(header.get("units", "") or ""), vals, low=low, high=high))
    dep = []
    for k, var in enumerate(data["dependent_variables"]):
        header = var.get("header", {})
        where = f"{source}: dependent variable {header.get('name', k)!r}"
        rows = var.get("values", [])
        vals = np.array([_number(r.get("value"), f"{where}, row {i + 1}") for i, r in enumerate(rows)])
        labels = []
        for r in rows:
            for e in r.get("errors", []) or []:
                lab = str(e.get("label", "error"))
                if lab not in labels:
                    labels.append(lab)
        errors = []
        for lab in labels:
            lo, hi = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
            for i, r in enumerate(rows):
                for e in r.get("errors", []) or []:
                    if str(e.get("label", "error")) != lab:
                        continue
                    w = f"{where}, row {i + 1}, error {lab!r}"
                    if "symerror" in e:
                        s = abs(_offset(e["symerror"], vals[i], w))
                        lo[i], hi[i] = -s, s
                    elif "asymerror" in e:
                        lo[i] = _offset(e["asymerror"].get("minus"), vals[i], w)
                        hi[i] = _offset(e["asymerror"].get("plus"), vals[i], w)
            errors.append((lab, lo, hi))
        quals = tuple((_qual_name(q), str(q.get("value", ""))) for q in var.get("qualifiers", []) or [])
        dep.append(Variable(str(header.get("name", "")), str(header.get("units", "") or ""), vals, quals, tuple(errors)))
    n = {len(v.values) for v in indep + dep}
    if len(n) > 1:
        raise ValueError(f"{source}: variables have different numbers of values {sorted(n)}")
    return Table(str(name), str(description or ""), keywords, indep, dep, source)


def _qual_name(q: dict) -> str:
    units = q.get("units")
    return f"{q.get('name', '')} [{units}]" if units else str(q.get("name", ""))


_HEADER_UNITS = re.compile(r"^(?P<name>.*?)\s*\[(?P<units>[^\[\]]*)\]\s*$")
_META_KEYS = ("table_doi:", "name:", "description:", "data_file:", "data_license:", "keyword ")


def _split_header(text: str) -> tuple[str, str]:
    m = _HEADER_UNITS.match(text.strip())
    return (m.group("name").strip(), m.group("units").strip()) if m else (text.strip(), "")


def _read_csv(path: Path) -> Table:
    """The hepdata-converter CSV layout (docs/physics.md O)."""
    meta = {"name": path.stem, "description": ""}
    keywords, blocks, block = {}, [], None
    with path.open(newline="") as fh:
        lines = list(enumerate(fh, start=1))
    sep = ","
    for _, line in lines:
        if line.strip() and not line.startswith("#"):
            sep = ";" if (";" in line and "," not in line) else ","
            break
    for lineno, raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if block is not None and block["header"] is not None:
                blocks.append(block)
                block = None
            continue
        if line.startswith("#:"):
            body = line[2:].strip()
            if block is None or block["header"] is None:
                if body.startswith(_META_KEYS) and block is None:
                    key, _, value = body.partition(":")
                    if key.startswith("keyword "):
                        keywords[key[len("keyword "):].strip()] = [v.strip() for v in value.split("|") if v.strip()]
                    else:
                        meta[key.strip()] = value.strip()
                    continue
                block = block or {"quals": [], "header": None, "rows": [], "line": lineno}
                block["quals"].append((lineno, next(csv.reader([body], delimiter=sep))))
                continue
            raise ValueError(f"{path}:{lineno}: a '#:' line inside a data block (blocks are separated by blank lines)")
        if line.startswith("#"):
            continue
        fields = [f.strip().strip("'") for f in next(csv.reader([line], delimiter=sep))]
        if block is None:
            block = {"quals": [], "header": None, "rows": [], "line": lineno}
        if block["header"] is None:
            block["header"], block["line"] = fields, lineno
        else:
            if len(fields) != len(block["header"]):
                raise ValueError(f"{path}:{lineno}: expected {len(block['header'])} columns "
                                 f"({sep.join(block['header'])}), got {len(fields)}")
            block["rows"].append((lineno, fields))
    if block is not None and block["header"] is not None:
        blocks.append(block)
    if not blocks:
        raise ValueError(f"{path}: no data block (a header line naming the columns) in the CSV export")
    indep, dep = None, []
    for b in blocks:
        bi, bd = _csv_block(path, b)
        if indep is None:
            indep = bi
        elif [(v.name, v.units) for v in bi] != [(v.name, v.units) for v in indep] or not all(
                np.array_equal(a.values, c.values, equal_nan=True) for a, c in zip(bi, indep)):
            raise ValueError(f"{path}:{b['line']}: this block's independent variable differs from the first block's")
        dep.extend(bd)
    return Table(meta.get("name", path.stem), meta.get("description", ""), keywords, indep, dep, str(path))


def _csv_block(path: Path, b: dict):
    header = b["header"]
    is_err = [False] * len(header)
    for j in range(len(header) - 1):
        if header[j].endswith(" +") and header[j + 1].endswith(" -") and header[j][:-2] == header[j + 1][:-2]:
            is_err[j] = is_err[j + 1] = True
    is_edge = [h.endswith((" LOW", " HIGH")) and not is_err[j] for j, h in enumerate(header)]
    marked = set()
    for _, row in b["quals"]:
        marked.update(j for j, cell in enumerate(row) if j > 0 and cell.strip() != "")
    plain = [j for j in range(len(header)) if not is_err[j] and not is_edge[j]]
    single = all(sum(1 for c in row[1:] if c.strip()) == 1 for _, row in b["quals"])
    if marked and all(j in plain for j in marked) and max(marked) == plain[-1] or not marked:
        y_cols = sorted(marked) if marked else plain[-1:]
    elif single:  # one value per qualifier row, not under its column: an unpacked block (one dependent variable)
        y_cols = plain[-1:]
    else:
        raise ValueError(f"{path}:{b['line']}: qualifier rows do not line up with the value columns of {header}")
    x_cols = [j for j in plain if j not in y_cols]
    if not x_cols or min(y_cols) < max(x_cols):
        raise ValueError(f"{path}:{b['line']}: cannot tell the independent from the dependent columns in {header}")
    rows = b["rows"]
    if not rows:
        raise ValueError(f"{path}:{b['line']}: no data rows after the header")

    def column(j):
        return np.array([_number(f[j], f"{path}:{ln}") for ln, f in rows])

    indep = []
    for j in x_cols:
        name, units = _split_header(header[j])
        lo = hi = None
        if j + 2 < len(header) and header[j + 1] == header[j] + " LOW" and header[j + 2] == header[j] + " HIGH":
            lo, hi = column(j + 1), column(j + 2)
        indep.append(Variable(name, units, column(j), low=lo, high=hi))
    dep = []
    for k, j in enumerate(y_cols):
        name, units = _split_header(header[j])
        end = y_cols[k + 1] if k + 1 < len(y_cols) else len(header)
        errors = []
        for e in range(j + 1, end - 1, 2):
            if is_err[e]:
                vals = column(j)
                minus = np.array([_offset(f[e + 1], v, f"{path}:{ln}") for (ln, f), v in zip(rows, vals)])
                plus = np.array([_offset(f[e], v, f"{path}:{ln}") for (ln, f), v in zip(rows, vals)])
                errors.append((header[e][:-2], minus, plus))
        quals = []
        for ln, row in b["quals"]:
            key = row[0].strip()
            value = row[j].strip() if j < len(row) else ""
            if not value and len(y_cols) == 1:
                value = next((c.strip() for c in row[1:] if c.strip()), "")
            if value:
                quals.append((key, value))
        dep.append(Variable(name, units, column(j), tuple(quals), tuple(errors)))
    return indep, dep


# ---------------------------------------------------------------------------- interpretation
_OBS = re.compile(r"\bobs(erved|\.)?\b")
_EXP = re.compile(r"\bexp(ected|\.)?\b|\bmedian\b")
_SIGN_N = re.compile(r"(\+|-|−|\\pm|±|plus|minus)\s*\$?\s*([12])\s*\$?\s*(\\sigma|σ|sigma|std|s\.\s?d\.|sd\b|stand)")
_N_WORD = re.compile(r"([12])\s*\$?\s*(\\sigma|σ|sigma|std|s\.\s?d\.|sd\b|stand)[^,;()]*?\b(up|down|upper|lower|high|low)\b"
                     r"|\b(up|down|upper|lower|high|low)(per|er)?\b[^,;()]*?([12])\s*\$?\s*(\\sigma|σ|sigma|std|s\.\s?d\.|sd\b)")
_CL_TEXT = re.compile(r"(\d{2}(?:\.\d+)?)\s*%\s*(?:c\.?\s?l\.?|confidence)", re.IGNORECASE)
_CL_NAMES = ("cl", "c.l.", "confidence level", "confidence-level")


def _role(var: Variable) -> str | None:
    """'observed', a band key, 'band-pair' (median with +-n sigma errors), 'ambiguous' or None (unlabelled)."""
    text = " ".join([var.name] + [f"{k} {v}" for k, v in var.qualifiers
                                  if k.split(" [")[0].strip().lower() not in _CL_NAMES]).lower()
    obs, exp = bool(_OBS.search(text)), bool(_EXP.search(text))
    if obs and exp:
        return "ambiguous"
    if obs:
        return "observed"
    if not exp:
        return None
    m = _SIGN_N.search(text)
    if m:
        sign, n = m.group(1), m.group(2)
        if sign in ("\\pm", "±"):
            return "band-pair"
        return ("plus" if sign in ("+", "plus") else "minus") + f"{n}sigma"
    m = _N_WORD.search(text)
    if m:
        n = m.group(1) or m.group(6)
        word = m.group(3) or m.group(4)
        return ("plus" if word in ("up", "upper", "high") else "minus") + f"{n}sigma"
    if re.search(r"[12]\s*\$?\s*(\\sigma|σ|sigma)", text):
        return "ambiguous"
    return "median"


def _error_sigma(label: str) -> int | None:
    low = label.lower()
    if re.search(r"\b1\s*\$?\s*(\\sigma|σ|sigma|std|s\.d)|68", low):
        return 1
    if re.search(r"\b2\s*\$?\s*(\\sigma|σ|sigma|std|s\.d)|95", low):
        return 2
    return None


def _parse_cl(text: str, where: str) -> float:
    t = str(text).strip().rstrip("%").strip()
    try:
        v = float(t)
    except ValueError:
        raise ValueError(f"{where}: cannot read the confidence level {text!r}") from None
    v = v / 100.0 if (v > 1.0 or str(text).strip().endswith("%")) else v
    if not 0.5 <= v < 1.0:
        raise ValueError(f"{where}: confidence level {text!r} is not between 50 % and 100 %")
    return round(v, 6)


def _stated_cl(var: Variable, table: Table) -> tuple[float | None, str]:
    found = {}
    for k, v in var.qualifiers:
        if k.split(" [")[0].strip().lower() in _CL_NAMES:
            found[_parse_cl(v, f"{table.source}: qualifier {k!r} of {var.name!r}")] = f"qualifier {k}: {v}"
    for m in _CL_TEXT.finditer(var.name + " " + " ".join(v for k, v in var.qualifiers)):
        found.setdefault(_parse_cl(m.group(1), table.source), f"header {var.name!r}")
    if len(found) > 1:
        raise ValueError(f"{table.source}: {var.name!r} states several confidence levels: {sorted(found)}")
    if found:
        (cl, why), = found.items()
        return cl, why
    desc = {_parse_cl(m.group(1), table.source) for m in _CL_TEXT.finditer(table.description)}
    if len(desc) == 1:
        return desc.pop(), "table description"
    return None, ""


def _signature(var: Variable) -> tuple:
    """The qualifiers that are not about observed/expected/band/CL: columns that share them belong together."""
    out = []
    for k, v in var.qualifiers:
        if k.split(" [")[0].strip().lower() in _CL_NAMES:
            continue
        probe = Variable(f"{k} {v}", "", np.zeros(0))
        if _role(probe) is None:
            out.append((k, v))
    return tuple(sorted(out))


def _choose(table: Table, key, what: str, arg: str, candidates: list[int]) -> int:
    deps = table.dependent
    if isinstance(key, (int, np.integer)) or (isinstance(key, str) and key.strip().isdigit()):
        i = int(key)
        if not 0 <= i < len(deps):
            raise ValueError(f"{table.source}: {arg}={key!r}: there are {len(deps)} dependent variables (0-based)")
        return i
    hits = [i for i, v in enumerate(deps) if v.name == key] or [i for i, v in enumerate(deps)
                                                                 if v.name.lower() == str(key).lower()]
    if len(hits) == 1:
        return hits[0]
    listing = "; ".join(f"[{i}] {v.title}" for i, v in enumerate(deps))
    if not hits:
        raise ValueError(f"{table.source}: no dependent variable named {key!r} for the {what}; columns: {listing}")
    sub = [i for i in hits if i in candidates]
    if len(sub) == 1:
        return sub[0]
    raise ValueError(f"{table.source}: several dependent variables are named {key!r}; give {arg}= as an index: {listing}")


def read_limit_curves(path, table=None, observed=None, expected=True, cl=None, mass_bins=None,
                      allow_missing=False) -> Limit:
    """The observed limit and the expected bands of a HEPData table, in the table's units.

    ``observed``: the observed-limit column (header name or 0-based index among the dependent
    variables) when the table has several candidates. ``expected``: True (the expected columns that
    go with the observed one), False (none), or {band: column}. ``cl``: the confidence level you
    want (a column stating another one is refused; with no statement in the file, yours is used).
    ``mass_bins``: "centre" to take the bin centre where the mass is given only as a bin.
    ``allow_missing``: keep missing values ("-") as NaN (e.g. coupling limits written by
    :func:`write_submission` at masses without a limit) instead of refusing them.
    """
    t = read_table(path, table)
    if len(t.independent) != 1:
        raise ValueError(f"{t.source}: a limit versus mass needs one independent variable, the table has "
                         f"{len(t.independent)} ({', '.join(repr(v.name) for v in t.independent)}); "
                         "for limits versus mass and lifetime use pheno.LimitMap")
    if not t.dependent:
        raise ValueError(f"{t.source}: no dependent variables")
    x = t.independent[0]
    scale = MASS_TO_GEV.get(x.units.strip().lower())
    if scale is None:
        raise ValueError(f"{t.source}: the mass column {x.name!r} must state its units (GeV, MeV, keV or TeV), "
                         f"got {x.units!r}")
    mass = x.values.copy()
    if np.any(np.isnan(mass)):
        if x.low is None:
            raise ValueError(f"{t.source}: the mass column {x.name!r} has missing values")
        if mass_bins != "centre":
            raise ValueError(f"{t.source}: the mass {x.name!r} is given as bins [low, high] without a central value; "
                             "pass mass_bins='centre' (CLI --mass-bins centre) to use the bin centres")
        mass = np.where(np.isnan(mass), 0.5 * (x.low + x.high), mass)
    mass = mass * scale
    if not np.all(np.isfinite(mass) & (mass > 0)):
        raise ValueError(f"{t.source}: masses must be positive and finite")

    roles = [_role(v) for v in t.dependent]
    listing = "; ".join(f"[{i}] {v.title} -> {roles[i] or 'unlabelled'}" for i, v in enumerate(t.dependent))
    if observed is None:
        cands = [i for i, r in enumerate(roles) if r == "observed"] or [i for i, r in enumerate(roles) if r is None]
        if cl is not None and len(cands) > 1:
            cands = [i for i in cands if _stated_cl(t.dependent[i], t)[0] in (None, round(cl, 6))]
        if not cands:
            raise ValueError(f"{t.source}: no observed-limit column; choose one with observed= (name or 0-based "
                             f"index; CLI --observed). Columns: {listing}")
        if len(cands) > 1:
            raise ValueError(f"{t.source}: {len(cands)} candidate observed-limit columns "
                             f"({', '.join(str(i) for i in cands)}); choose one with observed= (name or 0-based "
                             f"index; CLI --observed). Columns: {listing}")
        i_obs = cands[0]
    else:
        i_obs = _choose(t, observed, "observed limit", "observed", list(range(len(roles))))
    obs = t.dependent[i_obs]
    chosen, curves = {"observed": obs}, {"observed": obs.values}
    if expected is True:
        sig = _signature(obs)
        pool = [i for i, r in enumerate(roles) if i != i_obs and r not in (None, "observed", "ambiguous")
                and _signature(t.dependent[i]) == sig]
        for band in BANDS:
            hits = [i for i in pool if roles[i] == band or (band == "median" and roles[i] == "band-pair")]
            if len(hits) > 1:
                raise ValueError(f"{t.source}: several columns could be the expected {BAND_TITLES[band]} limit "
                                 f"({', '.join(str(i) for i in hits)}); give expected={{band: column}} or "
                                 f"expected=False (CLI --no-expected). Columns: {listing}")
            if hits:
                chosen[band] = t.dependent[hits[0]]
                curves[band] = chosen[band].values
        median = chosen.get("median")
        for label, minus, plus in (median.errors if median is not None else ()):
            n = _error_sigma(label)
            if n is None:
                raise ValueError(f"{t.source}: cannot tell which band the uncertainty {label!r} of {median.name!r} "
                                 "is (expected '1 sigma'/'68%' or '2 sigma'/'95%'); give expected={band: column} "
                                 "or expected=False")
            for sign, edge in (("minus", median.values - np.abs(minus)), ("plus", median.values + np.abs(plus))):
                band = f"{sign}{n}sigma"
                if band in curves:
                    raise ValueError(f"{t.source}: the expected {BAND_TITLES[band]} limit is given twice "
                                     f"({chosen[band].name!r} and the uncertainty {label!r} of {median.name!r})")
                chosen[band], curves[band] = median, edge
    elif isinstance(expected, dict):
        for band, key in expected.items():
            if band not in BANDS:
                raise ValueError(f"expected: unknown band {band!r}; valid: {BANDS}")
            chosen[band] = t.dependent[_choose(t, key, f"expected {band}", "expected", [])]
            curves[band] = chosen[band].values
    elif expected is not False:
        raise ValueError("expected must be True, False or a dict {band: column}")
    cl_value, why = _stated_cl(obs, t)
    for band, var in chosen.items():
        c, _ = _stated_cl(var, t)
        if c is not None and cl_value is not None and c != cl_value:
            raise ValueError(f"{t.source}: the observed limit is at {cl_value:.0%} CL but the {band} column at {c:.0%}")
    if cl is not None:
        cl = round(float(cl), 6)
        if cl_value is not None and cl_value != cl:
            raise ValueError(f"{t.source}: the table states {cl_value:.0%} CL ({why}), not the requested {cl:.0%}")
        cl_value = cl
    for key, vals in curves.items():
        bad = ~np.isfinite(vals)
        if bad.any() and not allow_missing:
            rows = ", ".join(str(i + 1) for i in np.nonzero(bad)[0][:8])
            hint = "" if key == "observed" else " (expected=False ignores the expected columns)"
            raise ValueError(f"{t.source}: the {key} column {chosen[key].name!r} has missing values at rows {rows}{hint}")
    return Limit(mass=mass, observed=curves["observed"], expected={b: curves[b] for b in BANDS if b in curves},
                 units=obs.units, cl=cl_value, mass_column=x.name, limit_column=obs.name, table=t, variables=chosen)


_BF_NAME = re.compile(r"\b(bf|br|b|branching|\\mathcal\{b\}|\\mathcal b|\\mathscr\{b\})\b|^\$?\\mathcal|^\$?b\s*\(",
                      re.IGNORECASE)
_POWER = re.compile(r"^\$?\s*(?:10\s*\^\s*\{?\s*(-?\d+)\s*\}?|1?e(-?\d+))\s*\$?$", re.IGNORECASE)


def _limit_scale(var: Variable, quantity: str | None, source: str) -> tuple[str, float]:
    u = var.units.strip()
    low = u.lower()
    if low in SIGMA_TO_FB:
        if quantity == "bf":
            raise ValueError(f"{source}: {var.name!r} is in {u} (a cross section), not a branching fraction")
        return "sigma", SIGMA_TO_FB[low]
    power = _POWER.match(u)
    if u == "" or power:
        factor = 10.0 ** int(power.group(1) or power.group(2)) if power else 1.0
        if quantity == "sigma":
            raise ValueError(f"{source}: {var.name!r} has no cross-section unit ({u!r}); "
                             "it cannot be read as a cross section")
        if quantity == "bf" or _BF_NAME.search(var.name):
            return "bf", factor
        raise ValueError(f"{source}: {var.name!r} is dimensionless ({u!r}) but its name does not say it is a "
                         "branching fraction; pass quantity='bf' (CLI --quantity bf) if it is one")
    raise ValueError(f"{source}: unknown units {u!r} of {var.name!r} (cross sections: "
                     f"{', '.join(SIGMA_TO_FB)}; branching fractions: none or a power of ten such as 10^-6)")


def read_hepdata(path, table=None, observed=None, expected=True, cl=None, quantity=None,
                 mass_bins=None) -> LimitTable:
    """A HEPData table as an upper limit versus mass (:class:`pheno.limitfile.LimitTable`): masses in
    GeV, cross sections in fb (quantity "sigma") or branching fractions (quantity "bf").

    See the module docstring for the accepted files and :func:`read_limit_curves` for ``table``,
    ``observed``, ``expected``, ``cl`` and ``mass_bins``. ``quantity`` ("sigma" or "bf") is needed
    only when the units do not tell (a dimensionless column whose name does not say BF/BR).

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.yaml"
    >>> _ = f.write_text('''
    ... independent_variables:
    ... - header: {name: M(X), units: MEV}
    ...   values: [{value: 500}, {value: 1000}]
    ... dependent_variables:
    ... - header: {name: SIG, units: PB}
    ...   qualifiers: [{name: CL, value: 90%}, {name: Limit, value: Observed}]
    ...   values: [{value: 0.003}, {value: 0.002}]
    ... ''')
    >>> t = read_hepdata(f)
    >>> t.mass.tolist(), t.limit.tolist(), t.quantity, t.cl
    ([0.5, 1.0], [3.0, 2.0], 'sigma', 0.9)
    """
    if quantity not in (None, "sigma", "bf"):
        raise ValueError(f"quantity must be 'sigma' or 'bf', got {quantity!r}")
    lim = read_limit_curves(path, table=table, observed=observed, expected=expected, cl=cl, mass_bins=mass_bins)
    src = lim.table.source
    kind, factor = _limit_scale(lim.variables["observed"], quantity, src)
    converted = {}
    for band, vals in lim.expected.items():
        _, f = _limit_scale(lim.variables[band], kind, src)
        converted[band] = vals * f
    obs = lim.observed * factor
    for key, vals in [("observed", obs), *converted.items()]:
        if np.any(vals <= 0):
            i = int(np.nonzero(vals <= 0)[0][0])
            raise ValueError(f"{src}: the {key} limit must be positive, got {vals[i]:g} at row {i + 1}")
    return LimitTable(mass=lim.mass, limit=obs, quantity=kind, expected=converted, cl=lim.cl, source=src,
                      columns={"mass": lim.mass_column, "limit": lim.limit_column})


def is_hepdata(path) -> bool:
    """True for a YAML file, a directory/archive with submission.yaml, or a CSV with HEPData '#:' lines."""
    path = Path(path)
    name = path.name.lower()
    if path.is_dir() or name.endswith((".yaml", ".yml", ".tar.gz", ".tgz", ".zip")):
        return True
    if name.endswith(".csv") and path.is_file():
        with path.open() as fh:
            for line in fh:
                if line.strip():
                    return line.startswith("#:")
    return False


# ============================================================================ writing
def hepdata_units(unit: str) -> str:
    """Plain-text unit -> HEPData style: "GeV" -> "GEV", "GeV^-1" -> "GEV**-1"."""
    return re.sub(r"\^\{?(-?\d+)\}?", r"**\1", unit).upper()


def reaction(process: str) -> str:
    """pheno process name -> HEPData 'reactions' keyword: "e+ e- > mu+ mu- Z'" -> "E+ E- --> MU+ MU- Z'"."""
    lhs, sep, rhs = process.partition(">")
    if not sep:
        return process.upper()
    return f"{lhs.strip().upper()} --> {rhs.strip().upper()}"


def _cl_text(cl: float | None) -> str | None:
    return None if cl is None else f"{100 * cl:g}%"


def _values(arr) -> list:
    return ["-" if not np.isfinite(v) else float(v) for v in np.asarray(arr, float)]


def _add_curves(tab, curves: dict, name: str, units: str, qualifiers: list):
    from hepdata_lib import Variable as HVariable

    for key, vals in curves.items():
        title = "Observed" if key == "observed" else f"Expected {BAND_TITLES[key]}"
        var = HVariable(f"{title} {name}", is_independent=False, is_binned=False, units=units)
        var.digits = 17  # no rounding: the export reads back to the same floats
        var.values = _values(vals)
        var.add_qualifier("Limit", title)
        for q in qualifiers:
            var.add_qualifier(*q)
        tab.add_variable(var)


def write_submission(path, model_cls, process, coupling_limits, *, mass, expected=None, coupling=None,
                     cl=None, assumptions=None, input_limit: LimitTable | None = None, sqrt_s=C.SQRT_S_BELLE2,
                     comment="", notes=()) -> Path:
    """Write converted coupling limits as a HEPData submission directory ``path`` (validated).

    model_cls       : the pheno model class (coupling and mass symbols, units)
    process         : the production process (the 'reactions' keyword)
    coupling_limits : observed coupling upper limit per mass (NaN where none); ``mass`` in GeV
    expected        : {band: coupling limits} for bands among BANDS (optional)
    coupling        : the model parameter (default model_cls.COUPLING)
    cl              : confidence level of the input limit (None: not stated, no CL qualifier)
    assumptions     : {name: value} written as qualifiers (final state, fixed parameters, alpha, ...)
    input_limit     : the LimitTable converted; written as a second table
    notes           : lines added to the coupling table's description (e.g. masses without a limit)

    The directory holds submission.yaml and one YAML file per table; the archive to upload is written
    next to it as ``<path>.tar.gz`` (:func:`archive_path`). Both are made in a temporary directory next
    to ``path`` and renamed into place; an existing ``path`` is replaced only if it is an earlier
    submission (it holds submission.yaml) or empty.
    """
    with warnings.catch_warnings():  # hepdata_validator imports deprecated jsonschema names
        warnings.simplefilter("ignore", DeprecationWarning)
        from hepdata_lib import Submission
        from hepdata_lib import Table as HTable
        from hepdata_lib import Variable as HVariable

    from . import __version__

    path = Path(path)
    coupling = coupling or model_cls.COUPLING
    mass = np.asarray(mass, float)
    curves = {"observed": np.asarray(coupling_limits, float)}
    for band, vals in (expected or {}).items():
        if band not in BANDS:
            raise ValueError(f"expected: unknown band {band!r}; valid: {BANDS}")
        curves[band] = np.asarray(vals, float)
    for key, vals in curves.items():
        if vals.shape != mass.shape:
            raise ValueError(f"the {key} coupling limits need one value per mass ({mass.size}), got {vals.shape}")
    if path.exists() and not (path.is_dir() and ((path / "submission.yaml").is_file() or not any(path.iterdir()))):
        raise FileExistsError(f"{path} exists and is not a HEPData submission directory; not overwriting it")

    sym_m, sym_g = model_cls.symbol("mass"), model_cls.symbol(coupling)
    quals = []
    if cl is not None:
        quals.append(("CL", _cl_text(cl)))
    quals.append(("SQRT(S)", float(sqrt_s), "GEV"))
    quals.append(("Model", f"pheno {model_cls.__name__}"))
    quals.append(("Process", process))
    for k, v in (assumptions or {}).items():
        quals.append((str(k), str(v)))
    keywords = {"reactions": [reaction(process)], "cmenergies": [float(sqrt_s)],
                "phrases": ["Upper Limit", "Dark Sector", "Coupling"]}

    sub = Submission()
    sub.comment = comment or (f"Upper limits on the coupling {coupling} of the pheno model {model_cls.__name__}, "
                              f"converted with pheno {__version__}.")
    tab = HTable(f"Upper limit on {coupling}")
    tab.description = (f"{'%g%% CL upper' % (100 * cl) if cl is not None else 'Upper'} limit on the coupling "
                       f"${sym_g}$ of the {model_cls.__name__} model versus the mass ${sym_m}$, from {process} at "
                       f"sqrt(s) = {sqrt_s:g} GeV; converted with pheno {__version__}. "
                       + " ".join(notes)).strip()
    tab.location = "pheno convert"
    tab.keywords = keywords
    x = HVariable(f"${sym_m}$", is_independent=True, is_binned=False, units="GEV")
    x.digits = 17
    x.values = [float(v) for v in mass]
    tab.add_variable(x)
    _add_curves(tab, curves, f"${sym_g}$", hepdata_units(model_cls.unit(coupling)), quals)
    sub.add_table(tab)

    if input_limit is not None:
        t2 = HTable("Input upper limit")
        what = "sigma x BF" if input_limit.quantity == "sigma" else "BF x BF"
        t2.description = (f"The {'%g%% CL ' % (100 * input_limit.cl) if input_limit.cl is not None else ''}upper "
                          f"limit on {what} that was converted (from {input_limit.source}).")
        t2.location = "pheno convert input"
        t2.keywords = {**keywords, "observables": ["SIG" if input_limit.quantity == "sigma" else "BR"],
                       "phrases": ["Upper Limit", "Dark Sector"]}
        x2 = HVariable(f"${sym_m}$", is_independent=True, is_binned=False, units="GEV")
        x2.digits = 17
        x2.values = [float(v) for v in input_limit.mass]
        t2.add_variable(x2)
        q2 = ([("CL", _cl_text(input_limit.cl))] if input_limit.cl is not None else []) + [("SQRT(S)", float(sqrt_s), "GEV")]
        _add_curves(t2, {"observed": input_limit.limit, **input_limit.expected},
                    "SIG" if input_limit.quantity == "sigma" else "BF",
                    "FB" if input_limit.quantity == "sigma" else "", q2)
        sub.add_table(t2)

    path.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    log = io.StringIO()
    try:
        with _cwd(stage), contextlib.redirect_stdout(log), warnings.catch_warnings():
            # hepdata_validator leaves data files open and imports deprecated jsonschema names
            warnings.simplefilter("ignore", ResourceWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                sub.create_files("submission", validate=True)
            except AssertionError:
                raise ValueError("hepdata_lib: the submission does not validate:\n" + log.getvalue()) from None
            finally:
                gc.collect()  # close those files here, inside the filter
        if path.exists():
            os.replace(path, stage / "previous")
        os.replace(stage / "submission", path)
        os.replace(stage / "submission.tar.gz", archive_path(path))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return path


def archive_path(path) -> Path:
    """Where :func:`write_submission` puts the archive of the submission directory ``path``."""
    path = Path(path)
    return path.with_name(path.name + ".tar.gz")


@contextlib.contextmanager
def _cwd(path: Path):
    """hepdata_lib writes submission.tar.gz into the working directory: run it inside the staging one."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)
