"""pheno's hadronic R ratio, split into exclusive channels and into isospin/flavour currents.

    R(s) = sigma(e+e- -> hadrons) / sigma_0(e+e- -> mu+mu-),   sigma_0 = 4 pi alpha^2 / (3 s)

(point-like, massless muons; alpha = alpha(0)). R is the *bare* ratio (vacuum polarisation
removed; equivalently the measured ratio, in which the photon propagator cancels), the one that
enters the width of a vector boson X of mass m coupling to the quark currents with strength g x_q:

    Gamma(X -> hadrons) = g^2 m R_X(m^2) / (12 pi),   dark photon (g x_q = eps e Q_q): (alpha eps^2 m/3) R
                                                       (docs/physics.md A2, DarkCast convention).

The currents (the DarkCast method: Ilten, Soreq, Williams, Xue, JHEP 06 (2018) 004 [arXiv:1801.04847])
==========================================================================================================
R_X = sum_F sum_{V,V'} w_V w_V' R_{F,VV'}, over channels F and currents V in CURRENTS =
("rho", "omega", "phi", "c", "b"): the isovector u ubar - d dbar (rho-like), the light isoscalar
u ubar + d dbar (omega-like), s sbar (phi-like) and the heavy quarks. w_V is X's charge in that
combination relative to the photon's (current_weights: w_rho = (x_u - x_d)/(Q_u - Q_d),
w_omega = (x_u + x_d)/(Q_u + Q_d), w_phi = x_s/Q_s, w_c = x_c/Q_c, w_b = x_b/Q_b; the photon has all
w = 1). R_{F,VV'} = Re(A_{F,V} A_{F,V'}^*) (x2 off the diagonal) comes from the component amplitudes of
each exclusive channel (pheno.vmd), so interference between the currents is kept: a baryonic
boson (w_rho = 0) has no rho-like part at all, and its omega and phi parts interfere with the
opposite sign from the photon's (w_omega/w_phi = -2).

Channels (CHANNELS; pheno.vmd documents the form factors and parameters)
  "pi+ pi-" [rho; omega via rho-omega mixing]     "pi+ pi- pi0" [omega, phi]
  "pi0 gamma", "eta gamma" [rho, omega, phi]       "K+ K-", "K0 K0~" [rho, omega, phi]
  "pi+ pi- pi+ pi-", "pi+ pi- pi0 pi0" (without omega pi0), "omega pi0", "eta pi+ pi-", "phi pi0" [rho]
  "K K~ pi" (K K*(892), all charge states) [rho: isovector, phi: isoscalar; incoherent]
  "other": the remainder (5 pi, 6 pi, omega pi pi, eta omega, phi eta, K Kbar pi pi, p pbar, ...)
  "c c~", "b b~": open charm and bottom plus the c cbar and b bbar vector resonances.
The exclusive channels were fitted (docs/fit_hadronic_currents.py; FIT) to published cross sections:
  pi+pi-: BaBar, PRL 103 (2009) 231801 (bare, FSR included); 3 pi: CMD-2, PLB 476 (2000) 33 and
  PLB 434 (1998) 426, BaBar, PRD 70 (2004) 072004, with the omega and phi couplings fixed to PDG 2024;
  K+K-: BaBar, PRD 88 (2013) 032013 (bare, FSR included); K_S K_L: CMD-2, PLB 551 (2003) 27, BaBar,
  PRD 89 (2014) 092002; 2(pi+pi-): BaBar, PRD 85 (2012) 112009; pi+pi-2pi0: BaBar, PRD 96 (2017) 092009
  jointly with omega pi0: CMD-2, PLB 562 (2003) 173; eta pi+pi-: BaBar, PRD 97 (2018) 052007;
  phi pi0, K K*: BaBar, PRD 77 (2008) 092002. Published cross sections that contain vacuum
  polarisation were undressed (tests/ee_data.py states each paper's convention). pi0 gamma and
  eta gamma are not fitted: vector-meson dominance with PDG 2024 Gamma_ee and radiative BFs.
The remainder per current is the room the exclusive channels leave under the massless-quark
(local duality) value, turned on by T(sqrt s):
  R_other,V = T(sqrt s) max(R_pQCD,V - sum_F R_{F,VV}, 0),  R_pQCD,V = K_QCD (3/2, 1/6, 1/3) for rho, omega, phi
(N_c (Q_u - Q_d)^2/2, N_c (Q_u + Q_d)^2/2, N_c Q_s^2: the quark-model 9 : 1 : 2), with T piecewise
linear (REMAINDER_KNOTS), 0 below 1 GeV, 1 above 2 GeV, fitted to the PDG R compilation between 0.95
and 2.05 GeV (T < 0.02 below 1.45 GeV: there the exclusive channels alone give R). Above 2 GeV the
light-quark R is therefore the perturbative one, split 9 : 1 : 2, up to the exclusive channels'
interference terms (< 0.2 % of R): the exclusive channels keep their own share, so exclusive BFs stay
available up to ~ 5 GeV.

Perturbative QCD (massless, MS-bar, mu^2 = s)
  K_QCD = 1 + a + r2 a^2 + r3 a^3, a = alpha_s(sqrt s)/pi, r2 = 1.9857 - 0.1152 n_f,
  r3 = -6.63694 - 1.20013 n_f - 0.00518 n_f^2, and the singlet -1.2395 (sum_q Q_q)^2 a^3 (booked with
  charm) (K.G. Chetyrkin, A.L. Kataev, F.V. Tkachov, PLB 85 (1979) 277; S.G. Gorishny, A.L. Kataev,
  S.A. Larin, PLB 259 (1991) 144; L.R. Surguladze, M.A. Samuel, PRL 66 (1991) 560). The a^4 term
  (Baikov, Chetyrkin, Kuehn, PRL 101 (2008) 012002) would change R by -0.7 % at 2 GeV, -0.4 % at 3 GeV:
  left out, it is the truncation uncertainty. alpha_s: four-loop running (van Ritbergen, Vermaseren,
  Larin, PLB 400 (1997) 379) from alpha_s(M_Z) = 0.1180 with n_f = 5 -> 4 -> 3 at m_b(m_b) = 4.183 GeV and
  m_c(m_c) = 1.2730 GeV and two-loop decoupling (Chetyrkin, Kniehl, Steinhauser, PRL 79 (1997) 2184);
  frozen below 1 GeV. u, d, s: R(3 GeV) = 2.17. u, d, s, c below the B Bbar threshold: R(10 GeV) = 3.52
  (CLEO: 3.56(1)(7) at 10.52 GeV).

Heavy quarks ("c c~", "b b~", weights w_c^2, w_b^2)
  Open charm/bottom: 3 Q_q^2 K_QCD v(beta), the Born velocity factor v = beta (3 - beta^2)/2 with the
  *meson* threshold, beta = sqrt(1 - 4 m_D0^2/s) (2 m_D0 = 3.730 GeV) and sqrt(1 - 4 m_B+^2/s) (10.559 GeV).
  Why the D Dbar threshold and not the quark one: below 2 m_D no open-charm hadron state exists, and
  the data show it. Between J/psi and psi(2S) (3.0-3.7 GeV, 18 points of the PDG compilation) the
  measured R is 2.23 +- 0.01 (stat.; weighted mean), the u, d, s value: pQCD gives 2.16 (-2.8 %, within
  the data's few-% normalisation). A perturbative c cbar continuum opening at 2 m_c = 3.0 GeV (DarkCast's
  c_c channel, m_c = 1.5 GeV) adds (4/3) K v(beta_c), 0 to 1.1 across the window, and would give 2.98
  (+34 %): excluded. That continuum is the source of the up to 23 % BF(mu mu) difference from DarkCast
  at 3.0-3.7 GeV (BF(mu mu) ~ 1/(2 + R)); the meson threshold is the physical one (test:
  tests/test_hadrons.py::test_charm_opens_at_the_d_dbar_threshold). Between 2 m_c and 2 m_D the charm
  current contributes only through J/psi and psi(2S).
  Resonances: psi(3770), psi(4040), psi(4160), psi(4415), Upsilon(4S), Upsilon(10860), Upsilon(11020)
  (broad: width scaled by the open-flavour P-wave factor (p/p_M)^3 below the peak) and the narrow
  J/psi, psi(2S), Upsilon(1S-3S) (fixed widths) are Breit-Wigners normalised by their PDG 2024 e+e-
  widths (BROAD_RESONANCES, NARROW_RESONANCES):
      R_V(s) = (9/alpha^2) M^2 Gamma_ee^0 Gamma B_had / [(s - M^2)^2 + M^2 Gamma^2],
      Int R_V ds = 9 pi M Gamma_ee^0 B_had / alpha^2  (narrow_resonance_integral),
  peak R = 9 Gamma_ee^0 B_had/(alpha^2 Gamma): 8.5e3 (J/psi) to 1.3e3 (psi(2S)). Gamma_ee^0 is the PDG
  Gamma_ee undressed, Gamma_ee (alpha(0)/alpha(M))^2 (Jegerlehner, Nyffeler, Phys. Rept. 477 (2009) 1;
  pheno.vmd.undressing_factor). Below 1 GeV the quarkonium tails (R < 2e-5) are multiplied by
  ((s - m_pi0^2)/(1 GeV^2 - m_pi0^2))^3 so that R vanishes continuously at the pi0 gamma threshold. Interference with the
  continuum is neglected: 3.7-5 GeV is right on average, not in detail. R_ratio(narrow=False) drops
  the narrow states (the PDG compilation omits them). On a narrow resonance the mass-eigenstate X
  width is not a good description anyway (X-V mixing, Kamada et al., arXiv:2404.06793); anything
  averaged over a mass resolution wider than Gamma_V should use narrow_resonance_integral.

Below m_pi0 R = 0; every channel closes continuously at its threshold (phase-space factors), so R
and the widths are continuous everywhere (no step at 2 m_pi, where pi+pi- opens as beta^3).

Evaluation: the channel terms are tabulated on first use (about 0.5 s) on uniform grids in sqrt(s),
0.05 MeV steps below 2 GeV and 0.5 MeV up to 12 GeV, and interpolated linearly (pheno.interpolation,
numba); interpolation error < 3e-4 relative below 2 GeV (omega and phi peaks included) and < 1.5e-3 on
the broad heavy resonances (tested against the exact evaluation). The narrow J/psi, psi(2S),
Upsilon(1S-3S), the table bins that contain a channel threshold (so that nothing leaks below it) and
everything above 12 GeV are evaluated exactly. Above 12 GeV: five-flavour QCD, no Z exchange (valid
to ~ 20 GeV).

Public API: R_ratio(sqrt_s, narrow=True, weights=None), R_channels, R_exclusive(sqrt_s, channel),
R_currents, current_weights(u, d, s, c, b), R_pqcd(sqrt_s, flavours), alpha_s(mu), pion_form_factor,
narrow_resonance_integral(name); CHANNELS, CURRENTS, PHOTON, NARROW_RESONANCES, BROAD_RESONANCES,
ACCURACY. Units: GeV. Vectorised over numpy arrays (floats for scalar input); negative, NaN or
infinite energies raise ValueError naming the argument.

Accuracy
========
Against the PDG 2020 R compilation (test material, not shipped: the tests read it) in
tests/test_hadrons.py; narrow resonances excluded as in the compilation; points given as an energy
bin compared with the model averaged over the bin. "median" = median over the points of
|R_model/R_data - 1|; "integral" = Int R_model ds / Int R_data ds - 1 (trapezoidal rule in s on the
measured energies). ACCURACY (asserted by the tests) is what this module promises; the measured
values are in docs/r_ratio_accuracy.md, and the per-channel comparison with the exclusive data too.

    region [GeV]   stated (median / |integral|)
    0.3  - 2.0     5 % / 5 % in each of 0.3-0.6, 0.6-0.75, 0.75-0.85, 0.85-0.95, 0.95-1.05, 1.05-1.3,
                   1.3-1.6, 1.6-2.0 (1.45-2.0 informs the remainder fit)
    2.0  - 3.7     4 % / 5 %   (pQCD; data 2-4 % above)
    3.7  - 5.0     12 % / 3 %  (open charm: average right, structure not)
    5.0  - 11      4 % / 3 %
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pheno import vmd
from pheno import constants as C
from pheno.constants import ALPHA0, ALPHA_S_MZ, M_Z
from pheno.kinematics import two_body_momentum
from pheno.validation import checked_array
from pheno.vmd import M_PI, M_PI0, undressing_factor

__all__ = [
    "R_ratio",
    "R_channels",
    "R_exclusive",
    "R_currents",
    "R_pqcd",
    "alpha_s",
    "running_mass",
    "pion_form_factor",
    "narrow_resonance_integral",
    "current_weights",
    "CHANNELS",
    "CURRENTS",
    "PHOTON",
    "VectorResonance",
    "NARROW_RESONANCES",
    "BROAD_RESONANCES",
    "ACCURACY",
    "SQRT_S_MIN",
]

# ---------------------------------------------------------------------------------------------
# Masses, PDG 2024 (S. Navas et al., Phys. Rev. D 110 (2024) 030001) [GeV]; light hadrons in pheno.vmd
# ---------------------------------------------------------------------------------------------
M_D0 = 1.86484  # D0     1864.84(5) MeV   -> open-charm threshold 2 m_D0 = 3.7297 GeV
M_B_MESON = 5.27941  # B+     5279.41(7) MeV   -> open-bottom threshold 2 m_B+ = 10.5588 GeV
M_C_MSBAR = C.M_CHARM_MSBAR  # m_c(m_c) MS-bar (pheno.constants): quark-mass decoupling scale for alpha_s
M_B_MSBAR = C.M_BOTTOM_MSBAR  # m_b(m_b) MS-bar (pheno.constants)

SQRT_S_MIN = M_PI0  # R = 0 below the lightest hadronic final state, pi0 gamma

# Currents: the light isospin/flavour components of pheno.vmd and the heavy quarks c, b.
CURRENTS = ("rho", "omega", "phi", "c", "b")
PHOTON = (1.0, 1.0, 1.0, 1.0, 1.0)  # weights of the electromagnetic current
_Q_C, _Q_B = C.QUARK_CHARGE["c"], C.QUARK_CHARGE["b"]


def current_weights(u, d, s, c, b) -> tuple[float, ...]:
    """Weights (w_rho, w_omega, w_phi, w_c, w_b) of a vector current with quark charges u, d, s, c, b:
    its charge in each isospin/flavour combination relative to the photon's (pheno.vmd.component_weights;
    w_c = c/Q_c, w_b = b/Q_b).

    >>> current_weights(1/3, 1/3, 1/3, 1/3, 1/3)   # baryon number: no isovector (rho-like) part
    (0.0, 2.0, -1.0, 0.5, -1.0)
    """
    return (*vmd.component_weights(u, d, s), c / _Q_C, b / _Q_B)


@dataclass(frozen=True)
class VectorResonance:
    """A J^PC = 1^-- resonance entering R as a Breit-Wigner normalised by its e+e- width.

    mass, width, gamma_ee [GeV] are PDG 2024 values (physical, i.e. VP-dressed, Gamma_ee);
    b_had = B(V -> hadrons); threshold: open-flavour meson mass m (P-wave pair m m) below which
    the width is scaled by (p/p_M)^3, or None for a fixed width; source: where the numbers are from.
    """

    name: str
    mass: float
    width: float
    gamma_ee: float
    b_had: float
    threshold_meson_mass: float | None
    source: str

    @property
    def gamma_ee_bare(self) -> float:
        """Undressed Gamma_ee^0 = Gamma_ee (1 - Delta alpha(M^2))^2 (see module docstring)."""
        return self.gamma_ee * undressing_factor(self.name, self.mass)


# PDG 2024 values. Gamma_ee in GeV (keV * 1e-6). b_had = 1 - B(e e) - B(mu mu) - B(tau tau)
# unless PDG quotes B(hadrons) directly. Upsilon(1S): Gamma_ee and the leptonic BFs of pheno.constants.
_UPSILON1S_B_LEPTONS = sum(C.SM_BRANCHING_FRACTIONS[f"Upsilon(1S) > {l}+ {l}-"][0] for l in ("e", "mu", "tau"))
NARROW_RESONANCES: dict[str, VectorResonance] = {
    "J/psi": VectorResonance(
        "J/psi", 3.096900, 92.6e-6, 5.53e-6, 0.877, None,
        "PDG 2024: M = 3096.900(6) MeV, Gamma = 92.6(1.7) keV, Gamma_ee = 5.53(10) keV, B(hadrons) = 87.7(5) %",
    ),
    "psi(2S)": VectorResonance(
        "psi(2S)", 3.686097, 294e-6, 2.33e-6, 0.9785, None,
        "PDG 2024: M = 3686.097(11) MeV, Gamma = 294(8) keV, Gamma_ee = 2.33(4) keV, B(hadrons) = 97.85(13) %",
    ),
    "Upsilon(1S)": VectorResonance(
        "Upsilon(1S)", 9.46040, 54.02e-6, C.UPSILON1S_GAMMA_EE, 1.0 - _UPSILON1S_B_LEPTONS, None,
        "PDG 2024: M = 9460.40(10) MeV, Gamma = 54.02(1.25) keV; Gamma_ee and B(ee, mumu, tautau): "
        "pheno.constants (UPSILON1S_GAMMA_EE, SM_BRANCHING_FRACTIONS; PDG 2024)",
    ),
    "Upsilon(2S)": VectorResonance(
        "Upsilon(2S)", 10.02326, 31.98e-6, 0.612e-6, 1.0 - 0.0191 - 0.0193 - 0.0200, None,
        "PDG 2024: M = 10023.26(31) MeV, Gamma = 31.98(2.63) keV, Gamma_ee = 0.612(11) keV; "
        "B(ee, mumu, tautau) = 1.91, 1.93, 2.00 %",
    ),
    "Upsilon(3S)": VectorResonance(
        "Upsilon(3S)", 10.3552, 20.32e-6, 0.443e-6, 1.0 - 0.0218 - 0.0218 - 0.0229, None,
        "PDG 2024: M = 10355.2(5) MeV, Gamma = 20.32(1.85) keV, Gamma_ee = 0.443(8) keV; "
        "B(ee, mumu, tautau) = 2.18, 2.18, 2.29 %",
    ),
}

BROAD_RESONANCES: dict[str, VectorResonance] = {
    "psi(3770)": VectorResonance(
        "psi(3770)", 3.7737, 27.2e-3, 0.262e-6, 1.0, M_D0,
        "PDG 2024: M = 3773.7(4) MeV, Gamma = 27.2(1.0) MeV, Gamma_ee = 0.262(18) keV",
    ),
    "psi(4040)": VectorResonance(
        "psi(4040)", 4.039, 80e-3, 0.86e-6, 1.0, M_D0,
        "PDG 2024: M = 4039(1) MeV, Gamma = 80(10) MeV, Gamma_ee = 0.86(7) keV",
    ),
    "psi(4160)": VectorResonance(
        "psi(4160)", 4.191, 70e-3, 0.48e-6, 1.0, M_D0,
        "PDG 2024: M = 4191(5) MeV, Gamma = 70(10) MeV, Gamma_ee = 0.48(22) keV",
    ),
    "psi(4415)": VectorResonance(
        "psi(4415)", 4.421, 62e-3, 0.58e-6, 1.0, M_D0,
        "PDG 2024: M = 4421(4) MeV, Gamma = 62(20) MeV, Gamma_ee = 0.58(7) keV",
    ),
    "Upsilon(4S)": VectorResonance(
        "Upsilon(4S)", 10.5794, 20.5e-3, 0.272e-6, 1.0, M_B_MESON,
        "PDG 2024: M = 10579.4(1.2) MeV, Gamma = 20.5(2.5) MeV, Gamma_ee = 0.272(29) keV",
    ),
    "Upsilon(10860)": VectorResonance(
        "Upsilon(10860)", 10.8852, 37e-3, 0.31e-6, 1.0, M_B_MESON,
        "PDG 2024: M = 10885.2(+2.6-1.6) MeV, Gamma = 37(4) MeV, Gamma_ee = 0.31(7) keV",
    ),
    "Upsilon(11020)": VectorResonance(
        "Upsilon(11020)", 11.000, 24e-3, 0.130e-6, 1.0, M_B_MESON,
        "PDG 2024: M = 11000(4) MeV, Gamma = 24(+8-6) MeV, Gamma_ee = 0.130(30) keV",
    ),
}

# Hadronic vacuum polarisation Re Delta alpha_had(M^2) at the resonance masses, from the dispersion
# integral  Delta alpha_had(s) = -(alpha s / 3 pi) P Int_{4 m_pi^2}^inf R(s') ds' / (s' (s' - s))
# of this model's R (computed with tests/test_hadrons.py::_delta_alpha_had_dispersive and checked
# there to +-2e-4; at 10.58 GeV the same integral agrees with pheno.constants.delta_alpha_hadronic


# Stated per-region accuracy (module docstring table; asserted in tests/test_hadrons.py against the
# PDG R compilation): (lo, hi) [GeV] -> (bound on median |R_model/R_data - 1|,
# bound on |Int R_model ds / Int R_data ds - 1|). Narrow resonances excluded, as in the compilation.
ACCURACY: dict[tuple[float, float], tuple[float, float]] = {
    (0.3, 0.6): (0.05, 0.05),
    (0.6, 0.75): (0.05, 0.05),
    (0.75, 0.85): (0.05, 0.05),
    (0.85, 0.95): (0.05, 0.05),
    (0.95, 1.05): (0.05, 0.05),
    (1.05, 1.3): (0.05, 0.05),
    (1.3, 1.6): (0.05, 0.05),
    (1.6, 2.0): (0.05, 0.05),
    (2.0, 3.0): (0.04, 0.05),
    (3.0, 3.7): (0.04, 0.05),
    (3.7, 5.0): (0.12, 0.03),
    (5.0, 11.0): (0.04, 0.03),
}


# ---------------------------------------------------------------------------------------------
# alpha_s(mu): 4-loop MS-bar running with flavour thresholds, tabulated once
# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# alpha_s(mu): 4-loop MS-bar running with flavour thresholds, tabulated once
# ---------------------------------------------------------------------------------------------
_ZETA3 = 1.2020569031595942


def _beta_coeffs(nf: int) -> tuple[float, float, float, float]:
    """beta_i for a = alpha_s/(4 pi):  d a / d ln mu^2 = -(b0 a^2 + b1 a^3 + b2 a^4 + b3 a^5)."""
    b0 = 11.0 - 2.0 * nf / 3.0
    b1 = 102.0 - 38.0 * nf / 3.0
    b2 = 2857.0 / 2.0 - 5033.0 * nf / 18.0 + 325.0 * nf**2 / 54.0
    b3 = (
        (149753.0 / 6.0 + 3564.0 * _ZETA3)
        - (1078361.0 / 162.0 + 6508.0 * _ZETA3 / 27.0) * nf
        + (50065.0 / 162.0 + 6472.0 * _ZETA3 / 81.0) * nf**2
        + 1093.0 / 729.0 * nf**3
    )
    return b0, b1, b2, b3


def _run_alpha_s(alpha_start: float, mu_start: float, mu_end: float, nf: int, nsteps: int = 400) -> float:
    """Integrate the 4-loop RGE in t = ln mu^2 with classical RK4 (smooth, well-conditioned)."""
    b0, b1, b2, b3 = _beta_coeffs(nf)

    def f(a):
        return -(b0 * a * a + b1 * a**3 + b2 * a**4 + b3 * a**5)

    a = alpha_start / (4.0 * math.pi)
    t0, t1 = 2.0 * math.log(mu_start), 2.0 * math.log(mu_end)
    h = (t1 - t0) / nsteps
    for _ in range(nsteps):
        k1 = f(a)
        k2 = f(a + 0.5 * h * k1)
        k3 = f(a + 0.5 * h * k2)
        k4 = f(a + h * k3)
        a += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6.0
    return 4.0 * math.pi * a


_MU_FREEZE = 1.0  # GeV: alpha_s frozen below
_DECOUPLING_C2 = 11.0 / 72.0  # alpha_s^(nf-1)(m) = alpha_s^(nf)(m) [1 + c2 (alpha_s/pi)^2] at mu = m(m)


def _march(alpha0: float, lnmu: np.ndarray, nf: int) -> np.ndarray:
    """alpha_s on a monotonic ln(mu) grid starting at the anchor lnmu[0] where alpha_s = alpha0."""
    out = np.empty(lnmu.size)
    out[0] = alpha0
    for i in range(1, lnmu.size):
        out[i] = _run_alpha_s(out[i - 1], math.exp(lnmu[i - 1]), math.exp(lnmu[i]), nf, 8)
    return out


def _build_alpha_s_segments(n: int = 400) -> list[tuple[float, float, int, np.ndarray, np.ndarray]]:
    """[(mu_lo, mu_hi, nf, ln mu grid, alpha_s grid)] for nf = 3 (1 GeV..m_c), 4 (m_c..m_b), 5 (m_b..1 TeV)."""
    a_mb5 = _run_alpha_s(ALPHA_S_MZ, M_Z, M_B_MSBAR, 5, 4000)
    a_mb4 = a_mb5 * (1.0 + _DECOUPLING_C2 * (a_mb5 / math.pi) ** 2)
    a_mc4 = _run_alpha_s(a_mb4, M_B_MSBAR, M_C_MSBAR, 4, 4000)
    a_mc3 = a_mc4 * (1.0 + _DECOUPLING_C2 * (a_mc4 / math.pi) ** 2)
    segs = []
    # nf = 5: from m_b up to 1 TeV
    g5 = np.linspace(math.log(M_B_MSBAR), math.log(1000.0), 3 * n)
    segs.append((M_B_MSBAR, 1000.0, 5, g5, _march(a_mb5, g5, 5)))
    # nf = 4: from m_b down to m_c, stored ascending
    g4 = np.linspace(math.log(M_B_MSBAR), math.log(M_C_MSBAR), n)
    segs.append((M_C_MSBAR, M_B_MSBAR, 4, g4[::-1], _march(a_mb4, g4, 4)[::-1]))
    # nf = 3: from m_c down to the freezing scale
    g3 = np.linspace(math.log(M_C_MSBAR), math.log(_MU_FREEZE), n)
    segs.append((_MU_FREEZE, M_C_MSBAR, 3, g3[::-1], _march(a_mc3, g3, 3)[::-1]))
    return segs


_AS_SEGMENTS = _build_alpha_s_segments()


def _nf_of(mu: np.ndarray) -> np.ndarray:
    return np.where(mu < M_C_MSBAR, 3, np.where(mu < M_B_MSBAR, 4, 5))


def alpha_s(mu):
    """Strong coupling alpha_s(mu) in the MS-bar scheme with n_f(mu) = 3, 4, 5 active flavours.

    Four-loop running from alpha_s(M_Z) = pheno.constants.ALPHA_S_MZ, thresholds at m_c(m_c) and
    m_b(m_b) (see module docstring). Frozen below 1 GeV; valid up to ~ 170 GeV (no top quark).
    Vectorised over ``mu`` [GeV]; tabulated at import (grid interpolation error < 1e-6).
    """
    mu_arr = _as_positive_array(mu, "mu")
    m = np.clip(mu_arr, _MU_FREEZE, 1000.0)
    lnmu = np.log(m)
    out = np.empty_like(lnmu)
    for lo, hi, _nf, grid, vals in _AS_SEGMENTS:
        sel = (m >= lo) & ((m < hi) if hi < 1000.0 else (m <= hi))
        out[sel] = np.interp(lnmu[sel], grid, vals)
    return float(out) if np.ndim(mu) == 0 else out


# ---------------------------------------------------------------------------------------------
# Running MS-bar quark masses (4-loop gamma_m along the alpha_s above)
# ---------------------------------------------------------------------------------------------
_ZETA4 = math.pi**4 / 90.0
_ZETA5 = 1.0369277551433699


def _gamma_m(a: np.ndarray, nf: np.ndarray) -> np.ndarray:
    """Mass anomalous dimension, d ln m / d ln mu^2 = -gamma_m(a), a = alpha_s/pi, to four loops
    (K.G. Chetyrkin, PLB 404 (1997) 161; J.A.M. Vermaseren, S.A. Larin, T. van Ritbergen, PLB 405 (1997) 327)."""
    g0 = 1.0
    g1 = (202.0 / 3.0 - 20.0 * nf / 9.0) / 16.0
    g2 = (1249.0 + (-2216.0 / 27.0 - 160.0 * _ZETA3 / 3.0) * nf - 140.0 * nf**2 / 81.0) / 64.0
    g3 = (4603055.0 / 162.0 + 135680.0 * _ZETA3 / 27.0 - 8800.0 * _ZETA5
          + (-91723.0 / 27.0 - 34192.0 * _ZETA3 / 9.0 + 880.0 * _ZETA4 + 18400.0 * _ZETA5 / 9.0) * nf
          + (5242.0 / 243.0 + 800.0 * _ZETA3 / 9.0 - 160.0 * _ZETA4 / 3.0) * nf**2
          + (-332.0 / 243.0 + 64.0 * _ZETA3 / 27.0) * nf**3) / 256.0
    return a * (g0 + a * (g1 + a * (g2 + a * g3)))


_MASS_RUNNING: dict = {}


def _mass_running_table() -> tuple[np.ndarray, np.ndarray]:
    """(ln mu grid, I(ln mu)) with I = Int_{ln 1 GeV^2}^{ln mu^2} gamma_m d ln mu'^2 (trapezoidal, 6000 nodes)."""
    if not _MASS_RUNNING:
        lnmu = np.linspace(math.log(_MU_FREEZE), math.log(1000.0), 6000)
        mu = np.exp(lnmu)
        g = _gamma_m(np.asarray(alpha_s(mu)) / math.pi, _nf_of(mu).astype(float))
        steps = 0.5 * (g[1:] + g[:-1]) * np.diff(2.0 * lnmu)
        _MASS_RUNNING["table"] = (lnmu, np.concatenate([[0.0], np.cumsum(steps)]))
    return _MASS_RUNNING["table"]


def running_mass(m_ref: float, mu_ref: float, mu):
    """MS-bar quark mass m(mu) [GeV] from m(mu_ref) = m_ref, e.g. running_mass(0.0935, 2.0, mu) for m_s.

    Solves d ln m / d ln mu^2 = -gamma_m(alpha_s(mu)/pi) with the four-loop gamma_m (:func:`_gamma_m`)
    and this module's alpha_s (n_f = 3, 4, 5 switching at m_c(m_c), m_b(m_b)); the O(alpha_s^2) mass
    decoupling at the flavour thresholds (< 0.2 %) is neglected. Valid for 1 GeV <= mu <= 1 TeV (mu is
    clipped to that range; alpha_s is frozen below 1 GeV). Vectorised over ``mu``. The trapezoidal
    integration is converged to < 1e-6; the closed-form solution m ~ c(alpha_s/pi) at fixed n_f (Chetyrkin
    1997), truncated at O(alpha_s^3), agrees to 3e-4 between 2 and 4 GeV (tests).

    >>> round(running_mass(4.183, 4.183, 4.183), 6)
    4.183
    """
    mu_arr = checked_array("mu", mu, lo=0.0, lo_strict=True, what="a scale > 0 [GeV]")
    lnmu, integral = _mass_running_table()
    clip = lambda x: np.clip(np.log(x), lnmu[0], lnmu[-1])  # noqa: E731
    out = m_ref * np.exp(-(np.interp(clip(mu_arr), lnmu, integral) - np.interp(clip(mu_ref), lnmu, integral)))
    return float(out) if np.ndim(mu) == 0 else out


# ---------------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------------
def _as_positive_array(x, name: str) -> np.ndarray:
    return checked_array(name, x, lo=0.0, what=">= 0 (a centre-of-mass energy in GeV)")


def _k_qcd(a: np.ndarray, nf: np.ndarray) -> np.ndarray:
    """Non-singlet Adler-function series 1 + a + r2 a^2 + r3 a^3, a = alpha_s/pi."""
    r2 = 1.9857 - 0.1152 * nf
    r3 = -6.63694 - 1.20013 * nf - 0.00518 * nf**2
    return 1.0 + a + r2 * a * a + r3 * a**3


def _velocity_factor(s: np.ndarray, m_meson: float) -> np.ndarray:
    """Born v = beta (3 - beta^2)/2 with beta = sqrt(1 - 4 m^2/s); 0 below threshold."""
    x = 1.0 - 4.0 * m_meson * m_meson / np.where(s > 0, s, 1.0)
    b = np.sqrt(np.clip(x, 0.0, None))
    return np.where(x > 0.0, 0.5 * b * (3.0 - b * b), 0.0)


def _pqcd_parts(s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(R_uds, R_c, R_b) of the perturbative continuum, open-flavour steps included."""
    sq = np.sqrt(s)
    a = alpha_s(np.maximum(sq, 1e-3)) / math.pi
    a = np.asarray(a, dtype=float)
    nf = _nf_of(sq)
    k = _k_qcd(a, nf)
    vc = _velocity_factor(s, M_D0)
    vb = _velocity_factor(s, M_B_MESON)
    # singlet (light-by-light type) term -1.2395 (sum_q Q_q)^2 a^3; sum over u, d, s vanishes, so it
    # only exists with open charm; |.| < 3e-5, booked with the charm part
    singlet = -1.2395 * a**3 * (_Q_C * vc + _Q_B * vb) ** 2
    r_uds = 2.0 * k
    r_c = 3.0 * _Q_C**2 * k * vc + singlet
    r_b = 3.0 * _Q_B**2 * k * vb
    return r_uds, r_c, r_b


def R_pqcd(sqrt_s, flavours: str = "udscb"):
    """Perturbative-QCD R at sqrt_s [GeV] for the given quark flavours (module docstring, 4. and 5.).

    ``flavours``: "uds" (massless N_c sum Q^2 (1 + a + r2 a^2 + r3 a^3) = 2 K_QCD), "c", "b" or a
    concatenation such as "udsc" or "udscb" (default). c and b include the open-flavour velocity step.
    Vectorised; no resonances.
    """
    parts = {"uds": False, "c": False, "b": False}
    rest = flavours
    if "uds" in rest:
        parts["uds"], rest = True, rest.replace("uds", "", 1)
    for q in ("c", "b"):
        if q in rest:
            parts[q], rest = True, rest.replace(q, "", 1)
    if rest or not any(parts.values()):
        raise ValueError(f"flavours must combine 'uds', 'c', 'b' (e.g. 'udscb'), got {flavours!r}")
    x = _as_positive_array(sqrt_s, "sqrt_s")
    s = np.atleast_1d(x * x).ravel()
    r_uds, r_c, r_b = _pqcd_parts(s)
    out = parts["uds"] * r_uds + parts["c"] * r_c + parts["b"] * r_b
    out = np.where(s > 0, out, 0.0)
    return float(out[0]) if np.ndim(sqrt_s) == 0 else out.reshape(np.shape(x))


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Heavy flavours: open charm / bottom and the c cbar, b bbar resonances
# ---------------------------------------------------------------------------------------------
def _bw_R(s: np.ndarray, mass: float, gamma_ee0: float, gamma_f, gamma_tot) -> np.ndarray:
    """R_V = (9/alpha^2) M^2 Gamma_ee^0 Gamma_f(s) / ((s - M^2)^2 + M^2 Gamma(s)^2)."""
    m2 = mass * mass
    return 9.0 / ALPHA0**2 * m2 * gamma_ee0 * gamma_f / ((s - m2) ** 2 + m2 * gamma_tot**2)


def _R_vector(s: np.ndarray, v: VectorResonance) -> np.ndarray:
    if v.threshold_meson_mass is None:
        t = 1.0
    else:
        m2, mt = v.mass * v.mass, v.threshold_meson_mass
        t = np.where(s < m2, (two_body_momentum(np.sqrt(s), mt, mt) / two_body_momentum(v.mass, mt, mt)) ** 3, 1.0)
    g = v.width * t
    return _bw_R(s, v.mass, v.gamma_ee_bare, g * v.b_had, g)


def narrow_resonance_integral(name: str) -> float:
    """Int R_V ds [GeV^2] of a Breit-Wigner resonance: 9 pi M Gamma_ee^0 B_had / alpha^2.

    Exact for the fixed-width narrow states (NARROW_RESONANCES); the zero-width limit for others.
    Use it when R is averaged over a mass window much wider than the resonance:
    <R> = Int R ds / (window in s).
    """
    v = NARROW_RESONANCES.get(name) or BROAD_RESONANCES.get(name)
    if v is None:
        known = sorted(NARROW_RESONANCES) + sorted(BROAD_RESONANCES)
        raise ValueError(f"name must be one of {known}, got {name!r}")
    return 9.0 * math.pi * v.mass * v.gamma_ee_bare * v.b_had / ALPHA0**2


def _is_bottom(name: str) -> bool:
    return name.startswith("Upsilon")


# ---------------------------------------------------------------------------------------------
# Remainder: the hadronic final states not listed as exclusive channels
# ---------------------------------------------------------------------------------------------
# Turn-on T(sqrt s) of the remainder, piecewise linear through these knots, 0 below the first and 1 above
# the last; the values are fitted to the PDG R compilation by docs/fit_hadronic_currents.py.
# BEGIN FITTED REMAINDER
REMAINDER_KNOTS = ((1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2),
                   (0, 0.01601, 0.00728, 0, 0.01317, 0.2675, 1.2, 1.669, 0.9029, 0.8527, 1))
# END FITTED REMAINDER


def _turn_on(x: np.ndarray) -> np.ndarray:
    kx, ky = REMAINDER_KNOTS
    return np.interp(x, kx, ky, left=0.0, right=1.0)


def _pqcd_light_shares(s: np.ndarray) -> dict[str, np.ndarray]:
    """Massless u, d, s quark R split into the currents: N_c K [(Q_u - Q_d)^2/2, (Q_u + Q_d)^2/2, Q_s^2]
    = K (3/2, 1/6, 1/3) for rho, omega, phi (sum 2 K)."""
    r_uds, _, _ = _pqcd_parts(s)
    k = 0.5 * r_uds
    return {"rho": 1.5 * k, "omega": k / 6.0, "phi": k / 3.0}


# ---------------------------------------------------------------------------------------------
# Exact evaluation: every channel's bilinear terms R_{F,VV'}(s)
# ---------------------------------------------------------------------------------------------
CHANNELS = (*vmd.CHANNELS, "other", "c c~", "b b~")
_PAIRS = tuple((a, b) for i, a in enumerate(vmd.COMPONENTS) for b in vmd.COMPONENTS[i:]) + (("c", "c"), ("b", "b"))


def _exact_terms(x: np.ndarray) -> dict[str, dict[tuple[str, str], np.ndarray]]:
    """{channel: {(V, V'): R_{F,VV'}}} at sqrt(s) = x (1-D array, x > 0); narrow J/psi, psi(2S),
    Upsilon(1S-3S) excluded (see _narrow_R)."""
    s = x * x
    out = {name: vmd.channel_terms(name, s) for name in vmd.CHANNELS}
    light = _pqcd_light_shares(s)
    t = _turn_on(x)
    out["other"] = {}
    for v in vmd.COMPONENTS:
        excl = sum(terms[(v, v)] for terms in out.values() if (v, v) in terms)
        out["other"][(v, v)] = t * np.clip(light[v] - excl, 0.0, None)
    _, r_c, r_b = _pqcd_parts(s)
    for key, flav, pert in (("c c~", "c", r_c), ("b b~", "b", r_b)):
        res = sum(_R_vector(s, v) for n, v in BROAD_RESONANCES.items() if _is_bottom(n) == (flav == "b"))
        out[key] = {(flav, flav): pert + res * _light_threshold(s)}
    return out


def _light_threshold(s: np.ndarray) -> np.ndarray:
    """min(1, (s - m_pi0^2)/(1 GeV^2 - m_pi0^2))^3: the far tails of the heavy-quarkonium Breit-Wigners
    (R < 2e-5 below 1 GeV) vanish at the lightest hadronic threshold (pi0 gamma, P wave) instead of
    jumping there; exactly 1 above 1 GeV."""
    return np.clip((s - M_PI0 * M_PI0) / (1.0 - M_PI0 * M_PI0), 0.0, 1.0) ** 3


def _narrow_R(x: np.ndarray, w_c: float, w_b: float) -> np.ndarray:
    """The narrow J/psi, psi(2S), Upsilon(1S-3S) Breit-Wigners (fixed widths, _R_vector) weighted by w_c^2, w_b^2,
    times _light_threshold (numba: pheno.interpolation.add_lorentzians)."""
    from pheno.interpolation import add_lorentzians

    res = list(NARROW_RESONANCES.items())
    m2 = np.array([v.mass**2 for _, v in res])
    mg2 = np.array([(v.mass * v.width) ** 2 for _, v in res])
    num = np.array([(w_b if _is_bottom(n) else w_c) ** 2 * 9.0 / ALPHA0**2 * v.mass**2 * v.gamma_ee_bare * v.width
                    * v.b_had for n, v in res])
    out = np.zeros(np.size(x))
    return add_lorentzians(np.ravel(x), m2, mg2, num, M_PI0 * M_PI0, 1.0, out).reshape(np.shape(x))


# ---------------------------------------------------------------------------------------------
# Fast evaluation: tables on two uniform grids in sqrt(s), linear interpolation (numba)
# ---------------------------------------------------------------------------------------------
X_SPLIT, X_MAX = 2.0, 12.0  # [GeV] fine grid below X_SPLIT, coarser up to X_MAX, exact evaluation above
N_FINE, N_COARSE = 40_000, 20_000  # steps of 0.05 MeV and 0.5 MeV


@lru_cache(maxsize=1)
def _grid() -> np.ndarray:
    fine = np.linspace(0.0, X_SPLIT, N_FINE + 1)
    coarse = np.linspace(X_SPLIT, X_MAX, N_COARSE + 1)[1:]
    return np.concatenate([fine, coarse])


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[tuple[str, str], np.ndarray]]:
    x = _grid()
    inside = x > SQRT_S_MIN
    exact = _exact_terms(x[inside])
    out = {}
    for ch, terms in exact.items():
        out[ch] = {}
        for pair, vals in terms.items():
            full = np.zeros(x.size)
            full[inside] = vals
            out[ch][pair] = full
    return out


def _weight_of(pair, weights) -> float:
    w = dict(zip(CURRENTS, weights))
    return w[pair[0]] * w[pair[1]]


@lru_cache(maxsize=64)
def _combined_table(weights: tuple, channels: tuple) -> np.ndarray:
    tabs = _tables()
    total = np.zeros(_grid().size)
    for ch in channels:
        for pair, t in tabs[ch].items():
            wt = _weight_of(pair, weights)
            if wt != 0.0:
                total += wt * t
    return total


def _interp(x: np.ndarray, table: np.ndarray, exact=None) -> np.ndarray:
    from pheno.interpolation import interp_two_uniform

    return interp_two_uniform(x, table, X_SPLIT, N_FINE, X_MAX, N_COARSE, exact)


@lru_cache(maxsize=64)
def _threshold_bins(channels: tuple) -> np.ndarray:
    """Flags of the table bins that contain a threshold of ``channels`` (or m_pi0): there linear
    interpolation would leak below the threshold, so those points are evaluated exactly."""
    h = X_SPLIT / N_FINE
    thresholds = [vmd.CHANNELS[c]["threshold"] for c in channels if c in vmd.CHANNELS] + [SQRT_S_MIN]
    flags = np.zeros(N_FINE + N_COARSE, dtype=np.bool_)
    for t in thresholds:
        flags[int(math.floor(t / h))] = True
    return flags


def _evaluate(sqrt_s, weights, channels, narrow: bool, pair=None):
    """R summed over ``channels`` for current ``weights`` at sqrt_s (validated array or scalar); only the
    term w_V w_V' R_VV' of ``pair`` = (V, V') if given."""
    return _evaluate_groups(sqrt_s, weights, [(tuple(channels), pair)], narrow)[0]


def _evaluate_groups(sqrt_s, weights, groups, narrow: bool) -> list:
    """:func:`_evaluate` for each (channels, pair) of ``groups`` at the same sqrt_s: the points that need
    the exact evaluation (off the table, threshold bins) share one _exact_terms call."""
    x = _as_positive_array(sqrt_s, "sqrt_s")
    flat = np.ascontiguousarray(x, dtype=float).ravel()
    weights = tuple(float(w) for w in weights)
    outs = []
    for channels, pair in groups:
        table = _combined_table(weights, channels) if pair is None else _weight_of(pair, weights) * _pair_table(pair)
        outs.append(_interp(flat, table, _threshold_bins(channels)))
    exact = np.flatnonzero(np.any([np.isnan(out) for out in outs], axis=0))
    if exact.size:
        with np.errstate(all="ignore"):
            terms = _exact_terms(np.maximum(flat[exact], 1e-3))
        for (channels, pair), out in zip(groups, outs):
            need = np.isnan(out[exact])
            if need.any():
                vals = sum(_weight_of(p, weights) * v[need] for ch in channels for p, v in terms[ch].items()
                           if pair is None or p == pair)
                at = exact[need]
                out[at] = np.where(flat[at] > SQRT_S_MIN, vals, 0.0)
    heavy = {"c c~": "c", "b b~": "b"}
    w = dict(zip(CURRENTS, weights))
    for (channels, pair), out in zip(groups, outs):
        if narrow and any(heavy.get(ch) and (pair is None or pair == (heavy[ch],) * 2) for ch in channels):
            use = lambda q: w[q] if f"{q} {q}~" in channels and (pair is None or pair == (q, q)) else 0.0  # noqa: E731
            out += _narrow_R(flat, use("c"), use("b"))
    return [float(out[0]) if np.ndim(sqrt_s) == 0 else out.reshape(np.shape(x)) for out in outs]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def _check_weights(weights) -> tuple:
    if weights is None:
        return PHOTON
    w = tuple(float(v) for v in weights)
    if len(w) != len(CURRENTS) or not all(np.isfinite(w)):
        raise ValueError(f"weights must be {len(CURRENTS)} finite numbers {CURRENTS}, got {weights!r}")
    return w


def R_ratio(sqrt_s, narrow: bool = True, weights=None):
    """Hadronic R(s) = sigma(e+e- -> hadrons)/sigma_0(e+e- -> mu+mu-) at sqrt_s [GeV] (bare, point-like sigma_0).

    ``weights`` (w_rho, w_omega, w_phi, w_c, w_b) (see :func:`current_weights`) give the same ratio for
    another vector current, Gamma(X -> hadrons) = g^2 m R_X/(12 pi); None is the photon.
    ``narrow=False`` omits the J/psi, psi(2S), Upsilon(1S-3S) Breit-Wigners (module docstring).
    Vectorised (a float for scalar input); 0 below m_pi0; ValueError for negative, NaN or infinite sqrt_s.
    """
    return _evaluate(sqrt_s, _check_weights(weights), CHANNELS, narrow)


def R_exclusive(sqrt_s, channel: str, narrow: bool = True, weights=None):
    """R of one channel of :data:`CHANNELS` ("pi+ pi-", ..., "other", "c c~", "b b~")."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, got {channel!r}")
    return _evaluate(sqrt_s, _check_weights(weights), (channel,), narrow)


def R_channels(sqrt_s, narrow: bool = True, weights=None) -> dict:
    """{channel: R_F} for every channel of :data:`CHANNELS`; they sum to :func:`R_ratio`."""
    values = _evaluate_groups(sqrt_s, _check_weights(weights), [((ch,), None) for ch in CHANNELS], narrow)
    return dict(zip(CHANNELS, values))


def R_currents(sqrt_s, narrow: bool = True, weights=None) -> dict:
    """R split by current: {"rho", "omega", "phi", "rho-omega", "rho-phi", "omega-phi", "c", "b"}, each
    the term w_V w_V' R_VV' summed over channels (interference terms can be negative); they sum to
    :func:`R_ratio`. For an isoscalar current (w_rho = 0) the rho terms vanish identically."""
    values = _evaluate_groups(sqrt_s, _check_weights(weights), [(CHANNELS, pair) for pair in _PAIRS], narrow)
    return {(a if a == b else f"{a}-{b}"): v for (a, b), v in zip(_PAIRS, values)}


@lru_cache(maxsize=None)
def _pair_table(pair) -> np.ndarray:
    return sum(t[pair] for t in _tables().values() if pair in t)


def pion_form_factor(sqrt_s):
    """Complex time-like pion form factor F_pi(s) of the pi+ pi- channel (pheno.vmd), sqrt_s > 2 m_pi [GeV];
    R_pipi = (beta^3/4) |F_pi|^2 (with the rho-omega mixing term). Below 2 m_pi the value at threshold."""
    x = _as_positive_array(sqrt_s, "sqrt_s")
    s = np.maximum(np.atleast_1d(x * x).ravel(), (2.0 * M_PI) ** 2 * (1 + 1e-9))
    amps = vmd.channel_amplitudes("pi+ pi-", s)
    beta3 = (1.0 - 4.0 * M_PI**2 / s) ** 1.5
    f = (amps["rho"] + amps["omega"]) / np.sqrt(beta3 / 4.0)
    return complex(f[0]) if np.ndim(sqrt_s) == 0 else f.reshape(np.shape(x))
