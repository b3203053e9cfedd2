"""HEPData in (YAML data files, submissions, the CSV export) and out (hepdata_lib, validated), round trip."""
import tarfile
import warnings

import numpy as np
import pytest

from pheno.hepdata import is_hepdata, read_hepdata, read_limit_curves, reaction, write_submission
from pheno.limitfile import LimitTable
from pheno.limits import coupling_limit
from pheno.models import ALP, LmuLtau

# --------------------------------------------------------------------------- small HEPData-format inputs
YAML_TABLE = """\
independent_variables:
- header: {name: M(X), units: MEV}
  values: [{value: 500}, {value: 1000}, {value: 2000}]
dependent_variables:
- header: {name: SIG, units: PB}
  qualifiers:
  - {name: CL, value: 95%}
  - {name: Limit, value: Observed}
  - {name: SQRT(S), units: GEV, value: 10.58}
  values: [{value: 0.0031}, {value: 0.0027}, {value: 0.0022}]
- header: {name: SIG, units: PB}
  qualifiers:
  - {name: CL, value: 95%}
  - {name: Limit, value: Expected}
  - {name: SQRT(S), units: GEV, value: 10.58}
  values:
  - value: 0.0030
    errors:
    - {asymerror: {plus: 0.0010, minus: -0.0008}, label: 1 sigma}
    - {asymerror: {plus: 0.0025, minus: -0.0013}, label: 2 sigma}
  - value: 0.0025
    errors:
    - {asymerror: {plus: 0.0009, minus: -0.0007}, label: 1 sigma}
    - {asymerror: {plus: 0.0020, minus: -0.0011}, label: 2 sigma}
  - value: 0.0020
    errors:
    - {symerror: 0.0005, label: 1 sigma}
    - {symerror: 50%, label: 2 sigma}
"""

SUBMISSION = """\
---
comment: "test submission"
---
name: "UL on cross section vs mass"
description: "Observed 90% CL upper limit on sigma(e+e- -> mu+ mu- X) vs the mass."
keywords:
- {name: reactions, values: [E+ E- --> MU+ MU- X]}
- {name: cmenergies, values: [10.58]}
data_file: ul.yaml
---
name: "Efficiency"
description: "signal efficiency"
keywords: []
data_file: eff.yaml
"""

UL_YAML = """\
independent_variables:
- header: {name: M, units: GEV}
  values: [{low: 0.4, high: 0.6}, {low: 0.9, high: 1.1}]
dependent_variables:
- header: {name: '$\\sigma \\times \\mathcal{B}$', units: FB}
  values: [{value: 3.1}, {value: 2.7}]
"""

# the hepdata-converter CSV layout (PHYSICS.md O), unpacked: one block per dependent variable
CSV_EXPORT = """\
#: table_doi: 10.17182/hepdata.00000.v1/t1
#: name: Table 1
#: description: Upper limits at 90% CL on the branching fraction.
#: data_file: table1.yaml
#: keyword reactions: B+ --> K+ X
#: keyword cmenergies: 10.58
#: CL,,,90%
#: Limit,,,Observed
M(X) [GEV],M(X) [GEV] LOW,M(X) [GEV] HIGH,BF [10^-6]
0.5,0.45,0.55,1.5
1.0,0.95,1.05,1.2

#: CL,,,90%
M(X) [GEV],M(X) [GEV] LOW,M(X) [GEV] HIGH,Expected -1 sigma BF [10^-6]
0.5,0.45,0.55,0.9
1.0,0.95,1.05,0.8

#: CL,,,90%
M(X) [GEV],M(X) [GEV] LOW,M(X) [GEV] HIGH,Expected median BF [10^-6]
0.5,0.45,0.55,1.3
1.0,0.95,1.05,1.1

#: CL,90%
M(X) [GEV],M(X) [GEV] LOW,M(X) [GEV] HIGH,Expected +1 sigma BF [10^-6]
0.5,0.45,0.55,1.8
1.0,0.95,1.05,1.6

"""


def test_yaml_data_file_units_cl_and_bands_from_errors(tmp_path):
    f = tmp_path / "table.yaml"
    f.write_text(YAML_TABLE)
    t = read_hepdata(f)
    assert isinstance(t, LimitTable) and t.quantity == "sigma" and t.cl == 0.95
    np.testing.assert_allclose(t.mass, [0.5, 1.0, 2.0], rtol=1e-15)  # MeV -> GeV
    np.testing.assert_allclose(t.limit, [3.1, 2.7, 2.2], rtol=1e-14)  # pb -> fb
    np.testing.assert_allclose(t.expected["median"], [3.0, 2.5, 2.0], rtol=1e-14)
    np.testing.assert_allclose(t.expected["minus1sigma"], [2.2, 1.8, 1.5], rtol=1e-13)
    np.testing.assert_allclose(t.expected["plus2sigma"], [5.5, 4.5, 3.0], rtol=1e-13)  # 50 % of 2.0 fb
    np.testing.assert_allclose(t.expected["minus2sigma"], [1.7, 1.4, 1.0], rtol=1e-13)
    assert t.columns == {"limit": "SIG", "mass": "M(X)"}


def test_csv_export_bf_with_power_of_ten_units_and_bins(tmp_path):
    f = tmp_path / "Table1.csv"
    f.write_text(CSV_EXPORT)
    assert is_hepdata(f)
    t = read_hepdata(f)
    assert t.quantity == "bf" and t.cl == 0.90
    np.testing.assert_allclose(t.mass, [0.5, 1.0])
    np.testing.assert_allclose(t.limit, [1.5e-6, 1.2e-6], rtol=1e-14)
    assert set(t.expected) == {"minus1sigma", "median", "plus1sigma"}
    np.testing.assert_allclose(t.expected["plus1sigma"], [1.8e-6, 1.6e-6], rtol=1e-14)
    (tmp_path / "plain.csv").write_text("mass_GeV,x\n")
    assert not is_hepdata(tmp_path / "plain.csv")


def test_submission_needs_a_table_choice_and_bins_a_centre(tmp_path):
    (tmp_path / "submission.yaml").write_text(SUBMISSION)
    (tmp_path / "ul.yaml").write_text(UL_YAML)
    (tmp_path / "eff.yaml").write_text(UL_YAML)
    with pytest.raises(ValueError, match=r"2 tables; choose one with table=.*\[0\] 'UL on cross section vs mass'"):
        read_hepdata(tmp_path)
    with pytest.raises(ValueError, match="mass_bins='centre'"):
        read_hepdata(tmp_path / "submission.yaml", table=0)
    t = read_hepdata(tmp_path, table="UL on cross section vs mass", mass_bins="centre")
    np.testing.assert_allclose(t.mass, [0.5, 1.0])
    assert t.cl == 0.90  # stated only in the table description, once
    archive = tmp_path / "sub.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for name in ("submission.yaml", "ul.yaml", "eff.yaml"):
            tf.add(tmp_path / name, arcname=name)
    np.testing.assert_array_equal(read_hepdata(archive, table=0, mass_bins="centre").limit, t.limit)


def test_ambiguous_columns_stop_with_the_candidates(tmp_path):
    two = YAML_TABLE.replace("{name: Limit, value: Expected}", "{name: Limit, value: Observed}")
    f = tmp_path / "two.yaml"
    f.write_text(two)
    with pytest.raises(ValueError, match=r"2 candidate observed-limit columns.*observed=.*\[0\].*\[1\]"):
        read_hepdata(f)
    assert read_hepdata(f, observed=1).limit[0] == pytest.approx(3.0)
    f.write_text(YAML_TABLE.replace("units: PB", "units: ''", 1))
    with pytest.raises(ValueError, match="quantity='bf'"):
        read_hepdata(f)
    f.write_text(YAML_TABLE.replace("units: MEV", "units: ''"))
    with pytest.raises(ValueError, match="must state its units"):
        read_hepdata(f)
    f.write_text(YAML_TABLE)
    with pytest.raises(ValueError, match="states 95% CL"):
        read_hepdata(f, cl=0.90)
    assert read_hepdata(f, expected=False).expected == {}


def _convert(table, model=LmuLtau, process="e+ e- > mu+ mu- Z'", **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = coupling_limit(model, process, table.mass, table.limit, full_output=True, **kw)
        exp = {b: coupling_limit(model, process, table.mass, v, **kw) for b, v in table.expected.items()}
    return res, exp


def test_round_trip_convert_export_read_back(tmp_path):
    """convert a limit, export it as HEPData, read the export back -> the same floats (NaN where no limit)."""
    f = tmp_path / "table.yaml"
    f.write_text(YAML_TABLE.replace("{value: 2000}", "{value: 10600}"))  # closed at sqrt(s): a NaN row
    table = read_hepdata(f)
    res, exp = _convert(table, final_state="invisible")
    assert np.isnan(res.coupling[-1]) and np.isfinite(res.coupling[:-1]).all()
    out = write_submission(tmp_path / "hepdata", LmuLtau, "e+ e- > mu+ mu- Z'", res.coupling, mass=res.mass,
                           expected=exp, cl=table.cl, assumptions={"Final state": "invisible"}, input_limit=table)
    back = read_limit_curves(out, table=0, allow_missing=True)
    np.testing.assert_array_equal(back.mass, res.mass)
    np.testing.assert_array_equal(back.observed, res.coupling)
    assert set(back.expected) == set(exp)
    for band in exp:
        np.testing.assert_array_equal(back.expected[band], exp[band])
    assert back.cl == 0.95
    inp = read_hepdata(out, table="Input upper limit")
    np.testing.assert_array_equal(inp.limit, table.limit)
    for band in table.expected:
        np.testing.assert_array_equal(inp.expected[band], table.expected[band])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # hepdata_validator's jsonschema imports
def test_export_is_a_valid_submission_with_keywords_and_qualifiers(tmp_path):
    from hepdata_validator.full_submission_validator import FullSubmissionValidator

    m = np.array([0.1, 1.0])
    out = write_submission(tmp_path / "alp", ALP, "e+ e- > gamma a", [1e-4, 2e-4], mass=m, cl=0.9,
                           assumptions={"Final state": "gamma gamma", "Fiducial volume": "Belle II ECL"})
    from pheno.hepdata import archive_path

    v = FullSubmissionValidator()
    assert v.validate(directory=str(out)), v.get_messages()
    assert v.validate(archive=str(archive_path(out))), v.get_messages()
    t = read_limit_curves(out, table=0)
    assert t.table.keywords["reactions"] == ["E+ E- --> GAMMA A"] and t.table.keywords["cmenergies"] == [10.58]
    quals = dict(t.variables["observed"].qualifiers)
    assert quals["CL"] == "90%" and quals["SQRT(S) [GEV]"] == "10.58" and quals["Final state"] == "gamma gamma"
    assert t.variables["observed"].units == "GEV**-1"  # g_agg's unit, declared by the model
    # rewriting replaces an earlier submission; anything else is never overwritten
    write_submission(out, ALP, "e+ e- > gamma a", [1e-4, 3e-4], mass=m)
    assert read_limit_curves(out, table=0).observed[1] == 3e-4 and not list(tmp_path.glob(".alp.*"))
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("x")
    with pytest.raises(FileExistsError):
        write_submission(tmp_path / "precious", ALP, "e+ e- > gamma a", [1e-4, 3e-4], mass=m)


def test_reaction_keyword():
    assert reaction("e+ e- > mu+ mu- Z'") == "E+ E- --> MU+ MU- Z'"
    assert reaction("B+ > K+ S") == "B+ --> K+ S"


def test_the_converter_reads_a_hepdata_file_by_its_path(tmp_path):
    """coupling_limit(sigma_ul=<path>) recognises HEPData as the CLI does (pheno.limits.read_limit_source)."""
    from pheno import coupling_limit
    from pheno.models import LmuLtau

    f = tmp_path / "limit.yaml"
    f.write_text(YAML_TABLE)
    by_path = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", sigma_ul=f, final_state="invisible", full_output=True)
    by_table = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", sigma_ul=read_hepdata(f), final_state="invisible",
                              full_output=True)
    np.testing.assert_array_equal(by_path.coupling, by_table.coupling)
    assert by_path.cl == 0.95 and set(by_path.expected) == set(by_table.expected)
