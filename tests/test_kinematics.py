"""pheno.kinematics.two_body_momentum against its closed forms and at its thresholds."""
import numpy as np
import pytest

from pheno.kinematics import two_body_momentum


def test_two_body_momentum_closed_forms():
    """Equal masses: sqrt(s - 4 m^2)/2; one massless daughter: (s - m^2)/(2 sqrt s); general: the energy
    E1 = (s + m1^2 - m2^2)/(2 sqrt s) with p^2 = E1^2 - m1^2 (an independent route to lambda/(4 s))."""
    x = np.array([0.3, 1.0, 3.7, 10.58])
    np.testing.assert_allclose(two_body_momentum(x, 0.13957, 0.13957), 0.5 * np.sqrt(x**2 - 4 * 0.13957**2),
                               rtol=1e-14)
    np.testing.assert_allclose(two_body_momentum(x, 0.1349768, 0.0), (x**2 - 0.1349768**2) / (2 * x), rtol=1e-14)
    m1, m2 = 0.105, 0.135
    e1 = (x**2 + m1**2 - m2**2) / (2 * x)
    np.testing.assert_allclose(two_body_momentum(x, m1, m2), np.sqrt(e1**2 - m1**2), rtol=1e-12)
    np.testing.assert_allclose(two_body_momentum(x, m2, m1), two_body_momentum(x, m1, m2), rtol=1e-15)


def test_two_body_momentum_is_zero_below_threshold():
    """0 for sqrt_s <= m1 + m2, also below |m1 - m2|, where lambda is positive again (no physical momentum)."""
    assert two_body_momentum(0.2, 0.1, 0.1) == 0.0
    assert two_body_momentum(0.1, 0.1349768, 0.0) == 0.0   # below a photon + pi0 threshold
    np.testing.assert_array_equal(two_body_momentum(np.array([0.5, 1.0, 2.0]), 3.0, 0.2), 0.0)
    assert float(two_body_momentum(0.2 * (1 + 1e-12), 0.1, 0.1)) == pytest.approx(0.1 * np.sqrt(2e-12), rel=1e-3)
