"""Symbolic Dirac algebra in four dimensions: traces of gamma-matrix strings -> dot products.

A gamma string is a tuple of elements
    ("p", name)  -- a slashed momentum  p_mu gamma^mu
    ("i", name)  -- gamma^mu with a Lorentz index (an index occurring twice is summed)
    ("5",)       -- gamma_5
and a *spinor expression* is a linear combination ``{string: sympy coefficient}``.

Identities used (standard; e.g. Peskin & Schroeder, Appendix A.3):
  * gamma5 anticommutes with gamma^mu, gamma5^2 = 1;
  * contraction (Chisholm, d = 4):  g^mu g_mu = 4;  g^mu S g_mu = -2 S^R for odd-length S;
    g^mu a1 ... an g_mu = 2 (an a1 ... a_{n-1} + a_{n-1} ... a1 an) for even n >= 2
    (these hold for any "vector" gammas a_i, including gamma^nu with an open index);
  * Tr[1] = 4, Tr[odd] = 0, Tr[a1 a2 ... an] = sum_k (-1)^k (a1.ak) Tr[a2 .. ^ak .. an];
  * Tr[gamma5], Tr[gamma5 a b] = 0. Strings with one gamma5 and four or more gammas (Levi-Civita
    terms) are not needed for the spin-summed rates implemented and raise NotImplementedError.
A trace with open indices returns terms carrying factors g^{mu nu} and p^mu, which
:func:`trace_product` contracts into a second trace (two fermion lines joined by a propagator).
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

__all__ = ["slash", "index", "g5", "scalar", "mul", "add", "bar", "substitute", "rename_index",
           "index_to_slash", "trace", "trace_product", "Dots"]


# ---------------------------------------------------------------- linear combinations of strings
def scalar(c) -> dict:
    """The identity matrix times c."""
    return {(): sp.sympify(c)}


def slash(momentum) -> dict:
    """p-slash; ``momentum`` is a name or a dict {name: coefficient} (e.g. {"k1": 1, "q": 1})."""
    if isinstance(momentum, str):
        momentum = {momentum: 1}
    return {(("p", n),): sp.sympify(c) for n, c in momentum.items()}


def index(name: str) -> dict:
    return {(("i", name),): sp.Integer(1)}


def g5() -> dict:
    return {(("5",),): sp.Integer(1)}


def add(*terms: dict) -> dict:
    out: dict = {}
    for t in terms:
        for k, c in t.items():
            out[k] = out.get(k, 0) + c
    return {k: c for k, c in out.items() if c != 0}


def mul(*factors: dict) -> dict:
    """Matrix product of spinor expressions, left to right."""
    out = {(): sp.Integer(1)}
    for f in factors:
        new: dict = {}
        for k1, c1 in out.items():
            for k2, c2 in f.items():
                key = k1 + k2
                new[key] = new.get(key, 0) + c1 * c2
        out = new
    return {k: c for k, c in out.items() if c != 0}


def bar(expr: dict) -> dict:
    """Dirac adjoint gamma0 X^dagger gamma0: reverse the order, gamma5 -> -gamma5, c -> c*."""
    out: dict = {}
    for k, c in expr.items():
        sign = (-1) ** sum(1 for e in k if e[0] == "5")
        key = tuple(reversed(k))
        out[key] = out.get(key, 0) + sp.conjugate(c) * sign
    return {k: c for k, c in out.items() if c != 0}


def substitute(expr: dict, old: tuple, new: tuple) -> dict:
    """Replace the element ``old`` by ``new`` in every string, summing strings that coincide."""
    out: dict = {}
    for k, c in expr.items():
        key = tuple(new if e == old else e for e in k)
        out[key] = out.get(key, 0) + c
    return {k: c for k, c in out.items() if c != 0}


def rename_index(expr: dict, old: str, new: str) -> dict:
    """gamma^old -> gamma^new (contracting it with another gamma^new if present)."""
    return substitute(expr, ("i", old), ("i", new))


def index_to_slash(expr: dict, idx: str, momentum: str) -> dict:
    """Contract the index with a momentum: gamma^idx -> momentum-slash."""
    return substitute(expr, ("i", idx), ("p", momentum))


# ---------------------------------------------------------------- dot products
class Dots:
    """Maps pairs of momentum names to sympy symbols; p.p is the mass squared."""

    def __init__(self, masses: dict[str, sp.Expr]):
        self.masses = masses
        self.symbols: dict[tuple[str, str], sp.Symbol] = {}

    def __call__(self, a: str, b: str):
        if a == b:
            return self.masses[a] ** 2
        order = list(self.masses)  # symbol names follow the order the momenta were declared in
        key = tuple(sorted((a, b), key=order.index))
        if key not in self.symbols:
            self.symbols[key] = sp.Symbol(f"{key[0]}_{key[1]}", real=True)
        return self.symbols[key]


# ---------------------------------------------------------------- the algebra on single strings
def _move_gamma5_right(s: tuple) -> tuple[int, tuple, int]:
    """Return (sign, string without gamma5, number of gamma5 left at the right end: 0 or 1)."""
    sign, n5, rest = 1, 0, []
    for e in reversed(s):  # walk from the right: each gamma5 passes the gammas already in `rest`
        if e[0] == "5":
            if len(rest) % 2:
                sign = -sign
            n5 += 1
        else:
            rest.append(e)
    return sign, tuple(reversed(rest)), n5 % 2


def _contract_once(s: tuple) -> list[tuple[int, tuple]] | None:
    """Apply one Chisholm contraction to the innermost repeated index; None if there is none."""
    positions: dict[str, int] = {}
    best = None
    for j, e in enumerate(s):
        if e[0] == "i":
            if e[1] in positions:
                i = positions[e[1]]
                if best is None or j - i < best[1] - best[0]:
                    best = (i, j)
            else:
                positions[e[1]] = j
    if best is None:
        return None
    i, j = best
    left, seg, right = s[:i], s[i + 1 : j], s[j + 1 :]
    n = len(seg)
    if n == 0:
        return [(4, left + right)]
    if n % 2:
        return [(-2, left + tuple(reversed(seg)) + right)]
    a_n, head = seg[-1], seg[:-1]
    return [
        (2, left + (a_n,) + head + right),
        (2, left + tuple(reversed(head)) + (a_n,) + right),
    ]


def _open_trace(s: tuple) -> list[tuple[int, tuple]]:
    """Trace of a gamma5-free, contraction-free string as a list of (sign, pairing), where a
    pairing is a tuple of element pairs ((e_a, e_b), ...), each meaning the product a.b."""
    return _open_trace_cached(s)


@lru_cache(maxsize=None)
def _open_trace_cached(s: tuple) -> list[tuple[int, tuple]]:
    n = len(s)
    if n == 0:
        return [(4, ())]
    if n % 2:
        return []
    first, rest = s[0], s[1:]
    out = []
    for k, e in enumerate(rest):
        sign = 1 if k % 2 == 0 else -1
        for sg, pairs in _open_trace_cached(rest[:k] + rest[k + 1 :]):
            out.append((sign * sg, ((first, e),) + pairs))
    return out


def _reduce(expr: dict) -> dict:
    """Bring every string to gamma5-free (or single trailing gamma5), contraction-free form."""
    todo = dict(expr)
    done: dict = {}
    while todo:
        k, c = todo.popitem()
        sign, k5, n5 = _move_gamma5_right(k)
        res = _contract_once(k5)
        if res is None:
            key = k5 + ((("5",),) if n5 else ())
            done[key] = done.get(key, 0) + sign * c
            continue
        for f, s_new in res:
            key = s_new + ((("5",),) if n5 else ())
            todo[key] = todo.get(key, 0) + sign * f * c
    return {k: c for k, c in done.items() if c != 0}


def _pair_value(a, b, dots: Dots):
    """Value of a pairing between two elements: a dot product or an open-index factor."""
    if a[0] == "p" and b[0] == "p":
        return dots(a[1], b[1]), None
    if a[0] == "i" and b[0] == "i":
        return sp.Integer(1), ("g", a[1], b[1])
    p, i = (a, b) if a[0] == "p" else (b, a)
    return sp.Integer(1), ("v", p[1], i[1])


def _trace_terms(expr: dict, dots: Dots) -> list[tuple[sp.Expr, tuple]]:
    """Trace as a list of (coefficient, open-index factors)."""
    out = []
    for k, c in _reduce(expr).items():
        if k and k[-1] == ("5",):
            if len(k) - 1 < 4:
                continue  # Tr[g5] = Tr[g5 a b] = 0 (and odd strings vanish)
            raise NotImplementedError("traces with a single gamma5 and >= 4 gammas (Levi-Civita terms)")
        for sign, pairs in _open_trace(k):
            coef = c * sign
            factors = []
            for a, b in pairs:
                v, f = _pair_value(a, b, dots)
                coef = coef * v
                if f is not None:
                    factors.append(f)
            out.append((coef, tuple(factors)))
    return out


def trace(expr: dict, dots: Dots) -> sp.Expr:
    """Tr[expr] for an expression without open indices, as a polynomial in dot products."""
    total = sp.Integer(0)
    for coef, factors in _trace_terms(expr, dots):
        if factors:
            raise ValueError(f"open Lorentz indices left in trace: {factors}")
        total += coef
    return sp.expand(total)


def trace_product(expr1: dict, expr2: dict, dots: Dots) -> sp.Expr:
    """Tr[expr1] Tr[expr2] with the indices shared between the two traces summed over."""
    total = sp.Integer(0)
    grouped: dict[tuple, sp.Expr] = {}
    for coef, factors in _trace_terms(expr1, dots):
        grouped[factors] = grouped.get(factors, 0) + coef
    for factors, coef in grouped.items():
        e2 = expr2
        for f in factors:
            if f[0] == "g":  # g^{mu nu}: identify the two indices in the second trace
                e2 = rename_index(e2, f[2], f[1])
            else:  # p^mu: gamma_mu in the second trace becomes p-slash
                e2 = index_to_slash(e2, f[2], f[1])
        total += sp.expand(coef) * trace(e2, dots)
    return sp.expand(total)
