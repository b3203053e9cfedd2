"""The limit converter's shortcuts against the full evaluation.

pheno.limits fits the coupling dependence of rate x BF and c*tau as powers of the coupling (checked
against the model), inverts a single power in closed form, evaluates decay fractions only where a
bound cannot decide and searches the coupling grid by bisection where rate x P is monotonic. Each
shortcut is compared here with the plain route: the full model at every coupling
(``USE_POWER_LAWS = False``) and, for the grid search, a brute-force scan written out in the test with
the public decay-fraction function.
"""
import warnings

import numpy as np
import pytest

import pheno.limits as L
from pheno import LimitMap, LimitTable, coupling_limit, excluded_intervals
from pheno import constants as C
from pheno.decay import BELLE2_BTOKS_DISPLACED, BELLE2_ECL_INNER, Cylinder, fraction_decaying_two_body
from pheno.limits import LimitWarning
from pheno.model import Model
from pheno.models import ALP, DarkPhoton, DarkScalar, LFVALP, LmuLtau, MuonphilicScalar, QuarkoniumContact

MUMU = "e+ e- > mu+ mu- Z'"
M = np.array([0.05, 0.3, 1.0, 3.0, 6.0, 9.0, 10.45])
TABLE = LimitTable(mass=M, limit=np.array([2.0, 1.0, 0.5, 0.5, 0.3, 0.3, 1.0]),
                   quantity="sigma", expected={"median": np.full(M.size, 0.4), "plus1sigma": np.full(M.size, 0.7)})
DISPLACED = Cylinder(r_min=0.05, r_max=1.0, z_min=-1.0, z_max=2.0)


def _toy_map():
    ctau = np.geomspace(1e-5, 1.0, 11)
    shape = 1e-9 * np.exp(0.5 * np.log(ctau / 1e-2) ** 2)
    mass = np.array([0.3, 1.0, 2.0, 4.0])
    return LimitMap(mass=mass, ctau=ctau, limit=np.outer(1.0 + 0.1 * mass, shape), quantity="bf")


CASES = {
    "closed form": (LmuLtau, MUMU, dict(sigma_ul=TABLE, final_state="invisible")),
    "BF depends on g": (LmuLtau, MUMU, dict(sigma_ul=TABLE, final_state="mu+ mu-", m_chi=0.02, g_chi=0.05)),
    "dark photon chi": (DarkPhoton, "e+ e- > gamma A'", dict(mass=M[:-1], sigma_ul=np.full(6, 3.0),
                                                             final_state="invisible", m_chi=0.01, alpha_D=0.5)),
    "fixed bf, per-mass parameter": (LmuLtau, MUMU, dict(mass=M, sigma_ul=np.full(7, 0.5), bf=0.3,
                                                         m_chi=np.full(7, 0.01))),
    "ALP, ECL (monotone)": (ALP, "e+ e- > gamma a", dict(mass=[0.01, 0.05, 0.5, 3.0], sigma_ul=[100.0, 5.0, 5.0, 1.0],
                                                       final_state="gamma gamma")),
    "ALP, displaced region": (ALP, "e+ e- > gamma a", dict(mass=[0.05, 0.2], sigma_ul=[5.0, 0.003],
                                                         final_state="gamma gamma", fiducial=DISPLACED)),
    "ALP, lepton loops (no power law)": (ALP, "e+ e- > gamma a", dict(mass=[0.05, 0.3, 1.0], sigma_ul=[5.0, 5.0, 5.0],
                                                                    final_state="gamma gamma", c_mu=50.0)),
    # 40 masses: enough distinct exponents across masses to reach the cap on exponents in pheno.limits
    "ALP, lepton loops, 40 masses": (ALP, "e+ e- > gamma a", dict(mass=np.geomspace(0.02, 5.0, 40),
                                                                sigma_ul=np.full(40, 5.0), final_state="gamma gamma",
                                                                c_mu=50.0)),
    "scale f": (LFVALP, "tau- > e- a", dict(mass=[0.0, 0.5, 1.0], bf_ul=[1e-3, 2e-3, 5e-3], coupling="f",
                                           final_state="invisible", C_V={"tau e": 1.0})),
    "scale Lambda": (QuarkoniumContact, "Upsilon(1S) > chi chi~", dict(mass=[0.0, 3.0], bf_ul=[3e-4, 3e-4],
                                                                      normalisation="e+ e-")),
    "lifetime map": (DarkScalar, "B+ > K+ S", dict(mass=[0.2, 0.5, 1.0, 1.9], bf_ul=_toy_map(), final_state="mu+ mu-")),
    "B decay, displaced region": (DarkScalar, "B+ > K+ S", dict(mass=[0.5, 1.5], bf_ul=[5e-8, 5e-8],
                                                              final_state="mu+ mu-", fiducial=BELLE2_BTOKS_DISPLACED)),
    "l l S with the ECL": (MuonphilicScalar, "e+ e- > mu+ mu- S", dict(mass=[0.5, 2.0], sigma_ul=[1.0, 0.5],
                                                                      final_state="mu+ mu-")),
    "l l S, long-lived": (MuonphilicScalar, "e+ e- > mu+ mu- S", dict(mass=[0.15, 0.2], sigma_ul=[0.1, 0.1],
                                                                     final_state="gamma gamma")),
}


def _convert(cls, process, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        return excluded_intervals(cls, process, **kwargs)


@pytest.mark.parametrize("case", list(CASES))
def test_shortcuts_equal_the_full_model_at_every_coupling(case, monkeypatch):
    cls, process, kwargs = CASES[case]
    fast = _convert(cls, process, kwargs)
    monkeypatch.setattr(L, "USE_POWER_LAWS", False)
    monkeypatch.setattr(L, "_always_inside", lambda region, K, *args: np.zeros(K.shape[0], dtype=bool))
    full = _convert(cls, process, kwargs)
    assert np.isfinite(fast.coupling).sum() >= 1
    np.testing.assert_allclose(fast.coupling, full.coupling, rtol=1e-12)
    np.testing.assert_allclose(fast.branching_ratio, full.branching_ratio, rtol=1e-12)
    np.testing.assert_allclose(fast.sigma_ul, full.sigma_ul, rtol=1e-12)
    assert list(fast.reason) == list(full.reason) and list(fast.notes) == list(full.notes)
    assert [len(iv) for iv in fast.intervals] == [len(iv) for iv in full.intervals]
    for a, b in zip(fast.intervals, full.intervals):
        np.testing.assert_allclose(np.array(a, float), np.array(b, float), rtol=1e-12)
    assert fast.expected.keys() == full.expected.keys()
    for band in fast.expected:
        np.testing.assert_allclose(fast.expected[band], full.expected[band], rtol=1e-12)


def _rates(cls, process, g_min, g_max, need_ctau=False, final_state=None, bf=None, mass=(0.5, 2.0), **fixed):
    return L._Rates(cls, cls.process(process), cls.COUPLING, final_state, bf, np.array(mass, float), fixed,
                    g_min, g_max, need_ctau)


def test_which_route_each_model_takes():
    """Closed form where rate x BF is one power of the coupling; power laws (not one) with a dark channel
    of its own coupling; the full model where a width is not a power of the coupling."""
    r = _rates(LmuLtau, MUMU, 1e-10, 3.5, final_state="invisible")
    assert r.fast.all() and r.monomial.all() and np.all(r.exponent == 2)
    r = _rates(LmuLtau, MUMU, 1e-10, 3.5, need_ctau=True, final_state="invisible", m_chi=0.02, g_chi=0.05)
    assert r.fast.all() and not r.monomial.any() and set(r.exponents) == {0.0, 2.0}
    r = _rates(LFVALP, "tau- > e- a", 1.0, 1e14, final_state="invisible", C_V={"tau e": 1.0})
    assert r.fast.all() and r.monomial.all() and np.all(r.exponent == -2)   # BF ~ 1/f^2
    r = _rates(QuarkoniumContact, "Upsilon(1S) > chi chi~", 1.0, 1e5, bf=1.0, mass=(0.0, 3.0))
    assert r.fast.all() and np.all(r.exponent == -4)                        # G^2 = 1/Lambda^4
    r = _rates(ALP, "e+ e- > gamma a", 1e-10, 1.0, need_ctau=True, final_state="gamma gamma", c_mu=50.0)
    assert not r.fast.any()   # Gamma(gamma gamma) = |g_agg + loops(c_mu)|^2 m^3/(64 pi)


class _CurvedWidth(Model):
    """A toy whose visible width is g^2 (1 + g^2/g0^2): no power of g (exercises the fallback)."""

    PARAMETERS = {"mass": ("mass", None), "g": ("coupling", None)}
    COUPLING = "g"
    PROCESSES = {MUMU: LmuLtau.PROCESSES[MUMU]}

    def widths(self):
        g = np.broadcast_to(self.g, self.shape)
        return {"mu+ mu-": 1e-3 * g**2 * (1.0 + (g / 1e-3) ** 2) * self.mass, "nu nu~": 1e-9 * self.mass + 0.0 * g}


def test_a_coupling_dependence_that_is_no_power_law_is_evaluated_exactly():
    m, ul = np.array([0.5, 1.0, 3.0]), np.array([1e-2, 1e-3, 1e-3])
    assert not _rates(_CurvedWidth, MUMU, 1e-10, 3.5, final_state="mu+ mu-", mass=m).fast.any()
    g = coupling_limit(_CurvedWidth, MUMU, m, ul, final_state="mu+ mu-")
    x = _CurvedWidth(mass=m, g=g)
    np.testing.assert_allclose(x.cross_section(MUMU) * x.branching_ratio("mu+ mu-"), ul, rtol=1e-8)


@pytest.mark.parametrize("region, ul", [(BELLE2_ECL_INNER, [1e3, 30.0, 5.0, 0.05]),
                                        (DISPLACED, [0.5, 5.0, 0.003, 1.0])])
def test_grid_search_with_decays_against_a_brute_force_scan(region, ul):
    """The converter evaluates the decay fraction on few grid points (bounds, bisection along monotonic
    rows); its excluded intervals must have their edges in the same grid cells as a scan that evaluates
    sigma x BF x P at every grid coupling with the public functions, and rate = UL at every edge."""
    m = np.array([0.01, 0.05, 0.2, 1.0])
    res = excluded_intervals(ALP, "e+ e- > gamma a", m, ul, final_state="gamma gamma", fiducial=region)
    grid = np.geomspace(1e-10, 1.0, 241)
    n_edges = 0
    for i in range(m.size):
        a = ALP(mass=m[i], g_agg=grid)
        p = fraction_decaying_two_body(a.ctau(), C.SQRT_S_BELLE2, m[i], 0.0, region)   # 1 + cos^2, full range
        above = a.cross_section("e+ e- > gamma a") * a.branching_ratio("gamma gamma") * p >= ul[i]
        cells = np.nonzero(np.diff(above.astype(int)))[0]
        edges = [e for iv in res.intervals[i] for e in iv if e not in (1e-10, 1.0)]
        assert len(edges) == cells.size, (m[i], res.intervals[i], cells)
        for e, j in zip(edges, cells):
            assert grid[j] <= e <= grid[j + 1]
            x = ALP(mass=m[i], g_agg=e)
            rate = x.cross_section("e+ e- > gamma a") * x.branching_ratio("gamma gamma") * \
                fraction_decaying_two_body(x.ctau(), C.SQRT_S_BELLE2, m[i], 0.0, region)
            assert float(rate) == pytest.approx(ul[i], rel=1e-8)
            n_edges += 1
    assert n_edges >= 3


def test_prompt_decays_need_no_production_sample(monkeypatch):
    """Where every decay length stays below a 40th of the distance to the ECL, the converter takes the
    decay fraction as 1 without generating the e+e- -> mu mu S sample; the sample confirms F = 1."""
    from pheno.production import LeptonPairRadiation

    built, real = [], LeptonPairRadiation.decay_sample
    monkeypatch.setattr(LeptonPairRadiation, "decay_sample",
                        lambda self, model, *a, **k: built.append(float(model.mass)) or real(self, model, *a, **k))
    long_lived = excluded_intervals(MuonphilicScalar, "e+ e- > mu+ mu- S", [0.15], [0.1], final_state="gamma gamma")
    prompt = excluded_intervals(MuonphilicScalar, "e+ e- > mu+ mu- S", [2.0], [0.5], final_state="mu+ mu-")
    assert built == [0.15] and np.isfinite(long_lived.coupling[0]) and np.isfinite(prompt.coupling[0])
    g = prompt.coupling[0]
    x = MuonphilicScalar(mass=2.0, g=g)
    sample = real(MuonphilicScalar.process("e+ e- > mu+ mu- S"), x, C.SQRT_S_BELLE2)
    ct = float(x.ctau())
    f = sample.fraction(np.array([ct, 1e6 * ct, 1.0]), BELLE2_ECL_INNER)   # c*tau = 4e-11 m at the limit
    assert abs(f[:2] - 1.0).max() < 1e-13 and f[2] < 0.9
    rate = x.cross_section("e+ e- > mu+ mu- S") * x.branching_ratio("mu+ mu-")
    assert float(rate) == pytest.approx(0.5, rel=1e-8)
