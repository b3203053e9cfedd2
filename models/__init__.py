"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .darkphoton import DarkHiggsstrahlung, DarkPhoton
from .lfv import LFVALP, LFVZprime
from .lmultau import LmuLtau
from .quarkonium import DarkPhotonUpsilon, LightA0, QuarkoniumContact
from .spin0 import ALP, LeptophilicScalar, MuonphilicScalar

MODELS = {  # CLI names
    "lmultau": LmuLtau,
    "darkphoton": DarkPhoton,
    "darkhiggsstrahlung": DarkHiggsstrahlung,
    "alp": ALP,
    "leptophilic": LeptophilicScalar,
    "muonphilic": MuonphilicScalar,
    "lfvalp": LFVALP,
    "lfvzprime": LFVZprime,
    "quarkoniumcontact": QuarkoniumContact,
    "darkphotonupsilon": DarkPhotonUpsilon,
    "lighta0": LightA0,
}

__all__ = ["LmuLtau", "DarkPhoton", "DarkHiggsstrahlung", "ALP", "LeptophilicScalar", "MuonphilicScalar",
           "LFVALP", "LFVZprime", "QuarkoniumContact", "DarkPhotonUpsilon", "LightA0", "MODELS"]
