"""Dark photon A' (kinetic mixing eps) with a dark-matter particle chi, and dark Higgsstrahlung.

L = -(1/4) F'F' + (1/2) m^2 A'A' - eps e A'_mu J^mu_em + g_D A'_mu J^mu_D,  alpha_D = g_D^2/(4 pi),
J_D = chibar gamma chi (Dirac fermion) or i(phi* d phi - phi d phi*) (complex scalar), unit dark charge
(docs/physics.md A; Bjorken, Essig, Schuster, Toro, PRD 80 (2009) 075018; Batell, Pospelov, Ritz,
PRD 80 (2009) 095024). eps is defined with alpha(0), as BaBar and Belle II quote it.
"""
from __future__ import annotations

import numpy as np

from pheno import constants as C
from pheno.model import Model
from pheno.production import Higgsstrahlung, PhotonAssociated

from .vector import PRESETS, hadronic_channel_widths, vector_widths

_PHOTON = PRESETS["dark_photon"]


class DarkPhoton(Model):
    """Dark photon of mass ``mass`` [GeV], kinetic mixing ``epsilon``, dark coupling ``alpha_D``,
    dark-matter mass ``m_chi`` [GeV] (None: no dark sector decay), ``chi`` = "dirac" | "scalar".

    Widths (GeV):
      l+l-:     alpha eps^2 m/3 (1 + 2x) beta                 (docs/physics.md A1)
      hadrons:  alpha eps^2 m/3 R(m^2), R with the point-like sigma_0 = 4 pi alpha^2/(3s) (A2;
                the DarkCast convention); R from pheno.hadrons (accuracy per region documented there),
                split into exclusive channels by :meth:`hadronic_widths`
      chi:      alpha_D m/3 (1 + 2x) beta (Dirac), alpha_D m/12 beta^3 (complex scalar)   (A3)
    Channels "e+ e-", "mu+ mu-", "tau+ tau-", "hadrons", "chi chi~"; aggregates "visible", "invisible".
    The same widths as pheno.models.VectorBoson(charges="dark_photon", g=eps e(0), g_chi=sqrt(4 pi alpha_D))
    (one implementation, models.vector.vector_widths; no neutrino channel here).
    Near narrow resonances (J/psi, Upsilon) the mass-eigenstate treatment can fail for tiny eps
    (Kamada et al., arXiv:2404.06793); this leading-order calculator ignores that.

    >>> a = DarkPhoton(mass=1.0, epsilon=1e-3)
    >>> round(float(a.widths()["mu+ mu-"]) / 1e-9, 4)   # 1e-9 GeV; docs/physics.md A1: 2.43060e-3 GeV at eps = 1
    2.4306
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "epsilon": ("coupling", None),
        "alpha_D": ("coupling", 0.0),
        "m_chi": ("optional_mass", None),
        "chi": (("dirac", "scalar"), "dirac"),
    }
    COUPLING = "epsilon"
    SYMBOLS = {"mass": "m_{A'}", "epsilon": r"\varepsilon", "alpha_D": r"\alpha_D", "m_chi": r"m_\chi"}
    PROCESSES = {"e+ e- > gamma A'": PhotonAssociated("e+ e- > gamma A'", aliases=("e+ e- > A' gamma",))}
    AGGREGATES = {"visible": ("e+ e-", "mu+ mu-", "tau+ tau-", "hadrons"), "invisible": ("chi chi~",)}

    def widths(self) -> dict[str, np.ndarray]:
        g_d = None if self.m_chi is None else np.sqrt(4.0 * np.pi * self.alpha_D)
        return vector_widths(self.mass, self.epsilon * C.E0, _PHOTON, self.shape, self.m_chi, g_d, self.chi,
                             neutrinos=False)

    def hadronic_widths(self) -> dict[str, np.ndarray]:
        """Gamma(A' -> F) = (alpha eps^2 m/3) R_F(m^2) for each channel F of pheno.hadrons.CHANNELS
        ("pi+ pi-", "pi+ pi- pi0", ..., "other", "c c~", "b b~"); they sum to widths()["hadrons"]."""
        return hadronic_channel_widths(self.mass, self.epsilon * C.E0, _PHOTON, self.shape)

    def delta_a(self, lepton: str = "mu") -> np.ndarray:
        """Delta a_l = (alpha eps^2/2 pi) Int 2 m_l^2 z(1-z)^2/(m_l^2(1-z)^2 + m^2 z) dz (docs/physics.md A5;
        Pospelov, PRD 80 (2009) 095002), alpha = alpha(0)."""
        from pheno.g2 import delta_a_vector

        return self._delta_a_from(delta_a_vector, lepton, self.epsilon * C.E0)


class DarkHiggsstrahlung(Model):
    """e+e- -> A' h' in the minimal dark-Higgs model (Batell, Pospelov, Ritz, PRD 79 (2009) 115008).

    Parameters: ``mass`` (alias ``m_Ap``) the A' mass, ``m_hp`` the dark Higgs mass [GeV], ``epsilon``,
    ``alpha_D``, ``sin_theta`` (h'-Higgs mixing, default 0). The h'A'A' vertex is 2 g_D m_A' (unit dark
    charge of the Higgs). The A' decays as a dark photon without dark matter (widths/BFs below). The h'
    decays through :meth:`dark_higgs` (pheno.models.darkscalar.DarkHiggs): to A'A' for m_h' > 2 m_A', and
    through its Higgs mixing (leptons, pi pi, K K, ...; widths proportional to sin_theta^2); with
    sin_theta = 0 and m_h' < 2 m_A' it is stable and escapes Belle II (invisible).
    sigma is proportional to eps^2 alpha_D, the "effective coupling" Belle II quotes
    (PRL 130 (2023) 071804): see :meth:`effective_coupling_limit`.

    >>> round(float(DarkHiggsstrahlung(m_Ap=1.0, m_hp=0.5, epsilon=1e-3, alpha_D=1e-3)
    ...       .cross_section("e+ e- > A' h'")), 5)   # fb, docs/physics.md B1: 0.02903 at eps^2 alpha_D = 1e-9
    0.02903
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "m_hp": ("mass", None),
        "epsilon": ("coupling", None),
        "alpha_D": ("coupling", None),
        "sin_theta": ("coupling", 0.0),
    }
    COUPLING = "epsilon"
    SYMBOLS = {"mass": "m_{A'}", "m_hp": "m_{h'}", "epsilon": r"\varepsilon", "alpha_D": r"\alpha_D"}
    PROCESSES = {"e+ e- > A' h'": Higgsstrahlung("e+ e- > A' h'", aliases=("e+ e- > h' A'",))}
    AGGREGATES = DarkPhoton.AGGREGATES

    def __init__(self, **params):
        if "m_Ap" in params:
            if "mass" in params:
                raise TypeError("give the A' mass as mass= or m_Ap=, not both")
            params["mass"] = params.pop("m_Ap")
        super().__init__(**params)

    @property
    def m_Ap(self):
        return self.mass

    def widths(self) -> dict[str, np.ndarray]:
        """A' partial widths (GeV), as a dark photon with no dark-matter channel."""
        return DarkPhoton(mass=self.mass, epsilon=self.epsilon + np.zeros(self.shape)).widths()

    def dark_higgs(self):
        """The h' as a decaying particle (pheno.models.darkscalar.DarkHiggs): widths, BFs and c*tau of
        h' -> A'A' and of its Higgs-mixing channels, e.g. ``model.dark_higgs().branching_ratio("mu+ mu-")``."""
        from .darkscalar import DarkHiggs

        return DarkHiggs(mass=self.m_hp, sin_theta=self.sin_theta, m_Ap=self.mass, alpha_D=self.alpha_D)

    @staticmethod
    def effective_coupling_limit(mass, sigma_ul, m_hp, final_state="mu+ mu-", **kwargs):
        """(eps^2 alpha_D) upper limit per A' mass from sigma(e+e- -> A'h') x BF upper limits [fb].

        sigma scales exactly with eps^2 alpha_D and BF(A' -> SM) does not depend on them, so the
        limit is eps_UL^2 at alpha_D = 1 (converted with pheno.coupling_limit along that line).
        """
        from pheno.limits import coupling_limit

        eps = coupling_limit(DarkHiggsstrahlung, "e+ e- > A' h'", mass, sigma_ul, final_state=final_state,
                             m_hp=m_hp, alpha_D=1.0, **kwargs)
        return np.square(eps)
