"""Published upper-limit files: one column per role, nothing guessed (docs/physics.md, "Limits").

A limit file is text with '#' comment lines anywhere and one header line naming every column with
its unit. Roles:

* **mass** of the produced particle: a name starting with ``m``/``mass`` and ending in its unit,
  ``mass_GeV``, ``m_Ap_GeV``, ``mass [MeV]``;
* **observed limit**: a cross section when the name carries fb/pb/ab/nb (``sigma_ul_fb``,
  ``xsec_obs [pb]``), a branching fraction when it is named so and has no unit (``bf_ul``, ``BF_UL``,
  ``BR_UL``); a ``log10`` prefix means the column holds log10 of the limit;
* optionally the **expected** limit: names containing ``exp``/``expected`` and, for the bands,
  ``p1s``/``m1s``/``p2s``/``m2s`` (also ``plus1sigma``, ``+1sigma``, ``1sigma_up``, ``down2``, ...),
  e.g. ``sigma_exp_fb``, ``sigma_exp_m1s_fb``, ``bf_ul_expected_plus2sigma``.

Exactly one column may fill each role. When several could, or none does, :func:`read_limit_file`
raises an error listing the columns and how to choose (``mass_column=``, ``limit_column=``; on the
command line ``--mass-col``, ``--limit-col``). The confidence level is taken from a column name
(``sigma_ul90_fb``, ``bf_ul_95cl``) or a comment (``# CL = 95%``, ``# 90% CL``) and is ``None``
when the file does not say. Separators: commas; a header without commas is split on tabs, or else
on blanks (then names cannot contain spaces); anything else is an error that says so. The file is
read as UTF-8 (a byte-order mark is accepted) line by line into typed arrays, so that millions
of rows fit in memory.
"""
from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SIGMA_TO_FB = {"fb": 1.0, "pb": 1e3, "nb": 1e6, "ab": 1e-3}
MASS_TO_GEV = {"kev": 1e-6, "mev": 1e-3, "gev": 1.0, "tev": 1e3}
BANDS = ("minus2sigma", "minus1sigma", "median", "plus1sigma", "plus2sigma")  # the expected limits, in order

_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|[+-]")
_BF_WORDS = {"bf", "br", "bful", "brul"}
_SIGMA_WORDS = {"sigma", "xsec", "xs", "cross"}
_EXP_WORDS = {"exp", "expected", "median", "med"}
_OBS_WORDS = {"obs", "observed"}
_UP_WORDS = {"p", "plus", "+", "up", "hi", "high"}
_DOWN_WORDS = {"m", "minus", "-", "down", "dn", "lo", "low"}
_CL_COMMENT = [re.compile(p, re.IGNORECASE) for p in (
    r"\bC\.?L\.?\s*[=:,]?\s*(\d+(?:\.\d+)?)\s*%",
    r"(\d+(?:\.\d+)?)\s*%\s*(?:C\.?L\.?\b|confidence)",
    r"confidence\s+level\s*[=:,]?\s*(\d+(?:\.\d+)?\s*%?)")]
_CL_COLUMN = re.compile(r"(?:^|[^a-z0-9])(?:cl|ul)\s*(90|95)(?![0-9])|(?<![0-9.])(90|95)\s*%?\s*cl(?:$|[^a-z])",
                        re.IGNORECASE)


@dataclass(frozen=True)
class LimitTable:
    """An upper-limit curve read from a file.

    mass     : GeV, one per row
    limit    : the observed upper limit: a cross section in fb (``quantity="sigma"``) or a
               branching fraction (``quantity="bf"``)
    expected : {band: array} for the expected limits present in the file, bands among
               ``"median", "minus2sigma", "minus1sigma", "plus1sigma", "plus2sigma"``; same unit as ``limit``
    cl       : confidence level (0.90, 0.95, ...) when the file states it, else None (never assumed)
    source   : the file it came from;  columns : {role: header name} of the columns used
    """

    mass: np.ndarray
    limit: np.ndarray
    quantity: str
    expected: dict = field(default_factory=dict)
    cl: float | None = None
    source: str = ""
    columns: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.quantity not in ("sigma", "bf"):
            raise ValueError(f"LimitTable.quantity must be 'sigma' or 'bf', got {self.quantity!r}")

    @property
    def unit(self) -> str:
        return "fb" if self.quantity == "sigma" else "BF"

    def __len__(self) -> int:
        return int(np.size(self.mass))


@dataclass
class _Column:
    index: int
    name: str
    role: str = ""          # "mass", "limit" or ""
    kind: str = ""          # "sigma" / "bf" for limits
    band: str = ""          # "observed" or one of BANDS
    scale: float = 1.0
    log10: bool = False
    problem: str = ""       # why the column cannot be used as it is (e.g. no unit)


def _tokens(name: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(name)]


def _band(tokens: list[str]) -> str:
    """'observed', 'median' or a band name from the tokens of a limit column name."""
    text = " ".join(tokens)
    for n in ("1", "2"):
        up = re.search(rf"(?:^| )(?:p|plus|\+|up|hi|high) ?{n}(?: ?(?:s|sig|sigma))?(?: |$)", text) or \
            re.search(rf"(?:^| ){n} ?(?:s|sig|sigma)? ?(?:up|hi|high|plus|p)(?: |$)", text)
        down = re.search(rf"(?:^| )(?:m|minus|-|down|dn|lo|low) ?{n}(?: ?(?:s|sig|sigma))?(?: |$)", text) or \
            re.search(rf"(?:^| ){n} ?(?:s|sig|sigma)? ?(?:down|dn|lo|low|minus|m)(?: |$)", text)
        if up and not down:
            return f"plus{n}sigma"
        if down and not up:
            return f"minus{n}sigma"
    if _EXP_WORDS & set(tokens):
        return "median"
    return "observed"


def _classify(index: int, name: str) -> _Column:
    col = _Column(index, name)
    body = name.strip()
    log10 = body.lower().startswith("log10")
    tokens = _tokens(body[5:] if log10 else body)
    if not tokens:
        return col
    unit_tokens = list(tokens)
    if "cl" in unit_tokens:  # a confidence-level suffix such as '_90CL' may follow the unit
        while unit_tokens and unit_tokens[-1] in ("cl", "90", "95", "68"):
            unit_tokens.pop()
    unit = unit_tokens[-1] if unit_tokens else ""
    words, first = set(tokens), tokens[0]
    is_bf = bool(_BF_WORDS & words)
    if unit in SIGMA_TO_FB:
        col.role, col.kind, col.scale, col.log10 = "limit", "sigma", SIGMA_TO_FB[unit], log10
        if is_bf:
            col.problem = f"column {name!r} is named a branching fraction but carries the cross-section unit {unit!r}"
    elif is_bf:
        col.role, col.kind, col.log10 = "limit", "bf", log10
    elif _SIGMA_WORDS & words:
        col.role, col.kind = "limit", "sigma"
        col.problem = f"column {name!r} must name its unit (fb/pb/ab/nb), e.g. 'sigma_ul_fb'"
    elif not log10 and (first in ("m", "mass") or (first.startswith("m") and len(first) <= 4 and unit in MASS_TO_GEV)):
        col.role = "mass"
        if unit in MASS_TO_GEV and len(tokens) > 1:
            col.scale = MASS_TO_GEV[unit]
        else:
            col.problem = f"column {name!r} must name its unit (GeV/MeV), e.g. 'mass_GeV'"
    if col.role == "limit":
        col.band = _band(tokens)
    return col


def _split(line: str, sep: str) -> list[str]:
    if sep == ",":
        import csv

        return [f.strip() for f in next(csv.reader([line]))]
    if sep == "\t":
        return [f.strip() for f in line.split("\t")]
    return line.split()


def _choose(path, line, role, cols, given, hint):
    """The one column for ``role`` among ``cols`` (or the one the user named)."""
    if given is not None:
        return given
    if len(cols) == 1:
        return cols[0]
    names = ", ".join(repr(c.name) for c in cols)
    if not cols:
        raise ValueError(f"{path}:{line}: no {role} column found; {hint}")
    raise ValueError(f"{path}:{line}: several columns could be the {role}: {names}; {hint}")


def read_limit_file(path, mass_column: str | None = None, limit_column: str | None = None,
                    quantity: str | None = None, cl: float | None = None) -> LimitTable:
    """Read an upper-limit file into a :class:`LimitTable` (see the module docstring for the format).

    mass_column, limit_column : header names of the mass and the observed-limit columns, required
        only when the header leaves a choice; errors name the file and the line.
    quantity : "bf" declares a ``limit_column`` without a unit (e.g. ``UL_tau_e_alpha``) to be a
        branching-fraction limit; the file's own naming is used otherwise. A mass of 0 is read (a
        massless particle); the converter accepts it only for models whose particle may be massless.
    cl : the confidence level (e.g. 0.95), for a file that states none or several (then it must be
        one of them); a file that states one different value is an error.

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "lim.csv"
    >>> _ = f.write_text("# CL = 90%\\nmass_GeV,sigma_exp_fb,sigma_obs_fb\\n1.0,0.4,0.5\\n2.0,0.3,0.2\\n")
    >>> t = read_limit_file(f)
    >>> t.columns["limit"], t.limit.tolist(), t.expected["median"].tolist(), t.quantity, t.cl
    ('sigma_obs_fb', [0.5, 0.2], [0.4, 0.3], 'sigma', 0.9)
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"limit file {path} is a directory; give the path of a CSV file")
    if not path.is_file():
        raise FileNotFoundError(f"limit file not found: {path}")
    header, header_line, sep = None, 0, ","
    cls_from_comments: set[float] = set()
    used: list[_Column] = []
    data: list[array] = []
    lineno = 0
    with path.open("rb") as fh:
        for lineno, raw_bytes in enumerate(fh, start=1):
            try:
                raw = raw_bytes.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not UTF-8 text (byte 0x{raw_bytes[exc.start]:02x} at column "
                                 f"{exc.start + 1}); save the file as UTF-8") from None
            text = raw.strip()
            if not text:
                continue
            if text.startswith("#"):
                cls_from_comments.update(_cl_in_comment(text))
                continue
            if header is None:
                sep = "," if "," in text else ("\t" if "\t" in text else " ")
                if sep == " " and ";" in text:
                    raise ValueError(f"{path}:{lineno}: the header is separated by ';': write the file with "
                                     "commas (or tabs/blanks)")
                header, header_line = _split(text, sep), lineno
                if sep != "," and any(h.startswith(("[", "(")) for h in header):
                    raise ValueError(f"{path}:{lineno}: the header has no commas, so the file is read as "
                                     f"{'tab' if sep == chr(9) else 'blank'}-separated, and a unit in brackets "
                                     f"became a column of its own ({', '.join(map(repr, header))}); separate the "
                                     "columns with commas or write names without spaces (mass_MeV)")
                used = _roles(path, header_line, header, mass_column, limit_column, quantity)
                data = [array("d") for _ in used]
                continue
            fields = _split(text, sep)
            if len(fields) != len(header):
                kind = {",": "comma", "\t": "tab", " ": "blank"}[sep]
                raise ValueError(f"{path}:{lineno}: expected {len(header)} {kind}-separated columns "
                                 f"({', '.join(header)}), got {len(fields)}"
                                 + (" (the header has no commas, so the file is read as "
                                    f"{kind}-separated; names must then not contain "
                                    f"{'tabs' if sep == chr(9) else 'spaces'})" if sep != "," else ""))
            for col, store in zip(used, data):
                store.append(_value(path, lineno, col, fields[col.index]))
    if header is None:
        raise ValueError(f"{path}: no header line (expected e.g. 'mass_GeV,sigma_ul_fb')")
    if not data[0]:
        raise ValueError(f"{path}: no data rows after the header (line {header_line})")
    arrays = {c.band or c.role: np.frombuffer(d, dtype=float) for c, d in zip(used, data)}
    for c in used:
        a = arrays[c.band or c.role]
        if c.log10:
            a = 10.0 ** a
        arrays[c.band or c.role] = a * c.scale if c.scale != 1.0 else a.copy()
    limit_col = next(c for c in used if c.band == "observed")
    cl = _confidence_level(path, header_line, header, cls_from_comments, cl)
    return LimitTable(mass=arrays["mass"], limit=arrays["observed"], quantity=limit_col.kind,
                      expected={b: arrays[b] for b in BANDS if b in arrays}, cl=cl, source=str(path),
                      columns={("limit" if c.band == "observed" else "mass" if c.role == "mass" else f"expected_{c.band}"):
                               c.name for c in used})


def _roles(path, line, header, mass_column, limit_column, quantity=None) -> list[_Column]:
    """The columns to read: mass, observed limit and the expected bands, checked for ambiguity."""
    cols = [_classify(i, n) for i, n in enumerate(header)]
    by_name = {c.name: c for c in cols}
    listing = ", ".join(repr(n) for n in header)

    def named(arg, value, role):
        if value is None:
            return None
        if value not in by_name:
            raise ValueError(f"{path}:{line}: {arg}={value!r} is not a column; the columns are {listing}")
        return by_name[value]

    m_given, l_given = named("mass_column", mass_column, "mass"), named("limit_column", limit_column, "limit")
    mass = _choose(path, line, "mass", [c for c in cols if c.role == "mass"], m_given,
                   f"the columns are {listing}; name the mass column with its unit (e.g. 'mass_GeV') or choose it "
                   "with mass_column= (command line: --mass-col)")
    if m_given is not None and mass.role != "mass":
        tokens = _tokens(mass.name)
        if not tokens or tokens[-1] not in MASS_TO_GEV:
            raise ValueError(f"{path}:{line}: mass column {mass.name!r} must name its unit (GeV/MeV), e.g. 'mass_GeV'")
        mass = _Column(mass.index, mass.name, "mass", scale=MASS_TO_GEV[tokens[-1]])
    if mass.problem:
        raise ValueError(f"{path}:{line}: {mass.problem}")
    limits = [c for c in cols if c.role == "limit" and c is not mass]
    hint = (f"the columns are {listing}; a cross-section limit names its unit (e.g. 'sigma_ul_fb'), a "
            "branching-fraction limit is named e.g. 'bf_ul'; or choose the observed limit with limit_column= "
            "(command line: --limit-col)")
    if quantity not in (None, "sigma", "bf"):
        raise ValueError(f"quantity must be None, 'sigma' or 'bf', got {quantity!r}")
    if l_given is not None and l_given.role == "" and quantity == "bf":  # the caller says what the column holds
        l_given = _Column(l_given.index, l_given.name, "limit", "bf", "observed")
    if l_given is not None:
        if l_given.role != "limit":
            raise ValueError(f"{path}:{line}: limit column {l_given.name!r} names no unit of a cross section "
                             "(fb/pb/ab/nb) and is not a branching fraction (bf_ul, BF_UL, BR_UL)")
        obs = l_given
    else:
        obs = _choose(path, line, "observed limit", [c for c in limits if c.band == "observed"], None,
                      hint if any(c.band == "observed" for c in limits) or not limits else
                      "only expected-limit columns " + ", ".join(repr(c.name) for c in limits)
                      + " were found; if one is the limit to convert, choose it with limit_column= "
                        "(command line: --limit-col)")
    if obs.problem:
        raise ValueError(f"{path}:{line}: {obs.problem}")
    obs = _Column(obs.index, obs.name, "limit", obs.kind, "observed", obs.scale, obs.log10)
    chosen = [mass, obs]
    for band in BANDS:
        cands = [c for c in limits if c.band == band and c.index != obs.index]
        if len(cands) > 1:
            raise ValueError(f"{path}:{line}: several columns could be the expected {band} limit: "
                             f"{', '.join(repr(c.name) for c in cands)}; rename all but one")
        if cands:
            c = cands[0]
            if c.problem:
                raise ValueError(f"{path}:{line}: {c.problem}")
            if c.kind != obs.kind:
                raise ValueError(f"{path}:{line}: the observed limit {obs.name!r} is a "
                                 f"{'cross section' if obs.kind == 'sigma' else 'branching fraction'} but the "
                                 f"expected column {c.name!r} is not; the columns are {listing}")
            chosen.append(c)
    return chosen


def _value(path, lineno, col, text) -> float:
    try:
        v = float(text)
    except ValueError:
        raise ValueError(f"{path}:{lineno}: not a number in column {col.name!r}: {text!r}") from None
    if col.log10:  # math.isfinite: this runs for every cell of files with millions of rows
        ok = math.isfinite(v)
    elif col.role == "mass":
        ok = math.isfinite(v) and v >= 0  # 0: a massless particle (the converter checks that the model allows it)
    else:
        ok = math.isfinite(v) and v > 0
    if not ok:
        what = "mass" if col.role == "mass" else ("cross-section limit" if col.kind == "sigma" else "branching-fraction limit")
        sign = "a finite number >= 0" if col.role == "mass" else "a positive finite number"
        raise ValueError(f"{path}:{lineno}: {what} must be {sign}, got {text!r} in column {col.name!r}")
    return v


def _cl_in_comment(text: str) -> set[float]:
    out = set()
    for pat in _CL_COMMENT:
        for mt in pat.finditer(text):
            v = mt.group(1).replace(" ", "")
            x = float(v.rstrip("%"))
            x = x / 100.0 if (v.endswith("%") or x > 1.0) else x
            if 0.5 <= x < 1.0:
                out.add(round(x, 6))
    return out


def _confidence_level(path, line, header, from_comments: set[float], given: float | None = None) -> float | None:
    found = set(from_comments)
    for name in header:
        mt = _CL_COLUMN.search(name)
        if mt:
            found.add(round(float(mt.group(1) or mt.group(2)) / 100.0, 6))
    listing = ", ".join(f"{c:.0%}" for c in sorted(found))
    if given is not None:
        given = round(float(given), 6)
        if not 0.0 < given < 1.0:
            raise ValueError(f"cl must be a confidence level in (0, 1), e.g. 0.95, got {given!r}")
        if found and given not in found:
            raise ValueError(f"{path}: cl={given:.0%} given, but the file states {listing}")
        return given
    if len(found) > 1:
        raise ValueError(f"{path}: the file states several confidence levels ({listing}); keep one, or say which "
                         "applies with cl= (command line: --cl)")
    return found.pop() if found else None


def is_lifetime_map(path) -> bool:
    """True when the header of ``path`` has the ``<limit>_at_<lifetime>=<value>`` columns of a
    lifetime map (:mod:`pheno.limitmap`)."""
    from .limitmap import _COLUMN

    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as fh:
            for raw in fh:
                text = raw.strip()
                if text and not text.startswith("#"):
                    names = _split(text, "," if "," in text else ("\t" if "\t" in text else " "))
                    return len(names) > 2 and all(_COLUMN.match(n) for n in names[1:])
    except (OSError, UnicodeDecodeError):
        return False
    return False
