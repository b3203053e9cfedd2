"""Production of a new particle X in decays of Standard-Model particles (B, tau, Upsilon, ...).

The second production mechanism of a B-factory, next to e+e- -> X + SM (:mod:`pheno.production`):
a process such as ``"B+ > K+ S"`` is the two-body decay parent -> recoil + X. Its rate is a
branching fraction

    BF(parent -> recoil X) = c^2 Gamma_1(m_X) / Gamma_parent,

with c the model's production coupling for the process (``Model.production_coupling``), Gamma_1
the partial width at c = 1 from the process's ``width`` function (hadronic and leptonic matrix
elements live in the engine, e.g. :mod:`pheno.flavour`), and Gamma_parent the PDG total width
(:mod:`pheno.particles`). A model lists these processes in ``PROCESSES`` next to its e+e- ones and
gets ``Model.production_branching_ratio(process)``; the limit converter takes ``bf_ul=`` for them.

Parent kinematics, for decay-in-detector fractions (:mod:`pheno.decay`), set by ``source``:

* ``"Upsilon(4S)"``: e+e- -> Upsilon(4S) -> B Bbar at rest in the CM frame of the beams,
  |p*_B| = (s/4 - m_B^2)^(1/2) (0.33 GeV at 10.58 GeV), dN/dcos* ∝ 1 - cos*^2 (a vector made by
  e+e- annihilation has J_z = +-1 along the beam; its P-wave decay into two spin-0 mesons gives
  |Y_1^{+-1}|^2 ∝ sin^2);
* ``"tau pair"``: e+e- -> gamma* -> tau+ tau-, E_tau = sqrt(s)/2, dN/dcos* ∝ 1 + cos*^2 + (1 - beta^2) sin*^2
  (Born, massive final fermions; e.g. Peskin & Schroeder problem 5.2);
* ``"at rest"``: the parent at rest in the CM frame (an Upsilon(1S) tagged in Upsilon(2S) -> Upsilon(1S)
  pi+ pi-, whose recoil momentum ~0.1 GeV is neglected).

X is emitted isotropically in the parent's rest frame: exact for spin-0 parents (B mesons) and for
unpolarised parents; the small tau polarisation at 10.58 GeV and the tau+ tau- spin correlations are
neglected. The CM frame is boosted to the lab along the e- beam (+z), as in :mod:`pheno.decay`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import constants as C
from .kinematics import lab_boost, two_body_momentum

SOURCES = ("Upsilon(4S)", "tau pair", "at rest")


@dataclass(frozen=True)
class ParentDecay:
    """X produced in the two-body decay ``parent -> recoil + X`` of a Standard-Model particle.

    name     : process string, e.g. "B+ > K+ S" (parent > recoil particle)
    parent   : PDG name of the decaying SM particle ("B+", "B0", "tau-", "Upsilon(1S)")
    recoil   : the SM particle recoiling against X ("K+", "K*0", "mu-", "gamma"), or None when X is
               the whole final state (e.g. Upsilon(1S) -> chi chi~)
    particle : the new particle's symbol in ``name`` ("S", "a", "Z'", "psi", "chi chi~")
    width    : width(model) -> partial width [GeV] at unit production coupling, shape model.shape,
               0 where the decay is closed
    source   : how the parent is made (see the module docstring): "Upsilon(4S)", "tau pair", "at rest"
    """

    name: str
    parent: str
    recoil: str | None
    particle: str
    width: Callable = field(repr=False)
    source: str = "Upsilon(4S)"
    aliases: tuple[str, ...] = ()
    quantity: str = "bf"  # the limit converter takes bf_ul= for this process

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"ParentDecay.source must be one of {SOURCES}, got {self.source!r}")

    @property
    def parent_width(self) -> float:
        """PDG total width of the parent [GeV] (pheno.particles)."""
        from .particles import total_width

        return total_width(self.parent)

    def width_per_coupling2(self, model) -> np.ndarray:
        """Partial width Gamma(parent -> recoil X) at unit production coupling [GeV]."""
        return np.broadcast_to(np.asarray(self.width(model), float), model.shape)

    def branching_ratio_per_coupling2(self, model) -> np.ndarray:
        """BF(parent -> recoil X) at unit production coupling."""
        return self.width_per_coupling2(model) / self.parent_width

    def decay_sample(self, model, sqrt_s=C.SQRT_S_BELLE2, cuts=None, e_minus=C.E_BEAM_ELECTRON,
                     e_plus=C.E_BEAM_POSITRON, n: int = 24):
        """Lab kinematics of X (a :class:`pheno.decay.DecaySample`) for a single X mass."""
        from .particles import mass

        if self.recoil is None:
            raise ValueError(f"{self.name}: X is the whole final state; no decay-in-detector fraction")
        if cuts is not None:
            raise ValueError(f"{self.name}: cuts are not supported for production in {self.parent} decays")
        return parent_decay_sample(float(np.asarray(model.mass)), mass(self.parent), _recoil_mass(self.recoil),
                                   self.source, float(sqrt_s), e_minus, e_plus, n)


def _recoil_mass(name: str) -> float:
    from .particles import mass

    return 0.0 if name == "gamma" else mass(name)


def parent_momentum(source: str, m_parent: float, sqrt_s: float) -> float:
    """|p| of the parent in the CM frame [GeV] for a production ``source``."""
    if source == "Upsilon(4S)" or source == "tau pair":
        if sqrt_s < 2.0 * m_parent:
            raise ValueError(f"sqrt_s = {sqrt_s} GeV is below the pair threshold 2 x {m_parent} GeV")
        return float(two_body_momentum(sqrt_s, m_parent, m_parent))
    if source == "at rest":
        return 0.0
    raise ValueError(f"source must be one of {SOURCES}, got {source!r}")


def _parent_angular(source: str, c: np.ndarray, beta: float) -> np.ndarray:
    if source == "Upsilon(4S)":
        return 1.0 - c * c
    if source == "tau pair":
        return 1.0 + c * c + (1.0 - beta * beta) * (1.0 - c * c)
    return np.ones_like(c)


def parent_decay_sample(m_x, m_parent, m_recoil, source, sqrt_s=C.SQRT_S_BELLE2, e_minus=C.E_BEAM_ELECTRON,
                        e_plus=C.E_BEAM_POSITRON, n: int = 24):
    """Weighted lab-frame sample of X from parent -> recoil + X (a :class:`pheno.decay.DecaySample`).

    Product quadrature: Gauss-Legendre in the parent's CM polar cosine (``n`` nodes, weight
    dN/dcos* of the ``source``), Gauss-Legendre in X's polar cosine in the parent frame (``n``) and
    ``2n`` azimuths (uniform, midpoints). X: p' = lambda^(1/2)(M^2, m_X^2, m_r^2)/(2M) in the parent
    frame, boosted along the parent's direction, then CM -> lab along +z. Closed decay -> ValueError.
    Accuracy of decay fractions (tests: against an independent Monte Carlo and against n = 160): the
    corners of a region put kinks into P(direction) that the product rule does not follow, so
    n = 24 gives fractions to ~3e-4 absolute, n = 96 to ~1e-5.

    >>> s = parent_decay_sample(1.0, 5.27941, 0.493677, "Upsilon(4S)")
    >>> bool(abs(float(np.average(s.p, weights=s.weights)) - 2.6) < 0.3)   # ~m_B/2 boosted a little
    True
    """
    from .decay import DecaySample

    if not m_x > 0.0:
        raise ValueError(f"m_x must be > 0 [GeV], got {m_x!r}")
    if m_x + m_recoil >= m_parent:
        raise ValueError(f"decay closed: m_X + m_recoil = {m_x + m_recoil:.6g} GeV >= m_parent = {m_parent:.6g} GeV")
    p_par = parent_momentum(source, m_parent, sqrt_s)
    e_par = np.hypot(p_par, m_parent)
    beta_par, gamma_par = p_par / e_par, e_par / m_parent
    p_rest = float(two_body_momentum(m_parent, m_x, m_recoil))
    e_rest = np.hypot(p_rest, m_x)

    x, w = np.polynomial.legendre.leggauss(int(n))
    n_phi = 2 * int(n)
    phi = (np.arange(n_phi) + 0.5) * 2.0 * np.pi / n_phi
    cp, cx, ph = (a.ravel() for a in np.meshgrid(x, x, phi, indexing="ij"))
    weight = np.meshgrid(w * _parent_angular(source, x, beta_par), w, np.ones(n_phi), indexing="ij")
    weight = (weight[0] * weight[1]).ravel()

    # X in the parent frame, z' along the parent's flight direction
    sx = np.sqrt(1.0 - cx * cx)
    px1, py1, pz1 = p_rest * sx * np.cos(ph), p_rest * sx * np.sin(ph), p_rest * cx
    e_cm = gamma_par * (e_rest + beta_par * pz1)
    pz_par = gamma_par * (pz1 + beta_par * e_rest)
    # rotate z' onto the parent direction (sin, 0, cos) in the CM frame
    sp = np.sqrt(1.0 - cp * cp)
    px = px1 * cp + pz_par * sp
    py = py1
    pz = -px1 * sp + pz_par * cp
    # CM -> lab along +z
    beta_lab = lab_boost(e_minus, e_plus)
    gamma_lab = 1.0 / np.sqrt(1.0 - beta_lab**2)
    pz_lab = gamma_lab * (pz + beta_lab * e_cm)
    p_lab = np.sqrt(px * px + py * py + pz_lab * pz_lab)
    cos_lab = np.clip(np.where(p_lab > 0.0, pz_lab / np.where(p_lab > 0.0, p_lab, 1.0), 1.0), -1.0, 1.0)
    return DecaySample(weights=weight, p=p_lab, m=m_x, cos_theta=cos_lab, phi=np.arctan2(py, px))


@dataclass(frozen=True)
class RelativeLimit:
    """Upper limits on a ratio BF(process) / BF(reference SM channel), e.g. Belle II's
    R_l = BF(tau -> l alpha)/BF(tau -> l nu nu) (PRL 130 (2023) 181803), for ``bf_ul=`` of the converter.

    ``ratio``: one value per mass (array); ``reference``: a channel of
    :data:`pheno.constants.SM_BRANCHING_FRACTIONS` ("tau- > e- nu nu~", "tau- > mu- nu nu~",
    "Upsilon(1S) > mu+ mu-", ...). The BF limit is ratio x BF(reference) with the PDG central value;
    its uncertainty is not propagated. The converter states the conversion in ``LimitResult.notes``.

    >>> r = RelativeLimit([0.015], "tau- > e- nu nu~")
    >>> float(r.branching_fractions()[0]), r.statement
    (0.002673, 'BF_UL = ratio_UL x BF(tau- > e- nu nu~) = ratio_UL x 0.1782 (PDG 2024, +- 0.0004, not propagated)')
    """

    ratio: object
    reference: str

    def __post_init__(self):
        if self.reference not in C.SM_BRANCHING_FRACTIONS:
            raise ValueError(f"unknown reference channel {self.reference!r}; valid: {list(C.SM_BRANCHING_FRACTIONS)}")

    def branching_fractions(self) -> np.ndarray:
        """BF upper limits: ratio x BF(reference)."""
        return np.asarray(self.ratio, float) * C.SM_BRANCHING_FRACTIONS[self.reference][0]

    @property
    def statement(self) -> str:
        value, error = C.SM_BRANCHING_FRACTIONS[self.reference]
        return (f"BF_UL = ratio_UL x BF({self.reference}) = ratio_UL x {value:g} (PDG 2024, +- {error:g}, "
                "not propagated)")
