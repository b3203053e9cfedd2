"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .darkphoton import DarkHiggsstrahlung, DarkPhoton
from .darkscalar import DarkHiggs, DarkScalar
from .lmultau import LmuLtau
from .mesogenesis import BMesogenesis
from .spin0 import ALP, LeptophilicScalar, MuonphilicScalar

MODELS = {  # CLI names
    "lmultau": LmuLtau,
    "darkphoton": DarkPhoton,
    "darkhiggsstrahlung": DarkHiggsstrahlung,
    "alp": ALP,
    "leptophilic": LeptophilicScalar,
    "muonphilic": MuonphilicScalar,
    "darkscalar": DarkScalar,
    "mesogenesis": BMesogenesis,
}

__all__ = ["LmuLtau", "DarkPhoton", "DarkHiggsstrahlung", "ALP", "LeptophilicScalar", "MuonphilicScalar", "DarkScalar",
           "DarkHiggs", "BMesogenesis", "MODELS"]
