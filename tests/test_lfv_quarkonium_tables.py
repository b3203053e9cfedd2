"""The LFV and quarkonium parts of `pheno tables`: they run without any third-party file (the converted Belle II
limit is then skipped), the limit table regenerates from the shared reference copy, and its reader never guesses."""
from pathlib import Path

import numpy as np
import pytest

from pheno.io import read_table
from pheno.tables import read_tau_alpha_limits

ROOT = Path(__file__).resolve().parents[1]


def test_quarkonium_tables_are_written(tmp_path):
    from pheno import tables

    written = {p.name for p in tables.quarkonium_tables(tmp_path)}
    assert written == {"quarkonium_upsilon_inv_lambda.csv", "quarkonium_upsilon_inv_epsilon.csv",
                       "quarkonium_upsilon_gamma_a0.csv", "quarkonium_upsilon_invisible.png"}


@pytest.mark.slow
def test_lfv_tables_with_and_without_the_reference_copy(tmp_path, shared_reference):
    from pheno.tables import lfv_tables

    without = {p.name for p in lfv_tables(tmp_path / "a")}
    assert "lfv_alp_tau_F_limit.csv" not in without and "lfv_alp_tau_bf.csv" in without
    written = lfv_tables(tmp_path / "b", shared_reference / "belle2_2023_tau_l_alpha_unverified.csv")
    new = read_table(tmp_path / "b" / "lfv_alp_tau_F_limit.csv")
    old = read_table(ROOT / "tables" / "lfv_alp_tau_F_limit.csv")
    assert list(new) == list(old)
    for col in new:
        np.testing.assert_allclose(new[col], old[col], rtol=1e-7, err_msg=col)
    text = (tmp_path / "b" / "lfv_alp_tau_F_limit.csv").read_text()
    assert "UNVERIFIED provenance" in text and "NOT the" in text
    assert (tmp_path / "b" / "lfv_alp_tau_F_limit.png") in written


def test_reader_rejects_mass_bins(tmp_path):
    f = tmp_path / "binned.csv"
    f.write_text("m_lo_GeV,m_hi_GeV,UL_tau_e_alpha,UL_tau_mu_alpha\n0.0,0.1,1e-3,1e-3\n")
    with pytest.raises(ValueError, match="mass bins"):
        read_tau_alpha_limits(f)
    g = tmp_path / "missing.csv"
    g.write_text("m_GeV,UL_tau_e_alpha\n0.0,1e-3\n")
    with pytest.raises(ValueError, match="mass_column='m_lo_GeV' is not a column"):
        read_tau_alpha_limits(g)
