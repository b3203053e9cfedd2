"""Muskhelishvili-Omnes solver (pheno.omnes) against solutions known by independent routes: the single-channel
Omnes closed form (adaptive quadrature), a rotation of two decoupled channels, and a closed-form coupling
through the pseudo-physical region of the second channel. Tolerances: the discretisation error of the default
resolution (16-node panels) measured on these smooth phases is 1e-8 - 1e-7; quadrature 1e-10."""
import math

import numpy as np
import pytest
from scipy.integrate import quad

from pheno.omnes import solve_omnes

M1, M2 = 0.13957, 0.496
S1, S2 = 4 * M1**2, 4 * M2**2
BREAKS, PANELS = (S1, S2, 2.0), (6, 6, 6)


def _phase(m, q0sq, top=math.pi):
    """An S-wave-like phase: ~ k^2 at threshold, -> top at infinity."""
    def delta(s):
        if isinstance(s, float):   # scalar path for the quadratures
            q2 = max(s / 4 - m * m, 0.0)
            return top * q2 / (q2 + q0sq)
        q2 = np.clip(np.asarray(s, float) / 4 - m * m, 0.0, None)
        return top * q2 / (q2 + q0sq)
    return delta


D1, D2 = _phase(M1, 0.16), _phase(M2, 0.09)


def _omnes(s, delta, s_th, eps=1e-12):
    """exp[(s/pi) PV Int_{s_th}^inf delta(s')/(s'(s' - s)) ds'] e^{i delta(s)} by adaptive quadrature."""
    f = lambda x: delta(x) / x   # noqa: E731
    cut = 400.0
    if s > s_th:
        pv = quad(f, s_th, cut, weight="cauchy", wvar=s, limit=400, epsabs=eps, epsrel=eps)[0]
    else:
        pv = quad(lambda x: f(x) / (x - s), s_th, cut, limit=400, epsabs=eps, epsrel=eps)[0]
    pv += quad(lambda x: delta(x) / (x * (x - s)), cut, np.inf, epsabs=eps, limit=400)[0]
    return np.exp(s / math.pi * pv + 1j * delta(float(s)) * (s > s_th))


def _diag_x(s, d1, d2):
    out = np.zeros(np.shape(s) + (2, 2), complex)
    a, b = d1(s), d2(s) * (s > S2)
    out[..., 0, 0], out[..., 1, 1] = np.exp(-1j * a) * np.sin(a), np.exp(-1j * b) * np.sin(b)
    return out


POINTS = np.array([0.1, 0.25, 0.3, 0.6, 0.9, 0.99, 1.0, 1.2, 1.6, 3.0]) ** 2   # below, on the cut, across S2


def test_decoupled_channels_reproduce_the_omnes_closed_form():
    """Phases -> pi (index 1 each): the vanishing solution is diag(omega_1, omega_2), also below threshold."""
    om = solve_omnes(lambda s: _diag_x(s, D1, D2), BREAKS, PANELS)
    got = om(POINTS)
    for k, s in enumerate(POINTS):
        assert got[k, 0, 0] == pytest.approx(_omnes(s, D1, S1), rel=1e-6)
        assert got[k, 1, 1] == pytest.approx(_omnes(s, D2, S2), rel=1e-6)
        assert abs(got[k, 0, 1]) < 1e-12 and abs(got[k, 1, 0]) < 1e-12
    np.testing.assert_allclose(om(0.0), np.eye(2), atol=1e-14)   # Omega(0) = 1 by construction


def test_phases_returning_to_zero_without_the_asymptotic_condition():
    """Index 0 (phase up and back to 0): the once-subtracted relation alone (vanishing=False) gives Omnes."""
    def bump(s):
        q2 = np.clip(np.asarray(s, float) / 4 - M1 * M1, 0.0, None)
        return 2.5 * q2 * 0.3 / ((q2 + 0.1) * (q2 + 0.3))
    om = solve_omnes(lambda s: _diag_x(s, bump, D2), BREAKS, PANELS, vanishing=False)
    for s in POINTS:
        assert om(s)[0, 0] == pytest.approx(_omnes(s, bump, S1), rel=1e-6)


def test_rotated_channels_couple_through_off_diagonal_elements():
    """Equal thresholds and a constant rotation R: Omega = R diag(omega_a, omega_b) R^T (full 2x2 coupling)."""
    c, sn = math.cos(0.6), math.sin(0.6)
    rot = np.array([[c, -sn], [sn, c]])
    db = _phase(M1, 0.5)
    def x(s):
        d = np.zeros(np.shape(s) + (2, 2), complex)
        a, b = D1(s), db(s)
        d[..., 0, 0], d[..., 1, 1] = np.exp(-1j * a) * np.sin(a), np.exp(-1j * b) * np.sin(b)
        return rot @ d @ rot.T
    om = solve_omnes(x, (S1, 1.0, 2.0), PANELS)
    for s in POINTS[[1, 3, 5, 7, 9]]:
        exact = rot @ np.diag([_omnes(s, D1, S1), _omnes(s, db, S1)]) @ rot.T
        np.testing.assert_allclose(om(s), exact, rtol=0, atol=1e-6)


def test_pseudo_physical_coupling_against_closed_form():
    """X_21 = h(s) sigma_1 e^{-i delta_1} only between the thresholds (the K Kbar row below its threshold):
    Omega_21(s) = omega_2(s) (s/pi) Int_{S1}^{S2} h sigma_1 |omega_1| / (omega_2 s' (s' - s)) ds', exactly
    (Im Omega_21 = X_21 Omega_11 + X_22 Omega_21; Omega_21(0) = 0; ~ 1/s)."""
    h = lambda s: 3.0 * (S2 - s) * (s - S1)   # noqa: E731  (vanishes at S2: no log singularity there)
    def x(s):
        out = _diag_x(s, D1, D2)
        sig1 = np.sqrt(1 - S1 / s)
        out[..., 1, 0] = np.where(s < S2, h(s) * sig1 * np.exp(-1j * D1(s)), 0.0)
        return out
    om = solve_omnes(x, BREAKS, PANELS)
    def integrand(sp, s):
        return h(sp) * math.sqrt(max(1 - S1 / sp, 0.0)) * abs(_omnes(sp, D1, S1, 1e-10)) / (_omnes(sp, D2, S2, 1e-10).real * sp)
    for s in (0.05, 0.5, 1.3):
        if S1 < s < S2:
            val = quad(integrand, S1, S2, args=(s,), weight="cauchy", wvar=s, epsrel=1e-9, limit=200)[0]
            val += 1j * math.pi * integrand(s, s)   # s + i0
        else:
            val = quad(lambda sp: integrand(sp, s) / (sp - s), S1, S2, epsrel=1e-9, limit=200)[0]
        exact = _omnes(s, D2, S2) * s / math.pi * val
        assert om(s)[1, 0] == pytest.approx(exact, rel=1e-6)
        assert om(s)[0, 0] == pytest.approx(_omnes(s, D1, S1), rel=1e-6)
        assert abs(om(s)[0, 1]) < 1e-12


def test_derivative_at_zero_and_convergence():
    om = solve_omnes(lambda s: _diag_x(s, D1, D2), BREAKS, PANELS)
    h = 1e-5
    fd = (om(h) - om(-h)) / (2 * h)
    np.testing.assert_allclose(om.derivative_at_zero, fd, rtol=1e-7, atol=1e-12)
    fine = solve_omnes(lambda s: _diag_x(s, D1, D2), BREAKS, (10, 10, 10), order=20)
    np.testing.assert_allclose(om(POINTS), fine(POINTS), rtol=0, atol=1e-6)


def test_bad_input():
    with pytest.raises(ValueError, match="breaks"):
        solve_omnes(lambda s: _diag_x(s, D1, D2), (S2, S1), (4, 4))
    with pytest.raises(ValueError, match="panel count"):
        solve_omnes(lambda s: _diag_x(s, D1, D2), BREAKS, (4, 4))
