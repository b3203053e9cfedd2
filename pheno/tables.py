"""The project's reference tables (the main job, ``pheno tables``): regenerable CSVs and a plot.

Every table states pheno's version, units and conventions in its header. A test regenerates
them and compares with the committed files.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from . import constants as C

TOY_LIMIT = Path(__file__).resolve().parents[1] / "examples" / "toy_sigma_ul.csv"


def lmultau_tables(out: Path) -> list[Path]:
    from .g2 import MUON_DATASETS, favoured_coupling_interval
    from .io import write_table
    from .limits import coupling_limit, read_limit_file
    from .models import LmuLtau
    from .plotting import coupling_mass_plot

    mass = np.geomspace(0.005, 10.5, 200)
    z = LmuLtau(mass=mass, g=1.0)
    written = []
    cols = {"mass_GeV": mass, "total_width_per_g2_GeV": z.total_width()}
    cols.update({f"width_per_g2[{ch}]_GeV": w for ch, w in z.widths().items()})
    cols.update({f"BF[{ch}]": bf for ch, bf in z.branching_ratios().items()})
    cols["ctau_times_g2_m"] = z.ctau()
    cols["kinetic_mixing_abs_eps_per_g"] = z.kinetic_mixing()
    written.append(write_table(out / "lmultau_widths.csv", cols, [
        "L_mu-L_tau Z' (no dark fermion): partial widths per g'^2 [GeV], BFs (independent of g'),",
        "ctau x g'^2 [m] (ctau = value / g'^2), |eps(m^2)|/g' of the mu/tau-loop kinetic mixing",
        "formulas: PHYSICS.md C2, C3; masses PDG 2024"]))

    sig = {}
    for lep in ("mu", "tau"):
        for alpha in ("running", "0"):
            sig[(lep, alpha)] = z.cross_section(f"e+ e- > {lep}+ {lep}- Z'", sqrt_s=C.SQRT_S_BELLE2, alpha=alpha)
    written.append(write_table(out / "lmultau_xsec.csv", {
        "mass_GeV": mass,
        "sigma_per_g2[mu+ mu- Z']_fb": sig[("mu", "running")],
        "sigma_per_g2[tau+ tau- Z']_fb": sig[("tau", "running")],
        "sigma_per_g2_alpha0[mu+ mu- Z']_fb": sig[("mu", "0")],
        "sigma_per_g2_alpha0[tau+ tau- Z']_fb": sig[("tau", "0")],
    }, [f"Born sigma(e+e- -> l+ l- Z') / g'^2 [fb] at sqrt(s) = {C.SQRT_S_BELLE2} GeV, no cuts, Z' on shell",
        f"alpha: running alpha(s) = 1/{1 / C.alpha_running(C.SQRT_S_BELLE2):.3f} (default) or alpha(0) (columns _alpha0)",
        "excluded: ISR, beam-energy spread, Z' width, loop-induced e+e- -> gamma Z'"]))

    da = z.delta_a("mu")
    g2cols = {"mass_GeV": mass, "delta_a_mu_per_g2": da}
    for name in MUON_DATASETS:
        band = favoured_coupling_interval(da, dataset=name, n_sigma=2.0)
        g2cols[f"g_lower_2sigma[{name}]"] = band.lower
        g2cols[f"g_upper_2sigma[{name}]"] = band.upper
    written.append(write_table(out / "lmultau_g2.csv", g2cols, [
        "Delta a_mu / g'^2 from Z' exchange (PHYSICS.md C4) and the g' interval favoured at 2 sigma per",
        "(g-2)_mu dataset (pheno.g2); lower = 0 means no non-zero coupling is favoured (upper bound only)"]))

    m_lim, s_lim = read_limit_file(TOY_LIMIT)
    limits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fs, label in (("invisible", "vanilla $L_\\mu-L_\\tau$ BF(inv)"), ("mu+ mu-", "BF($\\mu\\mu$)")):
            g = coupling_limit(LmuLtau, "e+ e- > mu+ mu- Z'", m_lim, s_lim, final_state=fs)
            limits.append((f"toy limit, {label}", m_lim, g))
    grid = np.geomspace(0.01, 10.0, 400)
    written.append(coupling_mass_plot(
        out / "lmultau_gprime_mass.png", grid, LmuLtau(mass=grid, g=1.0).delta_a("mu"), limits,
        datasets=("2023", "2025"), title=r"$L_\mu-L_\tau$ $Z'$: $e^+e^-\to\mu^+\mu^-Z'$ at $\sqrt{s}=10.58$ GeV",
        note="toy sigma_UL = 2.3/(79.7 fb$^{-1}$ x 10%) = 0.29 fb, not a measurement; Born level, alpha(s)"))
    return written


BELLE2_ECL_LAB_DEG = (12.4, 155.1)  # ECL polar-angle coverage in the lab (forward endcap .. backward endcap)


def darkphoton_tables(out: Path) -> list[Path]:
    from .io import write_table
    from .models import DarkPhoton
    from .production import Cuts

    mass = np.geomspace(1e-3, 10.5, 600)
    a = DarkPhoton(mass=mass, epsilon=1.0)
    cols = {"mass_GeV": mass, "total_width_per_eps2_GeV": a.total_width()}
    cols.update({f"width_per_eps2[{ch}]_GeV": w for ch, w in a.widths().items()})
    bfs = a.branching_ratios()
    cols.update({f"BF[{ch}]": bfs[ch] for ch in list(a.widths()) + ["visible"]})
    cols["ctau_times_eps2_m"] = a.ctau()
    written = [write_table(out / "darkphoton_widths.csv", cols, [
        "dark photon without dark matter: partial widths per eps^2 [GeV] (alpha(0)), BFs, ctau x eps^2 [m]",
        "hadrons: alpha eps^2 m R(m^2)/3 with pheno.hadrons.R_ratio (point-like sigma_0; docs/r_ratio_accuracy.md)",
        "formulas: PHYSICS.md A1-A2; with dark matter use `pheno widths darkphoton -p alpha_D=... -p m_chi=...`"])]
    c_lab = tuple(np.cos(np.radians(d)) for d in BELLE2_ECL_LAB_DEG[::-1])
    proc = "e+ e- > gamma A'"
    sig = {
        "full": a.cross_section(proc),
        "cm09": a.cross_section(proc, cuts=Cuts(cos_theta=(-0.9, 0.9))),
        "ecl": a.cross_section(proc, cuts=Cuts(cos_theta=c_lab, frame="lab")),
    }
    written.append(write_table(out / "darkphoton_xsec.csv", {
        "mass_GeV": mass, "sigma_per_eps2_full_fb": sig["full"], "sigma_per_eps2_cm_abscos_lt_0.9_fb": sig["cm09"],
        "sigma_per_eps2_belle2_ecl_lab_fb": sig["ecl"]}, [
        f"Born sigma(e+e- -> gamma A') / eps^2 [fb] at sqrt(s) = {C.SQRT_S_BELLE2} GeV, alpha(0), electron mass kept",
        "columns: full angle; photon |cos theta*| < 0.9 (CM); photon in the Belle II ECL, "
        f"{BELLE2_ECL_LAB_DEG[0]}-{BELLE2_ECL_LAB_DEG[1]} deg in the lab (7 GeV e- on 4 GeV e+)",
        "formula: PHYSICS.md A4; excluded: ISR, beam-energy spread, A' width"]))
    written.append(_bf_mumu_plot(out / "darkphoton_bf_mumu.png"))
    return written


def _bf_mumu_plot(path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .models import DarkPhoton

    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.9), dpi=150, sharey=True)
    for ax, (lo, hi) in zip(axes, ((0.4, 1.2), (1.0, 3.0))):
        m = np.linspace(lo, hi, 4000)
        a = DarkPhoton(mass=m, epsilon=1.0)
        for ch, style, label in (("mu+ mu-", "-", r"BF($A'\to\mu^+\mu^-$)"), ("e+ e-", "--", r"BF($A'\to e^+e^-$)"),
                                 ("hadrons", ":", r"BF($A'\to$ hadrons)")):
            ax.plot(m, a.branching_ratio(ch), style, lw=1.5, label=label)
        ax.set_xlim(lo, hi)
        ax.set_xlabel(r"$m_{A'}$ [GeV]", loc="right")
        ax.tick_params(which="both", direction="in", top=True, right=True)
        ax.grid(alpha=0.3)
    axes[0].set_ylim(0, 1)
    axes[0].set_ylabel("branching fraction", loc="top")
    axes[0].set_title(r"$\rho/\omega/\phi$ region", fontsize=10)
    axes[1].set_title("1-3 GeV", fontsize=10)
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle("Dark photon without dark matter: BFs from pheno.hadrons R(s) (VMD + pQCD)", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def spin0_tables(out: Path) -> list[Path]:
    from .io import write_table
    from .models import ALP, LeptophilicScalar, MuonphilicScalar
    from .plotting import coupling_mass_plot

    written = []
    mass = np.geomspace(1e-3, 10.5, 400)
    alp = ALP(mass=mass, g_agg=1.0)
    cols = {"mass_GeV": mass, "width_gamma_gamma_per_gagg2_GeV3": alp.widths()["gamma gamma"],
            "ctau_times_gagg2_m_GeV-2": alp.ctau()}
    lep = ALP(mass=mass, c_ll=1.0, Lambda=1000.0)
    cols.update({f"width_per_c2[{ch}]_GeV": w for ch, w in lep.widths().items() if ch != "invisible"})
    bfs = lep.branching_ratios()
    cols.update({f"BF_universal_c[{ch}]": bfs[ch] for ch in ("gamma gamma", "e+ e-", "mu+ mu-", "tau+ tau-")})
    cols["ctau_times_c2_m"] = lep.ctau()
    written.append(write_table(out / "alp_widths.csv", cols, [
        "ALP widths: photon coupling only (per g_agg^2, g_agg in GeV^-1: Gamma = g^2 m^3/64pi), and a universal",
        "lepton coupling c_l = c (derivative basis, Lambda = 1 TeV, g_agg = 0: lepton loops give the photon width),",
        "per c^2; ctau x coupling^2 in metres. Formulas: PHYSICS.md D1-D3"]))
    xs = {"mass_GeV": mass,
          "sigma_per_gagg2[gamma a]_fb_GeV2": alp.cross_section("e+ e- > gamma a"),
          "sigma_per_c2[mu+ mu- a]_fb": lep.cross_section("e+ e- > mu+ mu- a"),
          "sigma_per_c2[tau+ tau- a]_fb": lep.cross_section("e+ e- > tau+ tau- a")}
    if "e+ e- > e+ e- a" in ALP.PROCESSES:
        xs["sigma_per_gagg2[e+ e- a]_fb_GeV2"] = alp.cross_section("e+ e- > e+ e- a")
    written.append(write_table(out / "alp_xsec.csv", xs, [
        f"Born cross sections at sqrt(s) = {C.SQRT_S_BELLE2} GeV: e+e- -> gamma a per g_agg^2 [fb GeV^2] (alpha(0));",
        "e+e- -> l+l- a per c^2 (c_l = c, Lambda = 1 TeV; running alpha(s)); photon fusion e+e- -> e+e- a per",
        "g_agg^2 (equivalent-photon approximation, pheno.photon_fusion) where available"]))

    cols = {"mass_GeV": mass}
    for name, model in (("leptophilic_xi", LeptophilicScalar(mass=mass, xi=1.0)),
                        ("muonphilic_g", MuonphilicScalar(mass=mass, g=1.0))):
        cols.update({f"{name}:width_per_coupling2[{ch}]_GeV": w for ch, w in model.widths().items()})
        bfs = model.branching_ratios()
        cols.update({f"{name}:BF[{ch}]": bfs[ch] for ch in model.widths()})
        cols[f"{name}:ctau_times_coupling2_m"] = model.ctau()
        cols[f"{name}:delta_a_mu_per_coupling2"] = model.delta_a("mu")
        for proc in model.PROCESSES:
            cols[f"{name}:sigma_per_coupling2[{proc.split('> ')[1]}]_fb"] = model.cross_section(proc)
    written.append(write_table(out / "scalars.csv", cols, [
        "leptophilic scalar (couplings xi m_l/v) and muonphilic scalar (g_S) per coupling^2: widths [GeV], BFs,",
        "ctau x coupling^2 [m], Delta a_mu, Born sigma(e+e- -> l+l- S) [fb] at 10.58 GeV with running alpha(s).",
        "Formulas: PHYSICS.md E1-E3; lepton-loop photon widths with F_1/2"]))

    from .limits import coupling_limit, read_limit_file

    m_lim, s_lim = read_limit_file(TOY_LIMIT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g_toy = coupling_limit(MuonphilicScalar, "e+ e- > mu+ mu- S", m_lim, s_lim, final_state="mu+ mu-")
    grid = np.geomspace(0.01, 10.0, 400)
    written.append(coupling_mass_plot(
        out / "muonphilic_gS_mass.png", grid, MuonphilicScalar(mass=grid, g=1.0).delta_a("mu"),
        [(r"toy limit, $e^+e^-\to\mu^+\mu^-S$, $S\to\mu^+\mu^-$", m_lim, g_toy)],
        datasets=("2023", "2025"), coupling_label=r"$g_S$", mass_label=r"$m_S$ [GeV]",
        title=r"Muonphilic scalar: $(g-2)_\mu$-favoured $g_S$", ylim=(1e-5, 1.0),
        note="toy sigma_UL = 0.29 fb (examples/toy_sigma_ul.csv), not a measurement; Born level, alpha(s)"))
    return written


def write_reference_tables(out: Path = Path("tables")) -> list[Path]:
    out = Path(out)
    return lmultau_tables(out) + darkphoton_tables(out) + spin0_tables(out)
