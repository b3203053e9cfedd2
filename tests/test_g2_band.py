"""Model.g2_band: the (g-2)-favoured coupling band of every model, independent of an instance's coupling."""
import numpy as np
import pytest

from pheno import constants as C
from pheno.g2 import dataset, favoured_coupling_interval
from pheno.models import MODELS, ALP, DarkHiggsstrahlung, DarkPhoton, LmuLtau, MuonphilicScalar

MASS = np.geomspace(0.01, 10.0, 40)


def test_lmultau_band_equals_the_favoured_interval_route():
    old = favoured_coupling_interval(LmuLtau(mass=MASS, g=1.0).delta_a(), dataset="2023", n_sigma=2.0)
    new = LmuLtau.g2_band(MASS, dataset="2023", nsigma=2.0)
    np.testing.assert_allclose(new.lower, old.lower, rtol=1e-12, atol=0)
    np.testing.assert_allclose(new.upper, old.upper, rtol=1e-12, atol=0)
    assert list(new.kind) == list(old.kind)


def test_an_instance_coupling_does_not_change_the_band():
    cls_band = LmuLtau.g2_band(MASS, dataset="2023")
    inst_band = LmuLtau(mass=1.0, g=1e-3).g2_band(MASS, dataset="2023")
    np.testing.assert_array_equal(cls_band.lower, inst_band.lower)
    np.testing.assert_array_equal(cls_band.upper, inst_band.upper)
    with pytest.raises(TypeError, match="does not depend on 'g'"):
        LmuLtau.g2_band(MASS, g=1e-3)


def test_heavy_vector_band_edges_match_the_closed_form():
    """m >> m_mu: Delta a = g^2 m_mu^2 / (12 pi^2 m^2) (1 + O(m_mu^2/m^2 ln)); edges g^2 = (Delta a +- 2 sigma)/c."""
    m = np.array([100.0])  # m_mu^2/m^2 ln(m^2/m_mu^2) ~ 1.5e-5
    ds = dataset("2023")
    c = C.M_MU**2 / (12 * np.pi**2 * m**2)
    band = LmuLtau.g2_band(m, dataset="2023")
    np.testing.assert_allclose(band.lower, np.sqrt((ds.delta_a - 2 * ds.sigma) / c), rtol=1e-4)
    np.testing.assert_allclose(band.upper, np.sqrt((ds.delta_a + 2 * ds.sigma) / c), rtol=1e-4)


def test_electron_bands_and_datasets_that_favour_none():
    """Dark photon, m >> m_e: Delta a_e = (4 pi alpha eps^2) m_e^2/(12 pi^2 m^2). Rb (Delta a_e > 0) favours
    an interval; Cs (Delta a_e < 0, 3.9 sigma) favours no coupling of a vector, and the note says so."""
    m = np.array([0.5])  # m/m_e ~ 1000
    c = 4 * np.pi * C.ALPHA0 * C.M_E**2 / (12 * np.pi**2 * m**2)
    rb = DarkPhoton.g2_band(m, dataset="Rb", lepton="e")
    ds = dataset("Rb", "e")
    assert rb.kind[0] == "interval"   # Rb: Delta a_e = (0.34 +- 0.16)e-12 > 2 sigma
    np.testing.assert_allclose(rb.upper, np.sqrt((ds.delta_a + 2 * ds.sigma) / c), rtol=1e-4)
    cs = DarkPhoton.g2_band(m, dataset="Cs", lepton="e")
    assert cs.kind[0] == "none" and "favours none" in cs.note
    with pytest.raises(ValueError, match="give dataset= for the electron"):
        DarkPhoton.g2_band(m, lepton="e")


def test_2025_favours_no_nonzero_coupling_and_says_so():
    band = MuonphilicScalar.g2_band(MASS)  # default dataset 2025
    assert set(band.kind) == {"upper_only"} and np.all(band.lower == 0)
    assert "no non-zero coupling is favoured" in band.note


def test_every_model_has_a_band_or_a_clear_error():
    extra = {"darkhiggsstrahlung": dict(m_hp=0.2, alpha_D=0.1)}
    for name, cls in MODELS.items():
        try:
            band = cls.g2_band([0.5], dataset="2023", **extra.get(name, {}))
        except NotImplementedError as exc:
            assert cls.__name__ in str(exc)
            continue
        assert band.lower.shape == (1,) and band.model == cls.__name__
    with pytest.raises(NotImplementedError):
        DarkHiggsstrahlung.g2_band([0.5], m_hp=0.2, alpha_D=0.1)
    with pytest.raises(ValueError, match="mass"):
        LmuLtau.g2_band([-1.0])


def test_model_symbols_and_defaults_for_undeclared_models():
    assert LmuLtau.axis_label() == "$g'$" and LmuLtau.axis_label("mass") == "$m_{Z'}$ [GeV]"
    assert ALP.axis_label() == r"$g_{a\gamma\gamma}$ [GeV$^{-1}$]"

    class Toy(LmuLtau):  # a new model that declares nothing: symbols from its names and processes
        SYMBOLS = {}
        PARAMETERS = {**LmuLtau.PARAMETERS, "epsilon_x": ("coupling", 0.0)}

    assert Toy.axis_label("mass") == "$m_{Z'}$ [GeV]"   # the produced particle of its processes
    assert Toy.symbol("g") == "g" and Toy.symbol("epsilon_x") == r"\varepsilon_{x}"
    assert Toy.unit("g") == "" and Toy.unit("m_chi") == "GeV"
