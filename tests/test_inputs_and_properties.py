"""Bad input gives clear errors; random inputs give physics (no NaN/inf, widths >= 0, sigma >= 0)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pheno import Cuts
from pheno import constants as C
from pheno.models import LmuLtau

MUMU = "e+ e- > mu+ mu- Z'"


@pytest.mark.parametrize("kwargs, name", [
    (dict(mass=-1.0, g=0.1), "mass"),
    (dict(mass=0.0, g=0.1), "mass"),
    (dict(mass=np.nan, g=0.1), "mass"),
    (dict(mass=np.inf, g=0.1), "mass"),
    (dict(mass=1.0, g=-0.1), "g"),
    (dict(mass=1.0, g=np.nan), "g"),
    (dict(mass=1.0, g=0.1, m_chi=-0.2), "m_chi"),
    (dict(mass=1.0, g=0.1, m_chi=0.2, g_chi=np.inf), "g_chi"),
    (dict(mass="heavy", g=0.1), "mass"),
])
def test_bad_parameters_raise_value_error_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        LmuLtau(**kwargs)


def test_missing_unknown_and_non_broadcasting_parameters():
    with pytest.raises(TypeError, match="missing parameter 'g'"):
        LmuLtau(mass=1.0)
    with pytest.raises(TypeError, match="unknown parameter"):
        LmuLtau(mass=1.0, g=0.1, epsilon=1e-3)
    with pytest.raises(ValueError, match="broadcast"):
        LmuLtau(mass=np.ones(3), g=np.ones(4))


def test_unknown_process_and_channel_list_the_valid_ones():
    z = LmuLtau(mass=1.0, g=0.1)
    with pytest.raises(ValueError, match=r"valid: \[\"e\+ e- > mu\+ mu- Z'\""):
        z.cross_section("e+ e- > gamma Z'")
    with pytest.raises(ValueError, match="invisible"):
        z.branching_ratio("gamma gamma")
    # process names are matched up to spacing
    assert z.cross_section("e+ e-  >  mu+ mu- Z'") == z.cross_section(MUMU)


def test_bad_cross_section_options():
    z = LmuLtau(mass=1.0, g=0.1)
    with pytest.raises(ValueError, match="sqrt_s"):
        z.cross_section(MUMU, sqrt_s=-1)
    with pytest.raises(ValueError, match="alpha"):
        z.cross_section(MUMU, alpha="zero")
    with pytest.raises(TypeError, match="Cuts"):
        z.cross_section(MUMU, cuts={"p_min": 1})
    with pytest.raises(ValueError, match="method"):
        z.cross_section(MUMU, method="vegas")
    with pytest.raises(ValueError, match="Dalitz"):
        z.cross_section(MUMU, cuts=Cuts(cos_theta=(-0.5, 0.5)), method="dalitz")


@pytest.mark.parametrize("kwargs", [dict(cos_theta=(0.5, -0.5)), dict(cos_theta=(-2, 1)), dict(p_min=-1),
                                    dict(pt_min=np.nan), dict(frame="detector"), dict(e_minus=0.0)])
def test_bad_cuts(kwargs):
    with pytest.raises(ValueError):
        Cuts(**kwargs)


def test_closed_channels_are_zero_not_nan():
    z = LmuLtau(mass=np.array([0.1, 2 * C.M_MU, 2 * C.M_TAU]), g=1.0, m_chi=5.0)
    w = z.widths()
    np.testing.assert_array_equal(w["mu+ mu-"][:2], 0.0)
    np.testing.assert_array_equal(w["tau+ tau-"], 0.0)
    np.testing.assert_array_equal(w["chi chi~"], 0.0)
    assert np.all(np.isfinite(z.ctau()))
    assert float(LmuLtau(mass=1.0, g=0.0).ctau()) == np.inf  # stable when uncoupled
    assert float(LmuLtau(mass=1.0, g=0.0).branching_ratio("invisible")) == 0.0


masses = st.floats(min_value=1e-4, max_value=20.0, allow_nan=False)
couplings = st.floats(min_value=0.0, max_value=3.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(m=masses, g=couplings, mchi=st.one_of(st.none(), st.floats(0.0, 10.0)), gchi=st.one_of(st.none(), couplings))
def test_random_widths_are_physical(m, g, mchi, gchi):
    z = LmuLtau(mass=m, g=g, m_chi=mchi, g_chi=gchi)
    for w in z.widths().values():
        assert np.isfinite(w) and w >= 0
    bfs = z.branching_ratios()
    assert all(np.isfinite(b) and 0 <= b <= 1 for b in bfs.values())
    if z.total_width() > 0:
        assert sum(bfs[c] for c in z.widths()) == pytest.approx(1.0, rel=1e-12)
    assert z.ctau() > 0
    assert np.isfinite(z.delta_a("mu")) and z.delta_a("mu") >= 0
    assert np.isfinite(z.kinetic_mixing())


@settings(max_examples=60, deadline=None)
@given(m=st.floats(min_value=1e-3, max_value=11.0), g=couplings,
       lepton=st.sampled_from(["mu", "tau"]), sqrt_s=st.floats(4.0, 12.0))
def test_random_cross_sections_are_physical(m, g, lepton, sqrt_s):
    sig = LmuLtau(mass=m, g=g).cross_section(f"e+ e- > {lepton}+ {lepton}- Z'", sqrt_s=sqrt_s)
    assert np.isfinite(sig) and sig >= 0
    if m + 2 * C.LEPTON_MASS[lepton] >= sqrt_s:
        assert sig == 0


@settings(max_examples=60, deadline=None)
@given(m=st.sampled_from([2 * C.M_MU, 2 * C.M_TAU]), rel=st.floats(-1e-6, 1e-6))
def test_near_thresholds(m, rel):
    z = LmuLtau(mass=m * (1 + rel), g=0.5)
    for w in z.widths().values():
        assert np.isfinite(w) and w >= 0
    assert np.isfinite(z.cross_section(MUMU)) and z.cross_section(MUMU) > 0


def test_branching_ratios_evaluate_the_widths_once():
    calls = []

    class Counted(LmuLtau):
        def widths(self):
            calls.append(1)
            return super().widths()

    z = Counted(mass=np.geomspace(0.1, 5, 7), g=1e-3, m_chi=0.01, g_chi=0.1)
    bfs = z.branching_ratios()
    assert len(calls) == 1
    for channel, bf in bfs.items():
        np.testing.assert_array_equal(bf, z.branching_ratio(channel))
    assert len(calls) == 1 + len(bfs)  # branching_ratio: one evaluation each
