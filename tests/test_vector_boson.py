"""VectorBoson with general charges.

Validation (independent routes): closed forms of the lepton and neutrino widths, quark counting of the
hadronic width above 2 GeV and above the B Bbar threshold, the isoscalar current decomposition of B - L,
branching fractions summing to one, PHYSICS.md C2 check values, and recasting identities.
Not validation: DarkPhoton delegates to the same widths code (models.vector.vector_widths,
hadronic_channel_widths) and production class, so the dark_photon preset against DarkPhoton checks only the
parameter map (g = eps e(0), g_chi = sqrt(4 pi alpha_D), e_power of the photon vertex). LmuLtau computes its
widths separately (from the same pheno.widths functions): that comparison checks the L_mu - L_tau charges,
the neutrinos included."""
import math

import numpy as np
import pytest

from pheno import constants as C
from pheno import recast_limit
from pheno.hadrons import CHANNELS, R_currents, R_pqcd, R_ratio, alpha_s
from pheno.models import Baryonic, BminusL, DarkPhoton, LmuLtau, Protophobic, VectorBoson
from pheno.models.vector import PRESETS, resolve_charges

E0 = math.sqrt(4 * math.pi * C.ALPHA0)
MASSES = np.array([0.05, 0.2, 0.3, 0.5, 0.7826, 1.0195, 1.5, 2.5, 3.0969, 4.2, 7.0, 10.0])
GA = "e+ e- > gamma A'"


def _closed_lepton_width(m, ml, coupling):
    x = (ml / m) ** 2
    return np.where(m > 2 * ml, coupling**2 * m / (12 * math.pi) * (1 + 2 * x) * np.sqrt(np.clip(1 - 4 * x, 0, None)), 0.0)


# ------------------------------------------------------------------ presets against the dedicated models
# DarkPhoton shares VectorBoson's widths and production code: these two tests check the parameter map only.
@pytest.mark.parametrize("chi", ["dirac", "scalar"])
def test_dark_photon_preset_maps_onto_darkphoton(chi):
    """g = eps e(0), g_chi = sqrt(4 pi alpha_D), no neutrino charge; the lepton coupling of Delta a_l."""
    eps, alpha_d = 3e-4, 0.3
    a = DarkPhoton(mass=MASSES, epsilon=eps, alpha_D=alpha_d, m_chi=0.1, chi=chi)
    v = VectorBoson(mass=MASSES, g=eps * E0, charges="dark_photon", m_chi=0.1, g_chi=math.sqrt(4 * math.pi * alpha_d),
                    chi=chi)
    wa, wv = a.widths(), v.widths()
    assert np.all(wv.pop("nu nu~") == 0.0)
    assert list(wa) == list(wv)
    for ch in wa:
        np.testing.assert_allclose(wv[ch], wa[ch], rtol=1e-14, atol=0, err_msg=ch)
    ha, hv = a.hadronic_widths(), v.hadronic_widths()
    for ch in CHANNELS:
        np.testing.assert_allclose(hv[ch], ha[ch], rtol=1e-14, atol=0, err_msg=ch)
    for lep in ("e", "mu"):
        np.testing.assert_allclose(v.delta_a(lep), a.delta_a(lep), rtol=1e-14)


def test_dark_photon_preset_production_maps_onto_darkphoton():
    """production_coupling g |x_e| = eps e(0), and the alpha of e_power = 2 (the real photon's vertex only)."""
    m = np.array([0.01, 1.0, 5.0, 9.5])
    a, v = DarkPhoton(mass=m, epsilon=1e-3), VectorBoson(mass=m, g=1e-3 * E0, charges="dark_photon")
    for proc in (GA, "e+ e- > gamma X"):
        np.testing.assert_allclose(v.cross_section(proc), a.cross_section(GA), rtol=1e-13)
    # e_power = 2 for X: the alpha of the real photon's vertex only
    np.testing.assert_allclose(v.cross_section(GA, alpha=1 / 132.0), a.cross_section(GA) / (C.ALPHA0 * 132.0),
                               rtol=1e-12)


@pytest.mark.parametrize("chi", [None, "default", 0.2])
def test_lmultau_preset_is_lmultau(chi):
    m = np.array([0.1, 0.25, 0.5, 1.0, 3.6, 5.0, 10.0])
    kw = {} if chi is None else dict(m_chi=0.05) if chi == "default" else dict(m_chi=0.05, g_chi=chi)
    z = LmuLtau(mass=m, g=1e-3, **kw)
    v = VectorBoson(mass=m, g=1e-3, charges="L_mu-L_tau", **kw)
    wz, wv = z.widths(), v.widths()
    for ch in wz:
        np.testing.assert_allclose(wv[ch], wz[ch], rtol=1e-14, atol=0, err_msg=ch)
    for ch in ("e+ e-", "hadrons"):
        assert np.all(wv[ch] == 0.0)
    np.testing.assert_allclose(v.branching_ratio("invisible"), z.branching_ratio("invisible"), rtol=1e-14)
    np.testing.assert_allclose(v.delta_a("mu"), z.delta_a("mu"), rtol=1e-14)
    assert np.all(v.delta_a("e") == 0.0)
    np.testing.assert_allclose(v.cross_section("e+ e- > mu+ mu- Z'"), z.cross_section("e+ e- > mu+ mu- Z'"), rtol=1e-13)


def test_lmultau_check_values():
    # PHYSICS.md C2: Gamma_tot/g'^2 and BR_inv (independent numbers)
    for m, tot, inv in ((0.5, 0.026357, 0.5032), (1.0, 0.053032, 0.5002), (5.0, 0.38212, 0.3471)):
        v = VectorBoson(mass=m, g=1.0, charges="L_mu-L_tau")
        assert float(v.total_width()) == pytest.approx(tot, rel=2e-4)
        assert float(v.branching_ratio("invisible")) == pytest.approx(inv, abs=1e-4)


# ------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("preset, x_lep, n_nu", [("B-L", -1.0, 3), ("protophobic", -1.0, 0),
                                                 ("B", -C.ALPHA0 / (4 * math.pi), 0), ("dark_photon", -1.0, 0)])
def test_leptonic_widths_closed_form(preset, x_lep, n_nu):
    g = 2e-3
    v = VectorBoson(mass=MASSES, g=g, charges=preset)
    w = v.widths()
    for lep, ml in C.LEPTON_MASS.items():
        np.testing.assert_allclose(w[f"{lep}+ {lep}-"], _closed_lepton_width(MASSES, ml, g * x_lep), rtol=1e-13, atol=0)
    np.testing.assert_allclose(w["nu nu~"], n_nu * g**2 * MASSES / (24 * math.pi), rtol=1e-13, atol=0)


def test_bminusl_invisible_bf_below_muon_threshold():
    # m < 2 m_mu, below m_pi0: only e+e- and three neutrinos: BF_inv = (3/2)/((1 + 2x) beta + 3/2)
    m = np.array([0.01, 0.05, 0.1, 0.13])
    x = (C.M_E / m) ** 2
    ref = 1.5 / ((1 + 2 * x) * np.sqrt(1 - 4 * x) + 1.5)
    np.testing.assert_allclose(BminusL(mass=m, g=1e-4).branching_ratio("invisible"), ref, rtol=1e-13)


def test_hadronic_width_is_isoscalar_for_b_minus_l():
    """B - L: no rho-like part, term by term; omega and phi interfere with the sign opposite to the photon's."""
    v = VectorBoson(mass=MASSES, g=1e-3, charges="B-L")
    parts = v.hadronic_parts()
    for name in ("rho", "rho-omega", "rho-phi"):
        assert np.all(parts[name] == 0.0), name
    np.testing.assert_allclose(sum(parts.values()), v.widths()["hadrons"], rtol=1e-12, atol=1e-30)
    photon = R_currents(MASSES)
    pref = 1e-6 * MASSES / (12 * math.pi)
    np.testing.assert_allclose(parts["omega"], 4.0 * pref * photon["omega"], rtol=1e-12)  # w_omega = 2
    np.testing.assert_allclose(parts["phi"], pref * photon["phi"], rtol=1e-12)  # w_phi = -1
    np.testing.assert_allclose(parts["omega-phi"], -2.0 * pref * photon["omega-phi"], rtol=1e-12)
    # isovector channels are absent
    ex = v.hadronic_widths()
    for ch in ("pi+ pi- pi+ pi-", "pi+ pi- pi0 pi0", "omega pi0", "eta pi+ pi-", "phi pi0"):
        assert np.all(ex[ch] == 0.0), ch


@pytest.mark.parametrize("preset, ratio", [("B-L", 0.5), ("B", 0.5), ("protophobic", 1.5)])
def test_hadronic_width_quark_counting_above_2_gev(preset, ratio):
    """Between 2 GeV and the charm threshold R_X = N_c sum_q x_q^2 K_QCD: B - L (x_q = 1/3) gives half the
    photon's 2 K, protophobic 3/2 (1/9 + 4/9 + 4/9 vs 4/9 + 1/9 + 1/9) (independent of the channel fits
    up to the exclusive channels' omega-phi interference, which enters with w_omega w_phi = -2: < 1 %)."""
    m = np.array([2.2, 2.6, 3.3, 3.6])
    r = VectorBoson(mass=m, g=1.0, charges=preset).widths()["hadrons"] * 12 * math.pi / m
    k = R_pqcd(m, "uds") / 2.0
    np.testing.assert_allclose(r, 3 * ratio * 2.0 / 3.0 * k, rtol=1e-2)


def test_heavy_quarks_weighted_by_their_charges():
    """Above the B Bbar threshold R_X = 3 K [x_u^2 + x_d^2 + x_s^2 + x_c^2 v_c + x_b^2 v_b] with the Born velocity
    factors v = beta (3 - beta^2)/2 of the D and B meson thresholds: B - L vs the photon."""
    m = np.array([12.0, 14.0, 20.0])
    r = VectorBoson(mass=m, g=1.0, charges="B-L").widths()["hadrons"] * 12 * math.pi / m

    def v(mm):
        b = np.sqrt(1 - 4 * mm**2 / m**2)
        return b * (3 - b**2) / 2

    vc, vb = v(1.86484), v(5.27941)
    expected = (3 / 9 + vc / 9 + vb / 9) / (6 / 9 + 4 * vc / 9 + vb / 9)
    np.testing.assert_allclose(r / R_ratio(m), expected, rtol=2e-3)
    a = alpha_s(20.0) / math.pi
    assert r[2] == pytest.approx(3 * (3 / 9 + vc[2] / 9 + vb[2] / 9) * (1 + a + 1.409 * a**2 - 12.77 * a**3), rel=3e-3)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_branching_fractions_sum_to_one(preset):
    m = np.geomspace(2.1e-3, 10.5, 600)
    v = VectorBoson(mass=m, g=1e-3, charges=preset, m_chi=0.3, g_chi=1e-4)
    bfs = [v.branching_ratio(ch) for ch in v.widths()]
    closed = np.sum(list(v.widths().values()), axis=0) == 0  # L_mu-L_tau below 2 m_mu with chi closed
    np.testing.assert_allclose(np.sum(bfs, axis=0)[~closed], 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose((v.branching_ratio("visible") + v.branching_ratio("invisible"))[~closed], 1.0, atol=1e-12)
    had = v.hadronic_widths()
    np.testing.assert_allclose(sum(had.values()), v.widths()["hadrons"], rtol=1e-12, atol=1e-300)


# ------------------------------------------------------------------ recasting
def test_recast_dark_photon_to_dark_photon_is_identity():
    m = np.array([0.01, 0.3, 1.0, 3.0, 8.0])
    eps = np.array([1e-3, 5e-4, 8e-4, 1e-3, 2e-3])
    for kw in (dict(final_state="e+ e-"), dict(final_state="visible"), dict(bf=1.0)):
        back = recast_limit(DarkPhoton, GA, m, eps, published=kw, target=kw)
        np.testing.assert_allclose(back, eps, rtol=1e-12)
    g = eps * E0
    back = recast_limit(VectorBoson, GA, m, g, published=dict(charges="dark_photon", final_state="e+ e-"),
                        target=dict(charges="dark_photon", final_state="e+ e-"))
    np.testing.assert_allclose(back, g, rtol=1e-12)


def test_recast_darkphoton_to_vector_boson_dark_photon():
    m = np.array([0.01, 0.3, 1.0, 3.0, 8.0])
    eps = np.array([1e-3, 5e-4, 8e-4, 1e-3, 2e-3])
    g = recast_limit(DarkPhoton, GA, m, eps, published=dict(final_state="e+ e-"),
                     target=dict(charges="dark_photon", final_state="e+ e-"), target_model=VectorBoson)
    np.testing.assert_allclose(g, eps * E0, rtol=1e-12)


def test_recast_dark_photon_to_b_minus_l_in_lepton_channels():
    """Same production (|x_e| = 1: sigma ~ g^2 = (eps e)^2), so g_BL = eps e sqrt(BF_A'(ll)/BF_BL(ll)), with the
    lepton and neutrino widths in closed form (below m_pi0 nothing else is open)."""
    m = np.array([0.01, 0.05, 0.1, 0.13])
    eps = np.full(m.size, 1e-3)
    g = recast_limit(DarkPhoton, GA, m, eps, published=dict(final_state="e+ e-"),
                     target=dict(charges="B-L", final_state="e+ e-"), target_model=VectorBoson)
    gee = _closed_lepton_width(m, C.M_E, 1.0)
    bf_bl = gee / (gee + 3 * m / (24 * math.pi))
    np.testing.assert_allclose(g, eps * E0 / np.sqrt(bf_bl), rtol=1e-11)
    # mu+ mu- final state: the A' and B-L widths differ only by the neutrinos (pi0 gamma, pi pi: from R)
    m = np.array([0.25, 0.5])
    g = recast_limit(DarkPhoton, GA, m, eps[:2], published=dict(final_state="mu+ mu-"),
                     target=dict(charges="B-L", final_state="mu+ mu-"), target_model=VectorBoson)
    a, b = DarkPhoton(mass=m, epsilon=1.0), VectorBoson(mass=m, g=1.0, charges="B-L")
    ratio = np.sqrt(a.branching_ratio("mu+ mu-") / b.branching_ratio("mu+ mu-"))
    np.testing.assert_allclose(g, eps[:2] * E0 * ratio, rtol=1e-11)
    # and the B boson: production through its loop-induced electron charge alpha/(4 pi)
    gb = recast_limit(DarkPhoton, GA, np.array([0.05]), np.array([1e-6]), published=dict(bf=1.0),
                      target=dict(charges="B", bf=1.0), target_model=VectorBoson)
    assert gb[0] == pytest.approx(1e-6 * E0 / (C.ALPHA0 / (4 * math.pi)), rel=1e-11)


def test_recast_invisible_between_models():
    m = np.array([0.3, 1.0, 2.0])
    eps = np.array([1e-3, 1e-3, 1e-3])
    g = recast_limit(DarkPhoton, GA, m, eps, published=dict(bf=1.0), target=dict(charges="B-L", final_state="invisible"),
                     target_model=VectorBoson)
    bf = VectorBoson(mass=m, g=1.0, charges="B-L").branching_ratio("invisible")  # independent of g
    np.testing.assert_allclose(g, eps * E0 / np.sqrt(bf), rtol=1e-11)


# ------------------------------------------------------------------ API and errors
def test_preset_classes_and_replace():
    b = BminusL(mass=1.0, g=1e-3)
    assert dict(b.charges) == dict(PRESETS["B-L"])
    assert b.replace(g=2e-3).g == 2e-3 and b.replace(g=2e-3).charges == b.charges
    v = VectorBoson(mass=1.0, g=1e-3, charges={"u": 1, "d": -1})
    assert v.replace(mass=2.0).charges["u"] == 1.0 and v.replace(mass=2.0).charges["e"] == 0.0
    assert dict(Baryonic(mass=1.0, g=1.0).charges) == dict(PRESETS["B"])
    assert dict(Protophobic(mass=1.0, g=1.0).charges) == dict(PRESETS["protophobic"])
    assert "charges='B-L'" in repr(b)
    # a pure isovector current: only the rho-like part
    parts = v.hadronic_parts()
    assert float(parts["omega"]) == 0.0 and float(parts["phi"]) == 0.0 and float(parts["rho"]) > 0


def test_charge_errors():
    with pytest.raises(ValueError, match="unknown preset"):
        VectorBoson(mass=1.0, g=1.0, charges="B+L")
    with pytest.raises(ValueError, match="unknown fermion"):
        VectorBoson(mass=1.0, g=1.0, charges={"top": 1})
    with pytest.raises(ValueError, match="must be a number"):
        VectorBoson(mass=1.0, g=1.0, charges={"u": "one"})
    with pytest.raises(ValueError, match="finite"):
        resolve_charges({"u": float("nan")})
    with pytest.raises(TypeError, match="charges"):
        VectorBoson(mass=1.0, g=1.0)
    with pytest.raises(ValueError, match="B-L"):
        BminusL(mass=1.0, g=1.0, charges="B")
    with pytest.raises(ValueError, match="x_e = 0"):
        VectorBoson(mass=1.0, g=1.0, charges="B-L").cross_section("e+ e- > mu+ mu- X")


def test_cli_knows_the_presets(tmp_path):
    from pheno.cli import main
    from pheno.io import read_table

    out = tmp_path / "w.csv"
    main(["widths", "bminusl", "-p", "g=1e-3", "--mass-min", "0.1", "--mass-max", "2", "--n", "5", "-o", str(out)])
    t = read_table(out)
    np.testing.assert_allclose(t["BF[invisible]"], BminusL(mass=t["mass_GeV"], g=1e-3).branching_ratio("invisible"),
                               rtol=1e-7)
