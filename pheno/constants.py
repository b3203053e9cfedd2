"""Physical constants and the fine-structure constant, in one place.

Units: GeV for energies, masses and widths; metres for c*tau; fb for cross sections.
Sources: R.L. Workman et al. / S. Navas et al. (Particle Data Group), Review of Particle Physics,
Phys. Rev. D 110 (2024) 030001 ("PDG 2024"), and CODATA 2018 (as adopted by PDG 2024) for
alpha(0), the lepton masses and hbar*c.

Which alpha
-----------
Every observable in pheno takes ``alpha=`` with one of

* ``"0"``        -- Thomson limit alpha(0) = 1/137.035999084 (CODATA 2018);
* ``"running"``  -- alpha(q^2) with leptonic + hadronic vacuum polarisation at the scale of the
                    observable (see :func:`alpha_running`);
* a number       -- used as given (e.g. ``1/127.9``, the default of the MadGraph L_mu-L_tau UFO
                    model shipped with basf2, to reproduce a MadGraph run).

The default is stated per observable: couplings of new particles (epsilon, g', g_agg) are defined
with alpha(0); the s-channel photon of e+e- -> gamma* -> X uses the running alpha at q^2 = s.
"""
from __future__ import annotations

import math

import numpy as np

# --- exact / conversion constants (PDG 2024, "Physical constants" table) ---
HBARC_GEV_M = 1.973269804e-16  # hbar*c [GeV m] (exact in the 2019 SI)
HBAR_GEV_S = 6.582119569e-25  # hbar [GeV s]
C_M_PER_S = 299792458.0  # speed of light [m/s] (exact)
GEV2_TO_FB = 3.893793721e11  # (hbar c)^2 = 0.3893793721 GeV^2 mb = 3.893793721e11 GeV^2 fb

# --- electroweak ---
ALPHA0 = 1.0 / 137.035999084  # alpha(0), CODATA 2018 (PDG 2024)
E0 = math.sqrt(4.0 * math.pi * ALPHA0)  # e = sqrt(4 pi alpha(0)), the unit of charge that defines eps and similar couplings
G_F = 1.1663788e-5  # Fermi constant [GeV^-2], PDG 2024
V_EW = (math.sqrt(2.0) * G_F) ** -0.5  # Higgs vev v = (sqrt2 G_F)^(-1/2) = 246.2196 GeV
M_Z = 91.1880  # Z mass [GeV], PDG 2024
ALPHA_S_MZ = 0.1180  # strong coupling alpha_s(M_Z), PDG 2024

# --- leptons [GeV] (CODATA 2018 / PDG 2024) ---
M_E = 0.51099895000e-3
M_MU = 0.1056583755
M_TAU = 1.77693  # PDG 2024: 1776.93 +- 0.09 MeV
LEPTON_MASS = {"e": M_E, "mu": M_MU, "tau": M_TAU}
TAU_LIFETIME_S = 290.3e-15  # PDG 2024/2026 tau mean life, (290.3 +- 0.5) fs (the measured quantity; see pheno.particles)

# --- quark electric charges [units of e] ---
QUARK_CHARGE = {"u": 2.0 / 3.0, "d": -1.0 / 3.0, "s": -1.0 / 3.0, "c": 2.0 / 3.0, "b": -1.0 / 3.0, "t": 2.0 / 3.0}

# --- Standard-Model branching fractions used to normalise rates (PDG 2024 listings; value, error) ---
# tau: "Modes with one charged particle"; Upsilon(1S): leptonic modes. Limits quoted relative to one of
# these channels (e.g. Belle II's BF(tau -> l alpha)/BF(tau -> l nu nu)) are converted with the value here.
SM_BRANCHING_FRACTIONS = {
    "tau- > e- nu nu~": (0.1782, 0.0004),      # (17.82 +- 0.04) %
    "tau- > mu- nu nu~": (0.1739, 0.0004),     # (17.39 +- 0.04) %
    "Upsilon(1S) > e+ e-": (0.0238, 0.0011),   # (2.38 +- 0.11) %
    "Upsilon(1S) > mu+ mu-": (0.0248, 0.0005),  # (2.48 +- 0.05) %
    "Upsilon(1S) > tau+ tau-": (0.0260, 0.0010),  # (2.60 +- 0.10) %
}
UPSILON1S_GAMMA_EE = 1.340e-6  # Gamma(Upsilon(1S) -> e+ e-) [GeV], PDG 2024: (1.340 +- 0.018) keV

# --- heavy-quark masses for partonic (inclusive) rates [GeV], PDG 2024 quark summary tables ---
# MS-bar m_q(m_q) and pole masses; the pole mass has an O(Lambda_QCD) renormalon ambiguity. A free-quark
# rate ~ m_b^5 f(m_psi^2/m_b^2) is 2.1x (m_psi = 1 GeV) to 6.5x (3 GeV) larger with the pole masses.
M_BOTTOM_MSBAR = 4.183  # m_b(m_b) = 4.183 +- 0.007
M_CHARM_MSBAR = 1.2730  # m_c(m_c) = 1.2730 +- 0.0046
M_BOTTOM_POLE = 4.78  # 4.78 +- 0.06 (PDG 2024 quark-mass review)
M_CHARM_POLE = 1.67  # 1.67 +- 0.07 (PDG 2024 quark-mass review)

# --- heavy SM masses and CKM (PDG 2024) ---
M_W = 80.3692  # W mass [GeV], PDG 2024 average 80.3692(133)
M_TOP_POLE = 172.57  # top mass from direct measurements ("pole" mass) [GeV], PDG 2024: 172.57(29)
M_TOP_MSBAR = 162.5  # MS-bar m_t(m_t) [GeV] from the ttbar cross section, PDG 2024: 162.5(+2.1 -1.5)
V_TS = 0.04110  # |V_ts|, PDG 2024 CKM review, global fit (Wolfenstein parametrisation): 0.04110(+83 -72)
V_TB = 0.999118  # |V_tb|, PDG 2024 CKM review, global fit: 0.999118(+31 -36)

# --- light quark and pion inputs (PDG 2024) ---
M_S_2GEV = 0.0935  # MS-bar m_s(mu = 2 GeV) [GeV], PDG 2024: 93.5(8) MeV
F_PI = 0.1302 / math.sqrt(2.0)  # pion decay constant f_pi = F_pi+/sqrt2 [GeV], PDG 2024 F_pi+ = 130.2(1.2) MeV
BF_KSTAR0_TO_KPLUS_PIMINUS = 2.0 / 3.0  # B(K*(892)0 -> K+ pi-): isospin (K+ pi- : K0 pi0 = 2 : 1), B(K* -> K pi) ~ 100 % (PDG 2024)

# --- Belle II / SuperKEKB (Upsilon(4S) running) ---
SQRT_S_BELLE2 = 10.58  # GeV, nominal CM energy used throughout as the default
E_BEAM_ELECTRON = 7.0  # HER e- energy [GeV]
E_BEAM_POSITRON = 4.0  # LER e+ energy [GeV]
# parent counts for sensitivity projections (pheno.sensitivity.n_parent)
SIGMA_TAUTAU_NB = 0.919  # sigma(e+e- -> tau+ tau-) at 10.58 GeV [nb], KK2f (Banerjee et al., PRD 77 (2008) 054012);
#   quoted from memory, not re-read here: a parameter of pheno.sensitivity.n_parent, override it there
F_PLUS_MINUS = 0.514  # BF(Upsilon(4S) -> B+ B-), PDG 2024 (B0 B0bar: 0.486)

# --- hadronic vacuum polarisation ---
# Delta alpha_had^(5)(M_Z^2): data-driven dispersive evaluations give 0.02761-0.02779 and lattice-based
# ones up to 0.02795 (e.g. Erler & Ferro-Hernandez, JHEP 12 (2023) 131: 0.02763(7) data, 0.02784(6) BMW).
# We take 0.02768 +- 0.00010, inside that spread (the PDG electroweak review discusses these evaluations;
# the value is a choice within the published spread, not a quoted PDG number).
DELTA_ALPHA_HAD5_MZ = 0.02768


def _delta_alpha_lepton(s: float, m: float) -> float:
    """One-loop leptonic vacuum polarisation Re Delta alpha_l(s), s > 0 (time-like).

    Delta alpha_l(s) = (alpha/3pi) [ -8/3 + beta^2 + (beta/2)(3 - beta^2) ln|(1+beta)/(1-beta)| ]
    for s > 4m^2 (beta = sqrt(1 - 4m^2/s)), the real part of the textbook result, e.g.
    Peskin & Schroeder eq. (7.91) evaluated for time-like q^2; -> (alpha/3pi)(ln(s/m^2) - 5/3)
    for s >> m^2. Below threshold the analytic continuation (arctan form) is used.
    """
    r = 4.0 * m * m / s
    if r < 1.0:
        b = math.sqrt(1.0 - r)
        one_minus_b = r / (1.0 + b)  # 1 - beta without cancellation for s >> m^2
        val = -8.0 / 3.0 + b * b + 0.5 * b * (3.0 - b * b) * math.log((1.0 + b) / one_minus_b)
    else:  # 0 < s <= 4 m^2
        b = math.sqrt(r - 1.0)  # beta = i b
        val = -8.0 / 3.0 - b * b + b * (3.0 + b * b) * math.atan(1.0 / b)
    return ALPHA0 / (3.0 * math.pi) * val


def delta_alpha_leptonic(sqrt_s: float) -> float:
    """Sum of the e, mu, tau one-loop contributions to Delta alpha at q^2 = s."""
    s = sqrt_s * sqrt_s
    return sum(_delta_alpha_lepton(s, m) for m in (M_E, M_MU, M_TAU))


def delta_alpha_hadronic(sqrt_s: float) -> float:
    """Hadronic Delta alpha^(5)(s), documented parametrisation valid for 4 GeV <= sqrt(s) <= M_Z.

    Anchored at Delta alpha_had^(5)(M_Z^2) (PDG 2024) and run down with the perturbative
    continuum, d Delta alpha_had / d ln s = (alpha/3pi) R(s), using
    R = N_c sum_q Q_q^2 (1 + alpha_s/pi) with five flavours (R = 11/3 (1 + 0.15/pi) = 3.84;
    alpha_s = 0.15 as a typical value between 10 and 91 GeV). Between 4 GeV and the bb threshold the b quark
    contributes only through the Upsilon resonances, which this continuum picture averages over.
    Accuracy: +-0.0004 in Delta alpha_had at 10.58 GeV (+-0.06 in 1/alpha): it gives 0.01487, the
    independent estimate is 0.0147-0.0150, and a dispersion integral over pheno's own R(s)
    parametrisation (pheno.hadrons, itself good to a few per cent) gives 0.01448.
    """
    if not (4.0 <= sqrt_s <= M_Z + 1e-9):
        raise ValueError(
            f"running alpha: the hadronic parametrisation covers 4 GeV <= sqrt_s <= {M_Z} GeV, "
            f"got sqrt_s = {sqrt_s} GeV; pass alpha='0' or a number instead"
        )
    r_continuum = 11.0 / 3.0 * (1.0 + 0.15 / math.pi)
    return DELTA_ALPHA_HAD5_MZ - ALPHA0 / (3.0 * math.pi) * r_continuum * math.log(M_Z**2 / sqrt_s**2)


def alpha_running(sqrt_s: float) -> float:
    """alpha(q^2 = s) = alpha(0) / (1 - Delta alpha_lep(s) - Delta alpha_had(s)) (on-shell scheme, Re).

    >>> round(1 / alpha_running(10.58), 1)
    132.1
    """
    return ALPHA0 / (1.0 - delta_alpha_leptonic(sqrt_s) - delta_alpha_hadronic(sqrt_s))


ALPHA_SPELLINGS = "'0' (alpha(0)), 'running' (alpha(s)), a number such as 0.0078 or a fraction such as 1/127.9"


def parse_alpha(alpha):
    """Normalise an ``alpha=`` argument, the same in Python and on the command line: "0" (also
    "alpha0", "thomson") -> "0"; "running" (also "alpha(s)", "s") -> "running"; a number or a
    string holding a number or a fraction ("0.0078", "1/127.9") -> that float in (0, 1).

    >>> parse_alpha("1/127.9") == 1 / 127.9, parse_alpha(" Running "), parse_alpha(0.0073)
    (True, 'running', 0.0073)
    """
    if isinstance(alpha, str):
        key = alpha.strip().lower()
        if key in ("0", "alpha0", "alpha(0)", "thomson"):
            return "0"
        if key in ("running", "alpha(s)", "s"):
            return "running"
        try:
            if key.count("/") == 1:
                num, den = (float(x) for x in key.split("/"))
                value = num / den
            else:
                value = float(key)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"alpha must be {ALPHA_SPELLINGS}; got {alpha!r}") from None
    elif isinstance(alpha, (bool, np.bool_)) or alpha is None:
        raise ValueError(f"alpha must be {ALPHA_SPELLINGS}; got {alpha!r}")
    else:
        try:
            value = float(alpha)
        except (TypeError, ValueError):
            raise ValueError(f"alpha must be {ALPHA_SPELLINGS}; got {alpha!r}") from None
    if not (np.isfinite(value) and 0.0 < value < 1.0):
        raise ValueError(f"alpha must be {ALPHA_SPELLINGS}, a number in (0, 1); got {alpha!r}")
    return value

def resolve_alpha(alpha, sqrt_s: float | None = None) -> float:
    """Turn an ``alpha=`` argument (any spelling of :func:`parse_alpha`) into a number.

    "running" needs the scale ``sqrt_s`` of the photon it applies to.
    """
    alpha = parse_alpha(alpha)
    if alpha == "0":
        return ALPHA0
    if alpha == "running":
        if sqrt_s is None:
            raise ValueError("alpha='running' needs the scale sqrt_s")
        return alpha_running(float(sqrt_s))
    return alpha
