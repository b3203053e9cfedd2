"""Production in decays of SM particles (pheno.sm_decays), PDG data (pheno.particles), BF limits and
lifetime maps in the converter (pheno.limits, pheno.limitmap).

A toy model with a B+ -> K+ X process of known width checks the mechanics; the physics models
(dark scalar, LFV, quarkonium, mesogenesis) test their own widths.
"""
import csv
import math
import warnings

import numpy as np
import pytest

from pheno import LimitMap, coupling_limit
from pheno import constants as C
from pheno.decay import Cylinder, decay_probability
from pheno.limits import LimitWarning
from pheno.model import Model
from pheno.particles import sm_particle
from pheno.sm_decays import ParentDecay, parent_decay_sample
from pheno.widths import scalar_to_fermions

M_B, M_K = 5.27941, 0.493677  # PDG B+ and K+ masses [GeV], typed here from the PDG listings
TAU_B = 1.638e-12  # PDG B+ lifetime [s], 1.638 +- 0.004 ps


def _toy_width(model):
    """Gamma(B+ -> K+ X) at unit coupling: |p*|/(8 pi m_B^2) |M|^2 with a constant |M|^2 = 1e-14 GeV^2."""
    m = np.asarray(model.mass, float)
    lam = np.clip((M_B**2 - (m + M_K) ** 2) * (M_B**2 - (m - M_K) ** 2), 0.0, None)
    return 1e-14 * np.sqrt(lam) / (2 * M_B) / (8 * np.pi * M_B**2)


class ToyScalar(Model):
    PARAMETERS = {"mass": ("mass", None), "g": ("coupling", None)}
    COUPLING = "g"
    PROCESSES = {"B+ > K+ X": ParentDecay("B+ > K+ X", "B+", "K+", "X", width=_toy_width)}

    def widths(self):
        # c*tau = 20 um x (1/g^2) at 1 GeV: displaced for g ~ 0.01-1
        return {"mu+ mu-": np.broadcast_to(1e-11 * scalar_to_fermions(self.mass, C.M_MU, self.g), self.shape).astype(float),
                "gamma gamma": np.broadcast_to(1e-15 * scalar_to_fermions(self.mass, 0.0, self.g), self.shape).astype(float)}


# ------------------------------------------------------------------------------------ PDG data
def test_pdg_data_against_typed_values():
    b = sm_particle("B+")
    assert b.mass == pytest.approx(M_B, abs=2e-5)
    assert b.lifetime_s == pytest.approx(TAU_B, rel=5e-3)
    assert sm_particle("K*0").pdg_name == "K*(892)0"
    assert sm_particle("K*0").mass == pytest.approx(0.8955, abs=1e-3)
    tau = sm_particle("tau-")
    assert tau.mass == C.M_TAU                                  # one tau mass in pheno
    assert tau.lifetime_s == pytest.approx(290.3e-15, rel=2e-3)  # PDG 290.3 +- 0.5 fs
    assert tau.ctau == pytest.approx(87.03e-6, rel=2e-3)         # 87.03 um
    with pytest.raises(ValueError, match="unknown Standard-Model particle"):
        sm_particle("B++")


def test_particle_package_tau_mass_agrees_with_constants():
    from particle import Particle
    assert Particle.from_name("tau-").mass * 1e-3 == pytest.approx(C.M_TAU, rel=1e-5)


# ------------------------------------------------------------------------------------ production BF
def test_production_branching_ratio_is_width_over_parent_width():
    m = np.array([0.5, 2.0, 4.7, 4.8])
    x = ToyScalar(mass=m, g=1e-3)
    bf = x.production_branching_ratio("B+ > K+ X")
    expected = 1e-6 * _toy_width(x) / (C.HBAR_GEV_S / TAU_B)
    np.testing.assert_allclose(bf, expected, rtol=5e-3)   # PDG lifetime typed above to 0.3 %
    assert bf[-1] == 0.0                                  # m_X > m_B - m_K: closed, exactly 0


def test_decay_process_is_not_a_cross_section():
    x = ToyScalar(mass=1.0, g=1.0)
    with pytest.raises(ValueError, match="production_branching_ratio"):
        x.cross_section("B+ > K+ X")
    with pytest.raises(ValueError, match="unknown process"):
        x.production_branching_ratio("B0 > K*0 X")


# ------------------------------------------------------------------------------------ kinematics
def _mc_sample(m_x, n, seed=1, m_parent=M_B, m_recoil=M_K, angular=lambda c, beta: 1 - c**2):
    """Independent Monte Carlo of e+e- -> parent pair (default Upsilon(4S) -> B+ B-, angular 1 - cos^2),
    parent -> recoil X, in the Belle II lab (explicit 4-vectors). ``angular`` <= 2, sampled by rejection."""
    M_B, M_K = m_parent, m_recoil
    rng = np.random.default_rng(seed)
    s = 10.58**2
    p_b = math.sqrt(s / 4 - M_B**2)
    beta_parent = p_b / math.hypot(p_b, M_B)
    c = rng.uniform(-1, 1, 4 * n)
    c = c[2 * rng.uniform(0, 1, c.size) < angular(c, beta_parent)][:n]
    phi_b = rng.uniform(0, 2 * np.pi, n)
    sb = np.sqrt(1 - c**2)
    b_dir = np.stack([sb * np.cos(phi_b), sb * np.sin(phi_b), c], axis=1)
    # X isotropic in the B frame
    p_star = math.sqrt((M_B**2 - (m_x + M_K) ** 2) * (M_B**2 - (m_x - M_K) ** 2)) / (2 * M_B)
    cx, phx = rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n)
    sx = np.sqrt(1 - cx**2)
    p_rest = p_star * np.stack([sx * np.cos(phx), sx * np.sin(phx), cx], axis=1)
    e_rest = math.hypot(p_star, m_x)

    def boost(e, p, beta_vec):
        b2 = np.sum(beta_vec**2, axis=-1, keepdims=True)
        g = 1 / np.sqrt(1 - b2)
        bp = np.sum(beta_vec * p, axis=-1, keepdims=True)
        p_new = p + ((g - 1) * bp / np.where(b2 > 0, b2, 1) + g * e[:, None]) * beta_vec
        return (g[:, 0] * (e + bp[:, 0])), p_new

    e_b = math.hypot(p_b, M_B)
    e_cm, p_cm = boost(np.full(n, e_rest), p_rest, (p_b / e_b) * b_dir)
    beta_lab = 3.0 / 11.0
    _, p_lab = boost(e_cm, p_cm, np.tile([0.0, 0.0, beta_lab], (n, 1)))
    p = np.linalg.norm(p_lab, axis=1)
    return p, p_lab[:, 2] / p


@pytest.mark.parametrize("m_x", [0.3, 2.0, 4.5])
def test_parent_decay_sample_against_independent_monte_carlo(m_x):
    sample = parent_decay_sample(m_x, M_B, M_K, "Upsilon(4S)", n=96)
    p_mc, c_mc = _mc_sample(m_x, 400_000)
    n = p_mc.size
    assert np.average(sample.p, weights=sample.weights) == pytest.approx(p_mc.mean(), abs=4 * p_mc.std() / math.sqrt(n))
    assert np.average(sample.cos_theta, weights=sample.weights) == pytest.approx(c_mc.mean(), abs=4 * c_mc.std() / math.sqrt(n))
    region = Cylinder(r_min=0.01, r_max=0.6, z_min=-0.5, z_max=1.0)
    for ctau in (0.003, 0.05, 1.0):
        prob = decay_probability(ctau, p_mc, m_x, c_mc, region)
        assert sample.fraction(ctau, region) == pytest.approx(prob.mean(), abs=4 * prob.std() / math.sqrt(n) + 1e-6)


def test_tau_pair_source_against_independent_monte_carlo():
    """tau- -> e- X with taus from e+e- -> tau+ tau- (dN/dcos = 1 + cos^2 + (1 - beta^2) sin^2)."""
    m_tau, m_e, m_x = C.M_TAU, C.M_E, 0.8
    sample = parent_decay_sample(m_x, m_tau, m_e, "tau pair", n=96)
    p_mc, c_mc = _mc_sample(m_x, 400_000, m_parent=m_tau, m_recoil=m_e,
                            angular=lambda c, b: 1 + c**2 + (1 - b**2) * (1 - c**2))
    n = p_mc.size
    assert np.average(sample.p, weights=sample.weights) == pytest.approx(p_mc.mean(), abs=4 * p_mc.std() / math.sqrt(n))
    assert np.average(sample.cos_theta, weights=sample.weights) == pytest.approx(c_mc.mean(), abs=4 * c_mc.std() / math.sqrt(n))
    region = Cylinder(r_min=0.001, r_max=0.1, z_min=-0.2, z_max=0.3)
    for ctau in (1e-3, 0.02):
        prob = decay_probability(ctau, p_mc, m_x, c_mc, region)
        assert sample.fraction(ctau, region) == pytest.approx(prob.mean(), abs=4 * prob.std() / math.sqrt(n) + 1e-5)


def test_parent_decay_sample_default_quadrature_accuracy():
    region = Cylinder(r_min=0.01, r_max=0.6, z_min=-0.5, z_max=1.0)
    fine = parent_decay_sample(0.3, M_B, M_K, "Upsilon(4S)", n=160).fraction([0.003, 0.05, 1.0], region)
    default = parent_decay_sample(0.3, M_B, M_K, "Upsilon(4S)").fraction([0.003, 0.05, 1.0], region)
    np.testing.assert_allclose(default, fine, atol=5e-4)   # the stated ~3e-4


def test_parent_decay_sample_at_rest_and_closed():
    s = parent_decay_sample(1.0, M_B, M_K, "at rest", e_minus=5.29, e_plus=5.29)   # symmetric beams: no boost
    p_star = math.sqrt((M_B**2 - (1 + M_K) ** 2) * (M_B**2 - (1 - M_K) ** 2)) / (2 * M_B)
    np.testing.assert_allclose(s.p, p_star, rtol=1e-12)                        # monochromatic X
    assert np.average(s.cos_theta, weights=s.weights) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="decay closed"):
        parent_decay_sample(4.9, M_B, M_K, "Upsilon(4S)")


# ------------------------------------------------------------------------------------ BF limits
def test_bf_limit_round_trip_and_closed_form():
    m = np.array([0.3, 1.0, 3.0, 4.7, 4.9])
    ul = np.array([1e-7, 2e-7, 5e-7, 1e-6, 1e-6]) * 1e-10
    with pytest.warns(LimitWarning, match="kinematically forbidden"):
        res = coupling_limit(ToyScalar, "B+ > K+ X", m, bf_ul=ul, final_state="mu+ mu-", full_output=True)
    ok = np.isfinite(res.coupling)
    assert ok[:4].all() and not ok[4]
    x = ToyScalar(mass=m[ok], g=res.coupling[ok])
    back = x.production_branching_ratio("B+ > K+ X") * x.branching_ratio("mu+ mu-")
    np.testing.assert_allclose(back, ul[ok], rtol=1e-8)
    # BF(mu mu) does not depend on g here: g_UL = sqrt(UL / (BF_1 BF_mumu))
    x1 = ToyScalar(mass=m[ok], g=1.0)
    closed = np.sqrt(ul[ok] / (x1.production_branching_ratio("B+ > K+ X") * x1.branching_ratio("mu+ mu-")))
    np.testing.assert_allclose(res.coupling[ok], closed, rtol=1e-10)
    assert res.quantity == "bf"


def test_limit_kind_must_match_the_process():
    from pheno.models import LmuLtau

    with pytest.raises(ValueError, match="bf_ul="):
        coupling_limit(ToyScalar, "B+ > K+ X", [1.0], sigma_ul=[1.0], final_state="mu+ mu-")
    with pytest.raises(ValueError, match="sigma_ul="):
        coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", [1.0], bf_ul=[1e-6], final_state="mu+ mu-")
    with pytest.raises(ValueError, match="not both"):
        coupling_limit(ToyScalar, "B+ > K+ X", [1.0], sigma_ul=[1.0], bf_ul=[1e-6], final_state="mu+ mu-")
    sigma_map = LimitMap(mass=[0.5, 2.0], ctau=[1e-4, 1.0], limit=np.ones((2, 2)), quantity="sigma")
    with pytest.raises(ValueError, match="limit map is on a cross section"):
        coupling_limit(ToyScalar, "B+ > K+ X", [1.0], bf_ul=sigma_map, final_state="mu+ mu-")


# ------------------------------------------------------------------------------------ lifetime maps
def _toy_map():
    """UL falling from 1e-5 (prompt) to 1e-7 (c*tau = 1 cm) and rising to 1e-5 (1 m): a displaced-vertex shape."""
    ctau = np.geomspace(1e-5, 1.0, 11)
    shape = 1e-7 * np.exp(0.5 * np.log(ctau / 1e-2) ** 2)
    mass = np.array([0.3, 1.0, 2.0, 4.0])
    return LimitMap(mass=mass, ctau=ctau, limit=np.outer(1.0 + 0.1 * mass, shape), quantity="bf")


def test_lifetime_map_interpolation_is_bilinear_in_mass_and_log_ctau():
    lm = _toy_map()
    # on the nodes: exact
    assert lm(1.0, lm.ctau[3]) == pytest.approx(lm.limit[1, 3], rel=1e-12)
    # between nodes: geometric interpolation in log ctau, linear in mass on log UL
    ct = math.sqrt(lm.ctau[3] * lm.ctau[4])
    assert lm(1.0, ct) == pytest.approx(math.sqrt(lm.limit[1, 3] * lm.limit[1, 4]), rel=1e-12)
    assert lm(1.5, lm.ctau[3]) == pytest.approx(math.sqrt(lm.limit[1, 3] * lm.limit[2, 3]), rel=1e-12)
    assert np.isnan(lm(0.2, 1e-3)) and np.isnan(lm(1.0, 2.0)) and np.isnan(lm(1.0, 1e-6))


def test_lifetime_map_conversion_edges_equal_the_limit_at_the_models_ctau():
    lm = _toy_map()
    m = np.array([0.2, 0.5, 1.0, 3.0, 4.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        res = coupling_limit(ToyScalar, "B+ > K+ X", m, bf_ul=lm, final_state="mu+ mu-", full_output=True)
    assert "outside the mass range of the limit map" in res.reason[0]
    assert "outside the mass range of the limit map" in res.reason[-1]
    n_edges = 0
    for i in (1, 2, 3):
        assert res.intervals[i], res.reason[i]
        for lo, hi in res.intervals[i]:
            assert lo < hi
            for g in (lo, hi):
                x = ToyScalar(mass=m[i], g=g)
                pred = x.production_branching_ratio("B+ > K+ X") * x.branching_ratio("mu+ mu-")
                ul = lm(m[i], x.ctau())
                if np.isfinite(ul):
                    assert pred == pytest.approx(ul, rel=1e-6)
                    n_edges += 1
                else:   # the interval stops where c*tau leaves the map, and says so
                    assert "leaves the map" in res.notes[i]
        # too long-lived below the interval, too prompt above: the predicted rate is below the limit there
        lo, hi = res.intervals[i][0]
        for g in (0.8 * lo, 1.25 * hi):
            x = ToyScalar(mass=m[i], g=g)
            pred = x.production_branching_ratio("B+ > K+ X") * x.branching_ratio("mu+ mu-")
            ul = lm(m[i], x.ctau())
            assert not pred >= ul
    assert n_edges >= 4


def test_lifetime_map_interval_closed_by_the_map_range_says_so():
    """A flat map: only the c*tau range of the map limits the excluded interval (no extrapolation)."""
    lm = LimitMap(mass=[0.5, 2.0], ctau=[1e-3, 1e-1], limit=np.full((2, 2), 1e-9))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        res = coupling_limit(ToyScalar, "B+ > K+ X", [1.0], bf_ul=lm, final_state="mu+ mu-", full_output=True)
    (lo, hi), = res.intervals[0]
    ctau = [float(ToyScalar(mass=1.0, g=g).ctau()) for g in (lo, hi)]
    np.testing.assert_allclose(ctau, [1e-1, 1e-3], rtol=1e-8)   # both edges sit on the map's c*tau range
    assert "leaves the map" in res.notes[0]
    assert res.reason[0] == "" and res.coupling[0] == lo


def test_lifetime_map_refuses_a_fiducial_volume():
    from pheno.decay import BELLE2_ECL_INNER

    with pytest.raises(ValueError, match="decay-position acceptance"):
        coupling_limit(ToyScalar, "B+ > K+ X", [1.0], bf_ul=_toy_map(), final_state="mu+ mu-",
                       fiducial=BELLE2_ECL_INNER)


def test_belle2_BtoKS_map_reads_as_published(shared_reference):
    path = shared_reference / "belle2_2023_BtoKS" / "Bp_Kp_mumu_log10BF.csv"
    lm = LimitMap.from_csv(path, cl=0.95)
    with path.open() as fh:
        rows = [r for r in csv.reader(ln for ln in fh if not ln.startswith("#"))]
    header, first = rows[0], [float(x) for x in rows[1]]
    assert lm.limit.shape == (len(rows) - 1, len(header) - 1) == (2067, 17)
    assert lm.mass[0] == first[0] == 0.21271
    # c*tau hypotheses: 0.001 cm ... 100 cm (the file's header), converted from log10(tau/ps)
    np.testing.assert_allclose(lm.ctau[[0, -1]], [1e-5, 1.0], rtol=1e-6)
    assert lm(first[0], 1e-5) == pytest.approx(10 ** first[1], rel=1e-6)   # first cell: 2.4672e-07


@pytest.mark.parametrize("text, match", [
    ("mass,BF_UL_at_ctau_cm=1,BF_UL_at_ctau_cm=2\n1,1e-6,1e-6\n2,1e-6,1e-6\n", "unit"),
    ("m_GeV,BF_UL_at_ctau_cm=1,BF_UL_at_lifetime=2\n1,1e-6,1e-6\n2,1e-6,1e-6\n", "not '<limit>_at_<lifetime>"),
    ("m_GeV,BF_UL_at_ctau_cm=1,sigma_UL_fb_at_ctau_cm=2\n1,1e-6,1e-6\n2,1e-6,1e-6\n", "same quantity"),
    ("m_GeV,BF_UL_at_ctau_cm=1,BF_UL_at_ctau_cm=2\n1,1e-6,1e-6\n2,1e-6\n", ":3: expected 3 columns"),
    ("m_GeV,BF_UL_at_ctau_cm=1,BF_UL_at_ctau_cm=2\n1,1e-6,x\n2,1e-6,1e-6\n", ":2: not a number"),
])
def test_malformed_map_files(tmp_path, text, match):
    f = tmp_path / "map.csv"
    f.write_text(text)
    with pytest.raises(ValueError, match=match):
        LimitMap.from_csv(f)
