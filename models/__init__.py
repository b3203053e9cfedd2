"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .darkphoton import DarkHiggsstrahlung, DarkPhoton
from .lmultau import LmuLtau

MODELS = {"lmultau": LmuLtau, "darkphoton": DarkPhoton, "darkhiggsstrahlung": DarkHiggsstrahlung}  # CLI names

__all__ = ["LmuLtau", "DarkPhoton", "DarkHiggsstrahlung", "MODELS"]
