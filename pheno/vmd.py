"""Exclusive e+e- -> hadrons channels as vector currents split by isospin/flavour component.

Every channel F is the square of a sum of component amplitudes,

    R_F(s) = | sum_V w_V A_{F,V}(s) |^2 ,      V in ("rho", "omega", "phi"),

where A_{F,V} is the part of the e+e- -> F amplitude that reaches the hadrons through the
isovector (rho-like, u ubar - d dbar), the light isoscalar (omega-like, u ubar + d dbar) or the
strange (phi-like, s sbar) quark current, and w_V is the charge of a new vector boson's current
in that combination relative to the photon's (``component_weights``; w_V = 1 for the photon):

    w_rho = (x_u - x_d)/(Q_u - Q_d),  w_omega = (x_u + x_d)/(Q_u + Q_d),  w_phi = x_s/Q_s.

This is the DarkCast construction (Ilten, Soreq, Williams, Xue, JHEP 06 (2018) 004
[arXiv:1801.04847], section 2.3 and appendix A: the vector-meson dominance amplitude of each
meson V is proportional to Tr(T_V Q_X)). Expanded, R_F = sum_{V,V'} w_V w_V' R_{F,VV'} with
R_{F,VV'} = Re(A_V A_V'^*) (x2 off the diagonal): :func:`channel_terms` returns these terms,
which is what the tabulation in :mod:`pheno.hadrons` stores. Two channels are incoherent sums
(no interference between components): "K K~ pi" (isoscalar and isovector K K*(892): summed over
all charge states the two isospins do not interfere) and the remainder (in pheno.hadrons).

The parameters (``PARAMETERS``) are PDG 2024 values where stated, otherwise fitted by
``docs/fit_hadronic_currents.py`` to the published cross sections listed per channel in the
module docstring of :mod:`pheno.hadrons` and in ``docs/r_ratio_accuracy.md`` (the data are test
material; the package ships none). All energies in GeV; s = sqrt_s^2.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .constants import ALPHA0, QUARK_CHARGE, delta_alpha_leptonic
from .kinematics import two_body_momentum

COMPONENTS = ("rho", "omega", "phi")

# ---------------------------------------------------------------------------------------------
# Masses, PDG 2024 (S. Navas et al., Phys. Rev. D 110 (2024) 030001) [GeV]
# ---------------------------------------------------------------------------------------------
M_PI = 0.13957039  # pi+-
M_PI0 = 0.1349768  # pi0
M_K = 0.493677  # K+-
M_K0 = 0.497611  # K0
M_ETA = 0.547862  # eta
M_KSTAR_AV = 0.5 * (0.89167 + 0.89555)  # average of K*(892)+- and K*(892)0
G_KSTAR = 0.0514  # K*(892)+- width

# quark charges of the photon current
Q_U, Q_D, Q_S = QUARK_CHARGE["u"], QUARK_CHARGE["d"], QUARK_CHARGE["s"]

# omega(782), PDG 2024: M = 782.66(13) MeV, Gamma = 8.68(13) MeV, B(e+e-) = 7.38(22)e-5, B(3 pi) = 89.2(7) %,
# B(pi0 gamma) = 8.35(27) %, B(pi+pi-) = 1.53(+11-13) %, B(eta gamma) = 4.5(4)e-4.
# phi(1020), PDG 2024: M = 1019.461(16) MeV, Gamma = 4.249(13) MeV, B(e+e-) = 2.979(33)e-4, B(K+K-) = 49.1(5) %,
# B(K_L K_S) = 33.9(4) %, B(3 pi) = 15.24(33) %, B(eta gamma) = 1.303(25) %, B(pi0 gamma) = 1.32(6)e-3.
OMEGA = dict(mass=0.78266, width=0.00868, b_ee=7.38e-5, b_3pi=0.892, b_pi0gamma=0.0835, b_pipi=0.0153,
             b_etagamma=4.5e-4)
PHI = dict(mass=1.019461, width=0.004249, b_ee=2.979e-4, b_kk=0.491, b_k0k0=0.339, b_3pi=0.1524,
           b_etagamma=0.01303, b_pi0gamma=1.32e-3)
# rho(770), PDG 2024: M = 775.26(23) MeV, Gamma = 149.1(8) MeV (the fixed rho of the 3 pi Dalitz and eta rho phase
# spaces and of the radiative channels; the fits used these values); B(pi0 gamma) = 4.7(8)e-4,
# B(eta gamma) = 3.00(21)e-4; Gamma_ee = 7.04(6) keV
RHO = dict(mass=0.77526, width=0.1491, b_pi0gamma=4.7e-4, b_etagamma=3.0e-4, gamma_ee=7.04e-6)


def component_weights(u, d, s):
    """(w_rho, w_omega, w_phi) of a vector current with quark charges u, d, s relative to the photon.

    >>> component_weights(1/3, 1/3, 1/3)   # baryon number (B, B-L): isoscalar only, phi with opposite sign
    (0.0, 2.0, -1.0)
    """
    return ((u - d) / (Q_U - Q_D), (u + d) / (Q_U + Q_D), s / Q_S)


# ---------------------------------------------------------------------------------------------
# Breit-Wigner propagators, normalised to 1 at s = 0
# ---------------------------------------------------------------------------------------------
def _p(s, m1, m2):
    """Two-body momentum at invariant mass sqrt(s) (pheno.kinematics; 0 below threshold)."""
    return two_body_momentum(np.sqrt(s), m1, m2)


def bw(s, mass, width):
    """Fixed-width M^2/(M^2 - s - i M Gamma)."""
    m2 = mass * mass
    return m2 / (m2 - s - 1j * mass * width)


def bw_pwave(s, mass, width, m1, m2):
    """M^2/(M^2 - s - i sqrt(s) Gamma(s)), Gamma(s) = Gamma (M^2/s) (p/p_M)^3: a vector of mass M decaying to
    two spin-0 particles m1, m2 (m1 + m2 < M) in P wave."""
    m2s = mass * mass
    ratio = (_p(s, m1, m2) / two_body_momentum(mass, m1, m2)) ** 3
    g = width * ratio * m2s / s
    return m2s / (m2s - s - 1j * np.sqrt(s) * g)


def bw_gs(s, mass, width):
    """Gounaris-Sakurai Breit-Wigner of a rho-like pi+pi- resonance, normalised to 1 at s = 0
    (G.J. Gounaris, J.J. Sakurai, PRL 21 (1968) 244)."""
    m2 = mass * mass
    mpi2 = M_PI * M_PI
    pm = 0.5 * math.sqrt(m2 - 4.0 * mpi2)
    hm = 2.0 / math.pi * pm / mass * math.log((mass + 2.0 * pm) / (2.0 * M_PI))
    dhm = hm * (1.0 / (8.0 * pm * pm) - 1.0 / (2.0 * m2)) + 1.0 / (2.0 * math.pi * m2)
    d = (3.0 / math.pi * mpi2 / (pm * pm) * math.log((mass + 2.0 * pm) / (2.0 * M_PI))
         + mass / (2.0 * math.pi * pm) - mpi2 * mass / (math.pi * pm**3))
    ss = np.maximum(s, 4.0 * mpi2 * (1.0 + 1e-12))
    rs = np.sqrt(ss)
    p = 0.5 * np.sqrt(ss - 4.0 * mpi2)
    h = 2.0 / math.pi * p / rs * np.log((rs + 2.0 * p) / (2.0 * M_PI))
    f = width * m2 / pm**3 * (p * p * (h - hm) + (m2 - ss) * pm * pm * dhm)
    im = mass * width * (p / pm) ** 3 * (mass / rs)
    return m2 * (1.0 + d * width / mass) / (m2 - ss + f - 1j * im)


def _phi_width(s, mass, width):
    """phi(1020) width: K+K-, K0 K0bar in P wave (p/p_M)^3 M^2/s, the rest fixed (PDG 2024 BFs)."""
    m2 = mass * mass
    r = lambda m: (_p(s, m, m) / two_body_momentum(mass, m, m)) ** 3 * m2 / s  # noqa: E731
    b_rest = 1.0 - PHI["b_kk"] - PHI["b_k0k0"]
    return width * (PHI["b_kk"] * r(M_K) + PHI["b_k0k0"] * r(M_K0) + b_rest)


def _omega_width(s):
    """omega(782) width with the energy dependence of its channels (PDG 2024 BFs): 3 pi through the rho pi
    phase space W_3pi(s) (= 1 at M^2), pi0 gamma (k/k_M)^3, pi+ pi- in P wave, the rest fixed."""
    mass = OMEGA["mass"]
    m2 = mass**2
    k = _p(s, M_PI0, 0.0) / two_body_momentum(mass, M_PI0, 0.0)  # photon momentum in omega -> pi0 gamma
    pipi = (_p(s, M_PI, M_PI) / two_body_momentum(mass, M_PI, M_PI)) ** 3 * m2 / s
    b_rest = 1.0 - OMEGA["b_3pi"] - OMEGA["b_pi0gamma"] - OMEGA["b_pipi"]
    return OMEGA["width"] * (OMEGA["b_3pi"] * w_3pi(s) + OMEGA["b_pi0gamma"] * k**3 + OMEGA["b_pipi"] * pipi + b_rest)


def bw_omega(s):
    """omega(782) propagator M^2/(M^2 - s - i sqrt(s) Gamma_omega(s))."""
    m2 = OMEGA["mass"] ** 2
    return m2 / (m2 - s - 1j * np.sqrt(s) * _omega_width(s))


def bw_phi(s, mass=PHI["mass"], width=PHI["width"]):
    """phi(1020) propagator M^2/(M^2 - s - i M Gamma_phi(s)) (PDG mass and width unless given)."""
    m2 = mass * mass
    return m2 / (m2 - s - 1j * mass * _phi_width(s, mass, width))


# Hadronic vacuum polarisation Re Delta alpha_had(M^2) at the resonance masses, from the dispersion
# integral  Delta alpha_had(s) = -(alpha s / 3 pi) P Int_{4 m_pi^2}^inf R(s') ds' / (s' (s' - s))
# of pheno.hadrons' own R (recomputed in tests/test_hadrons.py: to +-2e-4, +-5e-4 for omega and phi). The own
# resonance is left out at its own mass (its real part vanishes on the peak).
DELTA_ALPHA_HAD = {
    "omega": 0.01065,
    "phi": 0.00723,
    "J/psi": 0.00561,
    "psi(2S)": 0.00676,
    "psi(3770)": 0.01156,
    "psi(4040)": 0.00830,
    "psi(4160)": 0.00952,
    "psi(4415)": 0.00985,
    "Upsilon(1S)": 0.01313,
    "Upsilon(2S)": 0.01378,
    "Upsilon(3S)": 0.01412,
    "Upsilon(4S)": 0.01429,
    "Upsilon(10860)": 0.01435,
    "Upsilon(11020)": 0.01504,
}


def undressing_factor(name: str, mass: float) -> float:
    """(alpha(0)/alpha(M))^2 = (1 - Delta alpha_lep(M^2) - Delta alpha_had(M^2))^2: turns a PDG
    (physical) Gamma_ee into the bare Gamma_ee^0 that the bare R needs (Jegerlehner, Nyffeler,
    Phys. Rept. 477 (2009) 1)."""
    return (1.0 - delta_alpha_leptonic(mass) - DELTA_ALPHA_HAD[name]) ** 2


UNDRESS = {"omega": undressing_factor("omega", OMEGA["mass"]), "phi": undressing_factor("phi", PHI["mass"])}


# ---------------------------------------------------------------------------------------------
# Phase-space functions (dimensionless, -> 1 or a smooth function at high s)
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _three_pion_table(n_s: int = 600, n_gl: int = 40):
    """W_3pi(s) = (1/s) Int ds_13 ds_23 |p+ x p-|^2 |sum_{charges} BW_rho(s_ij)|^2 for gamma* -> rho pi -> pi+pi-pi0
    (the only Lorentz structure of a vector -> three pseudoscalars, eps_{mu nu rho sigma} e^mu p+^nu p-^rho p0^sigma,
    whose square summed over polarisations is s |p+ x p-|^2 in the rest frame; rho+, rho-, rho0 with the
    P-wave width), on a grid in sqrt(s) (Gauss-Legendre on the Dalitz plot), normalised to W(M_omega^2) = 1."""
    x_grid = np.concatenate([np.linspace(2 * M_PI + M_PI0, 1.2, n_s // 2)[:-1], np.linspace(1.2, 5.0, n_s // 2)])
    t, wt = np.polynomial.legendre.leggauss(n_gl)
    t, wt = 0.5 * (t + 1.0), 0.5 * wt
    out = np.empty(x_grid.size)
    m_rho, g_rho = RHO["mass"], RHO["width"]
    for i, rs in enumerate(x_grid):
        s = rs * rs
        lo13, hi13 = (M_PI + M_PI0) ** 2, (rs - M_PI) ** 2
        if hi13 <= lo13:
            out[i] = 0.0
            continue
        s13 = lo13 + (hi13 - lo13) * t  # pi+ pi0
        # bounds of s23 (pi- pi0) at fixed s13
        e3 = (s13 - M_PI**2 + M_PI0**2) / (2.0 * np.sqrt(s13))  # pi0 energy in the (13) frame
        e2 = (s - s13 - M_PI**2) / (2.0 * np.sqrt(s13))  # pi- energy in the (13) frame
        p3 = np.sqrt(np.clip(e3 * e3 - M_PI0**2, 0, None))
        p2 = np.sqrt(np.clip(e2 * e2 - M_PI**2, 0, None))
        lo23 = (e2 + e3) ** 2 - (p2 + p3) ** 2
        hi23 = (e2 + e3) ** 2 - (p2 - p3) ** 2
        s23 = lo23[:, None] + (hi23 - lo23)[:, None] * t[None, :]
        s12 = s + 2 * M_PI**2 + M_PI0**2 - s13[:, None] - s23
        # |p+ x p-|^2 in the gamma* rest frame
        ep = (s + M_PI**2 - s23) / (2.0 * rs)
        em = (s + M_PI**2 - s13[:, None]) / (2.0 * rs)
        e0 = rs - ep - em
        pp2, pm2, p02 = ep * ep - M_PI**2, em * em - M_PI**2, e0 * e0 - M_PI0**2
        dot = 0.5 * (p02 - pp2 - pm2)
        cross2 = np.clip(pp2 * pm2 - dot * dot, 0.0, None)
        amp = (bw_pwave(s12, m_rho, g_rho, M_PI, M_PI) + bw_pwave(s13[:, None], m_rho, g_rho, M_PI, M_PI0)
               + bw_pwave(s23, m_rho, g_rho, M_PI, M_PI0))
        f = cross2 * np.abs(amp) ** 2
        jac = (hi13 - lo13) * (hi23 - lo23)[:, None]
        out[i] = np.sum(wt[:, None] * wt[None, :] * f * jac) / s
    norm = np.interp(OMEGA["mass"], x_grid, out)
    return x_grid, out / norm


def w_3pi(s):
    """The rho pi Dalitz phase space W_3pi(s) of _three_pion_table (interpolated; 0 below 2 m_pi+ + m_pi0)."""
    x, w = _three_pion_table()
    return np.interp(np.sqrt(s), x, w, left=0.0, right=w[-1])


@lru_cache(maxsize=None)
def _quasi_two_body_table(m_res: float, g_res: float, m_a: float, m_b: float, m_p: float, n_s: int = 400,
                          n_int: int = 1500):
    """W(s) = Int ds' rho(s') (2 p(s, s', m_p^2)/sqrt(s))^3 for gamma* -> V P (P wave) with V = a b a
    broad resonance (mass m_res, P-wave width g_res into a b; rho(s') = sqrt(s') Gamma(s')/pi /
    ((s' - M^2)^2 + s' Gamma(s')^2) its spectral function, unit integral in the narrow limit),
    tabulated in sqrt(s). For a narrow V (g_res = 0) this is (2 p/sqrt(s))^3. The s' integral uses
    s' = M^2 + M Gamma tan(theta), which flattens the Breit-Wigner peak."""
    thr = m_a + m_b + m_p
    x_grid = np.concatenate([np.linspace(thr, thr + 1.0, n_s)[:-1], np.geomspace(thr + 1.0, 12.0, n_s // 2)])
    m2, mg = m_res * m_res, m_res * g_res
    lo, hi = (m_a + m_b) ** 2, (x_grid[-1] - m_p) ** 2
    th = np.linspace(math.atan((lo - m2) / mg), math.atan((hi - m2) / mg), n_int)
    sp = m2 + mg * np.tan(th)
    dsp = mg / np.cos(th) ** 2 * (th[1] - th[0])
    gs = g_res * (_p(sp, m_a, m_b) / two_body_momentum(m_res, m_a, m_b)) ** 3 * m2 / sp
    spec = np.sqrt(sp) * gs / ((sp - m2) ** 2 + sp * gs * gs) / math.pi * dsp
    p = two_body_momentum(x_grid[:, None], np.sqrt(sp)[None, :], m_p)
    out = (spec[None, :] * (2.0 * p / x_grid[:, None]) ** 3).sum(axis=1)
    return x_grid, out


def w_quasi(s, m_res, g_res, m_a, m_b, m_p):
    """P-wave phase space of gamma* -> V P (2 p/sqrt s)^3, smeared over the line shape of V -> a b if g_res > 0."""
    if g_res == 0.0:
        return (2.0 * _p(s, m_res, m_p) / np.sqrt(s)) ** 3
    x, w = _quasi_two_body_table(m_res, g_res, m_a, m_b, m_p)
    return np.interp(np.sqrt(s), x, w, left=0.0, right=w[-1])


# ---------------------------------------------------------------------------------------------
# Channel parameters: resonance terms (component, shape, mass, width, |c|, arg c [deg])
# ---------------------------------------------------------------------------------------------
def _vmd_coupling(mass, width, gamma_ee0, b_f):
    """|c| of c BW(s) whose peak reproduces R_V(M^2) = 9 Gamma_ee^0 B_f / (alpha^2 Gamma)."""
    return math.sqrt(9.0 * gamma_ee0 * b_f / (ALPHA0**2 * width)) * width / mass


def _pdg_couplings():
    om_gee0 = OMEGA["width"] * OMEGA["b_ee"] * UNDRESS["omega"]
    phi_gee0 = PHI["width"] * PHI["b_ee"] * UNDRESS["phi"]
    rho_gee0 = RHO["gamma_ee"] * UNDRESS["omega"]  # (alpha(0)/alpha(M))^2 at the omega mass, 7 MeV away
    return {
        "omega 3pi": _vmd_coupling(OMEGA["mass"], OMEGA["width"], om_gee0, OMEGA["b_3pi"]),
        "phi 3pi": _vmd_coupling(PHI["mass"], PHI["width"], phi_gee0, PHI["b_3pi"]),
        "omega pi0gamma": _vmd_coupling(OMEGA["mass"], OMEGA["width"], om_gee0, OMEGA["b_pi0gamma"]),
        "phi pi0gamma": _vmd_coupling(PHI["mass"], PHI["width"], phi_gee0, PHI["b_pi0gamma"]),
        "rho pi0gamma": _vmd_coupling(RHO["mass"], RHO["width"], rho_gee0, RHO["b_pi0gamma"]),
        "omega etagamma": _vmd_coupling(OMEGA["mass"], OMEGA["width"], om_gee0, OMEGA["b_etagamma"]),
        "phi etagamma": _vmd_coupling(PHI["mass"], PHI["width"], phi_gee0, PHI["b_etagamma"]),
        "rho etagamma": _vmd_coupling(RHO["mass"], RHO["width"], rho_gee0, RHO["b_etagamma"]),
    }


_PDG = _pdg_couplings()


# One term: (component, shape, mass, width, |c|, arg c [deg]). Shapes: "fixed" (M^2/(M^2 - s - i M G)),
# "pipi" (P-wave pi pi width), "gs" (Gounaris-Sakurai), "phi" (phi(1020) with its K Kbar width),
# "mix" (rho-omega mixing in pi+ pi-). Per channel (keys of PARAMETERS):
#  "pi+ pi-": rho(770), rho(1450), rho(1700), rho(2150) in the pion form factor (GS form, F(0) = 1),
#      and the isospin-violating omega -> pi+ pi- through rho-omega mixing, delta (s/M_om^2) BW_om BW_rho;
#  "pi+ pi- pi0": I = 0: omega(782), phi(1020) with |c| in units of their PDG couplings (Gamma_ee,
#      B(3 pi)), omega(1420), omega(1650) in units of the omega's, through the rho pi Dalitz phase space;
#  "pi0 gamma", "eta gamma": rho, omega, phi with |c| in units of the PDG 2024 couplings (Gamma_ee,
#      B(V -> P gamma)), relative phases 0 (quark model); not fitted;
#  "K K~": kaon form factors F_K+ = F_rho/2 + F_omega/6 + F_phi/3, F_K0 = -F_rho/2 + F_omega/6 + F_phi/3,
#      F_V = sum_n c_Vn BW_Vn normalised to F_V(0) = 1 for rho and omega (quark-charge normalisation;
#      Bruch, Khodjamirian, Kuehn, EPJC 39 (2005) 41), F_phi's phi(1020) coupling fitted;
#  "pi+ pi- pi+ pi-", "pi+ pi- pi0 pi0" (without omega pi0): I = 1, rho(770) tail and rho' states times
#      the empirical threshold factor (1 - s_th/s)^power, s_th = (sum of the pion masses)^2;
#  "omega pi0" (all omega decays), "phi pi0": P-wave V pi0 phase space (2p/sqrt s)^3;
#  "eta pi+ pi-": eta rho with the rho line shape; "K K~ pi": K K*(892) with the K* line shape,
#      isovector (rho-like) and isoscalar (phi-like: phi(1680) dominated, BaBar 2008) added incoherently.
# Starting values are PDG 2024; fitted values are written by docs/fit_hadronic_currents.py (data sets
# per channel listed there and in tests/ee_data.py).
# BEGIN FITTED PARAMETERS (written by docs/fit_hadronic_currents.py --write; edit there, not here)
PARAMETERS: dict[str, dict] = {
    "pi+ pi-": {"terms": [
        ("rho", "gs", 0.77378486, 0.1494743, 1, 0),
        ("rho", "gs", 1.4887803, 0.43425727, 0.15551969, 212.11244),
        ("rho", "gs", 1.8506717, 0.30891473, 0.066678038, 71.393484),
        ("rho", "gs", 2.2471953, 0.1, -0.0045187195, 206.55871),
        ("omega", "mix", 0.78266, 0.00868, 0.0020133959, 9.6274169),
    ]},
    "pi+ pi- pi0": {"terms": [
        ("omega", "omega", 0.78266, 0.00868, 1, 0),
        ("phi", "phi", 1.019461, 0.004249, 1, 191.87013),
        ("omega", "fixed", 1.21, 0.25920322, -0.27509033, 8.9147092),
        ("omega", "fixed", 1.618244, 0.13421776, -0.028853521, 483.68176),
    ]},
    "pi0 gamma": {"terms": [
        ("rho", "pipi", 0.77526, 0.1491, 1, 0),
        ("omega", "omega", 0.78266, 0.00868, 1, 0),
        ("phi", "phi", 1.019461, 0.004249, 1, 0),
    ]},
    "eta gamma": {"terms": [
        ("rho", "pipi", 0.77526, 0.1491, 1, 0),
        ("omega", "omega", 0.78266, 0.00868, 1, 0),
        ("phi", "phi", 1.019461, 0.004249, 1, 0),
    ]},
    "K K~": {"terms": [
        ("rho", "pipi", 0.77526, 0.1491, 1.1, 0),
        ("rho", "fixed", 1.3558918, 0.41709289, -0.15914671, -84.86202),
        ("rho", "fixed", 1.92, 0.18620715, 0.013471, 7.6708529),
        ("omega", "omega", 0.78266, 0.00868, 1.1, 0),
        ("omega", "fixed", 1.61, 0.87, -0.78135555, -53.315372),
        ("omega", "fixed", 1.750251, 0.105, 0.08824916, -108.48276),
        ("phi", "phi", 1.0192611, 0.00426613, 0.9914062, 0),
        ("phi", "fixed", 1.6761157, 0.075715521, -0.045051275, 41.997813),
        ("phi", "fixed", 2.1911482, 0.055400165, 0.0092463051, -352.38898),
    ]},
    "pi+ pi- pi+ pi-": {"power": 14.388759, "terms": [
        ("rho", "pipi", 0.77526, 0.1491, 0.67078725, 0),
        ("rho", "fixed", 1.4112245, 0.74797256, 1.8717717, -15.913987),
        ("rho", "fixed", 1.8157113, 0.75, -0.8331294, 34.820697),
        ("rho", "fixed", 1.95, 0.72306174, -0.35752384, -122.67714),
    ]},
    "pi+ pi- pi0 pi0": {"power": 15.722078, "terms": [
        ("rho", "pipi", 0.77526, 0.1491, 1.1782973, 0),
        ("rho", "fixed", 1.4631055, 0.45279854, 0.73706568, -14.999724),
        ("rho", "fixed", 1.7400437, 0.75, -0.33939308, 455.62154),
        ("rho", "fixed", 1.9824773, 0.12616661, 0.0082635589, -75.224884),
    ]},
    "omega pi0": {"terms": [
        ("rho", "pipi", 0.77526, 0.1491, 1.0634506, 0),
        ("rho", "fixed", 1.265, 0.52567272, 0.90719261, 217.30953),
        ("rho", "fixed", 1.72, 0.25, 0.22957217, -265.44917),
    ]},
    "eta pi+ pi-": {"terms": [
        ("rho", "fixed", 1.433834, 0.37213152, 0.29327373, 0),
        ("rho", "fixed", 1.8336809, 0.083333333, -0.0048435007, 333.45636),
    ]},
    "phi pi0": {"terms": [
        ("rho", "fixed", 1.5780374, 0.19524644, 0.017373296, 0),
    ]},
    "K K~ pi": {"terms": [
        ("rho", "fixed", 1.4475818, 0.32746256, 0.27009592, 0),
        ("rho", "fixed", 1.92, 0.083333333, -0.0059891005, 102.29685),
        ("phi", "fixed", 1.6234129, 0.21464208, 0.2082983, 0),
        ("phi", "fixed", 1.963, 0.3, 0.01930556, -91.639797),
    ]},
}
# END FITTED PARAMETERS

# B(omega -> pi+ pi- pi0): the part of e+e- -> omega pi0 inside the pi+ pi- 2pi0 data
B_OMEGA_3PI = OMEGA["b_3pi"]


def _term_bw(s, shape, mass, width):
    if shape == "fixed":
        return bw(s, mass, width)
    if shape == "pipi":
        return bw_pwave(s, mass, width, M_PI, M_PI)
    if shape == "gs":
        return bw_gs(s, mass, width)
    if shape == "phi":
        return bw_phi(s, mass, width)
    if shape == "omega":
        return bw_omega(s)
    raise ValueError(f"unknown resonance shape {shape!r}")


def _resonance_sums(s, terms, normalise=()):
    """{component: sum_k c_k BW_k(s)}; components in ``normalise`` are divided by sum_k c_k (F(0) = 1)."""
    out, norm = {}, {}
    for comp, shape, mass, width, mag, phase in terms:
        if shape == "mix":
            continue
        c = mag * complex(math.cos(math.radians(phase)), math.sin(math.radians(phase)))
        out[comp] = out.get(comp, 0.0) + c * _term_bw(s, shape, mass, width)
        norm[comp] = norm.get(comp, 0.0) + c
    for comp in normalise:
        out[comp] = out[comp] / norm[comp]
    return out


def _sqrt_ps(x):
    return np.sqrt(np.clip(x, 0.0, None))


def _two_pseudoscalar_ps(s, m):
    """beta^3/4 of e+e- -> P Pbar: R = (beta^3/4) |F(s)|^2."""
    return 0.25 * np.clip(1.0 - 4.0 * m * m / s, 0.0, None) ** 1.5


def _amp_pipi(s, p):
    terms = p["terms"]
    rho = _resonance_sums(s, terms)["rho"]
    norm = sum(mag * complex(math.cos(math.radians(ph)), math.sin(math.radians(ph)))
               for comp, shape, m, w, mag, ph in terms if comp == "rho")
    (_, _, m_om, g_om, d_mag, d_ph), = [t for t in terms if t[1] == "mix"]
    delta = d_mag * complex(math.cos(math.radians(d_ph)), math.sin(math.radians(d_ph)))
    first = terms[0]
    mix = bw_gs(s, first[2], first[3]) * delta * s / m_om**2 * bw(s, m_om, g_om)
    ps = _sqrt_ps(_two_pseudoscalar_ps(s, M_PI))
    return {"rho": ps * rho / norm, "omega": ps * mix / norm}


def _amp_3pi(s, p):
    """3 pi: sqrt(W_3pi(s)) sum_k c_k BW_k; omega and phi terms scaled by their PDG couplings
    c_V = sqrt(R_V(M^2)/W_3pi(M^2)) Gamma/M, the excited omegas by the omega's."""
    terms = []
    for comp, shape, mass, width, mag, phase in p["terms"]:
        if shape == "phi":
            unit = _PDG["phi 3pi"] / math.sqrt(float(w_3pi(np.array(PHI["mass"] ** 2))))
        else:
            unit = _PDG["omega 3pi"]
        terms.append((comp, shape, mass, width, mag * unit, phase))
    ps = _sqrt_ps(w_3pi(s))
    return {c: ps * a for c, a in _resonance_sums(s, terms).items()}


def _amp_radiative(m_p, key):
    """P gamma: sum_V c_V BW_V(s) (k/k_V)^(3/2), c_V from PDG Gamma_ee, B(V -> P gamma) (x |c| of the term)."""
    def amp(s, p):
        k = _p(s, m_p, 0.0)  # photon momentum
        out = {}
        for comp, shape, mass, width, mag, phase in p["terms"]:
            k_v = float(two_body_momentum(mass, m_p, 0.0))
            c = mag * _PDG[f"{comp} {key}"] / k_v**1.5
            out[comp] = out.get(comp, 0.0) + c * _term_bw(s, shape, mass, width) * k**1.5
        return out
    return amp


def _amp_kk(s, p, m_k, sign_rho):
    f = _resonance_sums(s, p["terms"], normalise=("rho", "omega"))
    ps = _sqrt_ps(_two_pseudoscalar_ps(s, m_k))
    return {"rho": ps * sign_rho * 0.5 * f["rho"], "omega": ps * f["omega"] / 6.0, "phi": ps * f["phi"] / 3.0}


def _amp_generic(phase_space):
    def amp(s, p):
        ps = _sqrt_ps(phase_space(s, p))
        return {c: ps * a for c, a in _resonance_sums(s, p["terms"]).items()}
    return amp


def _ps_four_pion(s, p):
    return np.clip(1.0 - (4.0 * M_PI) ** 2 / s, 0.0, None) ** p["power"]


def _ps_four_pion_neutral(s, p):
    return np.clip(1.0 - (2.0 * M_PI + 2.0 * M_PI0) ** 2 / s, 0.0, None) ** p["power"]


CHANNELS: dict[str, dict] = {
    # name: amplitude function, parameter key, threshold [GeV], coherent?
    "pi+ pi-": dict(amp=_amp_pipi, key="pi+ pi-", threshold=2 * M_PI),
    "pi+ pi- pi0": dict(amp=_amp_3pi, key="pi+ pi- pi0", threshold=2 * M_PI + M_PI0),
    "pi0 gamma": dict(amp=_amp_radiative(M_PI0, "pi0gamma"), key="pi0 gamma", threshold=M_PI0),
    "eta gamma": dict(amp=_amp_radiative(M_ETA, "etagamma"), key="eta gamma", threshold=M_ETA),
    "K+ K-": dict(amp=lambda s, p: _amp_kk(s, p, M_K, 1.0), key="K K~", threshold=2 * M_K),
    "K0 K0~": dict(amp=lambda s, p: _amp_kk(s, p, M_K0, -1.0), key="K K~", threshold=2 * M_K0),
    "pi+ pi- pi+ pi-": dict(amp=_amp_generic(_ps_four_pion), key="pi+ pi- pi+ pi-", threshold=4 * M_PI),
    "pi+ pi- pi0 pi0": dict(amp=_amp_generic(_ps_four_pion_neutral), key="pi+ pi- pi0 pi0",
                            threshold=2 * M_PI + 2 * M_PI0),
    "omega pi0": dict(amp=_amp_generic(lambda s, p: w_quasi(s, OMEGA["mass"], 0.0, 0, 0, M_PI0)), key="omega pi0",
                      threshold=OMEGA["mass"] + M_PI0),
    "eta pi+ pi-": dict(amp=_amp_generic(lambda s, p: w_quasi(s, RHO["mass"], RHO["width"], M_PI, M_PI, M_ETA)),
                        key="eta pi+ pi-", threshold=M_ETA + 2 * M_PI),
    "phi pi0": dict(amp=_amp_generic(lambda s, p: w_quasi(s, PHI["mass"], 0.0, 0, 0, M_PI0)), key="phi pi0",
                    threshold=PHI["mass"] + M_PI0),
    "K K~ pi": dict(amp=_amp_generic(lambda s, p: w_quasi(s, M_KSTAR_AV, G_KSTAR, M_K, M_PI, M_K)), key="K K~ pi",
                    threshold=2 * M_K + M_PI, incoherent=True),
}


def channel_amplitudes(name: str, s) -> dict[str, np.ndarray]:
    """Component amplitudes A_{F,V}(s) of channel ``name`` (photon normalisation), s > 0 array."""
    ch = CHANNELS[name]
    s = np.asarray(s, float)
    amps = ch["amp"](s, PARAMETERS[ch["key"]])
    below = np.sqrt(s) <= ch["threshold"]
    return {c: np.where(below, 0.0, a) for c, a in amps.items()}


def channel_terms(name: str, s) -> dict[tuple[str, str], np.ndarray]:
    """{(V, V'): R_{F,VV'}(s)} with R_F = sum w_V w_V' R_{F,VV'} (V <= V' in COMPONENTS order;
    off-diagonal terms carry the factor 2: 2 Re(A_V A_V'^*))."""
    amps = channel_amplitudes(name, s)
    comps = [c for c in COMPONENTS if c in amps]
    out = {}
    for i, a in enumerate(comps):
        out[(a, a)] = np.abs(amps[a]) ** 2
        if CHANNELS[name].get("incoherent"):
            continue
        for b in comps[i + 1:]:
            out[(a, b)] = 2.0 * np.real(amps[a] * np.conj(amps[b]))
    return out


def channel_R(name: str, s, weights=(1.0, 1.0, 1.0)) -> np.ndarray:
    """R_F(s) of channel ``name`` for component weights (w_rho, w_omega, w_phi) (photon: all 1)."""
    w = dict(zip(COMPONENTS, weights))
    return sum(w[a] * w[b] * t for (a, b), t in channel_terms(name, s).items())


# Stated accuracy against the data sets fitted (asserted in tests/test_hadrons.py; measured values in
# docs/r_ratio_accuracy.md): channel -> {(lo, hi) [GeV]: bound on |Int sigma_model ds / Int sigma_data ds - 1|}
# over the points of each data set in [lo, hi); in every range the median |model - data|/error is
# also below MAX_MEDIAN_PULL (the model is consistent with the data within their errors).
ACCURACY: dict[str, dict[tuple[float, float], float]] = {
    "pi+ pi-": {(0.3, 1.1): 0.02, (1.1, 2.0): 0.03, (2.0, 3.0): 0.10},
    "pi+ pi- pi0": {(0.75, 0.85): 0.03, (0.98, 1.05): 0.03, (1.05, 2.0): 0.05, (2.0, 3.0): 0.15},
    "K+ K-": {(0.98, 1.1): 0.02, (1.1, 2.0): 0.03, (2.0, 3.0): 0.10, (3.0, 5.0): 0.40},
    "K0 K0~": {(1.0, 1.2): 0.10, (1.2, 2.0): 0.15, (2.0, 3.0): 0.30},
    "pi+ pi- pi+ pi-": {(0.6, 1.1): 0.10, (1.1, 2.0): 0.02, (2.0, 3.0): 0.03, (3.0, 5.0): 0.10},
    "pi+ pi- pi0 pi0 (with omega pi0)": {(0.8, 1.1): 0.05, (1.1, 2.0): 0.02, (2.0, 3.0): 0.03, (3.0, 5.0): 0.15},
    "omega pi0": {(0.9, 1.1): 0.25, (1.1, 1.4): 0.05},
    "eta pi+ pi-": {(1.2, 2.0): 0.03, (2.0, 3.0): 0.15, (3.0, 3.5): 0.10},
    "phi pi0": {(1.2, 2.0): 0.40, (2.0, 2.5): 0.35},
    "K K~ pi (I=0)": {(1.4, 2.0): 0.08, (2.0, 3.2): 0.20},
    "K K~ pi (I=1)": {(1.4, 2.0): 0.15, (2.0, 3.2): 0.35},
}
MAX_MEDIAN_PULL = 1.7
