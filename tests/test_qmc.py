"""pheno.qmc: Sobol' points against scipy's generator, the net property after scrambling, and
unbiased replicas."""
import numpy as np
import pytest
from scipy.stats import qmc as scipy_qmc

from pheno import qmc


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_unscrambled_points_are_scipys_sobol_sequence(d):
    ours = qmc.sobol_points(4096, d, scramble=False)
    theirs = scipy_qmc.Sobol(d=d, scramble=False).random(4096)
    np.testing.assert_array_equal(ours - 0.5 * 2.0**-qmc.BITS, theirs)  # ours: cell centres


def test_scrambling_keeps_the_net_structure():
    """The first two Sobol' coordinates form a (0, m, 2)-net: every dyadic box of area 2^-10 holds
    exactly one of 1024 points, before and after a linear matrix scramble + digital shift."""
    for seed in range(3):
        x = qmc.sobol_points(1024, 3, rng=np.random.default_rng(seed))
        for k in range(11):
            h, _, _ = np.histogram2d(x[:, 0], x[:, 1], bins=(2**k, 2 ** (10 - k)), range=((0, 1), (0, 1)))
            assert np.all(h == 1)
        assert np.all((x > 0) & (x < 1))
    a = qmc.sobol_points(64, 3, rng=np.random.default_rng(1))
    b = qmc.sobol_points(64, 3, rng=np.random.default_rng(2))
    assert not np.allclose(a, b)


def test_replicas_are_unbiased_and_extend():
    """Mean over replicas of a smooth integral with a known value, within its replica error; the
    first n points of 2n are the n-point set (sums can be extended)."""
    f = lambda u: np.prod(1.0 + 0.5 * np.cos(2 * np.pi * u) + (u - 0.5), axis=-1)  # integral 1
    reps = qmc.scrambled_replicas(256, 64, 3, 11)
    means = f(reps).mean(axis=1)
    assert abs(means.mean() - 1.0) < 4 * means.std(ddof=1) / 8
    assert means.std() > 0
    longer = qmc.scrambled_replicas(512, 64, 3, 11)
    np.testing.assert_array_equal(longer[:, :256], reps)
    # a doubling generates only the new points: points 256..511 alone, started from the Gray code of 256
    np.testing.assert_array_equal(qmc.scrambled_replicas(512, 64, 3, 11, start=256), longer[:, 256:])
    for start in (1, 3, 100, 383):  # any start, not only powers of 2
        np.testing.assert_array_equal(qmc.scrambled_replicas(400, 2, 4, 11, start=start),
                                      qmc.scrambled_replicas(400, 2, 4, 11)[:, start:])


def test_bad_dimension():
    with pytest.raises(ValueError, match="dimension"):
        qmc.direction_numbers(5)


def test_replica_r_is_the_r_th_randomisation_of_the_seed():
    rng = np.random.default_rng(5)
    by_hand = [qmc.sobol_points(128, 3, rng=rng) for _ in range(3)]
    np.testing.assert_array_equal(qmc.scrambled_replicas(128, 3, 3, 5), np.stack(by_hand))
