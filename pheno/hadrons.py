"""pheno's own parametrisation of the hadronic R ratio, 2 m_pi <= sqrt(s) <= 11 GeV.

    R(s) = sigma(e+e- -> hadrons) / sigma_0(e+e- -> mu+mu-),   sigma_0 = 4 pi alpha^2 / (3 s)

(point-like, massless muons; alpha = alpha(0)), used for the dark-photon hadronic width

    Gamma(A' -> hadrons) = (alpha eps^2 m / 3) R(m^2)            (docs/physics.md A2, DarkCast convention).

R here is the *bare* ("undressed", vacuum-polarisation-free) ratio, i.e. the ratio of the
one-photon-irreducible hadronic cross section to the point-like muon one. That is what measured
R values are (the same photon propagator dresses numerator and denominator) and what enters the
A' width at fixed (alpha(0), eps). No measured R data ship with the package: every number below
is a published resonance parameter (PDG 2024 unless stated), a published form-factor parameter,
or perturbative QCD. The exceptions, stated as such, are the two shape parameters of the 1-2 GeV
multi-hadron turn-on (E_FULL, N_ON, section 3), chosen by comparison with the PDG R compilation,
so that the 1.1-2.0 GeV entry of the accuracy table is not an independent validation.

Public API: R_ratio(sqrt_s, narrow=True), R_exclusive(sqrt_s, "pi+ pi-" | "other"),
R_components(sqrt_s) (dict of the pieces below), R_pqcd(sqrt_s, flavours), alpha_s(mu),
pion_form_factor(sqrt_s), narrow_resonance_integral(name); NARROW_RESONANCES, BROAD_RESONANCES,
ACCURACY. Units: GeV throughout (widths in GeV; keV values written as 1e-6). All functions are
vectorised over numpy arrays and return floats for scalar input; negative, NaN or infinite energies
raise ValueError naming the argument.

Model
=====
R = R_pipi + R_omega + R_phi + R_multi + R_c + R_b + sum_V R_V      (incoherent sum)

1. pi+ pi- (isovector, from the pion form factor)
   R_pipi = (1/4) beta_pi^3 |F_pi(s)|^2,  beta_pi = sqrt(1 - 4 m_pi+^2 / s).
   F_pi(s) = [BW_rho(s) (1 + delta s/M_om^2 BW_om(s)) + beta BW_rho'(s) + gamma BW_rho''(s)] / (1 + beta + gamma)
   with Gounaris-Sakurai Breit-Wigners BW^GS (G.J. Gounaris, J.J. Sakurai, PRL 21 (1968) 244;
   normalised BW^GS(0) = 1 through the GS constant d) for rho(770), rho(1450), rho(1700) and a
   fixed-width BW_om = M^2/(M^2 - s - i M Gamma) for omega. This is the Kuehn-Santamaria form
   (J.H. Kuehn, A. Santamaria, Z. Phys. C 48 (1990) 445) as fitted by Belle (M. Fujikawa et al.,
   PRD 78 (2008) 072006, Table VII, F_pi(0) = 1 fit): |beta| = 0.15, arg beta = 202 deg,
   |gamma| = 0.037, arg gamma = 24 deg. Masses and widths are PDG 2024 (rho(770): "neutral only,
   e+e-" values). The rho-omega mixing strength |delta| is not fitted: it is fixed by requiring the
   omega peak of e+e- -> omega -> pi+pi- to be 12 pi Gamma_ee^0(omega) B(omega -> pi+pi-)/(M^2 Gamma^2)
   (PDG 2024 omega width, B(e+e-), B(pi+pi-)); this gives |delta| = 1.68e-3 (published fits:
   1.5-2.0e-3); its phase is set to 0.

2. omega(782), phi(1020): Breit-Wigners normalised by their e+e- widths,
   R_V(s) = (9 / alpha^2) M^2 Gamma_ee^0 Gamma_f(s) / [(s - M^2)^2 + M^2 Gamma(s)^2].
   omega: final states other than pi+pi- (that part is in F_pi); below the peak the 3 pi partial
   width is scaled by (Q/Q_M)^4 (Q = sqrt(s) - 3 m_pi: 3-body phase space x P-wave) and pi0 gamma
   by (k/k_M)^3, so the tail closes at the 3 pi and pi0 gamma thresholds; fixed widths above the peak.
   phi: energy-dependent width, P-wave (p/p_M)^3 (M^2/s) for K+K- and K_S K_L, constant for the
   rest. The P-wave K Kbar growth makes the phi's high-side wing larger than a Lorentzian's (its
   full integral is 14 % above 9 pi M Gamma_ee^0/alpha^2); the peak is exactly 9 Gamma_ee^0 B_had/(alpha^2 Gamma).
   Interference of omega/phi with the continuum (3 pi, K Kbar) is neglected.

3. Multi-hadron continuum of light quarks (omega pi, 4 pi, K Kbar (pi), eta pi pi, 6 pi, ...):
   R_multi = T(sqrt s) * max(R_uds^pQCD(s) - R_pipi(s), 0),
   T = clip((sqrt(s) - E_ON)/(E_FULL - E_ON), 0, 1)^N_ON, E_ON = m_omega + m_pi0 = 0.918 GeV
   (omega pi0 threshold: the first multi-hadron channel with a sizeable cross section above the phi),
   E_FULL = 1.55 GeV, N_ON = 1.5. Above E_FULL the light-quark R is the perturbative one (local
   quark-hadron duality); below, the explicit vector mesons carry R. E_FULL and N_ON are set by
   comparison with the PDG R compilation (see above). Not modelled: the
   rho(1450)/omega(1420)/omega(1650)/phi(1680)/rho(1700) structure (data 12-14 % above the model at
   1.6-1.7 GeV, 8-11 % below near the 1.9 GeV dip) and the 0.95-1.01 GeV region below the phi,
   where the model is 10-20 % low (K Kbar and 3 pi continuum/interference).

4. Perturbative QCD (massless, MS-bar, mu^2 = s):
   R_q = N_c Q_q^2 [1 + a + r2 a^2 + r3 a^3] + singlet term, a = alpha_s(sqrt s)/pi,
   r2 = 1.9857 - 0.1152 n_f, r3 = -6.63694 - 1.20013 n_f - 0.00518 n_f^2, singlet
   -1.2395 (sum_q Q_q)^2 a^3  (K.G. Chetyrkin, A.L. Kataev, F.V. Tkachov, PLB 85 (1979) 277;
   S.G. Gorishny, A.L. Kataev, S.A. Larin, PLB 259 (1991) 144; L.R. Surguladze, M.A. Samuel,
   PRL 66 (1991) 560; review: K.G. Chetyrkin, J.H. Kuehn, A. Kwiatkowski, Phys. Rept. 277 (1996) 189).
   For n_f = 5: r2 = 1.409, r3 = -12.77 (+ singlet -0.04). n_f = number of active flavours of
   alpha_s at mu = sqrt(s). The a^4 term (P.A. Baikov, K.G. Chetyrkin, J.H. Kuehn, PRL 101 (2008)
   012002) would change R by -0.7 % at 2 GeV, -0.4 % at 3 GeV, -0.2 % at 5 GeV, -0.1 % at 10 GeV;
   it is left out and counts as the truncation uncertainty.
   alpha_s(mu): four-loop MS-bar running (T. van Ritbergen, J.A.M. Vermaseren, S.A. Larin,
   PLB 400 (1997) 379) from alpha_s(M_Z) = pheno.constants.ALPHA_S_MZ = 0.1180, with n_f = 5 -> 4 -> 3
   at mu = m_b(m_b) = 4.183 GeV and m_c(m_c) = 1.2730 GeV (PDG 2024 MS-bar masses) and the two-loop
   decoupling alpha_s^(nf-1) = alpha_s^(nf) [1 + (11/72)(alpha_s/pi)^2] (K.G. Chetyrkin, B.A. Kniehl,
   M. Steinhauser, PRL 79 (1997) 2184). alpha_s(m_tau) = 0.319, alpha_s(10.58 GeV) = 0.176. Frozen
   below 1 GeV (only the multi-hadron term uses it there, where T < 0.05).
   u, d, s: N_c sum Q^2 = 2 -> R(3 GeV) = 2.17.  u, d, s, c below the B Bbar threshold:
   R(10 GeV) = 3.52 (10/3 x 1.059 x charm velocity factor 0.99); CLEO measured 3.56(1)(7) at 10.52 GeV.
   The five-flavour 11/3 x K_QCD = 3.88 (at 10 GeV) is only approached well above 2 m_B (R(20 GeV) = 3.84).

5. Open charm / open bottom: R_c = 3 (4/9) K_QCD v(beta_D), R_b = 3 (1/9) K_QCD v(beta_B), the
   Born velocity factor v = beta (3 - beta^2)/2 evaluated with the *meson* threshold,
   beta_D = sqrt(1 - 4 m_D0^2/s), beta_B = sqrt(1 - 4 m_B+^2/s): a smooth step that opens at the
   physical D Dbar (3.730 GeV) and B Bbar (10.559 GeV) thresholds and tends to the massless result.
   On top of it the broad vector states psi(3770), psi(4040), psi(4160), psi(4415), Upsilon(4S),
   Upsilon(10860), Upsilon(11020) are Breit-Wigners normalised by their PDG e+e- widths, with the
   width scaled by the P-wave factor (p/p_M)^3 of the open-flavour pair below the peak (so they
   vanish at the open threshold). Interference with the continuum is neglected: the 3.7-4.6 GeV
   structure is reproduced on average (integral to 0.4 %) but not in detail (up to 20-38 % locally,
   e.g. the dip at 4.23-4.32 GeV).

6. Narrow resonances J/psi, psi(2S), Upsilon(1S), Upsilon(2S), Upsilon(3S): fixed-width
   Breit-Wigners of the same form as 2. with Gamma_f = Gamma B(hadrons):
       R_V(s) = (9/alpha^2) M^2 Gamma_ee^0 Gamma B_had / [(s - M^2)^2 + M^2 Gamma^2],
   derived from sigma(e+e- -> V -> hadrons) = 12 pi Gamma_ee Gamma_had / [(s - M^2)^2 + M^2 Gamma^2]
   (the s/M^2 factors of other conventions, equal to 1 on the peak, are dropped) divided by
   sigma_0 = 4 pi alpha^2/(3 s) taken at s = M^2. Its integral over s is exactly (Lorentzian)
       Int R_V ds = 9 pi M Gamma_ee^0 B_had / alpha^2
   i.e. the standard narrow-width result sigma(e+e- -> V -> hadrons) = (12 pi^2 Gamma_ee^0 B_had / M)
   delta(s - M^2); on the peak R_V = 9 Gamma_ee^0 B_had / (alpha^2 Gamma) (sigma_peak =
   12 pi Gamma_ee Gamma_had/(M^2 Gamma^2)). The widths are 20-300 keV: R reaches 1.3e3 (psi(2S)) to
   8.5e3 (J/psi) on the peaks, and off the peak falls as 9 Gamma_ee^0 Gamma_had/(4 alpha^2 Delta^2)
   (Delta = sqrt(s) - M): 0.18 (J/psi), 0.27 (psi(2S)), 0.03 (Upsilon(1S)) at Delta = 10 MeV. Anything averaged
   over a mass resolution (or an A' whose mass is uncertain by more than Gamma_V) should use the
   integral (narrow_resonance_integral); and on a narrow resonance the mass-eigenstate A' width is
   not a good description anyway (A'-V mixing, cf. Kamada et al., arXiv:2404.06793).
   R_ratio(..., narrow=False) drops these five states (the PDG compilation also omits them).

Gamma_ee^0: the *undressed* leptonic width, Gamma_ee^0 = Gamma_ee (alpha(0)/alpha(M))^2 =
Gamma_ee (1 - Delta alpha(M^2))^2 (F. Jegerlehner, A. Nyffeler, Phys. Rept. 477 (2009) 1), because
R is the bare ratio while PDG's Gamma_ee is the physical width. Delta alpha = one-loop leptonic
(pheno.constants.delta_alpha_leptonic) + hadronic, the latter from the dispersion integral of this
very model (_DELTA_ALPHA_HAD, recomputed in the tests; at 10.58 GeV it agrees with
pheno.constants.delta_alpha_hadronic to 4e-4). The factor is 0.954 (omega), 0.962 (phi),
0.959 (J/psi), 0.957 (psi(2S)), 0.93 (Upsilons).

Below 2 m_pi+ R is returned as 0 (the physical pi0 gamma channel there has R < 1e-4). Far tails of
the fixed-width parts (phi -> 3 pi below the 3 pi threshold, J/psi, ...) are not physical but
below 2e-4 in absolute R; just above 2 m_pi, where R_pipi -> 0, they dominate R (~2e-4).
Above 11 GeV R continues with 5-flavour QCD plus the open-bottom step (no Z exchange: valid to
~ 20 GeV).

Accuracy
========
Measured against the PDG 2020 R compilation (test material, shared/reference/pdg_R_ratio.csv) in
tests/test_hadrons.py; narrow resonances excluded as in the compilation; points given as an energy
bin compared with the model averaged over the bin. "median" = median over the data points of
|R_model/R_data - 1|; "integral" = Int R_model ds / Int R_data ds - 1 (trapezoidal rule in s over
the measured energies, the same nodes for both), the number that matters for widths averaged over
a mass resolution. The stated accuracy (ACCURACY, asserted by the tests) is what this module
promises; it is above the measured value by a margin for the data's own normalisation errors.

    region [GeV]   median   integral   max      stated (median / |integral|)
    0.279 - 0.6    2.2 %    +0.9 %      9 %     4 % / 3 %
    0.6   - 0.9    1.8 %    +1.0 %     14 %     3 % / 2 %    (rho-omega)
    0.9   - 1.1    4.8 %    -3.0 %     26 %     7 % / 5 %    (phi)
    1.1   - 2.0    3.4 %    -1.4 %     13 %     6 % / 3 %    (turn-on tuned here)
    2.0   - 3.0    2.2 %    -3.5 %     17 %     4 % / 5 %    (pQCD; data 2-4 % above)
    3.0   - 3.7    2.7 %    -3.8 %     14 %     4 % / 5 %    (pQCD; data 2-4 % above)
    3.7   - 5.0    8.9 %    +0.4 %     38 %     12 % / 3 %   (open charm)
    5.0   - 11     2.6 %    -1.3 %     11 %     4 % / 3 %
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pheno.constants import ALPHA0, ALPHA_S_MZ, M_Z, delta_alpha_leptonic
from pheno.validation import checked_array

__all__ = [
    "R_ratio",
    "R_exclusive",
    "R_components",
    "R_pqcd",
    "alpha_s",
    "pion_form_factor",
    "narrow_resonance_integral",
    "VectorResonance",
    "NARROW_RESONANCES",
    "BROAD_RESONANCES",
    "ACCURACY",
    "SQRT_S_MIN",
]

# ---------------------------------------------------------------------------------------------
# Hadron and quark masses, PDG 2024 (S. Navas et al., Phys. Rev. D 110 (2024) 030001) [GeV]
# ---------------------------------------------------------------------------------------------
M_PI = 0.13957039  # pi+-   139.57039(18) MeV
M_PI0 = 0.1349768  # pi0    134.9768(5) MeV
M_K = 0.493677  # K+-    493.677(15) MeV
M_K0 = 0.497611  # K0     497.611(13) MeV
M_D0 = 1.86484  # D0     1864.84(5) MeV   -> open-charm threshold 2 m_D0 = 3.7297 GeV
M_B_MESON = 5.27941  # B+     5279.41(7) MeV   -> open-bottom threshold 2 m_B+ = 10.5588 GeV
M_C_MSBAR = 1.2730  # m_c(m_c) MS-bar, 1.2730(46) GeV (quark-mass decoupling scale for alpha_s)
M_B_MSBAR = 4.183  # m_b(m_b) MS-bar, 4.183(7) GeV

SQRT_S_MIN = 2.0 * M_PI  # R = 0 below the pi+ pi- threshold

# rho family (PDG 2024): rho(770) "neutral only, e+e-" mass and width; rho(1450), rho(1700) averages
RHO_MASS, RHO_WIDTH = 0.77526, 0.1474  # 775.26(23) MeV, 147.4(8) MeV (neutral only, e+e-)
RHO1450_MASS, RHO1450_WIDTH = 1.465, 0.400  # 1465(25) MeV, 400(60) MeV
RHO1700_MASS, RHO1700_WIDTH = 1.720, 0.250  # 1720(20) MeV, 250(100) MeV
# rho(1450), rho(1700) admixtures of F_pi: Belle, M. Fujikawa et al., PRD 78 (2008) 072006, Table VII
# (fit with F_pi(0) = 1 fixed): |beta| = 0.15, arg = 202 deg; |gamma| = 0.037, arg = 24 deg.
FPI_BETA = 0.15 * complex(math.cos(math.radians(202.0)), math.sin(math.radians(202.0)))
FPI_GAMMA = 0.037 * complex(math.cos(math.radians(24.0)), math.sin(math.radians(24.0)))

# omega(782), PDG 2024: M = 782.66(13) MeV, Gamma = 8.68(13) MeV, B(e+e-) = 7.38(22)e-5,
# B(pi+pi-) = 1.53(+11-13) %, B(mu+mu-) = 7.4(1.8)e-5, B(pi+pi-pi0) = 89.2(7) %, B(pi0 gamma) = 8.35(27) %
OMEGA_MASS, OMEGA_WIDTH = 0.78266, 0.00868
OMEGA_B_EE, OMEGA_B_PIPI, OMEGA_B_MUMU = 7.38e-5, 0.0153, 7.4e-5
OMEGA_B_3PI, OMEGA_B_PI0GAMMA = 0.892, 0.0835
# phi(1020), PDG 2024: M = 1019.461(16) MeV, Gamma = 4.249(13) MeV, B(e+e-) = 2.979(33)e-4,
# B(mu+mu-) = 2.85(19)e-4, B(K+K-) = 49.1(5) %, B(K_L K_S) = 33.9(4) %
PHI_MASS, PHI_WIDTH = 1.019461, 0.004249
PHI_B_EE, PHI_B_MUMU, PHI_B_KK, PHI_B_K0K0 = 2.979e-4, 2.85e-4, 0.491, 0.339

# Multi-hadron turn-on T (section 3 of the module docstring). It starts at the omega pi0 threshold
# (the first multi-hadron channel with a sizeable cross section above the phi) and reaches 1 at
# E_FULL with power N_ON; E_FULL and N_ON were chosen by comparing with the PDG R compilation.
E_ON = OMEGA_MASS + M_PI0  # 0.9176 GeV
E_FULL = 1.55  # GeV
N_ON = 1.5


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
        return self.gamma_ee * _undressing_factor(self.name, self.mass)


# PDG 2024 values. Gamma_ee in GeV (keV * 1e-6). b_had = 1 - B(e e) - B(mu mu) - B(tau tau)
# unless PDG quotes B(hadrons) directly.
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
        "Upsilon(1S)", 9.46040, 54.02e-6, 1.340e-6, 1.0 - 0.0238 - 0.0248 - 0.0260, None,
        "PDG 2024: M = 9460.40(10) MeV, Gamma = 54.02(1.25) keV, Gamma_ee = 1.340(18) keV; "
        "B(ee, mumu, tautau) = 2.38, 2.48, 2.60 %",
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
# to 4e-4). The own resonance is left out at its own mass (its real part vanishes on the peak).
_DELTA_ALPHA_HAD = {
    "omega": 0.01179,
    "phi": 0.00645,
    "J/psi": 0.00556,
    "psi(2S)": 0.00671,
    "psi(3770)": 0.01151,
    "psi(4040)": 0.00824,
    "psi(4160)": 0.00947,
    "psi(4415)": 0.00980,
    "Upsilon(1S)": 0.01308,
    "Upsilon(2S)": 0.01373,
    "Upsilon(3S)": 0.01407,
    "Upsilon(4S)": 0.01423,
    "Upsilon(10860)": 0.01430,
    "Upsilon(11020)": 0.01499,
}


def _undressing_factor(name: str, mass: float) -> float:
    """(alpha(0)/alpha(M))^2 = (1 - Delta alpha_lep(M^2) - Delta alpha_had(M^2))^2."""
    return (1.0 - delta_alpha_leptonic(mass) - _DELTA_ALPHA_HAD[name]) ** 2


# Stated per-region accuracy (module docstring table; asserted in tests/test_hadrons.py against the
# PDG R compilation): (lo, hi) [GeV] -> (bound on median |R_model/R_data - 1|,
# bound on |Int R_model ds / Int R_data ds - 1|). Narrow resonances excluded, as in the compilation.
ACCURACY: dict[tuple[float, float], tuple[float, float]] = {
    (SQRT_S_MIN, 0.6): (0.04, 0.03),
    (0.6, 0.9): (0.03, 0.02),
    (0.9, 1.1): (0.07, 0.05),
    (1.1, 2.0): (0.06, 0.03),
    (2.0, 3.0): (0.04, 0.05),
    (3.0, 3.7): (0.04, 0.05),
    (3.7, 5.0): (0.12, 0.03),
    (5.0, 11.0): (0.04, 0.03),
}


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
    singlet = -1.2395 * a**3 * (2.0 / 3.0 * vc - 1.0 / 3.0 * vb) ** 2
    r_uds = 2.0 * k
    r_c = 3.0 * (4.0 / 9.0) * k * vc + singlet
    r_b = 3.0 * (1.0 / 9.0) * k * vb
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
# Pion form factor (Gounaris-Sakurai, Kuehn-Santamaria combination)
# ---------------------------------------------------------------------------------------------
def _gs_bw(s: np.ndarray, mass: float, width: float) -> np.ndarray:
    """Gounaris-Sakurai Breit-Wigner for a P-wave pi+pi- resonance, normalised to 1 at s = 0.

    BW = M^2 (1 + d Gamma/M) / (M^2 - s + f(s) - i M Gamma (p/p_M)^3 (M/sqrt s)), valid s >= 4 m_pi^2.
    """
    m2 = mass * mass
    mpi2 = M_PI * M_PI
    pm = 0.5 * math.sqrt(m2 - 4.0 * mpi2)
    hm = 2.0 / math.pi * pm / mass * math.log((mass + 2.0 * pm) / (2.0 * M_PI))
    dhm = hm * (1.0 / (8.0 * pm * pm) - 1.0 / (2.0 * m2)) + 1.0 / (2.0 * math.pi * m2)
    d = (
        3.0 / math.pi * mpi2 / (pm * pm) * math.log((mass + 2.0 * pm) / (2.0 * M_PI))
        + mass / (2.0 * math.pi * pm)
        - mpi2 * mass / (math.pi * pm**3)
    )
    ss = np.maximum(s, 4.0 * mpi2 * (1.0 + 1e-12))
    rs = np.sqrt(ss)
    p = 0.5 * np.sqrt(ss - 4.0 * mpi2)
    h = 2.0 / math.pi * p / rs * np.log((rs + 2.0 * p) / (2.0 * M_PI))
    f = width * m2 / pm**3 * (p * p * (h - hm) + (m2 - ss) * pm * pm * dhm)
    im = mass * width * (p / pm) ** 3 * (mass / rs)
    return m2 * (1.0 + d * width / mass) / (m2 - ss + f - 1j * im)


def _omega_bw(s: np.ndarray) -> np.ndarray:
    m2 = OMEGA_MASS**2
    return m2 / (m2 - s - 1j * OMEGA_MASS * OMEGA_WIDTH)


def _rho_omega_delta() -> float:
    """|delta| from the omega -> pi+pi- peak cross section (see module docstring)."""
    s = np.array([OMEGA_MASS**2])
    beta3 = (1.0 - 4.0 * M_PI**2 / OMEGA_MASS**2) ** 1.5
    gee0 = OMEGA_WIDTH * OMEGA_B_EE * _undressing_factor("omega", OMEGA_MASS)
    f_needed = math.sqrt(36.0 * gee0 * OMEGA_B_PIPI / (ALPHA0**2 * beta3 * OMEGA_WIDTH))
    bw_rho = abs(_gs_bw(s, RHO_MASS, RHO_WIDTH)[0])
    return f_needed * (OMEGA_WIDTH / OMEGA_MASS) * abs(1.0 + FPI_BETA + FPI_GAMMA) / bw_rho


def _fpi(s: np.ndarray) -> np.ndarray:
    return (
        _gs_bw(s, RHO_MASS, RHO_WIDTH) * (1.0 + _DELTA_RHO_OMEGA * s / OMEGA_MASS**2 * _omega_bw(s))
        + FPI_BETA * _gs_bw(s, RHO1450_MASS, RHO1450_WIDTH)
        + FPI_GAMMA * _gs_bw(s, RHO1700_MASS, RHO1700_WIDTH)
    ) / (1.0 + FPI_BETA + FPI_GAMMA)


def pion_form_factor(sqrt_s):
    """Complex time-like pion form factor F_pi(s) (module docstring, 1.), sqrt_s >= 2 m_pi [GeV].

    Below 2 m_pi the threshold value is returned (|F_pi(4 m_pi^2)| = 1.17). Vectorised.
    """
    x = _as_positive_array(sqrt_s, "sqrt_s")
    f = _fpi(np.atleast_1d(x * x).ravel())
    return complex(f[0]) if np.ndim(sqrt_s) == 0 else f.reshape(np.shape(x))


# ---------------------------------------------------------------------------------------------
# Breit-Wigner resonances
# ---------------------------------------------------------------------------------------------
def _two_body_p(s: np.ndarray, m: float) -> np.ndarray:
    return 0.5 * np.sqrt(np.clip(s - 4.0 * m * m, 0.0, None))


def _bw_R(s: np.ndarray, mass: float, gamma_ee0: float, gamma_f: np.ndarray, gamma_tot: np.ndarray) -> np.ndarray:
    """R_V = (9/alpha^2) M^2 Gamma_ee^0 Gamma_f(s) / ((s - M^2)^2 + M^2 Gamma(s)^2)."""
    m2 = mass * mass
    return 9.0 / ALPHA0**2 * m2 * gamma_ee0 * gamma_f / ((s - m2) ** 2 + m2 * gamma_tot**2)


def _R_omega(s: np.ndarray) -> np.ndarray:
    """omega -> (everything but pi+pi-), with the channel thresholds applied below the peak.

    Below M: Gamma_3pi scaled by (Q/Q_M)^4, Q = sqrt(s) - (2 m_pi+ + m_pi0) (3-body phase space
    ~ Q^2 times the P-wave matrix element ~ Q^2), Gamma_pi0gamma by (k/k_M)^3 (M1 photon momentum k);
    above M the partial widths are kept at their on-peak values (no unbounded growth).
    """
    m2 = OMEGA_MASS * OMEGA_MASS
    gee0 = OMEGA_WIDTH * OMEGA_B_EE * _undressing_factor("omega", OMEGA_MASS)
    rs = np.sqrt(s)
    below = rs < OMEGA_MASS
    m3 = 2.0 * M_PI + M_PI0
    f3 = np.where(below, (np.clip(rs - m3, 0.0, None) / (OMEGA_MASS - m3)) ** 4, 1.0)
    k = np.clip(s - M_PI0**2, 0.0, None) / (2.0 * rs)
    k_m = (m2 - M_PI0**2) / (2.0 * OMEGA_MASS)
    fpg = np.where(below, (k / k_m) ** 3, 1.0)
    b_rest = 1.0 - OMEGA_B_PIPI - OMEGA_B_EE - OMEGA_B_MUMU - OMEGA_B_3PI - OMEGA_B_PI0GAMMA
    g_f = OMEGA_WIDTH * (OMEGA_B_3PI * f3 + OMEGA_B_PI0GAMMA * fpg + b_rest)
    g_tot = g_f + OMEGA_WIDTH * (OMEGA_B_PIPI + OMEGA_B_EE + OMEGA_B_MUMU)
    return _bw_R(s, OMEGA_MASS, gee0, g_f, g_tot)


def _R_phi(s: np.ndarray) -> np.ndarray:
    m2 = PHI_MASS**2
    gee0 = PHI_WIDTH * PHI_B_EE * _undressing_factor("phi", PHI_MASS)
    pk_m, pk0_m = _two_body_p(np.array(m2), M_K), _two_body_p(np.array(m2), M_K0)
    pk, pk0 = _two_body_p(s, M_K), _two_body_p(s, M_K0)
    g_kk = PHI_WIDTH * PHI_B_KK * (pk / pk_m) ** 3 * m2 / s
    g_k0 = PHI_WIDTH * PHI_B_K0K0 * (pk0 / pk0_m) ** 3 * m2 / s
    g_rest = PHI_WIDTH * (1.0 - PHI_B_KK - PHI_B_K0K0 - PHI_B_EE - PHI_B_MUMU)
    g_lep = PHI_WIDTH * (PHI_B_EE + PHI_B_MUMU)
    g_had = g_kk + g_k0 + g_rest
    return _bw_R(s, PHI_MASS, gee0, g_had, g_had + g_lep)


def _R_vector(s: np.ndarray, v: VectorResonance) -> np.ndarray:
    if v.threshold_meson_mass is None:
        t = 1.0
    else:
        m2 = v.mass * v.mass
        pm = _two_body_p(np.array(m2), v.threshold_meson_mass)
        t = np.where(s < m2, (_two_body_p(s, v.threshold_meson_mass) / pm) ** 3, 1.0)
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


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------
def _turn_on(sqrt_s: np.ndarray) -> np.ndarray:
    """T = clip((sqrt_s - E_ON)/(E_FULL - E_ON), 0, 1)^N_ON."""
    return np.clip((sqrt_s - E_ON) / (E_FULL - E_ON), 0.0, 1.0) ** N_ON


def _components(x: np.ndarray) -> dict[str, np.ndarray]:
    s = x * x
    above = x > SQRT_S_MIN
    s_safe = np.where(above, s, (2.0 * SQRT_S_MIN) ** 2)  # placeholder value below threshold
    beta = np.sqrt(np.clip(1.0 - 4.0 * M_PI**2 / s_safe, 0.0, None))
    r_pipi = 0.25 * beta**3 * np.abs(_fpi(s_safe)) ** 2
    r_uds, r_c, r_b = _pqcd_parts(s_safe)
    comp = {
        "pi+ pi-": r_pipi,
        "omega": _R_omega(s_safe),
        "phi": _R_phi(s_safe),
        "multihadron": _turn_on(np.sqrt(s_safe)) * np.clip(r_uds - r_pipi, 0.0, None),
        "open charm": r_c,
        "open bottom": r_b,
    }
    for label, table in (("broad", BROAD_RESONANCES), ("narrow", NARROW_RESONANCES)):
        cc = [_R_vector(s_safe, v) for n, v in table.items() if not n.startswith("Upsilon")]
        bb = [_R_vector(s_safe, v) for n, v in table.items() if n.startswith("Upsilon")]
        comp[f"charmonium ({label})"] = sum(cc)
        comp[f"bottomonium ({label})"] = sum(bb)
    for k in comp:
        comp[k] = np.where(above, comp[k], 0.0)
    return comp


_NARROW_KEYS = ("charmonium (narrow)", "bottomonium (narrow)")


def R_components(sqrt_s) -> dict[str, np.ndarray]:
    """The individual contributions to R (module docstring), keyed by name; they sum to R_ratio."""
    x = _as_positive_array(sqrt_s, "sqrt_s")
    comp = _components(np.atleast_1d(x).ravel())
    return {k: (float(v[0]) if np.ndim(sqrt_s) == 0 else v.reshape(np.shape(x))) for k, v in comp.items()}


def R_ratio(sqrt_s, narrow: bool = True):
    """Hadronic R(s) = sigma(e+e- -> hadrons)/sigma_0(e+e- -> mu+mu-) at sqrt_s [GeV].

    Vectorised over numpy arrays (returns a float for scalar input). 0 below 2 m_pi+.
    ``narrow=False`` omits the J/psi, psi(2S), Upsilon(1S-3S) Breit-Wigners (module docstring, 6.).
    Raises ValueError for negative, NaN or infinite sqrt_s.
    """
    x = _as_positive_array(sqrt_s, "sqrt_s")
    comp = _components(np.atleast_1d(x).ravel())
    tot = sum(v for k, v in comp.items() if narrow or k not in _NARROW_KEYS)
    return float(tot[0]) if np.ndim(sqrt_s) == 0 else tot.reshape(np.shape(x))


_CHANNELS = ("pi+ pi-", "other")


def R_exclusive(sqrt_s, channel: str, narrow: bool = True):
    """R of one final state: "pi+ pi-" (from |F_pi|^2) or "other" (= R_ratio - R_pipi)."""
    if channel not in _CHANNELS:
        raise ValueError(f"channel must be one of {_CHANNELS}, got {channel!r}")
    x = _as_positive_array(sqrt_s, "sqrt_s")
    comp = _components(np.atleast_1d(x).ravel())
    if channel == "pi+ pi-":
        out = comp["pi+ pi-"]
    else:
        out = sum(v for k, v in comp.items() if k != "pi+ pi-" and (narrow or k not in _NARROW_KEYS))
    return float(out[0]) if np.ndim(sqrt_s) == 0 else out.reshape(np.shape(x))


_DELTA_RHO_OMEGA = _rho_omega_delta()
