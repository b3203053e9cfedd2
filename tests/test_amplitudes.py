"""Symbolic |M|^2 pipeline: the trace engine, the derived kernels vs explicit Dirac matrices,
current conservation, C symmetry, the closed-form reductions (line integral, azimuthal
decomposition) vs numerical routes, and reproducibility of the committed generated file."""
import itertools
import math
import random
import warnings

import numpy as np
import pytest
import sympy as sp

from dirac_reference import (GAMMA, GAMMA5, METRIC, contracted_tensor_llx, current_violation_llx, mdot,
                             msq_ee_llx, random_llx_point)
from pheno.amplitudes import dirac as D
from pheno.amplitudes import processes as P
from pheno.kernels import llx

VERTICES = ["vector", "axial", "scalar", "pseudoscalar"]
M_MU, M_TAU = 0.1056583755, 1.77693


# ------------------------------------------------------------------ the trace engine itself
def _numeric_trace(string, mom):
    """Trace of a gamma string with explicit matrices, summing repeated indices with the metric."""
    names = sorted({e[1] for e in string if e[0] == "i"})
    total = 0.0
    for vals in itertools.product(range(4), repeat=len(names)):
        a = dict(zip(names, vals))
        mat = np.eye(4, dtype=complex)
        sign = 1.0
        for e in string:
            if e[0] == "p":
                mat = mat @ np.einsum("m,mij->ij", METRIC @ mom[e[1]], GAMMA)
            elif e[0] == "5":
                mat = mat @ GAMMA5
            else:
                mat = mat @ GAMMA[a[e[1]]]
        for n in names:
            sign *= METRIC[a[n], a[n]]
        total += sign * np.trace(mat)
    return total


def test_trace_engine_matches_explicit_matrices_on_random_strings():
    rng = np.random.default_rng(7)
    random.seed(7)
    mom = {n: rng.normal(size=4) for n in "abcd"}
    dots = D.Dots({n: sp.Symbol("M" + n) for n in "abcd"})
    checked = 0
    for _ in range(150):
        els = [("p", random.choice("abcd")) for _ in range(random.choice([0, 2, 4, 6]))]
        for name in ["mu", "nu"][: random.randint(0, 2)]:
            i, j = sorted(random.sample(range(len(els) + 2), 2))
            els.insert(i, ("i", name))
            els.insert(j, ("i", name))
        if random.random() < 0.3:  # a pair of gamma5
            for _ in range(2):
                els.insert(random.randrange(len(els) + 1), ("5",))
        try:
            sym = D.trace({tuple(els): sp.Integer(1)}, dots)
        except NotImplementedError:
            continue
        sub = {s: mdot(mom[x], mom[y]) for (x, y), s in dots.symbols.items()}
        sub.update({sp.Symbol("M" + n): np.sqrt(complex(mdot(mom[n], mom[n]))) for n in "abcd"})
        val = complex(sym.subs(sub))
        ref = _numeric_trace(els, mom)
        assert abs(val - ref) <= 1e-9 * (1 + abs(ref)), els
        checked += 1
    assert checked > 100


def test_substitution_sums_coinciding_strings():
    # gamma^a q + q gamma^a with a -> q must give 2 q q (not overwrite one term)
    expr = D.add(D.mul(D.index("a"), D.slash("q")), D.mul(D.slash("q"), D.index("a")))
    out = D.index_to_slash(expr, "a", "q")
    assert out == {(("p", "q"), ("p", "q")): 2}


# ------------------------------------------------------------------ compiled kernels vs Dirac matrices
def _dots(p1, p2, k1, k2, q):
    return (mdot(p1, k1), mdot(p1, k2), mdot(p1, q), mdot(p2, k1), mdot(p2, k2), mdot(p2, q),
            mdot(p1, p2), mdot(k1, k2), mdot(k1, q), mdot(k2, q))


@pytest.mark.parametrize("vertex", VERTICES)
@pytest.mark.parametrize("m_l, m_x", [(M_MU, 0.01), (M_MU, 1.0), (M_TAU, 0.3), (M_TAU, 5.0)])
def test_kernels_match_explicit_dirac_evaluation(vertex, m_l, m_x):
    rng = np.random.default_rng(hash((vertex, m_l, m_x)) % 2**32)
    vid = llx.VERTEX_ID[vertex]
    g_a = 1.0 if vertex == "axial" else 0.0
    g_v = 0.0 if vertex == "axial" else 1.0
    for _ in range(10):
        p1, p2, k1, k2, q = random_llx_point(10.58, m_l, m_x, rng)
        s = mdot(p1 + p2, p1 + p2)
        ref_vertex = "vector" if vertex == "axial" else vertex
        ref_full = msq_ee_llx(p1, p2, k1, k2, q, m_l, m_x, ref_vertex, g_v=g_v, g_a=g_a) * s**2
        ref_t = contracted_tensor_llx(k1, k2, q, m_l, m_x, ref_vertex, g_v=g_v, g_a=g_a)
        full = llx.msq(vid, *_dots(p1, p2, k1, k2, q), m_l, m_x)
        D1, D2 = 2 * mdot(k1, q) + m_x**2, 2 * mdot(k2, q) + m_x**2
        t = llx.T(vid, mdot(k1 + k2, k1 + k2), D1, D2, m_l, m_x)
        assert full == pytest.approx(ref_full, rel=1e-10)
        assert t == pytest.approx(ref_t, rel=1e-10)


def test_vector_current_conserved_symbolically_and_numerically():
    # Symbolic: the q_a q_b / m_X^2 term of the polarisation sum contributes exactly zero for the vector vertex.
    dots = P._dots()
    g_a = P._final_current("vector", "rho", "alpha")
    g_b = D.bar(P._final_current("vector", "sigma", "beta"))
    line = D.mul(D.add(D.slash("k1"), D.scalar(P.m)), g_a, D.add(D.slash("k2"), D.scalar(-P.m)), g_b)
    qq = D.index_to_slash(D.index_to_slash(line, "alpha", "q"), "beta", "q")
    expr = D.trace(D.rename_index(qq, "sigma", "rho"), dots)
    sub = {dots("k1", "q"): (1 / P.d1 - P.mx**2) / 2, dots("k2", "q"): (1 / P.d2 - P.mx**2) / 2}
    assert sp.simplify(expr.subs(sub)) == 0
    # Numerical, independent: M_alpha q^alpha = 0 with explicit spinors
    rng = np.random.default_rng(3)
    for _ in range(5):
        pts = random_llx_point(10.58, M_MU, 0.7, rng)
        assert current_violation_llx(*pts, M_MU, 0.7, vertex="vector") < 1e-12
    # and the axial current is not conserved for massive leptons (the check can fail)
    assert current_violation_llx(*pts, M_MU, 0.7, vertex="vector", g_v=0.0, g_a=1.0) > 1e-4


@pytest.mark.parametrize("vertex", VERTICES)
def test_T_is_charge_conjugation_symmetric(vertex):
    T = P.derive_T(vertex)
    swapped = T.subs({P.d1: sp.Symbol("tmp")}).subs({P.d2: P.d1}).subs({sp.Symbol("tmp"): P.d2})
    assert sp.simplify(T - swapped) == 0


@pytest.mark.slow
def test_committed_kernels_are_what_the_derivation_gives():
    from pheno.amplitudes import codegen

    for path, generate in codegen.GENERATED.items():
        assert path.read_text() == generate(), f"{path} is stale: run `python -m pheno.amplitudes --write`"


# ------------------------------------------------------------------ closed-form reductions of the kernels
@pytest.mark.parametrize("vertex", VERTICES)
def test_line_integral_of_T_matches_numerical_integration(vertex):
    """Tint (partial fractions in sympy) = Int T dD2 over [d - b, d + b] by adaptive QUADPACK."""
    from scipy import integrate

    vid = llx.VERTEX_ID[vertex]
    rng = np.random.default_rng(11)
    for m_l, m_x in [(M_MU, 0.01), (M_MU, 1.0), (M_TAU, 0.3), (M_TAU, 5.0)]:
        for _ in range(4):
            s12 = rng.uniform(4 * m_l**2, 50.0)
            d = rng.uniform(0.5, 40.0)
            b = d * rng.uniform(0.05, 0.999)  # up to a 2000x wide collinear-like range
            lo, hi = d - b, d + b

            def f(u):  # D2 = exp(u): resolves the 1/D2^2 peak at the lower end
                d2 = math.exp(u)
                return d2 * llx.T(vid, s12, 2 * d - d2, d2, m_l, m_x)

            edges = np.log(np.geomspace(lo, hi, 9))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # QUADPACK roundoff notes at the requested 1e-12
                num = sum(integrate.quad(f, a, c, epsabs=0, epsrel=1e-12, limit=200)[0]
                          for a, c in zip(edges[:-1], edges[1:]))
            closed = llx.Tint(vid, s12, d, b, 2 * b / (d * d - b * b), math.log(hi / lo), m_l, m_x)
            assert closed == pytest.approx(num, rel=1e-10, abs=1e-12 * abs(num))


@pytest.mark.parametrize("vertex", VERTICES)
@pytest.mark.parametrize("m_l, m_x", [(M_MU, 0.05), (M_TAU, 2.0)])
def test_azimuthal_coefficients_match_rotated_explicit_events(vertex, m_l, m_x):
    """msq_azimuthal (A, B, C) against |M|^2 from explicit spinors for the lepton pair turned by phi
    about the X direction: A + B cos(phi) + C cos(2 phi) at phi values other than the 0, pi/2, pi
    the decomposition could be fitted to."""
    from dirac_reference import llx_point

    vid = llx.VERTEX_ID[vertex]
    g_a = 1.0 if vertex == "axial" else 0.0
    ref_vertex = "vector" if vertex == "axial" else vertex
    sqrt_s, rng = 10.58, np.random.default_rng(5)
    for _ in range(3):
        cq, c_star = rng.uniform(-1, 1, size=2)
        sq, st = math.sqrt(1 - cq * cq), math.sqrt(1 - c_star**2)
        n_q, e1 = np.array([sq, 0.0, cq]), np.array([cq, 0.0, -sq])
        m_ll = 2 * m_l + (sqrt_s - m_x - 2 * m_l) * rng.uniform(0.05, 0.95)

        def event(phi):
            n_star = c_star * n_q + st * (math.cos(phi) * e1 + math.sin(phi) * np.array([0.0, 1.0, 0.0]))
            return llx_point(sqrt_s, m_l, m_x, m_ll, n_q, n_star)

        p1, p2, k1, k2, q = event(0.0)
        k1_pi, k2_pi = event(math.pi)[2:4]
        a1, b1 = 0.5 * (k1[3] + k1_pi[3]), 0.5 * (k1[3] - k1_pi[3])
        a2, b2 = 0.5 * (k2[3] + k2_pi[3]), 0.5 * (k2[3] - k2_pi[3])
        coef = llx.msq_azimuthal(vid, 0.5 * sqrt_s, k1[0], a1, b1, k2[0], a2, b2, mdot(p1, q), mdot(p2, q),
                                 mdot(p1, p2), mdot(k1, k2), mdot(k1, q), mdot(k2, q), m_l, m_x)
        for phi in rng.uniform(0, 2 * math.pi, size=4):
            ev = event(phi)
            ref = msq_ee_llx(*ev, m_l, m_x, ref_vertex, g_v=1.0 - g_a, g_a=g_a) * sqrt_s**4
            assert coef[0] + coef[1] * math.cos(phi) + coef[2] * math.cos(2 * phi) == pytest.approx(ref, rel=1e-9)
