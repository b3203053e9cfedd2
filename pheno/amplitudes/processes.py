"""Feynman rules -> spin-summed |M|^2 for the processes pheno computes.

e-(p1) e+(p2) -> gamma*(Q = p1 + p2) -> l-(k1) l+(k2) X(q),  X radiated off the final lepton line
(the electrons do not couple to X at tree level: L_mu - L_tau Z', muon/lepton-philic scalars, ALP
lepton couplings). With the couplings stripped,

  M = (e^2 / s) [vbar(p2) gamma_rho u(p1)]
        ubar(k1) [ V (k1slash + qslash + m) gamma^rho / D1 + gamma^rho (-k2slash - qslash + m) V / D2 ] v(k2)
        (x eps*_alpha(q) for a vector X),           D1 = (k1+q)^2 - m^2,  D2 = (k2+q)^2 - m^2,

with the X vertex V = gamma^alpha ("vector", coupling g: L = g X_alpha lbar gamma^alpha l),
gamma^alpha gamma5 ("axial"), 1 ("scalar", L = -y X lbar l) or i gamma5 ("pseudoscalar",
L = -i y X lbar gamma5 l). See docs/physics.md C5 (vector) and e.g. Shuve & Yavin, PRD 89 (2014)
113004 [arXiv:1403.2727] for the process. Polarisation sum of a massive vector:
-g_{ab} + q_a q_b / m_X^2. For the vector vertex (a conserved current) the q_a q_b term vanishes (checked
in the tests) and is dropped: in the dot-product form of ``full`` it would leave 1/m_X^2 pieces that cancel
only on the momentum-conserving surface, i.e. numerically, which lost all digits of the cross section with
cuts below m_X ~ 1e-8 GeV. It is kept for the axial vertex (not conserved for massive leptons).

Two spin-summed quantities are derived:
  * ``full``:  (1/4) sum |M|^2 * s^2 / e^4 with massless beams, function of all dot products;
  * ``T``:     -g_{rho sigma} H^{rho sigma}, the final-state tensor contracted with -g. Averaging
               over the orientation of the final state relative to the (massless) beams gives
               <(1/4) sum |M|^2> = e^4 T / (3 s), so the total cross section is a 2-D Dalitz
               integral, sigma = e^4 / (6 s^2) Int T dPhi_3 (docs/physics.md C5, "speed note").
  * ``T_integrated``: Int T ds23 along the Dalitz line of fixed s12, in closed form, which makes
               the total cross section a 1-D integral over s12.
  * ``full_azimuthal``: the Fourier coefficients of ``full`` in the azimuth of the lepton pair
               about the X direction, which makes that azimuth integrable in closed form with cuts.
"""
from __future__ import annotations

import sympy as sp

from .dirac import Dots, add, bar, g5, index, index_to_slash, mul, rename_index, scalar, slash, trace, trace_product

VERTICES = ("vector", "axial", "scalar", "pseudoscalar")

# Symbols shared with the code generator.
m, mx = sp.symbols("m mx", positive=True)  # lepton mass, X mass
d1, d2 = sp.symbols("d1 d2", positive=True)  # 1/D1, 1/D2
s12, D1, D2 = sp.symbols("s12 D1 D2", positive=True)  # (k1+k2)^2, propagator denominators


def _vertex(kind: str, alpha: str) -> dict:
    if kind == "vector":
        return index(alpha)
    if kind == "axial":
        return mul(index(alpha), g5())
    if kind == "scalar":
        return scalar(1)
    if kind == "pseudoscalar":
        return mul(scalar(sp.I), g5())
    raise ValueError(f"unknown vertex {kind!r}; valid: {VERTICES}")


def _final_current(kind: str, rho: str, alpha: str) -> dict:
    """The lepton-line spinor matrix between ubar(k1) and v(k2), with the photon index rho."""
    v = _vertex(kind, alpha)
    prop1 = add(slash({"k1": 1, "q": 1}), scalar(m))
    prop2 = add(slash({"k2": -1, "q": -1}), scalar(m))
    return add(
        mul(v, prop1, index(rho), scalar(d1)),
        mul(index(rho), prop2, v, scalar(d2)),
    )


def _final_tensor_terms(kind: str):
    """Yield (coefficient, string) pieces of (k1slash + m) Gamma (k2slash - m) Gammabar, with the
    X polarisation sum applied. Indices rho (amplitude) and sigma (conjugate) stay open."""
    g_a = _final_current(kind, "rho", "alpha")
    g_b = bar(_final_current(kind, "sigma", "beta"))
    line = mul(add(slash("k1"), scalar(m)), g_a, add(slash("k2"), scalar(-m)), g_b)
    if kind in ("vector", "axial"):
        # -g_{alpha beta}: identify beta with alpha;  + q_alpha q_beta / mx^2: both become q-slash
        minus_g = {k: -c for k, c in rename_index(line, "beta", "alpha").items()}
        if kind == "vector":  # conserved current: the q_alpha q_beta term vanishes (module docstring)
            return minus_g
        qq = index_to_slash(index_to_slash(line, "alpha", "q"), "beta", "q")
        return add(minus_g, {k: c / mx**2 for k, c in qq.items()})
    return line


def _dots() -> Dots:
    return Dots({"p1": sp.Integer(0), "p2": sp.Integer(0), "k1": m, "k2": m, "q": mx})


def derive_T(kind: str) -> sp.Expr:
    """-g_{rho sigma} H^{rho sigma} as a function of s12, D1, D2, m, mx (no couplings)."""
    dots = _dots()
    h = _final_tensor_terms(kind)
    contracted = {k: -c for k, c in rename_index(h, "sigma", "rho").items()}
    expr = trace(contracted, dots)
    sub = {
        dots("k1", "k2"): (s12 - 2 * m**2) / 2,
        dots("k1", "q"): (D1 - mx**2) / 2,
        dots("k2", "q"): (D2 - mx**2) / 2,
    }
    return _laurent(expr.subs(sub))


def derive_full(kind: str) -> tuple[sp.Expr, Dots]:
    """(1/4) sum |M|^2 * s^2/e^4 for massless beams, in dot products (d1, d2 kept as symbols)."""
    dots = _dots()
    h = _final_tensor_terms(kind)
    beam = mul(index("rho"), slash("p1"), index("sigma"), slash("p2"))  # Tr[g_rho p1 g_sigma p2]
    expr = trace_product(beam, h, dots) / 4
    return sp.expand(expr), dots


# Symbols of the D2-integrated tensor (see derive_T_integrated).
dmid, half_width, L_log, J2_inv = sp.symbols("d b L J2", positive=True)


def derive_T_integrated(kind: str) -> sp.Expr:
    """Int T dD2 over the Dalitz line at fixed s12, in closed form (docs/physics.md C5).

    At fixed s12 the sum D1 + D2 = s + mx^2 - s12 = 2d is fixed (d = sqrt(s) E_X), and T is a
    Laurent polynomial in D1 and D2 (powers -2..1). With D1 = 2d - D2 every monomial is split
    into partial fractions in D2 (sympy ``apart``) and integrated over the symmetric interval
    D2 in [d - b, d + b]; the interval is also symmetric in D1, so 1/D1^k and 1/D2^k integrate
    alike:
        Int dD2           = 2b,
        Int dD2 / D^1     = L  = ln((d + b)/(d - b)),
        Int dD2 / D^2     = J2 = 2b / (d^2 - b^2),
        Int dD2 D2^n      = Int_{-b}^{b} (d + y)^n dy   (n >= 1).
    The result is a function of s12, d, b, J2, L, m, mx; the caller supplies J2 and L from
    cancellation-free forms of d^2 - b^2 (pheno.phasespace). A CM momentum cut on both leptons
    keeps the interval symmetric (D1, D2 <= d_cap shrinks b to min(b, d_cap - d)).
    """
    T = sp.expand(derive_T(kind).subs({d1: 1 / D1, d2: 1 / D2}))
    total = sp.Integer(0)
    for monomial in sp.Add.make_args(T):
        coef, dep = monomial.as_independent(D1, D2, as_Add=False)
        for term in sp.Add.make_args(sp.apart(sp.together(dep.subs(D1, 2 * dmid - D2)), D2)):
            total += coef * _integrate_over_line(term)
    return sp.collect(sp.expand(total), [L_log, J2_inv])


def _integrate_over_line(term: sp.Expr) -> sp.Expr:
    """Int_{d-b}^{d+b} term dD2 for term = c D2^n (n >= 0) or c (2d - D2)^-k, c D2^-k (k = 1, 2)."""
    coef, dep = term.as_independent(D2, as_Add=False)
    if dep == 1:
        return coef * 2 * half_width
    base, power = dep.as_base_exp()
    if base == D2 and power >= 0:
        y = sp.Symbol("y")
        return coef * sp.expand(sp.integrate((dmid + y) ** power, (y, -half_width, half_width)))
    if power in (-1, -2) and (base == D2 or sp.expand(base - (2 * dmid - D2)) == 0):
        return coef * (L_log if power == -1 else J2_inv)
    raise ValueError(f"unexpected term {term} in T (not a Laurent polynomial of degree -2..1)")


# Symbols of the azimuthal decomposition (see derive_full_azimuthal).
hb, cphi = sp.symbols("hb cphi", real=True)
e1, kz1, bz1, e2, kz2, bz2 = sp.symbols("e1 a1 b1 e2 a2 b2", real=True)


def derive_full_azimuthal(kind: str) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """(A, B, C) with (1/4) sum |M|^2 s^2/e^4 = A + B cos(phi) + C cos(2 phi) along a rotation of the
    lepton pair by phi about the X direction (massless beams p1,2 = hb (1, 0, 0, +-1), hb = sqrt(s)/2).

    Under that rotation the lepton energies e_i and every invariant without a beam momentum stay
    fixed, and the CM z-momenta are k_iz = a_i + b_i cos(phi); so p1.k_i = hb (e_i - k_iz) and
    p2.k_i = hb (e_i + k_iz), and the |M|^2 of derive_full, bilinear in the beam momenta, is a
    quadratic polynomial in cos(phi) (cos^2 = (1 + cos 2phi)/2).
    """
    expr, _ = derive_full(kind)
    names = {str(x): x for x in expr.free_symbols}
    sub = {names["p1_k1"]: hb * (e1 - kz1 - bz1 * cphi), names["p2_k1"]: hb * (e1 + kz1 + bz1 * cphi),
           names["p1_k2"]: hb * (e2 - kz2 - bz2 * cphi), names["p2_k2"]: hb * (e2 + kz2 + bz2 * cphi)}
    poly = sp.Poly(sp.expand(expr.subs(sub)), cphi)
    if poly.degree() > 2:
        raise ValueError(f"|M|^2 of the {kind} vertex is not quadratic in the beam momenta")
    c0, c1, c2 = (poly.coeff_monomial(cphi**k) for k in range(3))
    return c0 + c2 / 2, c1, c2 / 2


def _laurent(expr: sp.Expr) -> sp.Expr:
    """Use d = 1/D to write the expression as a Laurent polynomial in the propagators."""
    expr = sp.expand(expr.subs({D1: 1 / d1, D2: 1 / d2}))
    return sp.collect(expr, [d1, d2], evaluate=True)


# ------------------------------------------------------------------------------------------------
# 2 -> 2 with the electron line: e-(p1) e+(p2) -> gamma(k) V(q)  and  e+e- -> V*(Q) -> V(k) h(q)
# ------------------------------------------------------------------------------------------------
me, mv, mh = sp.symbols("me mv mh", positive=True)  # electron, vector (A'), scalar (h') masses
a, b, s = sp.symbols("a b s", positive=True)  # a = p1.k, b = p2.k (k: photon / A'), s = (p1+p2)^2
da, db = sp.symbols("da db", positive=True)  # 1/a, 1/b


def _two_body_dots(k_mass) -> Dots:
    return Dots({"p1": me, "p2": me, "k": k_mass, "q": sp.Symbol("mq", positive=True)})


def derive_gamma_vector() -> sp.Expr:
    """(1/4) sum |M|^2 / (e^2 g^2) for e+e- -> gamma(k) V(q), V coupling g to the electron vector
    current, electron mass kept (docs/physics.md A4):

      M = e g vbar(p2) [ g^b (p1s - ks + me) g^a / (-2 p1.k) + g^a (p1s - qs + me) g^b / (-2 p2.k) ] u(p1)
          eps*_a(k) eps'*_b(q),
    photon polarisation sum -g, V polarisation sum -g + q q / mv^2. Result in a, b, s, me, mv
    with the propagators written as da = 1/a, db = 1/b.
    """
    dots = Dots({"p1": me, "p2": me, "k": sp.Integer(0), "q": mv})

    def gamma_line(ia, ib):
        d1 = mul(index(ib), add(slash({"p1": 1, "k": -1}), scalar(me)), index(ia), scalar(-da / 2))
        d2 = mul(index(ia), add(slash({"p1": 1, "q": -1}), scalar(me)), index(ib), scalar(-db / 2))
        return add(d1, d2)

    line = mul(add(slash("p2"), scalar(-me)), gamma_line("al", "be"), add(slash("p1"), scalar(me)),
               bar(gamma_line("al2", "be2")))
    line = {k_: -c for k_, c in rename_index(line, "al2", "al").items()}  # photon: -g
    minus_g = {k_: -c for k_, c in rename_index(line, "be2", "be").items()}
    qq = index_to_slash(index_to_slash(line, "be", "q"), "be2", "q")
    expr = trace(add(minus_g, {k_: c / mv**2 for k_, c in qq.items()}), dots) / 4
    # q = p1 + p2 - k: express all dot products through a = p1.k, b = p2.k, s
    sub = {
        dots("p1", "p2"): (s - 2 * me**2) / 2,
        dots("p1", "k"): a,
        dots("p2", "k"): b,
        dots("p1", "q"): s / 2 - a,
        dots("p2", "q"): s / 2 - b,
        dots("k", "q"): (s - mv**2) / 2,
    }
    # on shell s = 2(a + b) + mv^2: with it the 1/mv^2 pieces of the V polarisation sum cancel
    # exactly (Ward identity), which matters numerically for light V
    expr = sp.expand(expr.subs(sub).subs(s, 2 * (a + b) + mv**2).subs({a: 1 / da, b: 1 / db}))
    return sp.collect(expr, [da, db])


def derive_vector_scalar() -> sp.Expr:
    """(1/4) sum |M|^2 / (g_e^2 g_vvh^2) for e+e- -> V*(Q) -> V(k) h(q) with a V-electron vector
    coupling g_e and a V V h vertex i g_vvh g^{mu nu} (dark Higgsstrahlung: g_e = eps e,
    g_vvh = 2 g_D m_A'; Batell, Pospelov, Ritz, PRD 79 (2009) 115008):

      M = g_e g_vvh / (s - mv^2) vbar(p2) g^r u(p1) (-g_{rb} + Q_r Q_b / mv^2) eps*^b(k).
    The Q_r Q_b term vanishes on the (conserved, equal-mass) electron current; it is dropped.
    Result in a = p1.k, b = p2.k, s, me, mv (no propagator factor: multiplied outside).
    """
    dots = Dots({"p1": me, "p2": me, "k": mv})
    line = mul(add(slash("p2"), scalar(-me)), index("be"), add(slash("p1"), scalar(me)), index("be2"))
    minus_g = {k_: -c for k_, c in rename_index(line, "be2", "be").items()}
    kk = index_to_slash(index_to_slash(line, "be", "k"), "be2", "k")
    expr = trace(add(minus_g, {k_: c / mv**2 for k_, c in kk.items()}), dots) / 4
    sub = {dots("p1", "p2"): (s - 2 * me**2) / 2, dots("p1", "k"): a, dots("p2", "k"): b}
    return sp.expand(expr.subs(sub))


def derive_gamma_pseudoscalar() -> sp.Expr:
    """(1/4) sum |M|^2 / (e^2 g^2) for e+e- -> gamma*(Q) -> gamma(k) a(q), massless electrons, with
    the a-gamma-gamma vertex of L = -(g/4) a F Ftilde: g eps^{mu nu rho sigma} k1_mu e1_nu k2_rho e2_sigma
    (docs/physics.md D; Dolan et al., JHEP 12 (2017) 094):

      M = (e g / s) [vbar(p2) g_nu u(p1)] eps^{mu nu rho sigma} Q_mu k_rho eps*_sigma(k).
    The electron tensor comes from the trace engine (open indices); the Levi-Civita contractions
    are summed in explicit components in the CM frame, then written back in a = p1.k, b = p2.k
    (cos theta = (b - a)/(a + b)), with s = 2(a + b) + mv^2 (mv: the a mass).
    """
    E, w, c = sp.symbols("E w c", positive=True)
    st = sp.sqrt(1 - c**2)
    vec = {"p1": [E, 0, 0, E], "p2": [E, 0, 0, -E], "k": [w, w * st, 0, w * c]}
    Q = [2 * E, 0, 0, 0]
    eta = [1, -1, -1, -1]
    low = lambda v: [eta[i] * v[i] for i in range(4)]
    # electron tensor L^{nu nu'} = Tr[p2slash g^nu p1slash g^nu'] from the engine's open-index trace
    dots = Dots({"p1": sp.Integer(0), "p2": sp.Integer(0)})
    from .dirac import _trace_terms

    L = [[sp.Integer(0)] * 4 for _ in range(4)]
    for coef, factors in _trace_terms(mul(slash("p2"), index("nu"), slash("p1"), index("nup")), dots):
        coef = coef.subs(dots("p1", "p2"), 2 * E**2)
        for i in range(4):
            for j in range(4):
                val = coef
                for f in factors:
                    if f[0] == "g":
                        val *= (eta[i] if i == j else 0)
                    else:  # ("v", momentum, index)
                        val *= vec[f[1]][i if f[2] == "nu" else j]
                L[i][j] += val
    Ql, kl = low(Q), low(vec["k"])
    # T^{nu sigma} = eps^{mu nu rho sigma} Q_mu k_rho  (eps^{0123} = +1; the sign drops out of |M|^2)
    T = [[sum(sp.LeviCivita(m_, n, r, s_) * Ql[m_] * kl[r] for m_ in range(4) for r in range(4))
          for s_ in range(4)] for n in range(4)]
    total = sp.Integer(0)
    for n in range(4):
        for n2 in range(4):
            if L[n][n2] == 0:
                continue
            for s_ in range(4):  # -g_{sigma sigma'} (photon polarisation sum), lower nu, nu' with eta
                total += -eta[s_] * eta[n] * eta[n2] * L[n][n2] * T[n][s_] * sp.conjugate(T[n2][s_])
    total = sp.simplify(total / 4 / (4 * E**2) ** 2)  # (1/4) spin average, 1/s^2 from the photon propagator
    # back to invariants: E = sqrt(s)/2, w = (s - mv^2)/(2 sqrt s), a = E w (1 - c), b = E w (1 + c)
    expr = total.subs({E: sp.sqrt(s) / 2, w: (s - mv**2) / (2 * sp.sqrt(s))})
    expr = sp.simplify(expr.subs(c, (b - a) / (a + b)).subs(s, 2 * (a + b) + mv**2))
    return sp.factor(expr)
