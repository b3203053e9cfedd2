"""B meson -> spin-1/2 baryon + invisible spin-1/2 fermion through a four-fermion operator, and the
quark-level rate b -> psi q q' of the same operator (docs/physics.md G2, G3).

Model-independent mechanics: the exclusive width is a function of two form factors, the inclusive
width a function of the masses and of which fields share a bilinear. A model supplies its operator,
flavour map and coupling (e.g. B-Mesogenesis, :mod:`pheno.models.mesogenesis`).

Exclusive, B(p_B) -> baryon(p) + psi(q), q = p_B - p, q^2 = m_psi^2 (docs/physics.md G2). Form-factor
convention (the only one used inside pheno; :class:`BaryonFormFactors` converts others into it):

    <baryon(p)| O_chi |B(p_B)> = P_chi [ F(q^2) + F~(q^2) qslash / m_baryon ] u_baryon(p),   F, F~ in GeV^2,

with O_chi the three-quark part of the operator (open spinor index of chirality chi = L or R) and
the amplitude M = G ubar_psi(q) <baryon| O_chi |B> (or vbar_psi: same rate). The spin sum is
Tr[qslash P_chi A (pslash + m) Abar] with A = F + F~ qslash/m (the psi mass term and every gamma5 term
drop out), so

    Gamma = |G|^2 lambda^(1/2)(m_B^2, m^2, m_psi^2) / (16 pi m_B^3)
            x { (m_B^2 - m^2 - m_psi^2) [ |F|^2 + (m_psi^2/m^2) |F~|^2 ] + 4 m_psi^2 Re(F F~*) }
          = |G|^2 ( K0 |F|^2 + K1 |F~|^2 + K2 Re F F~* ),

the same for chi = L and R. Tested against a brute-force spin sum with explicit Dirac matrices and
spinors (tests/test_mesogenesis.py, 1e-10) and against the kernel check values of docs/physics.md G2.

Inclusive, b(P) -> psi q q' through L = -G eps_ijk (psibar Gamma q_k)(qbar'_i Gamma b^c_j) + h.c. with
chiral (scalar) bilinears, all quarks distinct: averaged over the b spin and colour,

    <|M|^2> = 4 |G|^2 (P.p1)(p2.p3),

p1 the field that shares the bilinear with b, (p2, p3) the other pair (colour sum_ijk eps^2 / 3 = 2,
spin traces Tr[(p2 + m2) P p3 Pbar] = 2 p2.p3 for any masses). Integrated over the Dalitz plot,
(P.p1) and (p2.p3) depend on u = (p2 + p3)^2 only:

    Gamma = |G|^2 / (256 pi^3 M^3) Int du (M^2 + m1^2 - u)(u - m2^2 - m3^2) lambda^(1/2)(u, m2^2, m3^2)
                                     x lambda^(1/2)(M^2, u, m1^2) / u,

which for massless quarks (either pairing) is |G|^2 M^5 f(m_psi^2/M^2) / (3072 pi^3) with the muon-decay
function f(x) = 1 - 8x + 8x^3 - x^4 - 12 x^2 ln x (docs/physics.md G3; checked to 1e-12 here, and against a
two-dimensional Dalitz integration with explicit four-vectors in the tests).

>>> K0, K1, K2 = two_form_factor_kernels(5.27934, 0.938272, 2.0)   # B+ -> p psi, docs/physics.md G2
>>> round(float(K0), 6), round(float(K1), 5), round(float(K2), 6)
(0.070509, 0.32037, 0.049069)
>>> round(float(muon_decay_function((1.0 / 4.18) ** 2)), 4)      # docs/physics.md G3
0.6561
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .kinematics import kallen
from .validation import checked_array

# ---------------------------------------------------------------------------------------------- exclusive


def two_form_factor_kernels(m_parent, m_baryon, m_psi):
    """Kinematic kernels (K0, K1, K2) [GeV] of Gamma/|G|^2 = K0 |F|^2 + K1 |F~|^2 + K2 Re F F~*
    (module docstring; docs/physics.md G2). Broadcasts; exactly 0 where m_baryon + m_psi >= m_parent."""
    M, m, mp = (np.asarray(a, dtype=float) for a in (m_parent, m_baryon, m_psi))
    open_ = m + mp < M
    lam = np.where(open_, kallen(M * M, m * m, mp * mp), 0.0)
    pre = np.sqrt(np.clip(lam, 0.0, None)) / (16.0 * np.pi * M**3)
    k0 = pre * (M * M - m * m - mp * mp)
    return k0, k0 * (mp * mp) / (m * m), pre * 4.0 * mp * mp


def two_form_factor_width(m_parent, m_baryon, m_psi, F, F_tilde=0.0):
    """Gamma(B -> baryon psi) / |G|^2 [GeV^5; Gamma in GeV for G in GeV^-2] from the form factors
    F, F~ [GeV^2] in the convention of the module docstring (real or complex; docs/physics.md G2).

    >>> w = two_form_factor_width(5.27966, 1.115683, 2.0, 0.01)   # B0 -> Lambda psi, F = 0.01 GeV^2
    >>> round(float(w) * 1e-14 / 4.339e-13 / 1e-7, 3)              # BF at |G| = 1e-7 GeV^-2 (G2 table)
    1.564
    """
    k0, k1, k2 = two_form_factor_kernels(m_parent, m_baryon, m_psi)
    F, Ft = np.asarray(F), np.asarray(F_tilde)
    return k0 * np.abs(F) ** 2 + k1 * np.abs(Ft) ** 2 + k2 * np.real(F * np.conj(Ft))


# ---------------------------------------------------------------------------------------------- form factors
FORM_FACTOR_CONVENTIONS = {
    "qslash/m_baryon": "P_chi [F + F~ qslash/m_baryon] u  (pheno's convention, docs/physics.md G2)",
    "qslash/m_parent": "P_chi [F + F~ qslash/m_B] u  -> F~_pheno = F~ m_baryon/m_B",
    "pBslash/m_baryon": "P_chi [F + F~ pBslash/m_baryon] u  -> F_pheno = F + F~, F~_pheno = F~ (pslash u = m u)",
}


def to_pheno_convention(F, F_tilde, convention: str, m_parent=None, m_baryon=None):
    """(F, F~) of another two-form-factor convention -> pheno's P_chi [F + F~ qslash/m_baryon] u.

    Conventions (:data:`FORM_FACTOR_CONVENTIONS`): ``"qslash/m_baryon"`` (unchanged),
    ``"qslash/m_parent"`` (F~ scaled by m_baryon/m_B; needs both masses), ``"pBslash/m_baryon"``
    (pB = p + q and pslash u(p) = m u(p) move F~ into F). A structure with the projector on the right,
    (F + F~ qslash/m) P_chi u, puts F~ on the opposite chirality and is NOT of this two-form-factor
    form (its rate has a term linear in m_psi): it cannot be converted and is refused.

    >>> to_pheno_convention(1.0, 2.0, "pBslash/m_baryon")
    (3.0, 2.0)
    """
    if convention == "qslash/m_baryon":
        return F, F_tilde
    if convention == "pBslash/m_baryon":
        return F + F_tilde, F_tilde
    if convention == "qslash/m_parent":
        if m_parent is None or m_baryon is None:
            raise ValueError("convention 'qslash/m_parent' needs m_parent and m_baryon (or a channel) to convert F~")
        return F, F_tilde * (float(m_baryon) / float(m_parent))
    raise ValueError(f"unknown form-factor convention {convention!r}; valid: {list(FORM_FACTOR_CONVENTIONS)} "
                     "(a projector to the right of the bracket is not a two-form-factor structure of this kind)")


class BaryonFormFactors:
    """Form factors F(q^2), F~(q^2) [GeV^2] of one B -> baryon transition, in pheno's convention
    (module docstring; docs/physics.md G2), evaluated at q^2 = m_psi^2. An input object: pheno ships none.

    Build it from a table (:meth:`from_table`, :meth:`from_csv`) or from a parametrisation
    (:meth:`from_function`, e.g. a paper's fit formula coded as a Python function). Outside its q^2
    range it returns NaN (no extrapolation). ``channel`` (e.g. "B0 > Lambda psi") and ``pairing``
    ("d" or "b", the operator pairing the numbers were computed for) label the set; a model refuses to
    apply a labelled set to another channel or pairing. ``source`` records where the numbers come from.

    >>> ff = BaryonFormFactors.from_table(m_psi=[1.0, 2.0, 3.0, 3.5], F=[0.01, 0.012, 0.015, 0.017], F_tilde=0.0)
    >>> F, Ft = ff(4.0)                      # q^2 = m_psi^2 = 4 GeV^2: on a node
    >>> round(float(F), 6), float(Ft), bool(np.isnan(ff(16.0)[0]))
    (0.012, 0.0, True)
    """

    def __init__(self, function, q2_range, *, channel=None, pairing=None, source="user input"):
        lo, hi = (float(v) for v in q2_range)
        if not (np.isfinite(lo) and np.isfinite(hi) and 0.0 <= lo < hi):
            raise ValueError(f"q2_range must be finite with 0 <= q2_min < q2_max [GeV^2], got {q2_range!r}")
        if pairing not in (None, "d", "b"):
            raise ValueError(f"pairing must be 'd', 'b' or None, got {pairing!r}")
        self._function = function
        self.q2_range = (lo, hi)
        self.channel = None if channel is None else " ".join(str(channel).replace(">", " > ").split())
        self.pairing = pairing
        self.source = str(source)

    def __call__(self, q2):
        """(F, F~) at q^2 [GeV^2]; NaN outside the q^2 range."""
        q2 = np.asarray(q2, dtype=float)
        lo, hi = self.q2_range
        inside = (q2 >= lo) & (q2 <= hi)
        F, Ft = self._function(np.where(inside, q2, lo))
        F = np.broadcast_to(np.asarray(F), q2.shape)
        Ft = np.broadcast_to(np.asarray(Ft), q2.shape)
        return np.where(inside, F, np.nan), np.where(inside, Ft, np.nan)

    def __repr__(self) -> str:
        lo, hi = self.q2_range
        return (f"BaryonFormFactors(channel={self.channel!r}, pairing={self.pairing!r}, "
                f"q2=[{lo:g}, {hi:g}] GeV^2, source={self.source!r})")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_function(cls, function, q2_min, q2_max, *, channel=None, pairing=None, source="user parametrisation"):
        """From ``function(q2) -> (F, F~)`` [GeV^2] in pheno's convention, valid for q2_min <= q^2 <= q2_max.

        >>> ff = BaryonFormFactors.from_function(lambda q2: (0.01 / (1 - q2 / 30.0), 0.0), 0.8, 18.0)
        >>> round(float(ff(4.0)[0]), 6)
        0.011538
        """
        if not callable(function):
            raise TypeError("function must be callable: function(q2) -> (F, F_tilde)")
        return cls(function, (q2_min, q2_max), channel=channel, pairing=pairing, source=source)

    @classmethod
    def from_table(cls, *, m_psi=None, q2=None, F, F_tilde, convention="qslash/m_baryon", m_parent=None,
                   m_baryon=None, interpolation="cubic", channel=None, pairing=None, source="user table"):
        """From tabulated values at masses ``m_psi`` [GeV] or at ``q2`` [GeV^2] (give exactly one).

        F, F_tilde [GeV^2]: arrays (or one number for all rows; F~ = 0 must be given explicitly).
        convention: how the source defines them (:data:`FORM_FACTOR_CONVENTIONS`); converted here.
        For ``"qslash/m_parent"`` the masses come from ``m_parent``/``m_baryon`` or from the channel's
        PDG masses. interpolation: ``"cubic"`` (not-a-knot cubic spline in q^2, >= 4 rows) or ``"linear"``.
        """
        if (m_psi is None) == (q2 is None):
            raise ValueError("give the form-factor table at m_psi= [GeV] or at q2= [GeV^2], exactly one of them")
        if m_psi is not None:
            x = np.atleast_1d(checked_array("m_psi", m_psi, lo=0.0, lo_strict=True, what="finite and > 0 [GeV]"))
            x = x * x
        else:
            x = np.atleast_1d(checked_array("q2", q2, lo=0.0,
                                            what="finite and >= 0 [GeV^2] (q^2 = m_psi^2 of an on-shell psi)"))
        if x.ndim != 1 or x.size < 2:
            raise ValueError("the form-factor table needs at least two rows")
        F = np.broadcast_to(np.asarray(F), x.shape)
        Ft = np.broadcast_to(np.asarray(F_tilde), x.shape)
        for name, v in (("F", F), ("F_tilde", Ft)):
            if not np.all(np.isfinite(v)):
                raise ValueError(f"{name} must be finite numbers (GeV^2)")
        if convention == "qslash/m_parent" and (m_parent is None or m_baryon is None):
            if channel is None:
                raise ValueError("convention 'qslash/m_parent' needs m_parent= and m_baryon= [GeV] or channel=")
            m_parent, m_baryon = _channel_masses(channel)
        F, Ft = to_pheno_convention(F, Ft, convention, m_parent, m_baryon)
        order = np.argsort(x)
        x, F, Ft = x[order], np.asarray(F)[order], np.asarray(Ft)[order]
        if np.any(np.diff(x) <= 0):
            raise ValueError("the form-factor table has repeated masses (q^2 values)")
        if interpolation not in ("cubic", "linear"):
            raise ValueError(f"interpolation must be 'cubic' or 'linear', got {interpolation!r}")
        if interpolation == "cubic" and x.size < 4:
            raise ValueError("cubic interpolation needs at least 4 rows; use interpolation='linear'")
        function = _interpolator(x, F, Ft, interpolation)
        return cls(function, (x[0], x[-1]), channel=channel, pairing=pairing, source=source)

    @classmethod
    def from_csv(cls, path, **options):
        """From a CSV file: '#' comment lines, a header naming the columns with units, one row per mass.

        Columns: ``m_psi_GeV`` (or ``q2_GeV2``), ``F_GeV2``, ``F_tilde_GeV2`` (all required; write
        zeros for an F~ the source does not have). Other columns are ignored; errors name the line.
        ``options`` go to :meth:`from_table` (convention, channel, pairing, source, interpolation, ...).
        """
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"form-factor file not found: {path}")
        header, rows = None, []
        with path.open(newline="") as fh:
            for lineno, line in enumerate(fh, start=1):
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                fields = [f.strip() for f in next(csv.reader([s]))]
                if header is None:
                    header = fields
                    continue
                if len(fields) != len(header):
                    raise ValueError(f"{path}:{lineno}: expected {len(header)} columns ({', '.join(header)}), "
                                     f"got {len(fields)}")
                try:
                    rows.append([float(f) for f in fields])
                except ValueError:
                    raise ValueError(f"{path}:{lineno}: not a number in {fields!r}") from None
        if header is None or not rows:
            raise ValueError(f"{path}: needs a header line and at least two data rows")
        names = [h.lower() for h in header]
        need = {"F_GeV2": "f_gev2", "F_tilde_GeV2": "f_tilde_gev2"}
        missing = [k for k, v in need.items() if v not in names]
        has_m, has_q2 = "m_psi_gev" in names, "q2_gev2" in names
        if missing or has_m == has_q2:
            raise ValueError(f"{path}: header {header!r} must name m_psi_GeV or q2_GeV2 (one of them), "
                             "F_GeV2 and F_tilde_GeV2")
        data = np.array(rows)
        col = {n: data[:, names.index(n)] for n in names}
        key = {"m_psi": col["m_psi_gev"]} if has_m else {"q2": col["q2_gev2"]}
        options.setdefault("source", str(path))
        return cls.from_table(**key, F=col["f_gev2"], F_tilde=col["f_tilde_gev2"], **options)


def _interpolator(x, F, Ft, kind):
    """(F, F~)(q2) interpolating the table; complex values are interpolated in real and imaginary parts."""
    from scipy.interpolate import CubicSpline

    def one(y):
        if kind == "linear":
            if np.iscomplexobj(y):
                return lambda t: np.interp(t, x, y.real) + 1j * np.interp(t, x, y.imag)
            return lambda t: np.interp(t, x, y)
        return CubicSpline(x, y)

    f, ft = one(F), one(Ft)
    return lambda q2: (f(q2), ft(q2))


def _channel_masses(channel: str):
    """PDG masses (parent, baryon) of a process string "parent > baryon psi"."""
    from .particles import mass

    parts = " ".join(str(channel).replace(">", " > ").split()).split(" > ")
    if len(parts) != 2 or len(parts[1].split()) != 2:
        raise ValueError(f"channel must read 'parent > baryon psi', e.g. 'B0 > Lambda psi', got {channel!r}")
    return mass(parts[0]), mass(parts[1].split()[0])


# ---------------------------------------------------------------------------------------------- inclusive


def muon_decay_function(x):
    """f(x) = 1 - 8x + 8x^3 - x^4 - 12 x^2 ln x, x = m^2/M^2 in [0, 1] (f(0) = 1, f(1) = 0); docs/physics.md G3.
    Closed form: it loses relative precision as x -> 1 (~1e-16/f), which :func:`contact_three_body_width`
    does not."""
    x = np.asarray(x, dtype=float)
    xs = np.clip(x, 1e-300, 1.0)
    f = 1.0 - 8.0 * x + 8.0 * x**3 - x**4 - 12.0 * x**2 * np.log(xs)
    return np.where(x >= 1.0, 0.0, f)


def contact_three_body_width(M, m1, m2, m3, n: int = 64):
    """Gamma / |G|^2 [GeV^5; Gamma in GeV for G in GeV^-2] of M -> 1 + 2 + 3 with
    <|M|^2> = 4 |G|^2 (P.p1)(p2.p3) (module docstring): particle 1 shares the bilinear with the
    decaying one. One-dimensional integral over u = (p2 + p3)^2 with the substitution
    u = u_lo + (u_hi - u_lo) sin^2(theta/2), which removes the square-root endpoints of the Kallen
    factors, and ``n`` Gauss-Legendre nodes (n = 64: 1e-13 relative against the closed form).
    Broadcasts over M, m1, m2, m3; exactly 0 where m1 + m2 + m3 >= M.
    """
    M, m1, m2, m3 = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (M, m1, m2, m3)))
    lo, hi = (m2 + m3) ** 2, (M - m1) ** 2
    open_ = hi > lo
    t, w = np.polynomial.legendre.leggauss(int(n))
    theta = 0.5 * np.pi * (t + 1.0)                      # theta in (0, pi)
    s2 = np.sin(0.5 * theta) ** 2
    ex = (...,) + (None,)
    span = np.where(open_, hi - lo, 0.0)[ex]
    u = lo[ex] + span * s2
    jac = span * 0.5 * np.sin(theta) * 0.5 * np.pi        # du/dtheta x dtheta/dt
    a, b1, c2, c3 = (v[ex] ** 2 for v in (M, m1, m2, m3))
    lam23 = np.clip(kallen(u, c2, c3), 0.0, None)
    lam1 = np.clip(kallen(a, u, b1), 0.0, None)
    integrand = (a + b1 - u) * (u - c2 - c3) * np.sqrt(lam23) * np.sqrt(lam1) / u
    total = np.sum(w * jac * integrand, axis=-1)
    return np.where(open_, total / (256.0 * np.pi**3 * M**3), 0.0)


def quark_level_width(m_b, m_psi, m_up=0.0, m_down=0.0, pairing="d", n: int = 64):
    """Gamma(b -> psi q_up q_down) / |G|^2 [GeV^5] of the operator psi b q_up q_down with
    chiral bilinears (module docstring; docs/physics.md G3), spin- and colour-averaged over the b.

    pairing "d": b shares the bilinear with the up-type quark, psi with the down-type one (model (d),
    (psibar d^c)(ubar b^c)); "b": psi shares it with b, (psibar b^c)(ubar d^c) (model (b)). With massless
    quarks both give |G|^2 m_b^5 f(m_psi^2/m_b^2)/(3072 pi^3); a charm mass makes them differ.

    >>> round(float(quark_level_width(4.18, 1.0)) / 1e-3, 4)   # docs/physics.md G3: 8.789e-3 GeV^5
    8.7894
    """
    if pairing == "d":
        return contact_three_body_width(m_b, m_up, m_psi, m_down, n)
    if pairing == "b":
        return contact_three_body_width(m_b, m_psi, m_up, m_down, n)
    raise ValueError(f"pairing must be 'd' or 'b', got {pairing!r}")
