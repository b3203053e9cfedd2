"""The precision knob: every integrated cross section takes rtol= and honours it. A result at rtol
agrees with an rtol = 1e-10 evaluation within rtol (and the default is rtol = 1e-6); the
quasi-Monte Carlo routes with lab-frame cuts (e+e- -> l+l-X, e+e- -> e mu Z') reach the requested
relative standard error."""
import numpy as np
import pytest

from pheno import Cuts
from pheno.models import ALP, DarkHiggsstrahlung, DarkPhoton, LeptophilicScalar, LFVZprime, LmuLtau

MASSES = np.array([0.003, 0.05, 0.4, 1.5, 4.0, 8.0, 10.0])
QUADRATURES = [
    (LmuLtau(mass=MASSES, g=1.0), "e+ e- > mu+ mu- Z'", {}),
    (LmuLtau(mass=MASSES, g=1.0), "e+ e- > tau+ tau- Z'", {"cuts": Cuts(p_min=1.0)}),
    (DarkPhoton(mass=MASSES, epsilon=1.0), "e+ e- > gamma A'", {}),
    (DarkPhoton(mass=MASSES, epsilon=1.0), "e+ e- > gamma A'", {"cuts": Cuts(cos_theta=(-0.8, 0.9), frame="lab")}),
    (DarkHiggsstrahlung(mass=MASSES, m_hp=0.3, epsilon=1.0, alpha_D=1.0), "e+ e- > A' h'", {}),
    (ALP(mass=MASSES, g_agg=1.0), "e+ e- > gamma a", {}),
    (ALP(mass=MASSES, g_agg=1.0), "e+ e- > e+ e- a", {}),
    (ALP(mass=MASSES, c_ll={"mu": 1.0}, Lambda=1000.0), "e+ e- > mu+ mu- a", {}),
    (LeptophilicScalar(mass=MASSES, xi=1.0), "e+ e- > tau+ tau- S", {}),
]


@pytest.mark.parametrize("model, process, kw", QUADRATURES, ids=[f"{type(m).__name__}:{p}:{bool(k)}"
                                                                 for m, p, k in QUADRATURES])
def test_quadratures_honour_rtol(model, process, kw):
    ref = model.cross_section(process, rtol=1e-10, **kw)
    assert np.any(ref > 0)
    default, err = model.cross_section(process, return_error=True, **kw)
    np.testing.assert_array_equal(default, model.cross_section(process, rtol=1e-6, **kw))
    assert np.all(np.abs(default - ref) <= 1e-6 * ref) and np.all(err <= 1e-6 * ref + 1e-300)
    for rtol in (1e-2, 1e-4, 1e-8):
        val = model.cross_section(process, rtol=rtol, **kw)
        assert np.all(np.abs(val - ref) <= rtol * ref), rtol


EMU = "e+ e- > e+- mu-+ Z'"
QUASI_MONTE_CARLO = [
    (LmuLtau(mass=np.array([0.05, 1.0, 5.0]), g=1.0), "e+ e- > mu+ mu- Z'",
     Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab")),
    (LFVZprime(mass=np.array([1.0, 5.0]), g_V={"mu e": 1.0}), EMU, Cuts(cos_theta=(-0.866, 0.956), pt_min=0.1, frame="lab")),
]


@pytest.mark.parametrize("z, process, cuts", QUASI_MONTE_CARLO, ids=[p for _, p, _ in QUASI_MONTE_CARLO])
def test_quasi_monte_carlo_reaches_the_requested_error(z, process, cuts):
    tight, tight_err = z.cross_section(process, cuts=cuts, rtol=3e-4, return_error=True)
    for rtol in (1e-2, 3e-3, None):  # None: the default, 1e-3
        val, err = z.cross_section(process, cuts=cuts, rtol=rtol, return_error=True)
        assert np.all(err <= (rtol or 1e-3) * val)
        assert np.all(np.abs(val - tight) < 4 * np.hypot(err, tight_err))
    fixed, fixed_err = z.cross_section(process, cuts=cuts, n_points=512, return_error=True)
    assert np.all(np.abs(fixed - tight) < 4 * np.hypot(fixed_err, tight_err))
    # the seed fixes the points
    np.testing.assert_array_equal(z.cross_section(process, cuts=cuts, n_points=512), fixed)
    assert np.all(z.cross_section(process, cuts=cuts, n_points=512, seed=1) != fixed)


@pytest.mark.parametrize("z, process, cuts", [
    (LmuLtau(mass=np.array([1.0]), g=1.0), "e+ e- > mu+ mu- Z'", Cuts(cos_theta=(-0.8, 0.9), frame="lab")),
    (LFVZprime(mass=np.array([1.0]), g_V={"mu e": 1.0}), EMU, Cuts(cos_theta=(-0.8, 0.8)))], ids=["llx", "emu"])
def test_unreachable_precision_warns(z, process, cuts):
    """1e-6 standard error with cuts would need more than the 2^18 points per replica allowed."""
    with pytest.warns(RuntimeWarning, match="rtol"):
        z.cross_section(process, cuts=cuts, rtol=1e-6)


@pytest.mark.parametrize("bad", [0.0, -1e-3, 1e-17, 1.0, 2.0, float("nan"), "tight", [1e-3, 1e-4]])
def test_bad_rtol_is_named(bad):
    with pytest.raises(ValueError, match="rtol"):
        LmuLtau(mass=1.0, g=1.0).cross_section("e+ e- > mu+ mu- Z'", rtol=bad)
    with pytest.raises(ValueError, match="rtol"):
        DarkPhoton(mass=1.0, epsilon=1.0).cross_section("e+ e- > gamma A'", rtol=bad)
    with pytest.raises(ValueError, match="rtol"):
        ALP(mass=1.0, g_agg=1.0).cross_section("e+ e- > e+ e- a", rtol=bad)
    with pytest.raises(ValueError, match="rtol"):
        LFVZprime(mass=1.0, g_V={"mu e": 1.0}).cross_section(EMU, cuts=Cuts(cos_theta=(-0.8, 0.8)), rtol=bad)


@pytest.mark.parametrize("bad", [0, 1, 2.0, True, "64"])
def test_bad_n_points_is_named(bad):
    for z, process, cuts in QUASI_MONTE_CARLO:
        with pytest.raises(ValueError, match="n_points must be an integer >= 2"):
            z.cross_section(process, cuts=cuts, n_points=bad)


def test_tree_level_photon_fusion_refuses_a_precision_it_cannot_reach():
    with pytest.raises(ValueError, match="rtol"):
        ALP(mass=1.0, g_agg=1.0).cross_section("e+ e- > e+ e- a", method="tree", rtol=1e-6)
