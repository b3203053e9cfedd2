"""e+e- -> e+- mu-+ Z' (Z' on the e-mu current): the derived |M|^2 against explicit Dirac matrices (both charge
states, V and A), Bhabha's relative sign, gauge invariance, the phase-space sampler against a 1-D quadrature
and the cross section against an independent flat Monte Carlo; cuts, bad input and the sigma_UL -> g conversion."""
import math

import numba as nb
import numpy as np
import pytest
from scipy import integrate

from dirac_reference import mdot
from dirac_reference_emu import (msq_bhabha, msq_emu, msq_emu_conjugate, random_emu_point, x_line_currents)
from pheno import Cuts, coupling_limit
from pheno.emu_phasespace import emu_point, integral
from pheno.kernels.emu import msq_axial, msq_vector
from pheno.models import LFVZprime

M_MU = 0.1056583755
SQRT_S = 10.58
PROC = "e+ e- > e+- mu-+ Z'"


def _dots(p1, p2, k1, k2, q, mx):
    return (mdot(p1, p2), mdot(p1, k1), mdot(p1, k2), mdot(p1, q), mdot(p2, k1), mdot(p2, k2), mdot(p2, q),
            mdot(k1, k2), mdot(k1, q), mdot(k2, q), M_MU, mx)


@pytest.mark.parametrize("mx", [0.12, 0.5, 2.0, 7.0])
def test_kernel_matches_explicit_dirac_amplitudes(mx):
    rng = np.random.default_rng(int(mx * 100))
    for _ in range(6):
        p1, p2, k1, k2, q = random_emu_point(SQRT_S, M_MU, mx, rng)
        d = _dots(p1, p2, k1, k2, q, mx)
        ref_v = msq_emu(p1, p2, k1, k2, q, M_MU, mx, 1.0, 0.0)
        ref_a = msq_emu(p1, p2, k1, k2, q, M_MU, mx, 0.0, 1.0)
        assert msq_vector(*d) == pytest.approx(ref_v, rel=1e-10)
        assert msq_axial(*d) == pytest.approx(ref_a, rel=1e-10)
        # real couplings: no V-A interference
        assert msq_emu(p1, p2, k1, k2, q, M_MU, mx, 0.7, -0.4) == pytest.approx(0.49 * ref_v + 0.16 * ref_a, rel=1e-12)
        # the charge-conjugate final state e+ mu- Z' from its own diagrams = the kernel with the beams swapped
        swapped = _dots(p2, p1, k1, k2, q, mx)
        assert msq_vector(*swapped) == pytest.approx(msq_emu_conjugate(p1, p2, k1, k2, q, M_MU, mx, 1.0, 0.0), rel=1e-10)
        assert msq_axial(*swapped) == pytest.approx(msq_emu_conjugate(p1, p2, k1, k2, q, M_MU, mx, 0.0, 1.0), rel=1e-10)


def test_axial_kernel_equals_the_vector_kernel():
    """Massless electrons: gamma5 moves through the massless electron line onto an external electron (a helicity
    sign), so |M_axial|^2 = |M_vector|^2 at every point; sigma evaluates the vector kernel alone, weighted
    g_V^2 + g_A^2 (pheno.emu). Both kernels are tested against explicit Dirac matrices above."""
    rng = np.random.default_rng(5)
    for mx in (0.12, 1.0, 7.0):
        for _ in range(20):
            d = _dots(*random_emu_point(SQRT_S, M_MU, mx, rng), mx)
            assert msq_axial(*d) == pytest.approx(msq_vector(*d), rel=1e-12)
            # with the beams swapped (the charge-conjugate state) too
            assert msq_axial(d[0], *d[4:7], *d[1:4], *d[7:]) == pytest.approx(msq_vector(d[0], *d[4:7], *d[1:4], *d[7:]),
                                                                            rel=1e-12)


def test_relative_sign_of_s_and_t_channel_is_bhabhas():
    """The reference builds M = M_s - M_t with the spinor pairings of the e mu Z' amplitude; without the Z' it must
    give the textbook Bhabha result 2 e^4 [(s^2+u^2)/t^2 + 2u^2/(st) + (t^2+u^2)/s^2] (the interference term fixes the sign)."""
    e = SQRT_S / 2
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    for c in (-0.7, 0.1, 0.9):
        sn = math.sqrt(1 - c * c)
        k1 = np.array([e, e * sn * 0.6, e * sn * 0.8, e * c])
        k2 = p1 + p2 - k1
        s, t, u = mdot(p1 + p2, p1 + p2), mdot(p1 - k1, p1 - k1), mdot(p1 - k2, p1 - k2)
        textbook = 2 * ((s * s + u * u) / t**2 + 2 * u * u / (s * t) + (t * t + u * u) / s**2)
        assert msq_bhabha(p1, p2, k1, k2) == pytest.approx(textbook, rel=1e-12)


def test_gauge_invariance_numerically():
    """The Z'-carrying line contracted with its photon's momentum vanishes (both topologies, V and A)."""
    rng = np.random.default_rng(8)
    for mx in (0.3, 3.0):
        p1, p2, k1, k2, q = random_emu_point(SQRT_S, M_MU, mx, rng)
        for g_v, g_a in ((1.0, 0.0), (0.0, 1.0)):
            for topo, photon in (("s", p1 + p2), ("t", p1 - k1)):
                scale = np.max(np.abs(x_line_currents(p1, p2, k1, k2, q, M_MU, mx, topo, g_v, g_a))) * np.max(np.abs(photon))
                ward = x_line_currents(p1, p2, k1, k2, q, M_MU, mx, topo, g_v, g_a, photon=photon)
                assert np.max(np.abs(ward)) < 1e-12 * scale
    # and the check can fail: a single diagram alone is not conserved
    p1, p2, k1, k2, q = random_emu_point(SQRT_S, M_MU, 1.0, rng)
    assert np.max(np.abs(x_line_currents(p1, p2, k1, k2, q, M_MU, 1.0, "s", photon=p1 - k1))) > 1e-3


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["vector", "axial"])
def test_gauge_invariance_symbolically(kind):
    """Sum over spins of |Q.G|^2 on each Z'-carrying line is exactly 0 once momentum conservation is imposed."""
    import sympy as sp

    from pheno.amplitudes import emu
    from pheno.amplitudes.dirac import add, bar, mul, scalar, slash, trace

    dots = emu._dots()
    S = {str(v): v for v in dots.symbols.values()}
    for a, b in [("p1", "p2"), ("p1", "k1"), ("p1", "k2"), ("p1", "q"), ("p2", "k1"), ("p2", "k2"), ("p2", "q"),
                 ("k1", "k2"), ("k1", "q"), ("k2", "q")]:
        S[f"{a}_{b}"] = dots(a, b)
    m, mx = emu.m, emu.mx
    conservation = [sp.Eq(S["p1_p2"], S["p1_k1"] + S["p1_k2"] + S["p1_q"]),
                    sp.Eq(S["p1_p2"], S["p2_k1"] + S["p2_k2"] + S["p2_q"]),
                    sp.Eq(S["p1_k1"] + S["p2_k1"], S["k1_k2"] + S["k1_q"]),
                    sp.Eq(S["p1_k2"] + S["p2_k2"], S["k1_k2"] + m**2 + S["k2_q"]),
                    sp.Eq(S["p1_q"] + S["p2_q"], S["k1_q"] + S["k2_q"] + mx**2)]
    unknowns = [S["p1_q"], S["p2_q"], S["p2_k2"], S["k1_k2"], S["p1_p2"]]
    solution = dict(zip(unknowns, list(sp.linsolve(conservation, unknowns))[0]))
    k2m = add(slash("k2"), scalar(-m))
    for left, current, photon in ((slash("k1"), emu.current_s, slash({"p1": 1, "p2": 1})),
                                  (slash("p2"), emu.current_t, slash({"p1": 1, "k1": -1}))):
        line = emu._polarisation_sum(mul(left, current(kind, "r", "alpha", photon), k2m, bar(current(kind, "r", "beta", photon))))
        expr = sp.together(trace(line, dots).subs(emu.denominators(dots)).subs(solution))
        assert sp.expand(sp.numer(expr)) == 0


# ------------------------------------------------------------------ phase space and cross section
def test_phase_space_volume_against_quadrature():
    """Sum of the sampler's weights over (almost) the full electron solid angle = Phi_3 from a 1-D integral over
    the (mu X) invariant mass: Phi_3 = Int dM^2/(2 pi) Phi_2(sqrt s -> e, M) Phi_2(M -> mu, X)."""
    from scipy.stats import qmc

    mx = 1.0
    s = SQRT_S**2

    def phi2(mass, m1, m2):
        lam = (mass**2 - (m1 + m2) ** 2) * (mass**2 - (m1 - m2) ** 2)
        return math.sqrt(max(lam, 0.0)) / (8 * math.pi * mass**2)

    ref, _ = integrate.quad(lambda m2: phi2(SQRT_S, 0.0, math.sqrt(m2)) * phi2(math.sqrt(m2), M_MU, mx) / (2 * math.pi),
                            (M_MU + mx) ** 2, s, epsrel=1e-12)
    e_hi = (s - (M_MU + mx) ** 2) / (2 * SQRT_S)
    u = qmc.Sobol(d=4, scramble=True, seed=3).random(2**16)
    w = [emu_point(*row, SQRT_S, M_MU, mx, 0.0, e_hi, math.log(1e-15), math.log(2.0))[3] for row in u]
    assert np.mean(w) == pytest.approx(ref, rel=2e-4)


@nb.njit(cache=False)
def _flat_mc(r, sqrt_s, m, mx, cmax):
    """Independent route: Z' first (flat in M_emu^2 and its direction), then (e mu) -> e + mu isotropic; both
    charge states weighted directly with the kernel (the conjugate with the beams swapped), |cos| <= cmax (CM)
    on the e and the mu. Returns the per-point values of Int dPhi_3 (msq + msq_conj) x acceptance."""
    s = sqrt_s * sqrt_s
    hb = sqrt_s / 2
    p1 = np.array([hb, 0.0, 0.0, hb])
    p2 = np.array([hb, 0.0, 0.0, -hb])
    lo, hi = m * m, (sqrt_s - mx) ** 2
    out = np.zeros(r.shape[0])
    for n in range(r.shape[0]):
        m2 = lo + (hi - lo) * r[n, 0]
        mm = math.sqrt(m2)
        qa = math.sqrt(max((s - (mm + mx) ** 2) * (s - (mm - mx) ** 2), 0.0)) / (2 * sqrt_s)
        cq, pq = 2 * r[n, 1] - 1, 2 * math.pi * r[n, 2]
        sq = math.sqrt(1 - cq * cq)
        q = np.array([math.sqrt(qa * qa + mx * mx), qa * sq * math.cos(pq), qa * sq * math.sin(pq), qa * cq])
        sys_ = np.array([sqrt_s - q[0], -q[1], -q[2], -q[3]])
        ps = (m2 - m * m) / (2 * mm)
        cs, phs = 2 * r[n, 3] - 1, 2 * math.pi * r[n, 4]
        ss = math.sqrt(1 - cs * cs)
        e_rest = np.array([ps, ps * ss * math.cos(phs), ps * ss * math.sin(phs), ps * cs])
        b = sys_[1:] / sys_[0]
        b2 = b[0] ** 2 + b[1] ** 2 + b[2] ** 2
        g = 1 / math.sqrt(1 - b2)
        bp = b[0] * e_rest[1] + b[1] * e_rest[2] + b[2] * e_rest[3]
        k1 = np.empty(4)
        k1[0] = g * (e_rest[0] + bp)
        for i in range(3):
            k1[i + 1] = e_rest[i + 1] + ((g - 1) * bp / b2 + g * e_rest[0]) * b[i]
        k2 = sys_ - k1
        ok = True
        for k in (k1, k2):
            pk = math.sqrt(k[1] ** 2 + k[2] ** 2 + k[3] ** 2)
            if abs(k[3] / pk) > cmax:
                ok = False
        if not ok:
            continue
        w = (hi - lo) / (2 * math.pi) * qa / (16 * math.pi**2 * sqrt_s) * 4 * math.pi * ps / (16 * math.pi**2 * mm) * 4 * math.pi

        def d(a, c):
            return a[0] * c[0] - a[1] * c[1] - a[2] * c[2] - a[3] * c[3]

        val = msq_vector(d(p1, p2), d(p1, k1), d(p1, k2), d(p1, q), d(p2, k1), d(p2, k2), d(p2, q), d(k1, k2),
                         d(k1, q), d(k2, q), m, mx)
        val += msq_vector(d(p1, p2), d(p2, k1), d(p2, k2), d(p2, q), d(p1, k1), d(p1, k2), d(p1, q), d(k1, k2),
                          d(k1, q), d(k2, q), m, mx)
        out[n] = w * val
    return out


@pytest.mark.parametrize("mx", [0.5, 3.0])
def test_cross_section_against_independent_flat_monte_carlo(mx):
    cuts = Cuts(cos_theta=(-0.8, 0.8))
    val, err = (float(a) for a in integral(SQRT_S, M_MU, mx, cuts, n_points=2**15)[:2])
    r = np.random.default_rng(17).random((2_000_000, 5))
    mc = _flat_mc(r, SQRT_S, M_MU, mx, 0.8)
    mc_val, mc_err = mc.mean(), mc.std() / math.sqrt(mc.size)
    assert err < 5e-3 * val
    assert abs(val - mc_val) < 4 * math.hypot(err, mc_err)
    assert mc_err < 0.02 * mc_val   # the comparison is meaningful at the 2 % level or better


def test_cross_section_cuts_frames_and_bad_input():
    z = LFVZprime(mass=[1.0, 3.0], g_V={"mu e": 1.0})
    cm = Cuts(cos_theta=(-0.8, 0.8))
    sig = z.cross_section(PROC, cuts=cm)
    # alpha: one alpha in the four vertices; default alpha(s)
    from pheno import constants as C
    assert z.cross_section(PROC, cuts=cm, alpha="0") == pytest.approx(sig * (C.ALPHA0 / C.alpha_running(SQRT_S)) ** 2, rel=1e-12)
    # a "lab" frame with symmetric beams is the CM frame
    assert z.cross_section(PROC, cuts=Cuts(cos_theta=(-0.8, 0.8), frame="lab", e_minus=5.29, e_plus=5.29)) == \
        pytest.approx(sig, rel=1e-12)
    # sigma scales with g^2 and the axial coupling gives the same sigma (massless electron: chirality can be moved)
    assert LFVZprime(mass=[1.0, 3.0], g=0.1, g_A={"mu e": 1.0}).cross_section(PROC, cuts=cm) == pytest.approx(0.01 * sig, rel=1e-12)
    # a wider acceptance can only add events; the Belle II lab acceptance is asymmetric but finite
    wide = z.cross_section(PROC, cuts=Cuts(cos_theta=(-0.9, 0.9)))
    assert np.all(wide > sig)
    lab = z.cross_section(PROC, cuts=Cuts(cos_theta=(-0.866, 0.956), pt_min=0.1, frame="lab"))
    assert np.all(np.isfinite(lab)) and np.all(lab > 0)
    with pytest.raises(ValueError, match="collinear-divergent"):
        z.cross_section(PROC)
    with pytest.raises(ValueError, match="collinear-divergent"):
        z.cross_section(PROC, cuts=Cuts(cos_theta=(-0.8, 1.0)))
    with pytest.raises(ValueError, match="on shell"):
        LFVZprime(mass=0.1, g_V={"mu e": 1.0}).cross_section(PROC, cuts=cm)
    with pytest.raises(ValueError, match="no coupling for the 'mu e' pair"):
        LFVZprime(mass=1.0, g_V={"tau e": 1.0}).cross_section(PROC, cuts=cm)


def test_sigma_limit_converts_to_g_with_round_trip():
    cuts = Cuts(cos_theta=(-0.8, 0.8))
    m, s_ul = np.array([0.5, 2.0, 6.0]), np.array([5.0, 5.0, 20.0])
    res = coupling_limit(LFVZprime, PROC, m, s_ul, final_state="invisible", cuts=cuts, g_V={"mu e": 1.0}, full_output=True)
    assert res.limit_name == "g_ul" and np.all(np.isfinite(res.coupling))
    z = LFVZprime(mass=m, g=res.coupling, g_V={"mu e": 1.0})
    np.testing.assert_allclose(z.cross_section(PROC, cuts=cuts), s_ul, rtol=1e-8)
