"""B-Mesogenesis: B mesons decay into a visible baryon and an invisible dark antibaryon psi.

Elor, Escudero, Nelson, PRD 99 (2019) 035031 [arXiv:1810.00880]; Alonso-Alvarez, Elor, Escudero,
PRD 104 (2021) 035028 [arXiv:2101.02706]. A colour-triplet scalar Y (charge -1/3) with Yukawas y1
(to two quarks) and y2 (to psi and a quark), integrated out at tree level, gives the dimension-6
operator  L = -G eps_ijk (psibar q^c_k)(qbar_i b^c_j) + h.c.,  G = y1 y2 / M_Y^2 [GeV^-2]
(colour tensor with unit entries, no factor 1/2, no CKM factor; docs/physics.md G1). Four flavour
structures psi b u d, psi b u s, psi b c d, psi b c s (``operator`` "ud", "us", "cd", "cs") and two
pairings (the labels of Khodjamirian et al.): model (d), (psibar d^c)(ubar b^c) with
G = y_ub y_psid / M_Y^2 (the original choice), and model (b), (psibar b^c)(ubar d^c) with
G = y_ud y_psib / M_Y^2. The exclusive widths B -> baryon psi are
Gamma = |G|^2 (K0 |F|^2 + K1 |F~|^2 + K2 Re F F~*) (:mod:`pheno.baryonic`; docs/physics.md G2) with form factors
F, F~ that depend on the channel and on the pairing. pheno ships NO form factors: no published
table could be read (docs/physics.md G6 lists what was searched); give your own
(:class:`pheno.baryonic.BaryonFormFactors`, e.g. from a paper's table or parametrisation).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from pheno import constants as C
from pheno.baryonic import BaryonFormFactors, quark_level_width, two_form_factor_width
from pheno.model import FixedBFModel, check_array
from pheno.production import canonical_process
from pheno.sm_decays import ParentDecay

OPERATORS = {"ud": ("u", "d"), "us": ("u", "s"), "cd": ("c", "d"), "cs": ("c", "s")}  # (up-type, down-type)
BF_INCLUSIVE_MIN = 1e-4  # BF(B -> psi + baryons + X) needed for the baryon asymmetry (EG 2211.10553, BKM 2603.01723 abstracts)
HQE_RELEASE_MIN = 1.0  # GeV: below this energy release the free-quark (leading HQE) rate is flagged as unreliable
QUARK_MASS_SCHEMES = {"MSbar": (C.M_BOTTOM_MSBAR, C.M_CHARM_MSBAR), "pole": (C.M_BOTTOM_POLE, C.M_CHARM_POLE)}


@dataclass(frozen=True)
class Channel:
    """One exclusive mode parent -> baryon psi and the operator whose quark content produces it."""

    parent: str
    baryon: str
    operator: str

    @property
    def process(self) -> str:
        return f"{self.parent} > {self.baryon} psi"

    def endpoint(self) -> float:
        """Kinematic endpoint m_parent - m_baryon [GeV] (PDG masses, pheno.particles)."""
        from pheno.particles import mass

        return mass(self.parent) - mass(self.baryon)


# Flavour map (docs/physics.md G1, from the quark content: B+ = u bbar, B0 = d bbar, Bs = s bbar; bbar -> psi q q').
# Bs -> Sigma0 psi (uds through psi b u d) is missing from the G1 table. Bs modes need Upsilon(5S) or hadron-collider data.
_CHANNELS = [
    Channel("B+", "p", "ud"), Channel("B0", "n", "ud"), Channel("B_s0", "Lambda", "ud"), Channel("B_s0", "Sigma0", "ud"),
    Channel("B+", "Sigma+", "us"), Channel("B0", "Lambda", "us"), Channel("B0", "Sigma0", "us"), Channel("B_s0", "Xi0", "us"),
    Channel("B+", "Lambda_c+", "cd"), Channel("B0", "Sigma_c0", "cd"), Channel("B_s0", "Xi_c0", "cd"),
    Channel("B+", "Xi_c+", "cs"), Channel("B0", "Xi_c0", "cs"), Channel("B_s0", "Omega_c0", "cs"),
]
CHANNELS = {c.process: c for c in _CHANNELS}


class _InvisibleDarkBaryon(ParentDecay):
    """B -> baryon psi with psi invisible (it decays, if at all, into dark-sector states)."""

    def decay_sample(self, *args, **kwargs):
        raise ValueError(f"{self.name}: psi is invisible; there is no decay-in-detector fraction (use fiducial=None)")


def _unit_width(process: str, model) -> np.ndarray:
    return model.unit_width(process)


def _process(c: Channel) -> ParentDecay:
    # B+/B0 come from the Upsilon(4S); for Bs the source is only a placeholder: psi is invisible, so the
    # parent kinematics never enter (decay_sample refuses).
    source = "at rest" if c.parent == "B_s0" else "Upsilon(4S)"
    return _InvisibleDarkBaryon(c.process, c.parent, c.baryon, "psi", width=partial(_unit_width, c.process), source=source)


@dataclass(frozen=True)
class Viability:
    """Mesogenesis viability at each m_psi for an exclusive BF upper limit (coupling-independent).

    coupling_max : |G| excluded above [GeV^-2] (from the exclusive limit)
    coupling_viable : |G| needed for BF_incl >= bf_incl_min [GeV^-2]
    bf_incl_max  : the largest inclusive BF the exclusive limit allows (at coupling_max)
    bf_excl_min  : the exclusive BF the mechanism predicts at least (at coupling_viable)
    ratio        : Gamma_excl / Gamma_incl (independent of G)
    excluded     : True where bf_incl_max < bf_incl_min (the limit already tests the mechanism)
    reason       : "" where computed, otherwise why not (values NaN there)
    notes        : remarks on computed values (the free-quark rate near its endpoint)
    """

    m_psi: np.ndarray
    coupling_max: np.ndarray
    coupling_viable: np.ndarray
    bf_incl_max: np.ndarray
    bf_excl_min: np.ndarray
    ratio: np.ndarray
    excluded: np.ndarray
    reason: np.ndarray
    notes: np.ndarray
    bf_incl_min: float


class BMesogenesis(FixedBFModel):
    """B-Mesogenesis dark antibaryon psi (Dirac) of mass m_psi, produced in B -> baryon psi.

    Parameters (numbers or arrays; they broadcast):
      m_psi (or mass) : psi mass [GeV]
      G               : |G| = |y1 y2| / M_Y^2 [GeV^-2]; or give y1, y2 and M_Y [GeV] instead
      operator        : "ud", "us", "cd", "cs" (psi b u d, ...), or None: every channel through the
                        operator that produces it (an exclusive channel fixes the operator)
      pairing         : "d" (default; the original EEN model) or "b"
      form_factors    : a :class:`pheno.baryonic.BaryonFormFactors` (used for the channel asked for;
                        refused for another channel if it carries a channel label) or a dict
                        {process: BaryonFormFactors}. Required for exclusive rates: pheno ships none.

    Processes: "B+ > p psi", "B0 > n psi", "B0 > Lambda psi", "B+ > Sigma+ psi", "B0 > Sigma0 psi",
    "B+ > Lambda_c+ psi", "B0 > Sigma_c0 psi", "B+ > Xi_c+ psi", "B0 > Xi_c0 psi" and the B_s0 modes
    (:data:`CHANNELS`). m_psi window: m_p - m_e < m_psi (proton stability) < m_B - m_baryon; outside it
    the BF is 0 and the limit converter gives NaN with the reason. psi is invisible:
    BF(psi -> invisible) = 1 (``final_state`` defaults to "invisible" in the converter).

    >>> ff = BaryonFormFactors.from_table(m_psi=[1.0, 2.0, 3.0, 4.0], F=0.01, F_tilde=0.0,
    ...                                   channel="B0 > Lambda psi", source="illustrative, not a paper")
    >>> b = BMesogenesis(m_psi=2.0, G=1e-7, operator="us", form_factors=ff)
    >>> round(float(b.production_branching_ratio("B0 > Lambda psi")) / 1e-7, 2)   # G6: 1.564e-7 with PDG 2024 tau_B0
    1.56
    >>> round(float(b.inclusive_branching_ratio(m_b=4.18)) / 1e-5, 2)            # G3: 5.84e-5 with PDG 2024 tau_B0
    5.81
    """

    PARAMETERS = {
        "mass": ("mass", None),
        "G": ("coupling", None),
        "operator": (("ud", "us", "cd", "cs", None), None),
        "pairing": (("d", "b"), "d"),
        "form_factors": ("object", None),
    }
    COUPLING = "G"
    # scan end: perturbative Yukawas (y1, y2 <= sqrt(4 pi)) and M_Y >= 100 GeV, far above m_b so that the
    # contact interaction holds; LHC bounds (M_Y >~ 1 TeV, flavour- and BR-dependent) are not imposed
    COUPLING_MAX = {"G": 4.0 * np.pi / 100.0**2}
    PROCESSES = {c.process: _process(c) for c in _CHANNELS}
    DEFAULT_FINAL_STATE = "invisible"

    def __init__(self, m_psi=None, y1=None, y2=None, M_Y=None, **params):
        if m_psi is not None:
            if params.get("mass") is not None:
                raise TypeError("BMesogenesis: give m_psi or mass, not both")
            params["mass"] = m_psi
        yukawas = (y1, y2, M_Y)
        if any(v is not None for v in yukawas):
            if any(v is None for v in yukawas):
                raise TypeError("BMesogenesis: give y1, y2 and M_Y together (G = y1 y2 / M_Y^2), or G")
            if params.get("G") is not None:
                raise TypeError("BMesogenesis: give G or (y1, y2, M_Y), not both")
            M_Y = check_array("M_Y", M_Y, positive=True, allow_zero=False)
            params["G"] = np.abs(check_array("y1", y1) * check_array("y2", y2)) / M_Y**2
        super().__init__(**params)
        self._check_form_factors()

    # ------------------------------------------------------------------ flavour map and inputs
    @property
    def m_psi(self) -> np.ndarray:
        """psi mass [GeV] (the model's ``mass``)."""
        return self.mass

    @classmethod
    def channel(cls, process) -> Channel:
        """The :class:`Channel` of a process name ("B0 > Lambda psi")."""
        return CHANNELS[cls.process(getattr(process, "name", process)).name]

    @classmethod
    def channels(cls, operator: str | None = None) -> dict[str, Channel]:
        """The exclusive channels (of one operator, or all)."""
        if operator is not None and operator not in OPERATORS:
            raise ValueError(f"operator must be one of {list(OPERATORS)}, got {operator!r}")
        return {p: c for p, c in CHANNELS.items() if operator in (None, c.operator)}

    @staticmethod
    def psi_mass_min() -> float:
        """Lower end of the m_psi window, m_p - m_e [GeV]: below it the proton could decay into psi."""
        from pheno.particles import mass

        return mass("p") - C.M_E

    @classmethod
    def psi_window(cls, process) -> tuple[float, float]:
        """(m_p - m_e, m_parent - m_baryon) [GeV] for a channel."""
        return cls.psi_mass_min(), cls.channel(process).endpoint()

    def _channel_for(self, process) -> Channel:
        ch = self.channel(process)
        if self.operator is not None and ch.operator != self.operator:
            q = " ".join(OPERATORS[ch.operator])
            raise ValueError(f"{ch.process} needs the operator psi b {q} (operator='{ch.operator}'; the only one "
                             f"that produces it); this model has operator='{self.operator}', whose channels are "
                             f"{list(self.channels(self.operator))}")
        return ch

    def _check_form_factors(self):
        ff = self.form_factors
        items = ff.items() if isinstance(ff, dict) else [(None, ff)]
        for key, f in items:
            if f is None and key is None:
                continue
            if not isinstance(f, BaryonFormFactors):
                raise TypeError("form_factors must be a pheno.baryonic.BaryonFormFactors or a dict "
                                f"{{process: BaryonFormFactors}}, got {type(f).__name__}")
            if key is not None:
                self.channel(key)  # unknown process -> ValueError listing the valid ones
                if f.channel is not None and canonical_process(key) != f.channel:
                    raise ValueError(f"form_factors[{key!r}] is labelled for {f.channel!r}")
            if f.pairing is not None and f.pairing != self.pairing:
                raise ValueError(f"the form factors {f!r} are for model ({f.pairing}), this model has pairing="
                                 f"'{self.pairing}': the hadronic matrix elements of the two pairings differ")

    def form_factors_for(self, process) -> BaryonFormFactors:
        """The form factors used for ``process``; ValueError if none were given for it."""
        name = self.channel(process).process
        ff = self.form_factors
        if isinstance(ff, dict):
            ff = {canonical_process(k): v for k, v in ff.items()}.get(name)
        if ff is None:
            raise ValueError(f"no form factors for {name!r}: pheno ships no default set (no published numbers "
                             "could be read; see docs/physics.md G6). Give form_factors="
                             "BaryonFormFactors.from_table(m_psi=..., F=..., F_tilde=..., channel=...) "
                             "from a paper, converted to the docs/physics.md G2 convention")
        if ff.channel is not None and ff.channel != name:
            raise ValueError(f"the form factors given are for {ff.channel!r}, not for {name!r}: "
                             "give form_factors={process: BaryonFormFactors, ...} for several channels")
        return ff

    # ------------------------------------------------------------------ exclusive rates
    def unit_width(self, process) -> np.ndarray:
        """Gamma(parent -> baryon psi) at |G| = 1 GeV^-2 [GeV]: 0 outside the m_psi window, NaN outside
        the q^2 range of the form factors (see :meth:`production_reason`)."""
        from pheno.particles import mass

        ch = self._channel_for(process)
        m_psi = np.broadcast_to(self.mass, self.shape)
        lo, hi = self.psi_mass_min(), ch.endpoint()
        inside = (m_psi > lo) & (m_psi < hi)
        F, Ft = self.form_factors_for(ch.process)(m_psi**2)
        width = two_form_factor_width(mass(ch.parent), mass(ch.baryon), m_psi, np.where(inside, F, 0.0),
                                      np.where(inside, Ft, 0.0))
        return np.where(inside, width, 0.0)

    def exclusive_width(self, process) -> np.ndarray:
        """Gamma(parent -> baryon psi) [GeV] at the model's |G|."""
        return np.square(np.broadcast_to(self.G, self.shape)) * self.unit_width(process)

    def production_reason(self, process) -> np.ndarray:
        """Per m_psi: "" where the exclusive rate is defined and non-zero, otherwise why not."""
        ch = self._channel_for(process)
        m_psi = np.broadcast_to(self.mass, self.shape)
        lo, hi = self.psi_mass_min(), ch.endpoint()
        out = np.full(self.shape, "", dtype=object)
        out[m_psi <= lo] = (f"m_psi below the m_psi window: m_psi <= m_p - m_e = {lo:.5f} GeV would let the "
                            "proton decay (B-Mesogenesis needs m_psi > m_p - m_e)")
        out[m_psi >= hi] = f"m_psi above the kinematic endpoint of {ch.process}: m_B - m_baryon = {hi:.4f} GeV"
        ff = self.form_factors_for(ch.process)
        q2lo, q2hi = ff.q2_range
        no_ff = (out == "") & ((m_psi**2 < q2lo) | (m_psi**2 > q2hi))
        out[no_ff] = (f"outside the form factors' range q^2 = m_psi^2 in [{q2lo:g}, {q2hi:g}] GeV^2 "
                      "(no extrapolation)")
        return out

    # ------------------------------------------------------------------ inclusive rate and viability
    def _operator_for(self, operator):
        op = operator or self.operator
        if op is None:
            raise ValueError("the inclusive rate needs the operator: give operator= ('ud', 'us', 'cd', 'cs')")
        if op not in OPERATORS:
            raise ValueError(f"operator must be one of {list(OPERATORS)}, got {op!r}")
        if self.operator is not None and op != self.operator:
            raise ValueError(f"operator={op!r} differs from the model's operator={self.operator!r}")
        return op

    @staticmethod
    def quark_masses(m_b="MSbar", m_c=None, operator="ud") -> tuple[float, float]:
        """(m_b, m_up-type) [GeV] for the partonic rate: m_b = "MSbar" (m_b(m_b) = 4.183, m_c(m_c) = 1.273),
        "pole" (4.78, 1.67) or a number; m_c a number overrides (required with a numeric m_b for the charm
        operators). Light quarks (u, d, s) are massless: m_s^2/m_b^2 ~ 5e-4."""
        charm = OPERATORS[operator][0] == "c"
        if isinstance(m_b, str):
            if m_b not in QUARK_MASS_SCHEMES:
                raise ValueError(f"m_b must be 'MSbar', 'pole' or a number [GeV], got {m_b!r}")
            mb, mc = QUARK_MASS_SCHEMES[m_b]
        else:
            mb, mc = float(check_array("m_b", m_b, positive=True, allow_zero=False)), None
            if charm and m_c is None:
                raise ValueError(f"operator '{operator}' has a charm quark: with a numeric m_b give m_c too "
                                 "(same mass scheme), or m_b='MSbar' / 'pole'")
        if m_c is not None:
            mc = float(check_array("m_c", m_c, positive=True))
        return mb, (mc if charm else 0.0)

    def inclusive_width(self, m_b="MSbar", m_c=None, operator=None) -> np.ndarray:
        """Free-quark Gamma(b -> psi q q') [GeV] at the model's |G| (docs/physics.md G3; :func:`pheno.baryonic.
        quark_level_width`); m_b, m_c as in :meth:`quark_masses`. Leading order of the heavy-quark
        expansion: the pole m_b gives 2.1x (m_psi = 1 GeV), 2.9x (2 GeV), 6.5x (3 GeV) the MS-bar rate
        ((4.78/4.183)^5 = 1.95 from the prefactor, the rest from the phase space), and power corrections
        can exceed the leading term near the endpoint (Mohamed, arXiv:2511.04858)."""
        op = self._operator_for(operator)
        mb, mq = self.quark_masses(m_b, m_c, op)
        unit = quark_level_width(mb, np.broadcast_to(self.mass, self.shape), m_up=mq, pairing=self.pairing)
        return np.square(np.broadcast_to(self.G, self.shape)) * unit

    def inclusive_branching_ratio(self, parent="B0", m_b="MSbar", m_c=None, operator=None) -> np.ndarray:
        """BF(B -> psi + baryons + X) = Gamma(b -> psi q q') tau_parent / hbar. Default parent B0: the
        asymmetry of Mesogenesis comes from the neutral B mesons (B0, B_s0); the free-quark width is the
        same for every parent."""
        from pheno.particles import total_width

        if parent not in ("B0", "B+", "B_s0"):
            raise ValueError(f"parent must be 'B0', 'B+' or 'B_s0', got {parent!r}")
        return self.inclusive_width(m_b, m_c, operator) / total_width(parent)

    def coupling_for_inclusive_bf(self, bf_incl=BF_INCLUSIVE_MIN, parent="B0", m_b="MSbar", m_c=None,
                                  operator=None) -> np.ndarray:
        """|G| [GeV^-2] giving an inclusive BF of ``bf_incl`` (inf above the partonic endpoint)."""
        per_g2 = self.replace(G=1.0).inclusive_branching_ratio(parent, m_b, m_c, operator)
        with np.errstate(divide="ignore"):
            return np.sqrt(bf_incl / per_g2)

    def viability(self, process, bf_ul, m_b="MSbar", m_c=None, bf_incl_min=BF_INCLUSIVE_MIN,
                  incl_parent="B0") -> Viability:
        """Does an exclusive BF upper limit ``bf_ul`` (one per m_psi) already test Mesogenesis?

        |G|_max = sqrt(bf_ul / BF_excl(|G| = 1)); the largest inclusive BF still allowed is
        BF_incl(|G|_max) = bf_ul x (Gamma_incl/Gamma_excl) x (Gamma_parent/Gamma_incl_parent), compared
        with ``bf_incl_min`` (1e-4, for ``incl_parent`` = B0). Independent of G. NaN with a reason outside
        the m_psi window, outside the form factors, or above the partonic endpoint (no free-quark rate).
        """
        ch = self._channel_for(process)
        unit = self.replace(G=1.0, operator=ch.operator)
        bf_ul = np.broadcast_to(checked_ul(bf_ul), self.shape)
        bf1_excl = unit.production_branching_ratio(ch.process)
        bf1_incl = unit.inclusive_branching_ratio(incl_parent, m_b, m_c)
        reason = unit.production_reason(ch.process).copy()
        mb, mq = self.quark_masses(m_b, m_c, ch.operator)
        partonic_closed = (reason == "") & ~(bf1_incl > 0)
        reason[partonic_closed] = (f"m_psi above the partonic endpoint m_b - m_q - m_q' = {mb - mq:.4g} GeV: the "
                                   "free-quark inclusive rate vanishes (the heavy-quark expansion does not apply)")
        ok = reason == ""
        with np.errstate(divide="ignore", invalid="ignore"):
            g_max = np.where(ok, np.sqrt(bf_ul / bf1_excl), np.nan)
            g_viable = np.where(ok, np.sqrt(bf_incl_min / bf1_incl), np.nan)
            ratio = np.where(ok, unit.exclusive_width(ch.process) / unit.inclusive_width(m_b, m_c), np.nan)
        bf_incl_max = bf1_incl * g_max**2
        notes = np.full(self.shape, "", dtype=object)
        release = mb - mq - np.broadcast_to(self.mass, self.shape)
        notes[ok & (release < HQE_RELEASE_MIN)] = (
            f"energy release m_b - m_q - m_psi < {HQE_RELEASE_MIN:g} GeV: power corrections to the free-quark "
            "rate are not small (they can exceed it, arXiv:2511.04858); the inclusive rate is unreliable here")
        return Viability(m_psi=np.broadcast_to(self.mass, self.shape), coupling_max=g_max, coupling_viable=g_viable,
                         bf_incl_max=bf_incl_max, bf_excl_min=bf1_excl * g_viable**2, ratio=ratio,
                         excluded=np.where(ok, bf_incl_max < bf_incl_min, False), reason=reason.astype(str),
                         notes=notes.astype(str), bf_incl_min=float(bf_incl_min))

    # ------------------------------------------------------------------ coupling conversions
    @staticmethod
    def yukawa_product(G, M_Y):
        """|y1 y2| = |G| M_Y^2 (G in GeV^-2, M_Y in GeV).

        >>> round(float(BMesogenesis.yukawa_product(1e-7, 1500.0)), 3)   # docs/physics.md G1
        0.225
        """
        return np.asarray(G, float) * np.square(check_array("M_Y", M_Y, positive=True, allow_zero=False))

    @staticmethod
    def mediator_scale(G):
        """M_Y / sqrt(|y1 y2|) = |G|^(-1/2) [GeV].

        >>> round(float(BMesogenesis.mediator_scale(1e-7)))   # docs/physics.md G1: 3.16 TeV
        3162
        """
        with np.errstate(divide="ignore"):
            return 1.0 / np.sqrt(np.asarray(G, float))


def checked_ul(bf_ul) -> np.ndarray:
    """Branching-fraction upper limits: finite, in (0, 1]."""
    from pheno.validation import checked_array

    return checked_array("bf_ul", bf_ul, lo=0.0, lo_strict=True, hi=1.0, what="a branching fraction in (0, 1]")
