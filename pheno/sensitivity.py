"""Sensitivity estimates and projections (docs/physics.md N).

* Punzi's minimum detectable signal (G. Punzi, "Sensitivity of searches for new signals and its
  optimization", PHYSICSTAT 2003, arXiv:physics/0308063): :func:`punzi_smin`, :func:`punzi_fom`,
  and the cross section / branching fraction it corresponds to (:func:`sigma_min`, :func:`bf_min`,
  with the parent counts of :func:`n_parent`).
* Scaling a published limit to another luminosity, in a regime you choose (:func:`luminosity_scale`,
  :func:`scale_limit`).
* Expected CLs upper limits with +-1 sigma / +-2 sigma bands for a counting experiment
  (:func:`expected_upper_limit`), built on ``pyhf`` (HistFactory likelihood, the q~_mu test statistic
  of Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, pyhf's asymptotic calculator, and the exact
  Poisson sampling distributions of pyhf's q~_mu for small backgrounds).
* The projected coupling reach at several luminosities through the limit converter
  (:func:`projected_reach`).

Luminosities are in fb^-1 everywhere (1 ab^-1 = 1000 fb^-1; :func:`parse_luminosity` reads "5ab").
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import constants as C
from .limitfile import BANDS, SIGMA_TO_FB, LimitTable  # BANDS: -2 sigma .. +2 sigma, the order of pyhf's bands
from .validation import checked_array

_BAND_PERCENTILES = {"minus2sigma": 0.022750131948179195, "minus1sigma": 0.15865525393145707, "median": 0.5,
                     "plus1sigma": 0.8413447460685429, "plus2sigma": 0.9772498680518208}  # Phi(-2..2)
AUTO_EXACT_MAX_BACKGROUND = 25.0  # events: method="auto" uses the exact Poisson sums below this
REGIMES = ("background-free", "background-dominated", "systematic-floor")


def _scalar(out):
    """A Python float for scalar input, the array otherwise."""
    return float(out) if np.ndim(out) == 0 else out


# ---------------------------------------------------------------------------------------- Punzi
def punzi_smin(background, a: float = 3.0, b: float | None = None, form: str = "poisson"):
    """Punzi's minimum detectable signal S_min [events] for a search at ``a`` sigma (test
    significance) and ``b`` sigma (power, default b = a) over an expected background B.

    form="poisson"  : Punzi's Poisson-improved formula (physics/0308063, docs/physics.md N)
                      S_min = a^2/8 + 9 b^2/13 + a sqrt(B) + (b/2) sqrt(b^2 + 4 a sqrt(B) + 4 B)
    form="gaussian" : the Gaussian requirement S >= a sqrt(B) + b sqrt(B + S), solved exactly:
                      S_min = a sqrt(B) + b^2/2 + (b/2) sqrt(b^2 + 4 a sqrt(B) + 4 B);
                      for a = b this is a^2 + 2 a sqrt(B) = 2a (a/2 + sqrt(B)).

    >>> round(punzi_smin(100.0, a=2.0), 4), punzi_smin(100.0, a=2.0, form="gaussian")
    (45.2692, 44.0)
    """
    bkg = checked_array("background", background, lo=0.0, what=">= 0 events")
    b = a if b is None else b
    for name, v in (("a", a), ("b", b)):
        if not (np.isfinite(v) and v > 0):
            raise ValueError(f"{name} (a number of standard deviations) must be > 0, got {v!r}")
    root_b = np.sqrt(bkg)
    tail = 0.5 * b * np.sqrt(b * b + 4.0 * a * root_b + 4.0 * bkg)
    if form == "poisson":
        out = a * a / 8.0 + 9.0 * b * b / 13.0 + a * root_b + tail
    elif form == "gaussian":
        out = a * root_b + 0.5 * b * b + tail
    else:
        raise ValueError(f"form must be 'poisson' or 'gaussian', got {form!r}")
    return _scalar(out)


def punzi_fom(efficiency, background, a: float = 3.0):
    """Punzi's figure of merit eps / (a/2 + sqrt(B)) (physics/0308063); maximising it minimises the
    Gaussian a = b form of S_min / eps."""
    eff = checked_array("efficiency", efficiency, lo=0.0, hi=1.0, what="in [0, 1]")
    bkg = checked_array("background", background, lo=0.0, what=">= 0 events")
    out = eff / (0.5 * a + np.sqrt(bkg))
    return _scalar(out)


def sigma_min(efficiency, luminosity, background, a: float = 3.0, b: float | None = None, form: str = "poisson"):
    """Smallest detectable cross section [fb]: S_min / (eps L), L in fb^-1 (docs/physics.md N)."""
    eff = checked_array("efficiency", efficiency, lo=0.0, hi=1.0, lo_strict=True, what="in (0, 1]")
    lumi = checked_array("luminosity", luminosity, lo=0.0, lo_strict=True, what="> 0 fb^-1")
    out = punzi_smin(background, a, b, form) / (eff * lumi)
    return _scalar(out)


def bf_min(efficiency, n_parent, background, a: float = 3.0, b: float | None = None, form: str = "poisson"):
    """Smallest detectable branching fraction: S_min / (eps N_parent) (docs/physics.md N); N_parent from
    :func:`n_parent` (it counts both charge-conjugate parents, as searches quote)."""
    eff = checked_array("efficiency", efficiency, lo=0.0, hi=1.0, lo_strict=True, what="in (0, 1]")
    n = checked_array("n_parent", n_parent, lo=0.0, lo_strict=True, what="> 0")
    out = punzi_smin(background, a, b, form) / (eff * n)
    return _scalar(out)


def n_parent(parent: str, luminosity, sigma_nb: float | None = None):
    """Number of produced parents in ``luminosity`` [fb^-1] of e+e- data at the Upsilon(4S):

    "tau"  : N = 2 sigma(e+e- -> tau+ tau-) L: each pair gives a tau+ and a tau-, and a search for
             tau -> l X counts both charges (docs/physics.md N). sigma default: C.SIGMA_TAUTAU_NB.
    "B+"   : N = 2 f_+- sigma_BB L: B+ and B- (charge-conjugate modes included), f_+- = BF(Upsilon(4S)
             -> B+ B-) = C.F_PLUS_MINUS. For one charge only it would be f_+- sigma_BB L.
    "B0"   : N = 2 f_00 sigma_BB L, f_00 = 1 - f_+- (B0 and B0bar).
    For B mesons ``sigma_nb`` = sigma(e+e- -> Upsilon(4S) -> B Bbar) must be given (about 1.05-1.11 nb
    depending on the beam-energy spread and on how the B Bbar count is defined: pheno does not pick one).
    """
    lumi = checked_array("luminosity", luminosity, lo=0.0, lo_strict=True, what="> 0 fb^-1")
    nb_to_fb = SIGMA_TO_FB["nb"]
    if parent == "tau":
        sigma = C.SIGMA_TAUTAU_NB if sigma_nb is None else float(sigma_nb)
        out = 2.0 * sigma * nb_to_fb * lumi
    elif parent in ("B+", "B-", "B0"):
        if sigma_nb is None:
            raise ValueError("give sigma_nb = sigma(e+e- -> Upsilon(4S) -> B Bbar) in nb (about 1.05-1.11 nb)")
        frac = C.F_PLUS_MINUS if parent in ("B+", "B-") else 1.0 - C.F_PLUS_MINUS
        out = 2.0 * frac * float(sigma_nb) * nb_to_fb * lumi
    else:
        raise ValueError(f"parent must be 'tau', 'B+' or 'B0', got {parent!r}")
    return _scalar(out)


# ---------------------------------------------------------------------------------------- luminosity
def parse_luminosity(text) -> float:
    """"5ab", "5 ab^-1", "5/ab", "362fb", "362 fb-1", "1e3" (fb^-1) -> fb^-1.

    >>> parse_luminosity("50ab"), parse_luminosity("362 fb^-1")
    (50000.0, 362.0)
    """
    if isinstance(text, (int, float)):
        value, unit = float(text), "fb"
    else:
        m = re.fullmatch(r"\s*([0-9.]+(?:e[+-]?\d+)?)\s*(?:/?\s*(ab|fb|pb|nb))?\s*(?:\^?\s*-\s*1)?\s*", str(text),
                         re.IGNORECASE)
        if not m:
            raise ValueError(f"cannot read the luminosity {text!r}; write e.g. '5ab', '362fb' or a number in fb^-1")
        value, unit = float(m.group(1)), (m.group(2) or "fb").lower()
    value *= {"ab": 1e3, "fb": 1.0, "pb": 1e-3, "nb": 1e-6}[unit]
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"luminosity must be > 0, got {text!r}")
    return value


def luminosity_tag(luminosity: float) -> str:
    """1000 -> '1ab-1', 362 -> '362fb-1' (for column names and labels)."""
    if luminosity >= 1000 and abs(luminosity / 1000 - round(luminosity / 1000, 3)) < 1e-9:
        return f"{luminosity / 1000:g}ab-1"
    return f"{luminosity:g}fb-1"


def luminosity_scale(lumi_from, lumi_to, regime: str, background=None, rel_syst=None):
    """Factor by which an upper limit on a rate (sigma or BF) changes from ``lumi_from`` to ``lumi_to``.

    regime (chosen explicitly; docs/physics.md N):
      "background-free"      : N_UL fixed (2.30 events at 90 % CL) -> factor L0/L
      "background-dominated" : N_UL ~ z sqrt(B), B ~ L -> factor sqrt(L0/L)
      "systematic-floor"     : N_UL ~ z sqrt(B + (f B)^2) with B = background x L/L0 events and a
                               relative background uncertainty f = rel_syst:
                               factor = sqrt((L0/L + f^2 B0) / (1 + f^2 B0)), which falls as sqrt(L0/L)
                               while f^2 B << 1 and levels off at sqrt(f^2 B0/(1 + f^2 B0)).
    A coupling whose rate scales as g^2 changes by the square root of the factor (for a prompt,
    coupling-independent BF); :func:`projected_reach` converts through the model instead.

    >>> luminosity_scale(1000, 50000, "background-free"), round(luminosity_scale(1000, 50000, "background-dominated"), 6)
    (0.02, 0.141421)
    """
    l0 = checked_array("lumi_from", lumi_from, lo=0.0, lo_strict=True, what="> 0 fb^-1")
    l1 = checked_array("lumi_to", lumi_to, lo=0.0, lo_strict=True, what="> 0 fb^-1")
    r = l0 / l1
    if regime == "background-free":
        out = r
    elif regime == "background-dominated":
        out = np.sqrt(r)
    elif regime == "systematic-floor":
        if background is None or rel_syst is None:
            raise ValueError("regime 'systematic-floor' needs background= (expected events at lumi_from) and "
                             "rel_syst= (relative background uncertainty)")
        b0 = checked_array("background", background, lo=0.0, lo_strict=True, what="> 0 events")
        f2 = np.square(checked_array("rel_syst", rel_syst, lo=0.0, what=">= 0"))
        out = np.sqrt((r + f2 * b0) / (1.0 + f2 * b0))
    else:
        raise ValueError(f"regime must be one of {REGIMES}, got {regime!r}")
    if regime != "systematic-floor" and (background is not None or rel_syst is not None):
        raise ValueError(f"background= and rel_syst= belong to regime 'systematic-floor', not {regime!r}")
    return _scalar(out)


def scale_limit(limit, lumi_from, lumi_to, regime: str, background=None, rel_syst=None):
    """A published upper limit (array, or a :class:`pheno.limitfile.LimitTable` with its expected
    bands) scaled to another luminosity with :func:`luminosity_scale`. A LimitTable comes back as one
    (its source says it was scaled)."""
    from dataclasses import replace

    factor = luminosity_scale(lumi_from, lumi_to, regime, background, rel_syst)
    if isinstance(limit, LimitTable):
        return replace(limit, limit=limit.limit * factor,
                       expected={k: v * factor for k, v in limit.expected.items()},
                       source=f"{limit.source} scaled from {lumi_from:g} to {lumi_to:g} fb^-1 ({regime})")
    return np.asarray(limit, float) * factor


# ---------------------------------------------------------------------------------------- expected limits
@dataclass(frozen=True)
class ExpectedLimit:
    """Expected upper limits on the number of signal events: bands[band] for BANDS."""

    bands: dict
    background: float
    background_uncertainty: float
    cl: float
    method: str

    @property
    def median(self) -> float:
        return self.bands["median"]


def _counting_model(background: float, uncertainty: float):
    import pyhf

    pyhf.set_backend("numpy")
    bkg = {"name": "background", "data": [float(background)], "modifiers": []}
    if uncertainty > 0:
        # Poisson-constrained (gamma) auxiliary measurement of the background, tau = (b/db)^2
        bkg["modifiers"].append({"name": "background_uncertainty", "type": "shapesys", "data": [float(uncertainty)]})
    spec = {"channels": [{"name": "signal_region", "samples": [
        {"name": "signal", "data": [1.0], "modifiers": [{"name": "mu", "type": "normfactor", "data": None}]}, bkg]}]}
    with warnings.catch_warnings():  # pyhf's schema validation uses deprecated jsonschema names
        warnings.simplefilter("ignore", DeprecationWarning)
        return pyhf.Model(spec, poi_name="mu")


def _poi_bounds(model, background, uncertainty):
    bounds = model.config.suggested_bounds()
    bounds[model.config.poi_index] = (0.0, 10.0 + 10.0 * (np.sqrt(background + uncertainty**2) + 3.0))
    return bounds


def _exact_limits(background: float, cl: float) -> dict:
    """CLs with the exact sampling distribution of pyhf's q~_mu: for a counting experiment without
    nuisance parameters the 'toys' are the Poisson counts n, so each distribution is a sum over n
    weighted with Poisson probabilities (the infinite-toy limit of pyhf's ToyCalculator, same
    p-value definitions: CLs+b = P(q >= q_obs | mu), CLb = P(q >= q_obs | 0)). The expected band
    edges are the CLs quantiles over background-only experiments, as in pyhf, i.e. n at the
    Poisson quantiles Phi(-2..2) of B (a discrete band)."""
    import pyhf
    from scipy import optimize, stats

    model = _counting_model(background, 0.0)
    init, fixed = model.config.suggested_init(), model.config.suggested_fixed()
    n_quantile = {band: (int(stats.poisson.ppf(p, background)) if background > 0 else 0)
                  for band, p in _BAND_PERCENTILES.items()}
    mu_hi = {n: 2.0 * (n + 3.0 * np.sqrt(n + 1.0) + 5.0) for n in set(n_quantile.values())}
    bounds = model.config.suggested_bounds()
    bounds[model.config.poi_index] = (0.0, 2.0 * max(mu_hi.values()))

    def cls(mu, n_obs):
        # q~_mu(n) = 0 for n >= mu + B (mu_hat >= mu): only smaller counts need the fits
        n_fit = np.arange(int(np.ceil(mu + background)))
        q_fit = np.array([float(pyhf.infer.test_statistics.qmu_tilde(mu, [float(k)] + model.config.auxdata, model,
                                                                     init, bounds, fixed)) for k in n_fit])
        n_max = max(n_fit.size, n_obs + 1)
        q = np.zeros(n_max)
        q[:n_fit.size] = q_fit
        n = np.arange(n_max)
        q_obs = q[n_obs]
        tail = q >= q_obs - 1e-6 * (1.0 + q_obs)
        beyond = q_obs <= 1e-6  # the counts >= n_max all have q = 0
        p_sb = stats.poisson.pmf(n[tail], mu + background).sum() + (stats.poisson.sf(n_max - 1, mu + background) if beyond else 0.0)
        p_b = stats.poisson.pmf(n[tail], background).sum() + (stats.poisson.sf(n_max - 1, background) if beyond else 0.0)
        return p_sb / p_b

    alpha = 1.0 - cl
    by_count = {n: optimize.brentq(lambda mu: cls(mu, n) - alpha, 1e-6, mu_hi[n], xtol=1e-8, rtol=1e-10)
                for n in sorted(mu_hi)}
    return {band: by_count[n] for band, n in n_quantile.items()}


def _asymptotic_limits(background: float, uncertainty: float, cl: float) -> dict:
    import pyhf

    model = _counting_model(background, uncertainty)
    data = [float(background)] + model.config.auxdata  # the background-only Asimov data (expected limits)
    bounds = _poi_bounds(model, background, uncertainty)
    _, exp = pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=None, level=1 - cl, test_stat="qtilde",
                                                           par_bounds=bounds)
    exp = [float(v) for v in np.asarray(exp).ravel()]
    return dict(zip(BANDS, exp))  # pyhf returns the -2, -1, 0, +1, +2 sigma limits in this order


def expected_upper_limit(background: float, background_uncertainty: float = 0.0, cl: float = 0.90,
                         method: str = "auto") -> ExpectedLimit:
    """Expected CLs upper limit on the number of signal events (median and +-1 sigma, +-2 sigma
    bands) for a one-bin counting experiment with expected background ``background`` [events]
    known to +- ``background_uncertainty`` [events] (a Poisson-constrained auxiliary measurement,
    pyhf "shapesys"), at confidence level ``cl``. Test statistic: pyhf's q~_mu.

    method:
      "exact"      : no background uncertainty only; the exact distributions of q~_mu (Poisson sums
                     over the counts, see _exact_limits). B = 0 gives -ln(1 - CL): 2.303 (90 %),
                     2.996 (95 %) events. Band edges are discrete (the counts are integers).
      "asymptotic" : pyhf's asymptotic formulae (Cowan et al. 2011); good for B of ~10 events or more.
    pyhf's toy calculator is not offered: pyhf 0.7.6 calls numpy.percentile(interpolation=...),
    which numpy 2.4 removed.
      "auto"       : "exact" without uncertainty and B < 25 events, else "asymptotic" (at B = 50 the
                     asymptotic median is 3 % below the exact one; the exact sums cost ~B fits per step).

    >>> round(expected_upper_limit(0.0, cl=0.90).median, 3)
    2.303
    """
    b = float(checked_array("background", background, lo=0.0, what=">= 0 events"))
    db = float(checked_array("background_uncertainty", background_uncertainty, lo=0.0, what=">= 0 events"))
    if not 0.5 <= cl < 1.0:
        raise ValueError(f"cl must be in [0.5, 1), got {cl!r}")
    if method == "auto":
        method = "exact" if (db == 0 and b < AUTO_EXACT_MAX_BACKGROUND) else "asymptotic"
    if method == "exact":
        if db > 0:
            raise ValueError("method='exact' needs background_uncertainty=0; use 'asymptotic'")
        bands = _cached_exact(b, float(cl))
    elif method == "asymptotic":
        if b <= 0:
            raise ValueError("method='asymptotic' needs a background > 0 (the asymptotic formulae degenerate at "
                             "B = 0); use method='exact'")
        if db >= b:
            raise ValueError("background_uncertainty must be smaller than the background")
        bands = _cached_asymptotic(b, db, float(cl))
    else:
        raise ValueError(f"method must be 'auto', 'exact' or 'asymptotic', got {method!r}")
    return ExpectedLimit(bands=dict(bands), background=b, background_uncertainty=db, cl=float(cl), method=method)


@lru_cache(maxsize=4096)
def _cached_exact(b, cl):
    return tuple(_exact_limits(b, cl).items())


@lru_cache(maxsize=4096)
def _cached_asymptotic(b, db, cl):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return tuple(_asymptotic_limits(b, db, cl).items())


# ---------------------------------------------------------------------------------------- projections
@dataclass
class Projection:
    """Expected limits at several luminosities: sigma[L][band] (fb or BF) and coupling[L][band]."""

    mass: np.ndarray
    luminosities: tuple  # fb^-1
    quantity: str  # "sigma" (fb) or "bf"
    coupling_name: str
    cl: float
    method: str
    sigma: dict = field(default_factory=dict)
    coupling: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # L -> list of ExpectedLimit per mass (counting mode)
    description: str = ""


def expected_rate_limits(efficiency, background_fb, luminosity, background_rel_unc: float = 0.0, cl: float = 0.90,
                         method: str = "auto", n_parent_per_fb: float | None = None) -> dict:
    """Expected limits {band: array} on sigma [fb] (or on a BF when ``n_parent_per_fb``, the parents
    per fb^-1, is given) from a counting experiment per mass: signal efficiency ``efficiency``,
    background ``background_fb`` x L events after the selection, relative uncertainty fixed."""
    lumi = float(checked_array("luminosity", luminosity, lo=0.0, lo_strict=True, what="> 0 fb^-1"))
    eff = np.atleast_1d(checked_array("efficiency", efficiency, lo=0.0, hi=1.0, lo_strict=True, what="in (0, 1]"))
    bkg = np.atleast_1d(checked_array("background_fb", background_fb, lo=0.0, what=">= 0 fb"))
    eff, bkg = np.broadcast_arrays(eff, bkg)
    out = {band: np.empty(eff.shape) for band in BANDS}
    limits = []
    for i, (e, bf) in enumerate(zip(eff.ravel(), bkg.ravel())):
        b = bf * lumi
        lim = expected_upper_limit(b, background_rel_unc * b, cl=cl, method=method)
        limits.append(lim)
        denom = e * lumi * (1.0 if n_parent_per_fb is None else n_parent_per_fb)
        for band in BANDS:
            out[band].flat[i] = lim.bands[band] / denom
    return out, limits


def projected_reach(model_cls, process, mass, luminosities=(1000.0, 5000.0, 50000.0), *, efficiency=None,
                    background_fb=None, background_rel_unc: float = 0.0, cl: float = 0.90, method: str = "auto",
                    n_parent_per_fb: float | None = None, published=None, published_luminosity=None, regime=None,
                    background=None, rel_syst=None, **converter) -> Projection:
    """Projected coupling reach (expected limits and bands) at ``luminosities`` [fb^-1], converted
    with :func:`pheno.limits.coupling_limit` (``converter``: final_state= or bf=, coupling=,
    fiducial=, cuts=, model parameters ...).

    Either a counting experiment per mass (``efficiency``, ``background_fb`` = background cross
    section after the selection [fb], ``background_rel_unc``, ``cl``, ``method`` as in
    :func:`expected_upper_limit`; for a decay process ``n_parent_per_fb`` = parents per fb^-1, e.g.
    ``n_parent("tau", 1.0)``), or a published limit (``published``: a LimitTable at
    ``published_luminosity``) scaled with ``regime`` (:func:`luminosity_scale`; ``background``,
    ``rel_syst`` for the systematic floor). A published table's expected bands are scaled when it
    has them; otherwise its observed limit is scaled and reported as the median.
    """
    from .limits import coupling_limit

    lumis = tuple(float(parse_luminosity(l)) for l in luminosities)
    proc = model_cls.process(process)
    quantity = getattr(proc, "quantity", "sigma")
    counting = efficiency is not None or background_fb is not None
    if counting == (published is not None):
        raise ValueError("give either efficiency= and background_fb= (a counting experiment) or published= "
                         "(a limit table to scale), not both")
    if counting:
        if efficiency is None or background_fb is None:
            raise ValueError("a counting-experiment projection needs efficiency= and background_fb=")
        if (quantity == "bf") != (n_parent_per_fb is not None):
            raise ValueError(f"{process!r}: " + ("a decay needs n_parent_per_fb= (parents per fb^-1, see n_parent)"
                                                 if quantity == "bf" else "n_parent_per_fb is only for decays"))
        mass = checked_array("mass", np.atleast_1d(mass), lo=0.0, lo_strict=True, what="finite masses > 0 [GeV]")
        eff = np.broadcast_to(efficiency, mass.shape)
        bkg = np.broadcast_to(background_fb, mass.shape)
        desc = (f"counting experiment: efficiency {np.unique(eff).tolist() if np.unique(eff).size < 4 else 'per mass'}, "
                f"background {np.unique(bkg).tolist() if np.unique(bkg).size < 4 else 'per mass'} fb after selection "
                f"(+- {100 * background_rel_unc:g} %), expected CLs at {100 * cl:g} % CL")
    else:
        if published_luminosity is None or regime is None:
            raise ValueError("scaling a published limit needs published_luminosity= and regime=")
        if published.quantity != quantity:
            raise ValueError(f"the published limit is on {published.quantity}, {process!r} needs {quantity}")
        mass = published.mass
        cl = published.cl
        method = f"scaled ({regime})"
        desc = f"{published.source} at {published_luminosity:g} fb^-1 scaled ({regime})"
    proj = Projection(mass=mass, luminosities=lumis, quantity=quantity,
                      coupling_name=converter.get("coupling") or model_cls.COUPLING, cl=cl, method=method,
                      description=desc)
    for lumi in lumis:
        if counting:
            rates, limits = expected_rate_limits(eff, bkg, lumi, background_rel_unc, cl, method, n_parent_per_fb)
            proj.events[lumi] = limits
        else:
            scaled = scale_limit(published, published_luminosity, lumi, regime, background, rel_syst)
            rates = dict(scaled.expected) if scaled.expected else {"median": scaled.limit}
        proj.sigma[lumi] = rates
        # one conversion for all bands: the median as the "observed" curve, the others as expected bands
        table = LimitTable(mass=mass, limit=rates["median"], quantity=quantity,
                           expected={b: v for b, v in rates.items() if b != "median"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = coupling_limit(model_cls, process, full_output=True,
                                 **{"bf_ul" if quantity == "bf" else "sigma_ul": table}, **converter)
        proj.coupling[lumi] = {band: np.asarray(res.coupling if band == "median" else res.expected[band])
                               for band in rates}
    return proj
