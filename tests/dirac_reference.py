"""Independent numerical Dirac-algebra reference for the tests (numpy only).

Purpose
-------
The package derives |M|^2 kernels symbolically (Dirac traces in sympy) and compiles them.  This
module recomputes the same quantities *without any trace identity and without sympy*: amplitudes are
built as complex numbers from explicit 4x4 Dirac matrices, explicit spinors and explicit polarisation
vectors, and |M|^2 is summed over spins / polarisations by brute force.  It is meant to be slow,
transparent and correct; the tests compare the compiled kernels against it to ~1e-10 relative.

Conventions (used everywhere below)
-----------------------------------
* Natural units.  Metric g = diag(+1, -1, -1, -1) (``METRIC``).  Four-vectors are numpy arrays of
  length 4 holding *contravariant* components p^mu = (E, px, py, pz).  a.b = a^0 b^0 - a_vec.b_vec.
* Dirac representation:  gamma^0 = diag(1, 1, -1, -1),  gamma^i = [[0, sigma_i], [-sigma_i, 0]],
  gamma5 = i gamma^0 gamma^1 gamma^2 gamma^3 = [[0, 1], [1, 0]].  ``GAMMA[mu]`` is gamma^mu (upper
  index).  {gamma^mu, gamma^nu} = 2 g^{mu nu}.
* pslash = gamma^mu p_mu = p^0 gamma^0 - p^1 gamma^1 - p^2 gamma^2 - p^3 gamma^3.
* Spinors (spin basis along z, Dirac representation), E = p^0 of the vector passed in:
      u_r(p) = ( sqrt(E+m) xi_r ,  (sigma.p) xi_r / sqrt(E+m) ),
      v_r(p) = ( (sigma.p) eta_r / sqrt(E+m) ,  sqrt(E+m) eta_r ),
  xi_0 = (1, 0), xi_1 = (0, 1);  eta_r = -i sigma_2 xi_r^*  i.e. eta_0 = (0, 1), eta_1 = (-1, 0), so that
  v_r = C ubar_r^T with C = i gamma^2 gamma^0 (v_r is the charge conjugate of u_r; same spin label).
  Normalisation: ubar_r u_s = 2m delta_rs, vbar_r v_s = -2m delta_rs, u_r^dagger u_s = v_r^dagger v_s
  = 2E delta_rs.  Completeness: sum_r u_r ubar_r = pslash + m,  sum_r v_r vbar_r = pslash - m.
  Valid for m = 0 (only E + m > 0 is needed); ubar = u^dagger gamma^0.
* Massive vector polarisations eps_lambda^mu(q), lambda = (+1, -1, 0) ("helicity") or
  (x', y', longitudinal) ("linear", real), normalised eps.eps* = -1, q.eps = 0,
  sum_lambda eps^mu eps^{nu*} = -g^{mu nu} + q^mu q^nu / m^2.
* Couplings: electron charge e = 1 (so e^4 -> 1 in |M|^2), electron mass 0, photon propagator
  -i g_{rho sigma}/s; overall phases are irrelevant for |M|^2 and are dropped.

Process  e-(p1) e+(p2) -> gamma*(Q = p1 + p2) -> l-(k1) l+(k2) X(q), X radiated off the final lepton
line only:
    M = (1/s) [vbar(p2) gamma_rho u(p1)] J^rho,
    J^rho = ubar(k1) [ V (k1slash + qslash + m_l) gamma^rho / D1
                       + gamma^rho (-k2slash - qslash + m_l) V / D2 ] v(k2),
    D1 = (k1+q)^2 - m_l^2,  D2 = (k2+q)^2 - m_l^2,  s = (p1+p2)^2,
    V = eps*_alpha(q) gamma^alpha (g_v + g_a gamma5)   ("vector", three polarisations),
        y * 1                                          ("scalar"),
        i y gamma5                                     ("pseudoscalar").
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "METRIC",
    "GAMMA",
    "GAMMA5",
    "IDENTITY4",
    "SIGMA",
    "CHARGE_CONJ",
    "mdot",
    "slash",
    "slash_complex",
    "u_spinors",
    "v_spinors",
    "dirac_bar",
    "polarisation_vectors",
    "boost",
    "random_rotation",
    "rotate_spatial",
    "llx_point",
    "random_llx_point",
    "beam_currents",
    "lepton_currents_llx",
    "amplitudes_ee_llx",
    "msq_ee_llx",
    "contracted_tensor_llx",
    "current_violation_llx",
    "contracted_tensor_ll",
    "msq_ee_ll",
]

VERTICES = ("vector", "scalar", "pseudoscalar")

# --------------------------------------------------------------------------------------------
# Dirac matrices
# --------------------------------------------------------------------------------------------
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])
"""Minkowski metric g_{mu nu} = g^{mu nu} = diag(+1, -1, -1, -1)."""

SIGMA = np.array(
    [
        [[0, 1], [1, 0]],
        [[0, -1j], [1j, 0]],
        [[1, 0], [0, -1]],
    ],
    dtype=complex,
)
"""Pauli matrices sigma_1, sigma_2, sigma_3, shape (3, 2, 2)."""

_I2 = np.eye(2, dtype=complex)
_Z2 = np.zeros((2, 2), dtype=complex)

IDENTITY4 = np.eye(4, dtype=complex)


def _block(a, b, c, d):
    return np.block([[a, b], [c, d]])


GAMMA = np.array(
    [_block(_I2, _Z2, _Z2, -_I2)] + [_block(_Z2, SIGMA[i], -SIGMA[i], _Z2) for i in range(3)],
    dtype=complex,
)
"""gamma^mu (upper index), Dirac representation, shape (4, 4, 4): GAMMA[mu] is a 4x4 matrix."""

GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
"""gamma5 = i gamma^0 gamma^1 gamma^2 gamma^3 = [[0, 1], [1, 0]] in the Dirac representation."""

CHARGE_CONJ = 1j * GAMMA[2] @ GAMMA[0]
"""Charge-conjugation matrix C = i gamma^2 gamma^0 (v_r = C ubar_r^T with the spinors below)."""

_GAMMA_LOWER = np.einsum("mn,nij->mij", METRIC, GAMMA)  # gamma_mu


def mdot(a, b):
    """Minkowski product a.b = a^0 b^0 - a_vec.b_vec (contravariant inputs, last axis = Lorentz)."""
    a = np.asarray(a)
    b = np.asarray(b)
    return a[..., 0] * b[..., 0] - a[..., 1] * b[..., 1] - a[..., 2] * b[..., 2] - a[..., 3] * b[..., 3]


def slash(p):
    """pslash = gamma^mu p_mu = p^0 gamma^0 - p^i gamma^i for a real 4-vector p (contravariant)."""
    p = np.asarray(p, dtype=float)
    if p.shape != (4,):
        raise ValueError("slash expects a single 4-vector")
    return np.einsum("m,mij->ij", p, _GAMMA_LOWER)


def slash_complex(a):
    """a_mu gamma^mu for a complex 4-vector a^mu (contravariant components; no conjugation applied)."""
    a = np.asarray(a, dtype=complex)
    return np.einsum("m,mij->ij", a, _GAMMA_LOWER)


# --------------------------------------------------------------------------------------------
# Spinors
# --------------------------------------------------------------------------------------------
_XI = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=complex)  # xi_0, xi_1
_ETA = np.array([[0.0, 1.0], [-1.0, 0.0]], dtype=complex)  # eta_r = -i sigma_2 xi_r^*


def _sigma_dot(p3):
    return np.einsum("i,ijk->jk", np.asarray(p3, dtype=float), SIGMA)


def _spinor_prefactors(p, m):
    p = np.asarray(p, dtype=float)
    if p.shape != (4,):
        raise ValueError("expected a 4-vector")
    if m < 0:
        raise ValueError("mass must be >= 0")
    epm = p[0] + m
    if not epm > 0:
        raise ValueError("spinors need E + m > 0 (E = p^0)")
    return p, np.sqrt(epm), _sigma_dot(p[1:])


def u_spinors(p, m):
    """The two Dirac spinors u_r(p), r = 0, 1, as a list of complex length-4 arrays.

    Dirac representation, spin basis along z:  u_r = ( sqrt(E+m) xi_r, (sigma.p) xi_r / sqrt(E+m) ),
    xi_0 = (1,0), xi_1 = (0,1), E = p[0].  Normalisation ubar u = 2m (u^dagger u = 2E); valid for m = 0.
    Completeness (p on shell): sum_r u_r ubar_r = pslash + m.
    """
    p, root, sp = _spinor_prefactors(p, m)
    return [np.concatenate([root * xi, sp @ xi / root]) for xi in _XI]


def v_spinors(p, m):
    """The two Dirac spinors v_r(p), r = 0, 1, as a list of complex length-4 arrays.

    Dirac representation:  v_r = ( (sigma.p) eta_r / sqrt(E+m), sqrt(E+m) eta_r ), eta_r = -i sigma_2 xi_r^*
    (eta_0 = (0,1), eta_1 = (-1,0)), so v_r = C ubar_r^T, C = i gamma^2 gamma^0.  Normalisation
    vbar v = -2m (v^dagger v = 2E); valid for m = 0.  Completeness: sum_r v_r vbar_r = pslash - m.
    """
    p, root, sp = _spinor_prefactors(p, m)
    return [np.concatenate([sp @ eta / root, root * eta]) for eta in _ETA]


def dirac_bar(psi):
    """psibar = psi^dagger gamma^0 (works on the last axis of an array of spinors)."""
    return np.conj(np.asarray(psi)) @ GAMMA[0]


# --------------------------------------------------------------------------------------------
# Polarisation vectors
# --------------------------------------------------------------------------------------------
def polarisation_vectors(q, m, basis="helicity"):
    """The three polarisation vectors eps_lambda^mu(q) of a massive vector boson, shape (3, 4), complex.

    q is the (on-shell, q^2 = m^2 > 0) contravariant momentum.  With qhat = q_vec/|q| and two real unit
    vectors e1, e2 such that (e1, e2, qhat) is a right-handed orthonormal triad:
      basis="linear":   eps_1 = (0, e1), eps_2 = (0, e2), eps_L = (|q|, E qhat)/m  (all real);
      basis="helicity": eps_(+1) = -(eps_1 + i eps_2)/sqrt2, eps_(-1) = (eps_1 - i eps_2)/sqrt2, eps_(0) = eps_L
                        (order: +1, -1, 0).
    For |q| = 0 the triad is (x, y, z).  Properties: q.eps = 0, eps_l.eps_l'^* = -delta_ll',
    sum_lambda eps^mu eps^{nu*} = -g^{mu nu} + q^mu q^nu/m^2.
    """
    q = np.asarray(q, dtype=float)
    if not m > 0:
        raise ValueError("a massive vector needs m > 0")
    qv = q[1:]
    kappa = float(np.sqrt(qv @ qv))
    if kappa == 0.0:
        e1, e2, n = np.eye(3)
    else:
        n = qv / kappa
        # reference axis: the coordinate axis least aligned with n (never parallel to n)
        a = np.zeros(3)
        a[int(np.argmin(np.abs(n)))] = 1.0
        e1 = a - (a @ n) * n
        e1 /= np.sqrt(e1 @ e1)
        e2 = np.cross(n, e1)
    eps1 = np.concatenate([[0.0], e1]).astype(complex)
    eps2 = np.concatenate([[0.0], e2]).astype(complex)
    epsl = np.concatenate([[kappa], q[0] * n]).astype(complex) / m
    if basis == "linear":
        return np.array([eps1, eps2, epsl])
    if basis == "helicity":
        r2 = np.sqrt(2.0)
        return np.array([-(eps1 + 1j * eps2) / r2, (eps1 - 1j * eps2) / r2, epsl])
    raise ValueError("basis must be 'helicity' or 'linear'")


# --------------------------------------------------------------------------------------------
# Kinematics
# --------------------------------------------------------------------------------------------
def boost(p, beta):
    """Active Lorentz boost of the 4-vector p by velocity beta (3-vector, |beta| < 1).

    A particle at rest, p = (m, 0), goes to m * gamma * (1, beta).
    """
    p = np.asarray(p, dtype=float)
    beta = np.asarray(beta, dtype=float)
    b2 = float(beta @ beta)
    if b2 == 0.0:
        return p.copy()
    if b2 >= 1.0:
        raise ValueError("|beta| must be < 1")
    gam = 1.0 / np.sqrt(1.0 - b2)
    bp = float(beta @ p[1:])
    e = gam * (p[0] + bp)
    vec = p[1:] + ((gam - 1.0) * bp / b2 + gam * p[0]) * beta
    return np.concatenate([[e], vec])


def _random_unit_vector(rng):
    while True:
        v = rng.normal(size=3)
        n = np.sqrt(v @ v)
        if n > 1e-8:
            return v / n


def random_rotation(rng):
    """A Haar-random 3x3 rotation matrix (uniform unit quaternion)."""
    qv = rng.normal(size=4)
    w, x, y, z = qv / np.sqrt(qv @ qv)
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def rotate_spatial(p, rot):
    """Apply the 3x3 rotation rot to the spatial part of the 4-vector p."""
    p = np.asarray(p, dtype=float)
    return np.concatenate([[p[0]], rot @ p[1:]])


def _kallen(a, b, c):
    return a * a + b * b + c * c - 2 * a * b - 2 * b * c - 2 * c * a


def llx_point(sqrt_s, m_l, m_x, m_ll, n_q, n_star):
    """Deterministic e-(p1) e+(p2) -> l-(k1) l+(k2) X(q) point in the CM frame.

    Beams massless: p1 = (E, 0, 0, E) (e-, +z), p2 = (E, 0, 0, -E) (e+), E = sqrt_s/2.
    X has direction n_q (3-vector, normalised here) and |q| = sqrt(lambda(s, m_ll^2, m_x^2))/(2 sqrt_s);
    the lepton pair (invariant mass m_ll, 2 m_l <= m_ll <= sqrt_s - m_x) recoils, and in the pair rest
    frame l- flies along n_star.  k1 is boosted to the CM frame and k2 = P_pair - k1 (exact momentum
    conservation up to rounding).  Returns (p1, p2, k1, k2, q) as float arrays of length 4.
    """
    s = sqrt_s * sqrt_s
    if not (2 * m_l <= m_ll <= sqrt_s - m_x):
        raise ValueError("m_ll outside [2 m_l, sqrt_s - m_x]")
    e_beam = 0.5 * sqrt_s
    p1 = np.array([e_beam, 0.0, 0.0, e_beam])
    p2 = np.array([e_beam, 0.0, 0.0, -e_beam])
    n_q = np.asarray(n_q, dtype=float)
    n_q = n_q / np.sqrt(n_q @ n_q)
    n_star = np.asarray(n_star, dtype=float)
    n_star = n_star / np.sqrt(n_star @ n_star)
    qabs = np.sqrt(max(_kallen(s, m_ll * m_ll, m_x * m_x), 0.0)) / (2.0 * sqrt_s)
    q = np.concatenate([[np.sqrt(qabs * qabs + m_x * m_x)], qabs * n_q])
    pair = np.concatenate([[sqrt_s - q[0]], -qabs * n_q])
    pstar = np.sqrt(max(0.25 * m_ll * m_ll - m_l * m_l, 0.0))
    k1_rest = np.concatenate([[0.5 * m_ll], pstar * n_star])
    k1 = boost(k1_rest, pair[1:] / pair[0])
    k2 = pair - k1
    return p1, p2, k1, k2, q


def random_llx_point(sqrt_s, m_l, m_x, rng):
    """Random e-(p1) e+(p2) -> l-(k1) l+(k2) X(q) momenta in the CM frame (see :func:`llx_point`).

    Beams massless along +z (e-) and -z (e+), energy sqrt_s/2 each.  The final state is a valid 3-body
    configuration: m_ll uniform in the interior 2 %..98 % of [2 m_l, sqrt_s - m_x] (keeps clear of the
    exactly degenerate endpoints), X direction isotropic, l- direction isotropic in
    the pair rest frame (so the overall orientation is random).  Not a flat phase-space sampler -- only
    meant to give generic test points.  All particles on shell, momentum conserved (to rounding).
    Returns (p1, p2, k1, k2, q) as numpy float arrays of length 4.
    """
    if not sqrt_s > 2 * m_l + m_x:
        raise ValueError("below threshold")
    lo, hi = 2.0 * m_l, sqrt_s - m_x
    m_ll = lo + (hi - lo) * rng.uniform(0.02, 0.98)
    return llx_point(sqrt_s, m_l, m_x, m_ll, _random_unit_vector(rng), _random_unit_vector(rng))


# --------------------------------------------------------------------------------------------
# Currents and amplitudes
# --------------------------------------------------------------------------------------------
def beam_currents(p1, p2):
    """L^rho[r1, r2] = vbar_r2(p2) gamma^rho u_r1(p1) for massless e-(p1), e+(p2); shape (2, 2, 4), upper rho."""
    u = np.array(u_spinors(p1, 0.0))
    vbar = dirac_bar(np.array(v_spinors(p2, 0.0)))
    return np.einsum("bi,rij,aj->abr", vbar, GAMMA, u)


def _vertex_matrices(vertex, q, m_x, g_v, g_a, y, eps_override=None):
    """List of 4x4 vertex matrices V, one per X polarisation (one entry for spin-0 X)."""
    if vertex == "vector":
        chiral = g_v * IDENTITY4 + g_a * GAMMA5
        if eps_override is not None:
            eps_star = np.atleast_2d(np.asarray(eps_override, dtype=complex))
        else:
            eps_star = np.conj(polarisation_vectors(q, m_x))
        return [slash_complex(e) @ chiral for e in eps_star]
    if vertex == "scalar":
        return [y * IDENTITY4]
    if vertex == "pseudoscalar":
        return [1j * y * GAMMA5]
    raise ValueError(f"vertex must be one of {VERTICES}")


def lepton_currents_llx(k1, k2, q, m_l, m_x, vertex, g_v=1.0, g_a=0.0, y=1.0, eps_override=None):
    """J^rho[s1, s2, pol] = ubar_s1(k1) O^rho v_s2(k2), shape (2, 2, npol, 4), upper index rho.

    O^rho = V (k1slash + qslash + m_l) gamma^rho / D1 + gamma^rho (-k2slash - qslash + m_l) V / D2,
    D1 = (k1+q)^2 - m_l^2, D2 = (k2+q)^2 - m_l^2; V as in the module docstring (contracted with
    eps*_alpha for each of the three polarisations for vertex="vector"; npol = 1 for spin-0 X).
    eps_override (vector only): use these 4-vectors (contravariant) in place of eps*(q), e.g. q itself.
    """
    k1 = np.asarray(k1, dtype=float)
    k2 = np.asarray(k2, dtype=float)
    q = np.asarray(q, dtype=float)
    d1 = mdot(k1 + q, k1 + q) - m_l * m_l
    d2 = mdot(k2 + q, k2 + q) - m_l * m_l
    prop1 = slash(k1 + q) + m_l * IDENTITY4
    prop2 = -slash(k2 + q) + m_l * IDENTITY4
    ubar = dirac_bar(np.array(u_spinors(k1, m_l)))
    v = np.array(v_spinors(k2, m_l))
    vmats = np.array(_vertex_matrices(vertex, q, m_x, g_v, g_a, y, eps_override))  # (npol, 4, 4)
    ops = np.einsum("pij,jk,rkl->pril", vmats, prop1, GAMMA) / d1 + np.einsum(
        "rij,jk,pkl->pril", GAMMA, prop2, vmats
    ) / d2  # (npol, 4, 4, 4): [pol, rho, i, j]
    return np.einsum("ai,prij,bj->abpr", ubar, ops, v)


def amplitudes_ee_llx(p1, p2, k1, k2, q, m_l, m_x, vertex, g_v=1.0, g_a=0.0, y=1.0):
    """All helicity amplitudes of e-(p1) e+(p2) -> gamma* -> l-(k1) l+(k2) X(q) (FSR off the lepton line).

    M = (1/s) [vbar(p2) gamma_rho u(p1)] J^rho with J^rho from :func:`lepton_currents_llx`, e = 1,
    m_e = 0, s = (p1+p2)^2.  Returns a complex array of shape (2, 2, 2, 2, npol) indexed
    [r_e-, r_e+, s_l-, s_l+, pol] (spin labels of u(p1), v(p2), u(k1), v(k2) as in u_spinors/v_spinors;
    npol = 3 for vertex="vector" in the helicity order (+1, -1, 0), 1 otherwise).
    """
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    s = mdot(p1 + p2, p1 + p2)
    lup = beam_currents(p1, p2)
    llow = lup @ METRIC  # L_rho
    j = lepton_currents_llx(k1, k2, q, m_l, m_x, vertex, g_v, g_a, y)
    return np.einsum("abr,cdpr->abcdp", llow, j) / s


def msq_ee_llx(p1, p2, k1, k2, q, m_l, m_x, vertex, g_v=1.0, g_a=0.0, y=1.0):
    """<|M|^2>: (1/4) sum over e-, e+ spins, summed over final spins and X polarisations (e = 1)."""
    amps = amplitudes_ee_llx(p1, p2, k1, k2, q, m_l, m_x, vertex, g_v, g_a, y)
    return 0.25 * float(np.sum(np.abs(amps) ** 2))


def contracted_tensor_llx(k1, k2, q, m_l, m_x, vertex, g_v=1.0, g_a=0.0, y=1.0):
    """-g_{rho sigma} H^{rho sigma}, H^{rho sigma} = sum_{spins, pols} J^rho J^{sigma*} (no 1/s, no e).

    For massless beams the average of msq_ee_llx over final-state orientations is
    contracted_tensor_llx / (3 s).
    """
    j = lepton_currents_llx(k1, k2, q, m_l, m_x, vertex, g_v, g_a, y)
    h_diag = np.sum(np.abs(j) ** 2, axis=(0, 1, 2))  # H^{rho rho}, rho = 0..3
    return float(-(h_diag[0] - h_diag[1] - h_diag[2] - h_diag[3]))


def current_violation_llx(p1, p2, k1, k2, q, m_l, m_x, vertex="vector", g_v=1.0, g_a=0.0, y=1.0):
    """max_spins |M(eps* -> q)| / max_{spins,pols} |M(eps*)|  (vector vertex only; y is ignored).

    M(eps* -> q) is the full amplitude with eps*_alpha gamma^alpha replaced by q_alpha gamma^alpha.
    ~1e-16 for g_a = 0 (conserved vector current); nonzero for g_a != 0 and m_l != 0.
    """
    if vertex != "vector":
        raise ValueError("current conservation is only defined for vertex='vector'")
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    s = mdot(p1 + p2, p1 + p2)
    llow = beam_currents(p1, p2) @ METRIC
    j_q = lepton_currents_llx(k1, k2, q, m_l, m_x, "vector", g_v, g_a, y, eps_override=q)
    m_q = np.einsum("abr,cdpr->abcdp", llow, j_q) / s
    m_eps = amplitudes_ee_llx(p1, p2, k1, k2, q, m_l, m_x, "vector", g_v, g_a, y)
    return float(np.max(np.abs(m_q)) / np.max(np.abs(m_eps)))


# --------------------------------------------------------------------------------------------
# 2 -> 2 helpers (used for the soft limit and as a sanity check of the machinery)
# --------------------------------------------------------------------------------------------
def contracted_tensor_ll(k1, k2, m_l):
    """-g_{rho sigma} sum_spins J0^rho J0^{sigma*},  J0^rho = ubar(k1) gamma^rho v(k2)  (explicit spinors)."""
    ubar = dirac_bar(np.array(u_spinors(k1, m_l)))
    v = np.array(v_spinors(k2, m_l))
    j0 = np.einsum("ai,rij,bj->abr", ubar, GAMMA, v)
    h = np.sum(np.abs(j0) ** 2, axis=(0, 1))
    return float(-(h[0] - h[1] - h[2] - h[3]))


def msq_ee_ll(p1, p2, k1, k2, m_l):
    """<|M|^2> of e-(p1) e+(p2) -> gamma* -> l-(k1) l+(k2), e = 1, m_e = 0: M = (1/s) L_rho ubar(k1) gamma^rho v(k2)."""
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    s = mdot(p1 + p2, p1 + p2)
    llow = beam_currents(p1, p2) @ METRIC
    ubar = dirac_bar(np.array(u_spinors(k1, m_l)))
    v = np.array(v_spinors(k2, m_l))
    j0 = np.einsum("ci,rij,dj->cdr", ubar, GAMMA, v)
    amps = np.einsum("abr,cdr->abcd", llow, j0) / s
    return 0.25 * float(np.sum(np.abs(amps) ** 2))
