"""Tests of the independent numerical Dirac reference (tests/dirac_reference.py) itself.

Everything here uses only numpy and the reference module (no pheno imports, no trace identities in the
reference).  Closed-form expressions appear only on the *test* side, as targets.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import dirac_reference as dr

SQRT_S = 10.58
S = SQRT_S**2
M_MU = 0.1056583755
M_TAU = 1.77693

# (m_l, m_x) pairs used by the 3-body tests: muon, tau, massless lepton, light / heavy X
MASS_POINTS = [(M_MU, 1.0), (M_MU, 0.01), (M_TAU, 3.0), (0.0, 0.5), (M_MU, 8.0)]
VERTICES = ["vector", "scalar", "pseudoscalar"]


def random_momentum(rng, m, scale=5.0):
    p3 = rng.normal(size=3) * scale
    return np.concatenate([[np.sqrt(p3 @ p3 + m * m)], p3])


def outer_bar(psi):
    return np.outer(psi, dr.dirac_bar(psi))


# ------------------------------------------------------------------------------ Dirac matrices
def test_clifford_algebra_and_gamma5():
    g = dr.GAMMA
    for mu, nu in itertools.product(range(4), repeat=2):
        anti = g[mu] @ g[nu] + g[nu] @ g[mu]
        assert np.allclose(anti, 2 * dr.METRIC[mu, nu] * np.eye(4), atol=1e-15)
    for mu in range(4):
        # hermiticity: gamma^0 gamma^mu^dagger gamma^0 = gamma^mu; gamma5 anticommutes with gamma^mu
        assert np.allclose(g[0] @ g[mu].conj().T @ g[0], g[mu], atol=1e-15)
        assert np.allclose(dr.GAMMA5 @ g[mu] + g[mu] @ dr.GAMMA5, 0, atol=1e-15)
    assert np.allclose(dr.GAMMA5 @ dr.GAMMA5, np.eye(4), atol=1e-15)
    assert np.allclose(dr.GAMMA5, dr.GAMMA5.conj().T)
    # Dirac representation explicitly
    assert np.allclose(g[0], np.diag([1, 1, -1, -1]))
    assert np.allclose(dr.GAMMA5, np.block([[np.zeros((2, 2)), np.eye(2)], [np.eye(2), np.zeros((2, 2))]]))
    assert np.allclose(dr.METRIC, np.diag([1, -1, -1, -1]))


def test_slash_squares_to_p2():
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = rng.normal(size=4) * 3
        ps = dr.slash(p)
        assert np.allclose(ps @ ps, dr.mdot(p, p) * np.eye(4), atol=1e-12)
        # gamma^mu p_mu with p_mu = g_{mu nu} p^nu
        assert np.allclose(ps, sum(dr.METRIC[m, m] * p[m] * dr.GAMMA[m] for m in range(4)))


# ------------------------------------------------------------------------------ spinors
@pytest.mark.parametrize("m", [0.0, M_MU, 1.0, M_TAU])
def test_spinor_normalisation(m):
    rng = np.random.default_rng(1)
    for _ in range(10):
        p = random_momentum(rng, m)
        us, vs = dr.u_spinors(p, m), dr.v_spinors(p, m)
        for r, s in itertools.product(range(2), repeat=2):
            d = 1.0 if r == s else 0.0
            assert abs(dr.dirac_bar(us[r]) @ us[s] - 2 * m * d) < 1e-12 * p[0]
            assert abs(dr.dirac_bar(vs[r]) @ vs[s] + 2 * m * d) < 1e-12 * p[0]
            assert abs(us[r].conj() @ us[s] - 2 * p[0] * d) < 1e-12 * p[0]
            assert abs(vs[r].conj() @ vs[s] - 2 * p[0] * d) < 1e-12 * p[0]
            assert abs(dr.dirac_bar(us[r]) @ vs[s]) < 1e-12 * p[0]
        # v_r = C ubar_r^T (charge conjugates, same spin label)
        for u, v in zip(us, vs):
            assert np.allclose(dr.CHARGE_CONJ @ dr.dirac_bar(u), v, atol=1e-12 * p[0])


@pytest.mark.parametrize("m", [0.0, M_MU, 1.0, M_TAU])
def test_completeness(m):
    rng = np.random.default_rng(2)
    for _ in range(10):
        p = random_momentum(rng, m)
        su = sum(outer_bar(u) for u in dr.u_spinors(p, m))
        sv = sum(outer_bar(v) for v in dr.v_spinors(p, m))
        assert np.max(np.abs(su - dr.slash(p) - m * np.eye(4))) < 1e-13 * p[0]
        assert np.max(np.abs(sv - dr.slash(p) + m * np.eye(4))) < 1e-13 * p[0]


@pytest.mark.parametrize("m", [0.0, M_MU, 1.0, M_TAU])
def test_dirac_equation(m):
    rng = np.random.default_rng(3)
    for _ in range(10):
        p = random_momentum(rng, m)
        for u in dr.u_spinors(p, m):
            assert np.max(np.abs((dr.slash(p) - m * np.eye(4)) @ u)) < 1e-13 * p[0]
            assert np.max(np.abs(dr.dirac_bar(u) @ (dr.slash(p) - m * np.eye(4)))) < 1e-13 * p[0]
        for v in dr.v_spinors(p, m):
            assert np.max(np.abs((dr.slash(p) + m * np.eye(4)) @ v)) < 1e-13 * p[0]
            assert np.max(np.abs(dr.dirac_bar(v) @ (dr.slash(p) + m * np.eye(4)))) < 1e-13 * p[0]


def test_massless_spinors_along_beam_axis():
    """The beam spinors (p along +-z, m = 0) are finite and complete (no 0/0)."""
    e = SQRT_S / 2
    for p in (np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])):
        su = sum(outer_bar(u) for u in dr.u_spinors(p, 0.0))
        sv = sum(outer_bar(v) for v in dr.v_spinors(p, 0.0))
        assert np.all(np.isfinite(su)) and np.all(np.isfinite(sv))
        assert np.allclose(su, dr.slash(p), atol=1e-14)
        assert np.allclose(sv, dr.slash(p), atol=1e-14)


# ------------------------------------------------------------------------------ polarisations
@pytest.mark.parametrize("basis", ["helicity", "linear"])
@pytest.mark.parametrize("m", [0.01, 1.0, 8.0])
def test_polarisation_sum(basis, m):
    rng = np.random.default_rng(4)
    momenta = [random_momentum(rng, m) for _ in range(10)]
    momenta += [np.array([m, 0, 0, 0.0]), np.array([np.sqrt(m * m + 4), 0, 0, 2.0]), np.array([np.sqrt(m * m + 9), 0, -3.0, 0])]
    for q in momenta:
        eps = dr.polarisation_vectors(q, m, basis=basis)
        assert eps.shape == (3, 4)
        tsum = np.einsum("lm,ln->mn", eps, eps.conj())
        target = -dr.METRIC + np.outer(q, q) / m**2
        assert np.max(np.abs(tsum - target)) < 1e-12 * max(1.0, q[0] ** 2 / m**2)
        for a in range(3):
            assert abs(dr.mdot(q, eps[a])) < 1e-12 * q[0]
            for b in range(3):
                assert abs(dr.mdot(eps[a], eps[b].conj()) + (a == b)) < 1e-12 * max(1.0, q[0] ** 2 / m**2)


# ------------------------------------------------------------------------------ kinematics
@pytest.mark.parametrize("m_l,m_x", MASS_POINTS)
def test_random_llx_point(m_l, m_x):
    rng = np.random.default_rng(5)
    directions = []
    for _ in range(50):
        p1, p2, k1, k2, q = dr.random_llx_point(SQRT_S, m_l, m_x, rng)
        for v in (p1, p2, k1, k2, q):
            assert v.shape == (4,) and v.dtype == float
        assert np.allclose(p1, [SQRT_S / 2, 0, 0, SQRT_S / 2], rtol=0, atol=0)
        assert np.allclose(p2, [SQRT_S / 2, 0, 0, -SQRT_S / 2], rtol=0, atol=0)
        assert np.max(np.abs(p1 + p2 - k1 - k2 - q)) < 1e-13 * SQRT_S
        for v, m in ((k1, m_l), (k2, m_l), (q, m_x)):
            assert abs(dr.mdot(v, v) - m * m) < 1e-13 * S
            assert v[0] > 0
        directions.append(k1[1:] / np.linalg.norm(k1[1:]))
    # random orientation: the mean lepton direction is compatible with isotropy
    assert np.linalg.norm(np.mean(directions, axis=0)) < 0.5


def test_lorentz_invariance_of_msq():
    """Spin sums are Lorentz invariant: boost and rotate every momentum, |M|^2 must not change."""
    rng = np.random.default_rng(6)
    for m_l, m_x in MASS_POINTS:
        p1, p2, k1, k2, q = dr.random_llx_point(SQRT_S, m_l, m_x, rng)
        rot = dr.random_rotation(rng)
        beta = rng.normal(size=3)
        beta *= 0.6 / np.linalg.norm(beta)
        moved = [dr.boost(dr.rotate_spatial(v, rot), beta) for v in (p1, p2, k1, k2, q)]
        for vertex in VERTICES:
            kw = dict(g_v=0.7, g_a=0.4) if vertex == "vector" else dict(y=1.3)
            a = dr.msq_ee_llx(p1, p2, k1, k2, q, m_l, m_x, vertex, **kw)
            b = dr.msq_ee_llx(*moved, m_l, m_x, vertex, **kw)
            assert abs(a / b - 1) < 1e-11
            c = dr.contracted_tensor_llx(k1, k2, q, m_l, m_x, vertex, **kw)
            d = dr.contracted_tensor_llx(*moved[2:], m_l, m_x, vertex, **kw)
            assert abs(c / d - 1) < 1e-11


def test_amplitude_shapes():
    rng = np.random.default_rng(7)
    pt = dr.random_llx_point(SQRT_S, M_MU, 1.0, rng)
    assert dr.amplitudes_ee_llx(*pt, M_MU, 1.0, "vector").shape == (2, 2, 2, 2, 3)
    assert dr.amplitudes_ee_llx(*pt, M_MU, 1.0, "scalar").shape == (2, 2, 2, 2, 1)
    assert dr.amplitudes_ee_llx(*pt, M_MU, 1.0, "pseudoscalar").shape == (2, 2, 2, 2, 1)
    with pytest.raises(ValueError):
        dr.amplitudes_ee_llx(*pt, M_MU, 1.0, "tensor")


# ------------------------------------------------------------------------------ 2 -> 2 sanity check
@pytest.mark.parametrize("m_l", [0.0, M_MU, M_TAU, 4.0])
def test_ee_to_ll_textbook(m_l):
    """<|M|^2>(e+e- -> l+l-) = 2 [(m^2-t)^2 + (m^2-u)^2 + 2 m^2 s]/s^2 (e = 1);
    -g H for ubar gamma v = 8 k1.k2 + 16 m^2."""
    rng = np.random.default_rng(8)
    e = SQRT_S / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    pabs = np.sqrt(e * e - m_l * m_l)
    for _ in range(10):
        n = rng.normal(size=3)
        n /= np.linalg.norm(n)
        k1 = np.concatenate([[e], pabs * n])
        k2 = np.concatenate([[e], -pabs * n])
        t = dr.mdot(p1 - k1, p1 - k1)
        u = dr.mdot(p1 - k2, p1 - k2)
        target = 2 * ((m_l**2 - t) ** 2 + (m_l**2 - u) ** 2 + 2 * m_l**2 * S) / S**2
        assert abs(dr.msq_ee_ll(p1, p2, k1, k2, m_l) / target - 1) < 1e-12
        ct = dr.contracted_tensor_ll(k1, k2, m_l)
        assert abs(ct / (8 * dr.mdot(k1, k2) + 16 * m_l**2) - 1) < 1e-12


# ------------------------------------------------------------------------------ current conservation
@pytest.mark.parametrize("m_l,m_x", MASS_POINTS)
def test_vector_current_conservation(m_l, m_x):
    rng = np.random.default_rng(9)
    for _ in range(5):
        pt = dr.random_llx_point(SQRT_S, m_l, m_x, rng)
        assert dr.current_violation_llx(*pt, m_l, m_x, "vector", g_v=1.0, g_a=0.0) < 1e-12
        viol_axial = dr.current_violation_llx(*pt, m_l, m_x, "vector", g_v=0.3, g_a=1.0)
        if m_l > 0:
            assert viol_axial > 1e-4  # axial current broken by the lepton mass
        else:
            assert viol_axial < 1e-12  # ... and conserved for massless leptons


def test_photon_current_conservation():
    """Ward identity of the s-channel photon: Q_rho J^rho = 0 for every vertex (and so qq/m^2 drops)."""
    rng = np.random.default_rng(10)
    for m_l, m_x in MASS_POINTS:
        p1, p2, k1, k2, q = dr.random_llx_point(SQRT_S, m_l, m_x, rng)
        qq = k1 + k2 + q
        for vertex in VERTICES:
            j = dr.lepton_currents_llx(k1, k2, q, m_l, m_x, vertex, g_v=0.5, g_a=0.8, y=1.0)
            contracted = np.einsum("abpr,r->abp", j, dr.METRIC @ qq)
            assert np.max(np.abs(contracted)) < 1e-12 * np.max(np.abs(j)) * SQRT_S


def test_massless_chirality_relations():
    """m_l = 0: scalar == pseudoscalar; vector and axial couplings do not interfere (|M|^2 ~ g_v^2 + g_a^2)."""
    rng = np.random.default_rng(11)
    for m_x in (0.5, 3.0):
        pt = dr.random_llx_point(SQRT_S, 0.0, m_x, rng)
        s_ = dr.msq_ee_llx(*pt, 0.0, m_x, "scalar", y=0.7)
        p_ = dr.msq_ee_llx(*pt, 0.0, m_x, "pseudoscalar", y=0.7)
        assert abs(s_ / p_ - 1) < 1e-12
        v = dr.msq_ee_llx(*pt, 0.0, m_x, "vector", g_v=1.0, g_a=0.0)
        a = dr.msq_ee_llx(*pt, 0.0, m_x, "vector", g_v=0.0, g_a=1.0)
        va = dr.msq_ee_llx(*pt, 0.0, m_x, "vector", g_v=0.6, g_a=0.8)
        assert abs(v / a - 1) < 1e-12
        assert abs(va / v - 1) < 1e-12
    # with a lepton mass they must differ
    pt = dr.random_llx_point(SQRT_S, M_TAU, 1.0, rng)
    assert abs(dr.msq_ee_llx(*pt, M_TAU, 1.0, "scalar") / dr.msq_ee_llx(*pt, M_TAU, 1.0, "pseudoscalar") - 1) > 1e-3


def test_coupling_scaling():
    rng = np.random.default_rng(12)
    pt = dr.random_llx_point(SQRT_S, M_MU, 1.0, rng)
    base = dr.msq_ee_llx(*pt, M_MU, 1.0, "scalar", y=1.0)
    assert abs(dr.msq_ee_llx(*pt, M_MU, 1.0, "scalar", y=0.3) / (0.09 * base) - 1) < 1e-13
    base = dr.msq_ee_llx(*pt, M_MU, 1.0, "vector", g_v=1.0)
    assert abs(dr.msq_ee_llx(*pt, M_MU, 1.0, "vector", g_v=-0.2) / (0.04 * base) - 1) < 1e-13


# ------------------------------------------------------------------------------ orientation averaging
def _rotation_group_24():
    """The 24 proper rotations of the cube (signed permutation matrices with det +1)."""
    mats = []
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1.0, -1.0), repeat=3):
            r = np.zeros((3, 3))
            for i, j in enumerate(perm):
                r[i, j] = signs[i]
            if np.linalg.det(r) > 0:
                mats.append(r)
    assert len(mats) == 24
    return mats


def _rotated_msq(pt, rot, m_l, m_x, vertex, kw):
    p1, p2, k1, k2, q = pt
    k1, k2, q = (dr.rotate_spatial(v, rot) for v in (k1, k2, q))
    return dr.msq_ee_llx(p1, p2, k1, k2, q, m_l, m_x, vertex, **kw)


@pytest.mark.parametrize("vertex", VERTICES)
@pytest.mark.parametrize("m_l,m_x", MASS_POINTS)
def test_orientation_average_exact_design(vertex, m_l, m_x):
    """For massless beams msq is a quadratic polynomial in the beam direction seen from the final state,
    so averaging over the 24-element rotation group (orbit of z = octahedron, a spherical 3-design),
    composed with a random rotation G, gives the SO(3) average exactly: contracted_tensor / (3 s)."""
    rng = np.random.default_rng(13)
    kw = dict(g_v=0.8, g_a=0.5) if vertex == "vector" else dict(y=1.1)
    group = _rotation_group_24()
    for _ in range(3):
        pt = dr.random_llx_point(SQRT_S, m_l, m_x, rng)
        g = dr.random_rotation(rng)
        avg = np.mean([_rotated_msq(pt, r @ g, m_l, m_x, vertex, kw) for r in group])
        target = dr.contracted_tensor_llx(*pt[2:], m_l, m_x, vertex, **kw) / (3 * S)
        assert abs(avg / target - 1) < 1e-12


@pytest.mark.parametrize("vertex", VERTICES)
def test_orientation_average_monte_carlo(vertex):
    """Same identity with plain Haar-random rotations (statistical; 4000 rotations, 5 sigma and 2 %)."""
    rng = np.random.default_rng(14)
    kw = dict(g_v=1.0, g_a=0.3) if vertex == "vector" else dict(y=1.0)
    pt = dr.random_llx_point(SQRT_S, M_MU, 1.0, rng)
    vals = np.array([_rotated_msq(pt, dr.random_rotation(rng), M_MU, 1.0, vertex, kw) for _ in range(4000)])
    target = dr.contracted_tensor_llx(*pt[2:], M_MU, 1.0, vertex, **kw) / (3 * S)
    err = vals.std(ddof=1) / np.sqrt(vals.size)
    assert abs(vals.mean() - target) < 5 * err
    assert abs(vals.mean() / target - 1) < 2e-2


def test_orientation_average_two_body():
    """2 -> 2 version: average of msq_ee_ll over the 24 group rotations = contracted_tensor_ll / (3 s)."""
    e = SQRT_S / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    rng = np.random.default_rng(15)
    n = rng.normal(size=3)
    n /= np.linalg.norm(n)
    pabs = np.sqrt(e * e - M_TAU**2)
    k1, k2 = np.concatenate([[e], pabs * n]), np.concatenate([[e], -pabs * n])
    avg = np.mean([dr.msq_ee_ll(p1, p2, dr.rotate_spatial(k1, r), dr.rotate_spatial(k2, r), M_TAU) for r in _rotation_group_24()])
    assert abs(avg / (dr.contracted_tensor_ll(k1, k2, M_TAU) / (3 * S)) - 1) < 1e-12


# ------------------------------------------------------------------------------ soft limit
def _soft_point(rng, m_l, omega, m_x):
    m_ll = np.sqrt(S + m_x**2 - 2 * SQRT_S * omega)
    return dr.llx_point(SQRT_S, m_l, m_x, m_ll, rng.normal(size=3), rng.normal(size=3))


def _eikonal(k1, k2, q, m_l, g_v):
    a, b = dr.mdot(k1, q), dr.mdot(k2, q)
    factor = -(m_l**2) / a**2 - m_l**2 / b**2 + 2 * dr.mdot(k1, k2) / (a * b)
    return dr.contracted_tensor_ll(k1, k2, m_l) * g_v**2 * factor


@pytest.mark.parametrize("m_l", [M_MU, M_TAU])
def test_soft_limit_eikonal(m_l):
    """Soft X (omega = E_X = 1 MeV, m_X = 0.1 MeV): vector contracted tensor -> eikonal form, and the
    deviation shrinks ~ linearly with omega (omega/10 -> deviation/10)."""
    rng = np.random.default_rng(16)
    g_v = 0.7
    for _ in range(5):
        state = rng.bit_generator.state
        devs = []
        for omega, m_x in ((1e-3, 1e-4), (1e-4, 1e-5)):
            rng.bit_generator.state = state  # same directions for both softness values
            _, _, k1, k2, q = _soft_point(rng, m_l, omega, m_x)
            full = dr.contracted_tensor_llx(k1, k2, q, m_l, m_x, "vector", g_v=g_v)
            eik = _eikonal(k1, k2, q, m_l, g_v)
            devs.append(abs(full / eik - 1))
        assert devs[0] < 1e-2
        assert devs[1] < 2.5e-1 * devs[0] + 1e-9
