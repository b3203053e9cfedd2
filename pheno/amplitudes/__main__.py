"""Print or (re)write the derived |M|^2 kernels: ``python -m pheno.amplitudes [--write] [--vertex V] [--latex]``."""
import argparse

from . import codegen
from .processes import VERTICES

CHOICES = (*VERTICES, *codegen.TWO_BODY_KERNELS)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m pheno.amplitudes",
        description="Derive spin-summed |M|^2 with sympy (e+e- -> l+l-X, e+e- -> gamma V, e+e- -> V h).",
    )
    ap.add_argument("--write", action="store_true", help="regenerate the kernel modules in pheno/kernels/")
    ap.add_argument("--vertex", choices=CHOICES, default="vector",
                    help="l+l-X vertex (vector, axial, scalar, pseudoscalar) or 2->2 kernel to print")
    ap.add_argument("--latex", action="store_true", help="print LaTeX instead of plain text")
    args = ap.parse_args(argv)
    if args.write:
        for path in codegen.write():
            print(f"wrote {path}")
        return
    for name, expr in codegen.expressions(args.vertex).items():
        print(f"# {name} ({args.vertex})")
        print(__import__("sympy").latex(expr) if args.latex else expr)


if __name__ == "__main__":
    main()
