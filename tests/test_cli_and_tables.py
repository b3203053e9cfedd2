"""The command line and the committed reference tables."""
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pheno.cli import build_parser, main
from pheno.io import read_table

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["tables", "widths", "xsec", "convert", "scan", "plot", "project", "amplitudes"]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_subcommand_has_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0
    assert len(capsys.readouterr().out) > 200


def test_installed_entry_point():
    exe = Path(sys.executable).with_name("pheno")
    if not exe.exists():
        pytest.skip("pheno entry point not installed in this environment")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("pheno ")


def test_widths_xsec_convert_plot(tmp_path):
    w = tmp_path / "w.csv"
    main(["widths", "lmultau", "-p", "g=1e-3", "--mass-min", "0.1", "--mass-max", "5", "--n", "12", "-o", str(w)])
    t = read_table(w)
    assert len(t["mass_GeV"]) == 12 and "BF[invisible]" in t and "ctau_m" in t
    head = w.read_text().splitlines()[0]
    assert head.startswith("# pheno ")

    x = tmp_path / "x.csv"
    main(["xsec", "lmultau", "--process", "e+ e- > mu+ mu- Z'", "--mass-min", "0.5", "--mass-max", "2", "--n", "3",
          "--cos-theta", "-0.8", "0.9", "--frame", "lab", "--alpha", "1/127.9", "-o", str(x)])
    t = read_table(x)
    assert np.all(t["sigma_fb"] > 0) and np.all(t["sigma_integration_error_fb"] > 0)

    lim = tmp_path / "lim.csv"
    lim.write_text("mass_GeV,sigma_ul_fb\n0.1,1.0\n1.0,0.5\n10.5,0.5\n")
    out = tmp_path / "g.csv"
    main(["convert", "lmultau", str(lim), "--process", "e+ e- > mu+ mu- Z'", "--final-state", "invisible",
          "-o", str(out)])
    t = read_table(out)
    assert np.isfinite(t["g_ul"][:2]).all() and np.isnan(t["g_ul"][2])
    assert "production closed" in out.read_text()

    png = tmp_path / "p.png"
    main(["plot", "lmultau", str(out), "-o", str(png)])
    assert png.stat().st_size > 10_000


def test_cli_errors_are_messages_not_tracebacks(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("mass_GeV,sigma_ul_fb\n1.0,oops\n")
    for argv, message in (
            (["convert", "lmultau", str(bad), "--process", "e+ e- > mu+ mu- Z'", "--bf", "1"],
             r"argument limit_file: .*bad.csv:2: not a number"),
            (["widths", "darkphoton2"], "argument model: unknown model"),
            (["widths", "lmultau", "-p", "g=1", "--mass-min", "-1"], "argument --mass-min: expected a finite number > 0"),
            (["xsec", "lmultau", "--process", "e+ e- > gamma Z'"], "argument --process: unknown process.*valid")):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert re.search(message, err), err


@pytest.mark.slow
def test_committed_reference_tables_regenerate(tmp_path):
    from pheno.tables import write_reference_tables

    for path in write_reference_tables(tmp_path):
        if path.suffix != ".csv":
            continue
        committed = ROOT / "tables" / path.name
        assert committed.exists(), f"{committed} missing: run `pheno tables`"
        new, old = read_table(path), read_table(committed)
        assert list(new) == list(old)
        for col in new:
            np.testing.assert_allclose(new[col], old[col], rtol=1e-7, atol=0, err_msg=f"{path.name}:{col}")


def test_readme_python_examples_run(monkeypatch):
    """Every Python block of the README is executed as written (documentation that cannot rot), from the
    project folder, where a block may look for a copy of published limits (and skip that part without it)."""
    monkeypatch.chdir(ROOT)
    blocks = [b.split("```", 1)[0] for b in (ROOT / "README.md").read_text().split("```python\n")[1:]]
    assert len(blocks) >= 6
    for k, block in enumerate(blocks):
        exec(compile(block, f"README.md python block {k + 1}", "exec"), {})
