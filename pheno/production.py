"""Production processes at e+e- colliders and their Born cross sections (fb).

"Born level" here means tree level with a fixed (selectable) alpha: no initial-state radiation,
no beam-energy spread, no vacuum-polarisation beyond the choice of alpha, beams massless
(m_e^2/s ~ 2e-9), narrow on-shell new particle.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import constants as C
from .kinematics import lab_boost


@dataclass(frozen=True)
class Cuts:
    """Acceptance cuts applied to every SM final-state particle of a production process.

    cos_theta : (min, max) of the polar angle cosine w.r.t. the e- beam direction (+z).
    p_min     : minimum momentum [GeV].       pt_min : minimum transverse momentum [GeV].
    frame     : "cm" (centre-of-mass) or "lab" (head-on beams e_minus on e_plus [GeV]; Belle II
                7.0 on 4.0 -> beta*gamma = 0.2835 along the e- direction; crossing angle neglected).

    >>> Cuts(cos_theta=(-0.8, 0.9), p_min=0.5, frame="lab").beta_lab
    0.2727272727272727
    """

    cos_theta: tuple[float, float] = (-1.0, 1.0)
    p_min: float = 0.0
    pt_min: float = 0.0
    frame: str = "cm"
    e_minus: float = C.E_BEAM_ELECTRON
    e_plus: float = C.E_BEAM_POSITRON

    def __post_init__(self):
        lo, hi = (float(v) for v in self.cos_theta)
        object.__setattr__(self, "cos_theta", (lo, hi))
        if not (-1.0 <= lo < hi <= 1.0):
            raise ValueError(f"Cuts.cos_theta must satisfy -1 <= min < max <= 1, got {self.cos_theta}")
        for name in ("p_min", "pt_min"):
            v = getattr(self, name)
            if not (np.isfinite(v) and v >= 0):
                raise ValueError(f"Cuts.{name} must be a finite number >= 0, got {v!r}")
        if self.frame not in ("cm", "lab"):
            raise ValueError(f"Cuts.frame must be 'cm' or 'lab', got {self.frame!r}")
        if not (self.e_minus > 0 and self.e_plus > 0):
            raise ValueError("beam energies must be positive")

    @property
    def beta_lab(self) -> float:
        """Boost velocity CM -> lab (0 in the CM frame)."""
        return lab_boost(self.e_minus, self.e_plus) if self.frame == "lab" else 0.0

    @property
    def only_cm_momentum(self) -> bool:
        """True when the cuts reduce to a minimum CM momentum (exactly computable on the Dalitz plot)."""
        return self.cos_theta == (-1.0, 1.0) and self.pt_min == 0.0 and (self.frame == "cm" or self.beta_lab == 0.0)


@dataclass(frozen=True)
class CrossSection:
    """A cross section with its numerical uncertainty (integration error only), in fb."""

    value: np.ndarray
    error: np.ndarray


@dataclass(frozen=True)
class LeptonPairRadiation:
    """e+e- -> gamma* -> l+ l- X with X radiated off the final lepton line (X-lepton coupling c).

    sigma = c^2 * e^4 / (6 s^2) * Int T dPhi_3 (total, Dalitz route) or
            c^2 * e^4 / (2 s^3) * Int (1/4)sum|M|^2 s^2/e^4 dPhi_3 (with cuts, full kinematics),
    with the |M|^2 derived in pheno.amplitudes.processes (PHYSICS.md C5 for the vector case).
    alpha: both photon vertices sit on the s-channel photon, so the default is alpha(s) (running,
    leptonic + hadronic vacuum polarisation at q^2 = s); alpha="0" or a number override it.
    """

    name: str
    lepton: str
    vertex: str
    particle: str = "X"
    aliases: tuple[str, ...] = field(default=())

    def threshold(self, sqrt_s: float, mass):
        return np.asarray(mass) + 2.0 * C.LEPTON_MASS[self.lepton] >= sqrt_s

    def sigma_per_coupling2(self, mass, sqrt_s=C.SQRT_S_BELLE2, alpha="running", cuts: Cuts | None = None,
                            method: str = "auto", n_points: int = 2**13, seed: int = 2024) -> CrossSection:
        """sigma / c^2 in fb for each mass (numpy array). Errors: 0 for the quadrature route
        (converged to < 1e-9, see tests), the replica spread for the quasi-Monte Carlo route."""
        from . import phasespace as ps
        from .kernels.llx import VERTEX_ID

        if method not in ("auto", "dalitz", "mc"):
            raise ValueError(f"method must be 'auto', 'dalitz' or 'mc', got {method!r}")
        m_l = C.LEPTON_MASS[self.lepton]
        a = C.resolve_alpha(alpha, sqrt_s)
        s = float(sqrt_s) ** 2
        vid = VERTEX_ID[self.vertex]
        masses = np.asarray(mass, dtype=float)
        value = np.zeros(masses.shape)
        error = np.zeros(masses.shape)
        use_dalitz = cuts is None or (method != "mc" and cuts.only_cm_momentum)
        if method == "dalitz" and not use_dalitz:
            raise ValueError("the Dalitz route handles no cuts or a CM momentum cut only")
        e4 = (4.0 * math.pi * a) ** 2
        for idx, mx in np.ndenumerate(masses):
            if math.sqrt(s) <= mx + 2.0 * m_l:
                continue
            if use_dalitz:
                e_min = 0.0 if cuts is None else math.hypot(cuts.p_min, m_l)
                integral = ps.dalitz_integral(vid, s, m_l, mx, e_min=e_min)
                value[idx] = e4 / (6.0 * s * s) * integral / (128.0 * math.pi**3 * s)
            else:
                val, err = ps.full_kinematics(vid, s, m_l, mx, cuts=cuts, n_points=n_points, seed=seed)
                value[idx] = e4 / (2.0 * s**3) * val
                error[idx] = e4 / (2.0 * s**3) * err
        return CrossSection(value * C.GEV2_TO_FB, error * C.GEV2_TO_FB)


def canonical_process(name: str) -> str:
    """Normalise a process string: single spaces, e.g. "e+e- > mu+mu- Z'" stays comparable."""
    return " ".join(str(name).replace(">", " > ").split())
