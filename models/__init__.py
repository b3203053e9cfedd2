"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .darkphoton import DarkHiggsstrahlung, DarkPhoton
from .darkscalar import DarkHiggs, DarkScalar
from .lfv import LFVALP, LFVZprime
from .lmultau import LmuLtau
from .mesogenesis import BMesogenesis
from .quarkonium import DarkPhotonUpsilon, LightA0, QuarkoniumContact
from .spin0 import ALP, LeptophilicScalar, MuonphilicScalar
from .vector import Baryonic, BminusL, Protophobic, VectorBoson

MODELS = {  # CLI names
    "lmultau": LmuLtau,
    "darkphoton": DarkPhoton,
    "darkhiggsstrahlung": DarkHiggsstrahlung,
    "alp": ALP,
    "leptophilic": LeptophilicScalar,
    "muonphilic": MuonphilicScalar,
    "darkscalar": DarkScalar,
    "mesogenesis": BMesogenesis,
    "bminusl": BminusL,
    "baryonic": Baryonic,
    "protophobic": Protophobic,
    "lfvalp": LFVALP,
    "lfvzprime": LFVZprime,
    "quarkoniumcontact": QuarkoniumContact,
    "darkphotonupsilon": DarkPhotonUpsilon,
    "lighta0": LightA0,
}

__all__ = ["LmuLtau", "DarkPhoton", "DarkHiggsstrahlung", "ALP", "LeptophilicScalar", "MuonphilicScalar", "DarkScalar",
           "DarkHiggs", "BMesogenesis", "VectorBoson", "BminusL", "Baryonic", "Protophobic", "LFVALP", "LFVZprime",
           "QuarkoniumContact", "DarkPhotonUpsilon", "LightA0", "MODELS"]
