"""Independent explicit-Dirac-matrix reference for e-(p1) e+(p2) -> e-(k1) mu+(k2) X(q) (numpy only).

Built on the matrices, spinors and polarisation vectors of tests/dirac_reference.py (same conventions), with no
trace identity and no sympy: every amplitude is a complex number, |M|^2 is summed over spins and polarisations
by brute force. X couples as X_a ebar gamma^a (g_V + g_A gamma5) mu (+ h.c.); electrons massless; e = 1.

    M = M_s - M_t,
    M_s = (1/s) [vbar(p2) gamma_r u(p1)] ubar(k1) [ g^r S_e(-(k2+q)) V + V S_mu(k1+q) g^r ] v(k2),
    M_t = (1/t) [ubar(k1) gamma_r u(p1)] vbar(p2) [ g^r S_e(-(k2+q)) V + V S_mu(q-p2) g^r ] v(k2),
    S(p) = (pslash + m)/(p^2 - m^2), V = eps*_a(q) gamma^a (g_V + g_A gamma5).

The relative sign of the two topologies is checked by :func:`msq_bhabha`, which uses the same spinor
pairings without X and must reproduce the textbook Bhabha |M|^2.
"""
from __future__ import annotations

import numpy as np

from dirac_reference import (GAMMA, GAMMA5, IDENTITY4, METRIC, boost, dirac_bar, mdot, polarisation_vectors, slash,
                             slash_complex, u_spinors, v_spinors)


def _prop(p, m):
    return (slash(p) + m * IDENTITY4) / (mdot(p, p) - m * m)


def _currents(p1, p2, k1, k2):
    """Spinor sandwiches needed by the amplitudes (spin labels as in dirac_reference)."""
    u1 = np.array(u_spinors(p1, 0.0))
    v2 = np.array(v_spinors(p2, 0.0))
    ub1 = dirac_bar(np.array(u_spinors(k1, 0.0)))
    vk2 = np.array(v_spinors(k2, mdot(k2, k2) ** 0.5))
    return u1, dirac_bar(v2), ub1, vk2


def x_line_currents(p1, p2, k1, k2, q, m_mu, m_x, topology, g_v=1.0, g_a=0.0, photon=None):
    """The X-carrying line with its photon index open: ubar(k1) G_s^r v(k2) (topology "s") or vbar(p2) G_t^r v(k2)
    ("t"), shape (2, 2, npol, 4) [spin of the e-/e+ spinor, spin of mu+, pol, r]; with ``photon`` (a 4-vector)
    gamma^r is replaced by its slash (last axis of length 1): zero for a conserved current (Ward identity)."""
    p1, p2, k1, k2, q = (np.asarray(v, float) for v in (p1, p2, k1, k2, q))
    _, vb2, ub1, vk2 = _currents(p1, p2, k1, k2)
    left = ub1 if topology == "s" else vb2
    eps = np.conj(polarisation_vectors(q, m_x))
    chiral = g_v * IDENTITY4 + g_a * GAMMA5
    se = _prop(-(k2 + q), 0.0)
    sm = _prop(k1 + q, m_mu) if topology == "s" else _prop(q - p2, m_mu)
    gams = [slash(photon)] if photon is not None else list(GAMMA)
    out = np.zeros((2, 2, len(eps), len(gams)), complex)
    for ip, e in enumerate(eps):
        v = slash_complex(e) @ chiral
        for r, g in enumerate(gams):
            out[:, :, ip, r] = np.einsum("ci,ij,dj->cd", left, g @ se @ v + v @ sm @ g, vk2)
    return out


def amplitudes_emu(p1, p2, k1, k2, q, m_mu, m_x, g_v=1.0, g_a=0.0):
    """M[r_e-, r_e+, s_e-, s_mu+, pol] for e- e+ -> e- mu+ X (see the module docstring)."""
    p1, p2, k1, k2, q = (np.asarray(v, float) for v in (p1, p2, k1, k2, q))
    s, t = mdot(p1 + p2, p1 + p2), mdot(p1 - k1, p1 - k1)
    u1, vb2, ub1, _ = _currents(p1, p2, k1, k2)
    gam_low = np.einsum("mn,nij->mij", METRIC, GAMMA)
    beam = np.einsum("bi,rij,aj->abr", vb2, gam_low, u1)      # vbar(p2) gamma_r u(p1)   [e-, e+, r]
    e_line = np.einsum("ci,rij,aj->acr", ub1, gam_low, u1)    # ubar(k1) gamma_r u(p1)   [e-in, e-out, r]
    fin = x_line_currents(p1, p2, k1, k2, q, m_mu, m_x, "s", g_v, g_a)   # [e-out, mu+, pol, r]
    x_line = x_line_currents(p1, p2, k1, k2, q, m_mu, m_x, "t", g_v, g_a)  # [e+, mu+, pol, r]
    m_s = np.einsum("abr,cdpr->abcdp", beam, fin) / s
    m_t = np.einsum("acr,bdpr->abcdp", e_line, x_line) / t
    return m_s - m_t


def msq_emu(p1, p2, k1, k2, q, m_mu, m_x, g_v=1.0, g_a=0.0):
    """(1/4) sum over spins and X polarisations of |M|^2 (e = 1)."""
    return 0.25 * float(np.sum(np.abs(amplitudes_emu(p1, p2, k1, k2, q, m_mu, m_x, g_v, g_a)) ** 2))


def msq_bhabha(p1, p2, k1, k2):
    """(1/4) sum |M_s - M_t|^2 for e- e+ -> e- e+ (massless) with the pairings used above (e = 1)."""
    u1 = np.array(u_spinors(p1, 0.0))
    vb2 = dirac_bar(np.array(v_spinors(p2, 0.0)))
    ub1 = dirac_bar(np.array(u_spinors(k1, 0.0)))
    vk2 = np.array(v_spinors(k2, 0.0))
    s, t = mdot(p1 + p2, p1 + p2), mdot(p1 - k1, p1 - k1)
    gam_low = np.einsum("mn,nij->mij", METRIC, GAMMA)
    m = np.zeros((2, 2, 2, 2), complex)
    for r in range(4):
        beam = np.einsum("bi,ij,aj->ab", vb2, gam_low[r], u1)
        fin = np.einsum("ci,ij,dj->cd", ub1, GAMMA[r], vk2)
        e_line = np.einsum("ci,ij,aj->ac", ub1, gam_low[r], u1)
        x_line = np.einsum("bi,ij,dj->bd", vb2, GAMMA[r], vk2)
        m += np.einsum("ab,cd->abcd", beam, fin) / s - np.einsum("ac,bd->abcd", e_line, x_line) / t
    return 0.25 * float(np.sum(np.abs(m) ** 2))


def random_emu_point(sqrt_s, m_mu, m_x, rng):
    """Random e-(p1) e+(p2) -> e-(k1) mu+(k2) X(q) momenta in the CM frame (massless beams along +-z):
    the (mu X) invariant mass uniform inside its range, all directions isotropic. Not a phase-space sampler."""
    e = sqrt_s / 2.0
    p1, p2 = np.array([e, 0, 0, e]), np.array([e, 0, 0, -e])
    lo, hi = m_mu + m_x, sqrt_s
    mxs = lo + (hi - lo) * rng.uniform(0.05, 0.95)
    e1 = (sqrt_s**2 - mxs**2) / (2 * sqrt_s)
    n1 = rng.normal(size=3)
    n1 /= np.linalg.norm(n1)
    k1 = np.concatenate([[e1], e1 * n1])
    ps = np.sqrt((mxs**2 - (m_mu + m_x) ** 2) * (mxs**2 - (m_mu - m_x) ** 2)) / (2 * mxs)
    n2 = rng.normal(size=3)
    n2 /= np.linalg.norm(n2)
    k2_rest = np.concatenate([[np.hypot(ps, m_mu)], ps * n2])
    system = np.concatenate([[sqrt_s - e1], -e1 * n1])
    k2 = boost(k2_rest, system[1:] / system[0])
    return p1, p2, k1, k2, system - k2


def msq_emu_conjugate(p1, p2, k1, k2, q, m_mu, m_x, g_v=1.0, g_a=0.0):
    """(1/4) sum |M|^2 for the charge-conjugate final state e-(p1) e+(p2) -> e+(k1) mu-(k2) X(q), built directly
    from its own diagrams (X vertex mubar g^a (g_V + g_A g5) e, the h.c. term for real couplings):
      M'_s = (1/s) [vbar(p2) g_r u(p1)] ubar(k2) [ V S_e(k2+q) g^r + g^r S_mu(-(k1+q)) V ] v(k1),
      M'_t = (1/t') [vbar(p2) g_r v(k1)] ubar(k2) [ V S_e(k2+q) g^r + g^r S_mu(p1-q) V ] u(p1),  t' = (p2-k1)^2,
    M' = M'_s - M'_t (Bhabha's pairings)."""
    p1, p2, k1, k2, q = (np.asarray(v, float) for v in (p1, p2, k1, k2, q))
    s, tp = mdot(p1 + p2, p1 + p2), mdot(p2 - k1, p2 - k1)
    u1 = np.array(u_spinors(p1, 0.0))
    vb2 = dirac_bar(np.array(v_spinors(p2, 0.0)))
    vk1 = np.array(v_spinors(k1, 0.0))
    ubk2 = dirac_bar(np.array(u_spinors(k2, m_mu)))
    eps = np.conj(polarisation_vectors(q, m_x))
    chiral = g_v * IDENTITY4 + g_a * GAMMA5
    gam_low = np.einsum("mn,nij->mij", METRIC, GAMMA)
    se = _prop(k2 + q, 0.0)
    sm_s, sm_t = _prop(-(k1 + q), m_mu), _prop(p1 - q, m_mu)
    out = np.zeros((2, 2, 2, 2, 3), complex)
    for ip, e in enumerate(eps):
        v = slash_complex(e) @ chiral
        for r in range(4):
            beam = np.einsum("bi,ij,aj->ab", vb2, gam_low[r], u1)                                # [e-in, e+in]
            fin = np.einsum("ci,ij,dj->cd", ubk2, v @ se @ GAMMA[r] + GAMMA[r] @ sm_s @ v, vk1)   # [mu-, e+out]
            pos = np.einsum("bi,ij,dj->bd", vb2, gam_low[r], vk1)                                 # [e+in, e+out]
            mu_line = np.einsum("ci,ij,aj->ac", ubk2, v @ se @ GAMMA[r] + GAMMA[r] @ sm_t @ v, u1)  # [e-in, mu-]
            out[..., ip] += np.einsum("ab,cd->abcd", beam, fin) / s - np.einsum("bd,ac->abcd", pos, mu_line) / tp
    return 0.25 * float(np.sum(np.abs(out) ** 2))
