"""Standard-Model particle data (masses, total widths, lifetimes) from one place.

Hadrons come from the PDG tables shipped with scikit-hep ``particle`` (table ``particle2026.csv``,
the PDG 2026 edition's mass-width file; the table is named explicitly so that a new release of
``particle`` cannot change pheno's numbers silently). Charged-lepton masses stay those of
:mod:`pheno.constants` (CODATA 2018 / PDG 2024), so that a tau parent and a tau in a loop have
the same mass; the tau lifetime is the PDG mean life (290.3 fs, pheno.constants.TAU_LIFETIME_S), because
the table's tau width, 2.267e-12 GeV, is that value rounded to four digits (the two tau masses agree to 1e-5).

Names follow pheno's process strings ("B+", "B0", "K*0", "tau-", "Upsilon(1S)", "Lambda", "p");
the PDG names (``"K*(892)0"``, ``"Lambda(c)+"``) are accepted too. Units: GeV, seconds, metres.

>>> from pheno.particles import sm_particle
>>> b = sm_particle("B+")
>>> round(b.mass, 5), round(b.lifetime_s * 1e12, 3)   # GeV, ps
(5.27941, 1.637)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import constants as C

PDG_TABLE = "particle2026.csv"
SOURCE = f"PDG 2026 via scikit-hep particle ({PDG_TABLE})"

# pheno's short names -> PDG names used by `particle`
_ALIASES = {
    "K*0": "K*(892)0", "K*~0": "K*(892)~0", "K*+": "K*(892)+", "K*-": "K*(892)-",
    "K_S0": "K(S)0", "K_L0": "K(L)0",
    "Lambda_c+": "Lambda(c)+", "Lambda_b0": "Lambda(b)0", "B_s0": "B(s)0",
    "J/psi": "J/psi(1S)",
    "Sigma_c0": "Sigma(c)(2455)0", "Xi_c+": "Xi(c)+", "Xi_c0": "Xi(c)0", "Omega_c0": "Omega(c)0",
}
_LEPTONS = {"e-": "e", "e+": "e", "mu-": "mu", "mu+": "mu", "tau-": "tau", "tau+": "tau"}


@dataclass(frozen=True)
class SMParticle:
    """PDG data of one particle: mass and total width in GeV, lifetime in s, c*tau in m
    (width 0 and lifetime inf for a stable particle)."""

    name: str
    pdg_name: str
    pdgid: int
    mass: float
    width: float
    lifetime_s: float
    source: str = SOURCE

    @property
    def ctau(self) -> float:
        """Proper decay length c*tau [m]."""
        return self.lifetime_s * C.HBARC_GEV_M / C.HBAR_GEV_S


@lru_cache(maxsize=1)
def _table():
    """Load the pinned PDG table once (about 0.5 s: only on first use, never at ``import pheno``)."""
    from particle import Particle, data

    with data.basepath.joinpath(PDG_TABLE).open() as fh:
        Particle.load_table(fh, _name=PDG_TABLE)
    return Particle


@lru_cache(maxsize=None)
def sm_particle(name: str) -> SMParticle:
    """PDG data for ``name``; ValueError with a hint for an unknown name."""
    Particle = _table()
    pdg_name = _ALIASES.get(name, name)
    try:
        p = Particle.from_name(pdg_name)
    except Exception:  # particle raises its own ParticleNotFound / InvalidParticle types
        raise ValueError(f"unknown Standard-Model particle {name!r} (PDG names such as 'B+', 'K*(892)0', "
                         f"'Upsilon(1S)', 'Lambda(c)+' or pheno's short names {sorted(_ALIASES)})") from None
    if p.mass is None:
        raise ValueError(f"{name!r} has no PDG mass in {PDG_TABLE}")
    mass = p.mass * 1e-3  # MeV -> GeV
    if name in _LEPTONS:
        mass = C.LEPTON_MASS[_LEPTONS[name]]
    width = (p.width or 0.0) * 1e-3  # MeV -> GeV (for long-lived states the table derives it from the lifetime)
    if name in ("tau-", "tau+"):  # the table rounds the tau width to 4 digits (1.5e-4 off): use the mean life
        width = C.HBAR_GEV_S / C.TAU_LIFETIME_S
    lifetime = float("inf") if width == 0.0 else C.HBAR_GEV_S / width
    return SMParticle(name, pdg_name, int(p.pdgid), mass, width, lifetime)


def mass(name: str) -> float:
    """Mass [GeV]."""
    return sm_particle(name).mass


def total_width(name: str) -> float:
    """Total width [GeV] (0 for a stable particle)."""
    return sm_particle(name).width
