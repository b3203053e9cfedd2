"""Upsilon(1S) -> invisible (contact operators, off-shell dark photon) and -> gamma A0: PHYSICS.md H check
values, closed forms, the Wilczek ratio against an explicit 3S1 projection with Dirac matrices, the dark-photon
route through DarkPhoton's own widths, normalisations and limit conversion (Lambda lower limits)."""
import math
import warnings

import numpy as np
import pytest

from dirac_reference import GAMMA, GAMMA5, IDENTITY4, METRIC, dirac_bar, slash, slash_complex, u_spinors, v_spinors
from pheno import coupling_limit
from pheno import constants as C
from pheno.limits import LimitWarning
from pheno.models import DarkPhoton, DarkPhotonUpsilon, LightA0, QuarkoniumContact
from pheno.quarkonium import wilczek_ratio

M_Y = 9.4604                      # PDG Upsilon(1S) mass [GeV]
BF_EE, BF_MUMU = 0.0238, 0.0248   # PDG 2024
ALPHA = 1 / 137.035999084
PROC = "Upsilon(1S) > chi chi~"


# ------------------------------------------------------------------ contact operators
def test_contact_check_value_and_closed_forms():
    x = QuarkoniumContact(m_chi=0.0, Lambda=1000.0)
    assert float(x.ratio_to_leptons("e")) == pytest.approx(8.57e-6, rel=1e-3)   # PHYSICS.md H1
    g = 1e-6
    for m_chi in (0.0, 1.5, 4.0):
        beta = math.sqrt(1 - 4 * m_chi**2 / M_Y**2)
        den = 16 * math.pi**2 * ALPHA**2 / 9   # 16 pi^2 alpha^2 Q_b^2
        closed = {("dirac", "vector"): g**2 * M_Y**2 * (M_Y**2 + 2 * m_chi**2) * beta / den,
                  ("dirac", "axial"): g**2 * M_Y**4 * beta**3 / den,
                  ("scalar", "vector"): g**2 * M_Y**4 * beta**3 / (4 * den)}
        for (chi, current), ref in closed.items():
            r = QuarkoniumContact(m_chi=m_chi, Lambda=1000.0, chi=chi, current=current).ratio_to_leptons("e")
            assert float(r) == pytest.approx(ref, rel=1e-9)   # m_e in Gamma(ee): 1 - O(1e-11)
    # BF with the e+e- normalisation: 2.0e-7 (PHYSICS.md H1)
    bf = QuarkoniumContact(m_chi=0.0, Lambda=1000.0, normalisation="e+ e-").production_branching_ratio(PROC)
    assert float(bf) == pytest.approx(8.5729e-6 * BF_EE, rel=1e-4)
    assert float(bf) == pytest.approx(2.0e-7, rel=0.03)
    # closed above threshold: 0
    assert float(QuarkoniumContact(m_chi=4.8, Lambda=1000.0).production_branching_ratio(PROC)) == 0.0


def test_normalisations_and_alpha():
    base = QuarkoniumContact(m_chi=1.0, Lambda=500.0)
    r_mu = float(base.ratio_to_leptons("mu"))
    assert float(base.production_branching_ratio(PROC)) == pytest.approx(r_mu * BF_MUMU, rel=1e-12)
    gee = QuarkoniumContact(m_chi=1.0, Lambda=500.0, normalisation="Gamma_ee").production_branching_ratio(PROC)
    gamma_tot = 54.0e-6   # PDG 2026 table (pheno.particles): 54.0 +- 1.3 keV
    assert float(gee) == pytest.approx(float(base.ratio_to_leptons("e")) * 1.340e-6 / gamma_tot, rel=1e-6)
    run = QuarkoniumContact(m_chi=1.0, Lambda=500.0, alpha="running").production_branching_ratio(PROC)
    assert float(run / base.production_branching_ratio(PROC)) == pytest.approx((ALPHA / C.alpha_running(M_Y)) ** 2, rel=1e-12)
    with pytest.raises(ValueError, match="no axial current"):
        QuarkoniumContact(m_chi=1.0, Lambda=500.0, chi="scalar", current="axial")
    with pytest.raises(ValueError, match="normalisation must be one of"):
        QuarkoniumContact(m_chi=1.0, Lambda=500.0, normalisation="gamma gamma")


def test_babar_invisible_limit_gives_lambda_161_gev():
    """BaBar BF(Upsilon(1S) -> invisible) < 3.0e-4 (PRL 103 (2009) 251801) -> Lambda > 161 GeV for the vector
    operator with m_chi = 0 and the e+e- normalisation (PHYSICS.md H1); a lower limit, exact round trip."""
    res = coupling_limit(QuarkoniumContact, PROC, [0.0, 3.0], bf_ul=[3.0e-4, 3.0e-4], normalisation="e+ e-",
                         full_output=True)
    assert res.bound == "lower" and res.limit_name == "Lambda_lower_limit"
    assert res.coupling[0] == pytest.approx(161.0, rel=5e-3)
    x = QuarkoniumContact(m_chi=[0.0, 3.0], Lambda=res.coupling, normalisation="e+ e-")
    np.testing.assert_allclose(x.production_branching_ratio(PROC), 3.0e-4, rtol=1e-8)
    with pytest.raises(ValueError, match="whole final state"):
        coupling_limit(QuarkoniumContact, PROC, [0.0], bf_ul=[3e-4], final_state="invisible")


# ------------------------------------------------------------------ dark photon
def test_dark_photon_check_value_and_darkphoton_route():
    a = DarkPhotonUpsilon(mass=1.0, epsilon=1e-3, alpha_D=0.5, m_chi=0.0)
    bf = float(a.production_branching_ratio(PROC))
    assert bf == pytest.approx(1.74e-6, abs=0.005e-6)   # PHYSICS.md H1, quoted to 3 digits (exact: 1.7379e-6)
    # closed form eps^2 alpha_D/alpha (m^2/(m^2 - m_A'^2))^2 BF(mu mu) / ((1 + 2 x_mu) beta_mu)
    x_mu = (C.M_MU / M_Y) ** 2
    width = 0.5 * 1.0 / 3   # Gamma(A' -> chi chi~) = alpha_D m/3 (m_chi = 0) in the propagator: a 3.5e-6 effect here
    prop2 = M_Y**4 / ((M_Y**2 - 1.0) ** 2 + width**2)
    closed = 1e-6 * 0.5 / ALPHA * prop2 * BF_MUMU / ((1 + 2 * x_mu) * math.sqrt(1 - 4 * x_mu))
    assert bf == pytest.approx(closed, rel=1e-10)
    # the same through DarkPhoton's public widths at the Upsilon mass (A1, A3), any chi and m_chi
    for chi, m_chi, m_ap in (("dirac", 2.0, 3.0), ("scalar", 1.0, 0.5)):
        a = DarkPhotonUpsilon(mass=m_ap, epsilon=2e-3, alpha_D=0.1, m_chi=m_chi, chi=chi)
        at_y = DarkPhoton(mass=M_Y, epsilon=1.0, alpha_D=0.1, m_chi=m_chi, chi=chi).widths()
        gam = float(a.widths()["chi chi~"])
        prop2 = M_Y**4 / ((M_Y**2 - m_ap**2) ** 2 + (m_ap * gam) ** 2)
        ref = 4e-6 * prop2 * float(at_y["chi chi~"] / at_y["mu+ mu-"]) * BF_MUMU
        assert float(a.production_branching_ratio(PROC)) == pytest.approx(ref, rel=1e-10)
    assert float(DarkPhotonUpsilon(mass=1.0, epsilon=1e-3).production_branching_ratio(PROC)) == 0.0   # no chi


def test_dark_photon_epsilon_limit_round_trip():
    m = np.array([0.5, 2.0, 8.0])
    res = coupling_limit(DarkPhotonUpsilon, PROC, m, bf_ul=np.full(3, 3e-4), alpha_D=0.5, m_chi=0.1, full_output=True)
    assert res.bound == "upper" and res.limit_name == "epsilon_ul"
    a = DarkPhotonUpsilon(mass=m, epsilon=res.coupling, alpha_D=0.5, m_chi=0.1)
    np.testing.assert_allclose(a.production_branching_ratio(PROC), 3e-4, rtol=1e-8)


# ------------------------------------------------------------------ Upsilon -> gamma A0
def _threshold_projector(pol, m_b):
    """Colour-singlet 3S1 b bbar at rest (u(p) vbar(p) combination), up to normalisation: (P/2 + m) eps (P/2 - m)."""
    half = slash(np.array([m_b, 0, 0, 0]))
    return (half + m_b * IDENTITY4) @ slash_complex(pol) @ (half - m_b * IDENTITY4)


def _transverse(k):
    n = k[1:] / np.linalg.norm(k[1:])
    a = np.eye(3)[int(np.argmin(np.abs(n)))]
    e1 = a - (a @ n) * n
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(n, e1)
    return [np.concatenate([[0.0], e]) for e in (e1, e2)]


@pytest.mark.parametrize("m_a, parity", [(0.0, "pseudoscalar"), (3.0, "pseudoscalar"), (7.0, "scalar")])
def test_wilczek_ratio_against_explicit_3s1_projection(m_a, parity):
    """Gamma(V -> gamma A)/Gamma(V -> mu mu) from Tr[O Pi] with explicit matrices, m_b = M/2, e = 1, y = 1:
    photon off the b or the bbar; the ratio must be y^2 (1 - m_A^2/M^2)/(2 pi alpha) (alpha = 1/4pi here)."""
    M, m_b = M_Y, M_Y / 2
    rng = np.random.default_rng(5)
    n = rng.normal(size=3)
    n /= np.linalg.norm(n)
    kk = (M**2 - m_a**2) / (2 * M)
    k = np.concatenate([[kk], kk * n])
    p = np.array([m_b, 0, 0, 0.0])
    gam_a = 1j * GAMMA5 if parity == "pseudoscalar" else IDENTITY4

    def prop(l):
        return (slash(l) + m_b * IDENTITY4) / (float(l[0] ** 2 - l[1:] @ l[1:]) - m_b**2)

    pols = [np.eye(4)[i] for i in (1, 2, 3)]
    ga = 0.0
    for pol in pols:
        proj = _threshold_projector(pol, m_b)
        for eps in _transverse(k):
            e = slash_complex(eps)
            op = gam_a @ prop(p - k) @ e + e @ prop(k - p) @ gam_a
            ga += abs(np.trace(op @ proj)) ** 2
    # V -> gamma* -> mu+ mu- (massless), photon propagator 1/M^2
    k1 = np.concatenate([[M / 2], M / 2 * n])
    k2 = np.concatenate([[M / 2], -M / 2 * n])
    ub = dirac_bar(np.array(u_spinors(k1, 0.0)))
    v = np.array(v_spinors(k2, 0.0))
    gam_low = np.einsum("mn,nij->mij", METRIC, GAMMA)
    ll = 0.0
    for pol in pols:
        proj = _threshold_projector(pol, m_b)
        amp = sum(np.trace(GAMMA[r] @ proj) * np.einsum("ai,ij,bj->ab", ub, gam_low[r], v) for r in range(4)) / M**2
        ll += np.sum(np.abs(amp) ** 2)
    ratio = (kk * ga) / (M / 2 * ll)   # same 1/(8 pi M^2) and spin average
    assert ratio == pytest.approx(float(wilczek_ratio(M, m_a, 1.0, alpha=1 / (4 * math.pi), lepton="e")), rel=1e-10)


def test_gamma_a0_check_values_and_conversion():
    # PHYSICS.md H2: BF = 2.0e-4 g_b^2 (m_b = m_Y/2), 1.56e-4 (m_b = 4.18), leading order (F_QCD = 1), BF(mu mu) = 2.48 %
    lo = LightA0(mass=0.0, g_b=1.0, f_qcd=1.0)
    assert float(lo.production_branching_ratio("Upsilon(1S) > gamma A0")) == pytest.approx(2.0e-4, rel=3e-3)
    ref = C.G_F * (M_Y / 2) ** 2 / (math.sqrt(2) * math.pi * ALPHA) * BF_MUMU
    assert float(lo.production_branching_ratio("Upsilon(1S) > gamma A0")) == pytest.approx(ref, rel=1e-7)
    mb = LightA0(mass=0.0, g_b=1.0, f_qcd=1.0, m_b=4.18).production_branching_ratio("Upsilon(1S) > gamma A0")
    assert float(mb) == pytest.approx(1.56e-4, rel=3e-3)
    default = LightA0(mass=[0.0, 5.0, 9.5], g_b=1.0).production_branching_ratio("Upsilon(1S) > gamma A0")
    assert default[0] == pytest.approx(0.5 * ref, rel=1e-7)                       # F_QCD = 0.5 by default
    assert default[1] == pytest.approx(0.5 * ref * (1 - 25 / M_Y**2), rel=1e-7)   # (1 - m^2/M^2)
    assert default[2] == 0.0                                                      # closed
    res = coupling_limit(LightA0, "Upsilon(1S) > gamma A0", [1.0, 6.0], bf_ul=[5e-6, 5e-6], final_state="invisible",
                         bf_invisible=0.8, full_output=True)
    x = LightA0(mass=[1.0, 6.0], g_b=res.coupling, bf_invisible=0.8)
    np.testing.assert_allclose(x.production_branching_ratio("Upsilon(1S) > gamma A0") * 0.8, 5e-6, rtol=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitWarning)
        closed = coupling_limit(LightA0, "Upsilon(1S) > gamma A0", [9.5], bf_ul=[5e-6], final_state="invisible",
                                full_output=True)
    assert np.isnan(closed.coupling[0]) and "kinematically forbidden" in closed.reason[0]
