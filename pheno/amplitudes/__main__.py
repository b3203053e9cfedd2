"""Print or (re)write the derived |M|^2 kernels: ``python -m pheno.amplitudes [--write] [--vertex V] [--latex]``."""
import argparse

from . import codegen
from .processes import VERTICES


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m pheno.amplitudes",
        description="Derive the spin-summed |M|^2 of e+e- -> gamma* -> l+ l- X with sympy.",
    )
    ap.add_argument("--write", action="store_true", help=f"regenerate {codegen.KERNEL_FILE}")
    ap.add_argument("--vertex", choices=VERTICES, default="vector", help="X-lepton vertex to print")
    ap.add_argument("--latex", action="store_true", help="print LaTeX instead of plain text")
    args = ap.parse_args(argv)
    if args.write:
        print(f"wrote {codegen.write()}")
        return
    for name, expr in codegen.expressions(args.vertex).items():
        print(f"# {name} ({args.vertex})")
        print(__import__("sympy").latex(expr) if args.latex else expr)


if __name__ == "__main__":
    main()
