"""Model families, importable as ``pheno.models`` (the folder is mapped in pyproject.toml)."""
from .lmultau import LmuLtau

__all__ = ["LmuLtau"]
