"""pheno plot / convert --format hepdata / project: every plot is labelled, has its legend entries, no warnings.

The figure is intercepted at pheno.io.save_figure, so the artists (axis labels, legend entries, the
version stamp) are checked, not pixels."""
import contextlib
import io
import re

import numpy as np
import pytest

import pheno.io
from pheno.cli import main
from pheno.hepdata import read_hepdata, read_limit_curves
from pheno.io import read_table

pytestmark = pytest.mark.filterwarnings("error")  # every invocation: no warning of any kind

HEPDATA_LIMIT = """\
independent_variables:
- header: {name: M(Z'), units: GEV}
  values: [{value: 0.2}, {value: 0.5}, {value: 1.0}, {value: 2.0}, {value: 4.0}]
dependent_variables:
- header: {name: Observed upper limit, units: FB}
  qualifiers: [{name: CL, value: 90%}]
  values: [{value: 0.9}, {value: 0.7}, {value: 0.6}, {value: 0.5}, {value: 0.6}]
- header: {name: Expected upper limit, units: FB}
  qualifiers: [{name: CL, value: 90%}]
  values:
  - {value: 0.8, errors: [{asymerror: {plus: 0.3, minus: -0.2}, label: 1 sigma}, {asymerror: {plus: 0.7, minus: -0.35}, label: 2 sigma}]}
  - {value: 0.6, errors: [{asymerror: {plus: 0.2, minus: -0.15}, label: 1 sigma}, {asymerror: {plus: 0.5, minus: -0.25}, label: 2 sigma}]}
  - {value: 0.5, errors: [{asymerror: {plus: 0.2, minus: -0.1}, label: 1 sigma}, {asymerror: {plus: 0.4, minus: -0.2}, label: 2 sigma}]}
  - {value: 0.45, errors: [{asymerror: {plus: 0.15, minus: -0.1}, label: 1 sigma}, {asymerror: {plus: 0.3, minus: -0.2}, label: 2 sigma}]}
  - {value: 0.5, errors: [{asymerror: {plus: 0.2, minus: -0.1}, label: 1 sigma}, {asymerror: {plus: 0.4, minus: -0.2}, label: 2 sigma}]}
"""
PROCESS = "e+ e- > mu+ mu- Z'"


def _usage_error(argv):
    """Run the CLI on a user mistake: exit status 2 and one line on stderr, returned."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        assert main(argv) == 2
    text = buf.getvalue()
    assert text.count("\n") == 1 and "Traceback" not in text
    return text


@pytest.fixture
def figures(monkeypatch, caplog):
    """Every figure pheno saves, as (path, figure) -- inspected before it is closed. Afterwards: no
    warning was logged either (matplotlib reports missing glyphs through logging, not warnings)."""
    import logging

    caplog.set_level(logging.WARNING)
    saved = []
    real = pheno.io.save_figure

    def capture(fig, path, **kw):
        ax = fig.axes[0]
        legend = ax.get_legend()
        saved.append(dict(path=path, xlabel=ax.get_xlabel(), ylabel=ax.get_ylabel(), title=ax.get_title(),
                          line_colors={ln.get_label(): ln.get_color() for ln in ax.get_lines()},
                          xscale=ax.get_xscale(), yscale=ax.get_yscale(), xlim=ax.get_xlim(), ylim=ax.get_ylim(),
                          legend=[t.get_text() for t in legend.get_texts()] if legend else [],
                          texts=[t.get_text() for t in fig.texts]))
        return real(fig, path, **kw)

    monkeypatch.setattr(pheno.io, "save_figure", capture)
    yield saved
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def _labelled(fig):
    from pheno import __version__

    assert fig["xlabel"] and fig["ylabel"] and fig["legend"]
    assert fig["xscale"] == "log" and fig["yscale"] == "log"
    assert f"pheno {__version__}" in fig["texts"]


def test_convert_csv_and_plot_with_g2_bands(tmp_path, figures):
    lim = tmp_path / "lim.csv"
    lim.write_text("mass_GeV,sigma_ul_fb\n0.1,1.0\n1.0,0.5\n5.0,0.5\n")
    out = tmp_path / "g.csv"
    main(["convert", "lmultau", str(lim), "--process", PROCESS, "--final-state", "invisible", "-o", str(out)])
    png = tmp_path / "p.png"
    main(["plot", "lmultau", str(out), "-o", str(png), "--title", r"$L_\mu - L_\tau$ at $\sqrt{s} = 10.58$ GeV"])
    fig, = figures
    _labelled(fig)
    assert fig["xlabel"] == "$m_{Z'}$ [GeV]" and fig["ylabel"] == "$g'$" and fig["title"] == r"$L_\mu - L_\tau$ at $\sqrt{s} = 10.58$ GeV"
    assert "g: excluded" in fig["legend"]
    assert any(t.startswith(r"$(g-2)_\mu$ 2023") and "favoured" in t for t in fig["legend"])
    assert any(t.startswith(r"$(g-2)_\mu$ 2025") and "no coupling favoured" in t for t in fig["legend"])
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_hepdata_in_convert_hepdata_out_and_plot_bands(tmp_path, figures):
    src = tmp_path / "belle2_like.yaml"
    src.write_text(HEPDATA_LIMIT)
    csv_out, hd_out = tmp_path / "g.csv", tmp_path / "g_hepdata"
    args = ["convert", "lmultau", str(src), "--process", PROCESS, "--final-state", "invisible"]
    main(args + ["-o", str(csv_out)])
    main(args + ["--format", "hepdata", "-o", str(hd_out)])
    # the HEPData export reads back to the numbers of the CSV conversion
    t = read_table(csv_out)
    back = read_limit_curves(hd_out, table=0, allow_missing=True)
    np.testing.assert_allclose(back.observed, t["g_ul"], rtol=1e-8)  # the CSV is written with 9 digits
    for band in ("median", "minus1sigma", "plus1sigma", "minus2sigma", "plus2sigma"):
        np.testing.assert_allclose(back.expected[band], t[f"g_ul_expected_{band}"], rtol=1e-8)
    assert back.cl == 0.9
    assert (tmp_path / "g_hepdata.tar.gz").is_file()
    np.testing.assert_array_equal(read_hepdata(hd_out, table="Input upper limit").limit,
                                  read_hepdata(src).limit)
    for i, f in enumerate((csv_out, hd_out)):
        main(["plot", "lmultau", str(f), "--labels", "toy", "-o", str(tmp_path / f"p{i}.pdf"), "--g2"])
        fig = figures[-1]
        _labelled(fig)
        for entry in ("toy: excluded", r"toy: expected $\pm1\sigma$", r"toy: expected $\pm2\sigma$",
                      "toy: expected (median)"):
            assert entry in fig["legend"], (entry, fig["legend"])
        assert not any("g-2" in t for t in fig["legend"])  # --g2 with no dataset: no band
        assert (tmp_path / f"p{i}.pdf").read_bytes()[:4] == b"%PDF"


def test_plot_the_input_limit_with_brazil_bands(tmp_path, figures):
    src = tmp_path / "lim.yaml"
    src.write_text(HEPDATA_LIMIT)
    main(["plot", "alp", str(src), "--quantity", "limit", "--format", "pdf", "-o", str(tmp_path / "l"),
          "--xlim", "0.1", "5", "--ylim", "0.05", "10"])
    fig, = figures
    _labelled(fig)
    assert fig["ylabel"].startswith("90% CL upper limit on") and "[fb]" in fig["ylabel"]
    assert fig["xlabel"] == "$m_a$ [GeV]"
    assert fig["xlim"] == pytest.approx((0.1, 5)) and fig["ylim"] == pytest.approx((0.05, 10))
    assert "lim: observed" in fig["legend"] and r"lim: expected $\pm1\sigma$" in fig["legend"]
    assert (tmp_path / "l.pdf").is_file()


def test_plot_units_and_clear_errors(tmp_path, figures):
    lim = tmp_path / "lim.csv"
    lim.write_text("mass_GeV,sigma_ul_fb\n0.1,100.0\n1.0,50\n")
    out = tmp_path / "alp.csv"
    main(["convert", "alp", str(lim), "--process", "e+ e- > gamma a", "--final-state", "gamma gamma",
          "--fiducial", "none", "-o", str(out)])
    main(["plot", "alp", str(out), "-o", str(tmp_path / "a.png")])
    fig, = figures
    _labelled(fig)
    assert fig["ylabel"] == r"$g_{a\gamma\gamma}$ [GeV$^{-1}$]"
    # no files, no (g-2) band: an error, no frame
    assert re.search("nothing to plot", _usage_error(["plot", "alp", "-o", str(tmp_path / "empty.png")]))
    assert not (tmp_path / "empty.png").exists()
    assert re.search("not found", _usage_error(["plot", "lmultau", str(tmp_path / "missing.csv")]))
    assert re.search(r"\.png, \.pdf", _usage_error(["plot", "lmultau", str(out), "-o", str(tmp_path / "x.jpg")]))


def test_g2_only_plot_and_electron_bands(tmp_path, figures):
    main(["plot", "darkphoton", "--g2", "Rb", "Cs", "--g2-lepton", "e", "--mass-min", "0.01", "--mass-max", "1",
          "-o", str(tmp_path / "e.png")])
    fig, = figures
    _labelled(fig)
    assert fig["xlabel"] == "$m_{A'}$ [GeV]" and fig["ylabel"] == r"$\varepsilon$"
    assert any("Cs" in t and "favours no coupling" in t for t in fig["legend"])


def test_project_counting_and_scaling_then_plot(tmp_path, figures):
    reach = tmp_path / "reach.csv"
    main(["project", "lmultau", "--process", PROCESS, "--final-state", "invisible", "--efficiency", "0.1",
          "--background-fb", "0.0", "--mass-min", "0.2", "--mass-max", "5", "--n", "4", "-o", str(reach)])
    t = read_table(reach)
    np.testing.assert_allclose(t["sigma_ul_expected_median[1ab-1]_fb"], 2.302585 / (0.1 * 1000), rtol=1e-5)
    np.testing.assert_allclose(t["g_ul_expected_median[50ab-1]"] / t["g_ul_expected_median[1ab-1]"],
                               np.sqrt(1 / 50), rtol=1e-8)
    main(["plot", "lmultau", str(reach), "--labels", "Belle II", "-o", str(tmp_path / "r.png")])
    fig = figures[-1]
    _labelled(fig)
    for lumi in ("1", "5", "50"):
        assert f"Belle II, {lumi} ab$^{{-1}}$: expected" in fig["legend"]

    src = tmp_path / "lim.yaml"
    src.write_text(HEPDATA_LIMIT)
    scaled = tmp_path / "scaled.csv"
    main(["project", "lmultau", "--process", PROCESS, "--final-state", "invisible", "--scale-limit", str(src),
          "--reference-luminosity", "100fb", "--regime", "background-dominated", "--luminosity", "400fb",
          "-o", str(scaled)])
    s = read_table(scaled)
    np.testing.assert_allclose(s["sigma_ul_expected_median[400fb-1]_fb"], read_hepdata(src).expected["median"] / 2,
                               rtol=1e-8)
    assert re.search("--reference-luminosity", _usage_error(["project", "lmultau", "--process", PROCESS, "--final-state",
                                                             "invisible", "--scale-limit", str(src)]))
    assert re.search("--efficiency", _usage_error(["project", "lmultau", "--process", PROCESS, "--final-state",
                                                   "invisible"]))


def test_docs_example_runs(tmp_path, monkeypatch):
    """docs/experiment_interface.md's Python example, executed as written."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "experiment_interface.md").read_text()
    block = text.split("```python\nimport tempfile", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile("import tempfile" + block, "experiment_interface.md", "exec"), {})


def test_limit_plot_tells_several_files_apart(tmp_path, figures):
    """--quantity limit with two files: each curve has its own colour (was: every observed line black)."""
    for name, scale in (("a", 1.0), ("b", 2.0)):
        (tmp_path / f"{name}.csv").write_text("mass_GeV,sigma_ul_fb\n" + "".join(f"{m},{scale * m}\n" for m in (0.1, 1, 5)))
    main(["plot", "lmultau", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--quantity", "limit",
          "-o", str(tmp_path / "ab.png")])
    fig = figures[-1]
    _labelled(fig)
    colors = fig["line_colors"]
    assert colors["a: observed"] != colors["b: observed"]
