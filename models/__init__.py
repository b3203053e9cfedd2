"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .darkphoton import DarkHiggsstrahlung, DarkPhoton
from .darkscalar import DarkHiggs, DarkScalar
from .lmultau import LmuLtau
from .spin0 import ALP, LeptophilicScalar, MuonphilicScalar

MODELS = {  # CLI names
    "lmultau": LmuLtau,
    "darkphoton": DarkPhoton,
    "darkhiggsstrahlung": DarkHiggsstrahlung,
    "alp": ALP,
    "leptophilic": LeptophilicScalar,
    "muonphilic": MuonphilicScalar,
    "darkscalar": DarkScalar,
}

__all__ = ["LmuLtau", "DarkPhoton", "DarkHiggsstrahlung", "ALP", "LeptophilicScalar", "MuonphilicScalar", "DarkScalar", "DarkHiggs", "MODELS"]
