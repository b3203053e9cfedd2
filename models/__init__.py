"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .lmultau import LmuLtau

MODELS = {"lmultau": LmuLtau}  # CLI names

__all__ = ["LmuLtau", "MODELS"]
