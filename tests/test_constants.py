"""Constants and running alpha, checked against independent routes."""
import math

import mpmath as mp
import pytest

from pheno import constants as C


def _delta_alpha_lepton_mpmath(s, m):
    # Re Pi(s): (2 alpha/pi) Int_0^1 x(1-x) ln|1 - x(1-x) s/m^2| dx, with the absolute value giving
    # the real part of the time-like log (independent of the closed form in pheno.constants)
    f = lambda x: x * (1 - x) * mp.log(abs(1 - x * (1 - x) * s / m**2))
    pts = [0, 1]
    if s > 4 * m * m:
        r = mp.sqrt(1 - 4 * m * m / s)
        pts = [0, (1 - r) / 2, (1 + r) / 2, 1]
    return float(2 * C.ALPHA0 / mp.pi * mp.quad(f, pts))


@pytest.mark.parametrize("sqrt_s", [0.05, 0.3, 1.0, 3.0, 10.58, 91.0])
def test_leptonic_vacuum_polarisation_matches_feynman_parameter_integral(sqrt_s):
    s = sqrt_s**2
    for m in (C.M_E, C.M_MU, C.M_TAU):
        assert C._delta_alpha_lepton(s, m) == pytest.approx(_delta_alpha_lepton_mpmath(s, m), rel=1e-9, abs=1e-15)


def test_delta_alpha_leptonic_at_belle2_and_asymptotic_form():
    # PHYSICS.md J quotes 0.014099 + 0.005842 + 0.001326 = 0.021267 at 10.58 GeV
    assert C.delta_alpha_leptonic(10.58) == pytest.approx(0.021267, abs=2e-6)
    # electron: s >> m^2, (alpha/3pi)(ln(s/m^2) - 5/3) to O(m^2/s)
    s = 10.58**2
    asym = C.ALPHA0 / (3 * math.pi) * (math.log(s / C.M_E**2) - 5 / 3)
    assert C._delta_alpha_lepton(s, C.M_E) == pytest.approx(asym, rel=1e-8)


def test_alpha_running_at_belle2_energy():
    # independent estimate PHYSICS.md J: 1/alpha(10.58) = 132.1 +- 0.1
    assert 1 / C.alpha_running(10.58) == pytest.approx(132.1, abs=0.1)
    # M_Z: on-shell 1/alpha(M_Z) = 128.95 +- 0.02 (PDG 2024 EW review, Delta alpha_had^(5) ~ 0.0277)
    # -- our parametrisation is anchored there, so this checks the leptonic part and the anchor
    assert 1 / C.alpha_running(C.M_Z) == pytest.approx(128.95, abs=0.1)


def test_resolve_alpha():
    assert C.resolve_alpha("0") == C.ALPHA0
    assert C.resolve_alpha("running", 10.58) == C.alpha_running(10.58)
    assert C.resolve_alpha(1 / 127.9) == pytest.approx(1 / 127.9)
    for bad in ("zero", float("nan"), -0.1, 2.0, None):
        with pytest.raises(ValueError):
            C.resolve_alpha(bad, 10.58)
    with pytest.raises(ValueError, match="sqrt_s"):
        C.resolve_alpha("running")
    with pytest.raises(ValueError, match="4 GeV"):
        C.alpha_running(1.0)


def test_derived_constants():
    assert C.V_EW == pytest.approx(246.2196, abs=1e-4)  # PHYSICS.md J
    # (hbar c)^2 = 0.3893793721 GeV^2 mb
    assert C.GEV2_TO_FB == pytest.approx(0.3893793721e12 * 1e-12 * 1e12, rel=1e-12)
