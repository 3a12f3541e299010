"""monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed): E_q[log q - log p] by sampling."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.variational_inference import kl_diagonal_gaussians as reference_kl


def student_mc_kl(student, params, n_samples, seed):
    return to_numpy(student.monte_carlo_kl(*params, n_samples=n_samples, seed=seed), "monte_carlo_kl")


@pytest.mark.points(1)
def test_one_value_per_row_reproducible_with_a_seed(student, gaussians):
    params = gaussians(4, 3, seed=31)
    first = student_mc_kl(student, params, 100, seed=5)
    assert_shape(first, (4,), "monte_carlo_kl", "average over the samples and sum over the last axis")
    again = student_mc_kl(student, params, 100, seed=5)
    assert np.array_equal(first, again), (
        "monte_carlo_kl gave two answers for one seed: draw from default_rng(seed)"
    )


@pytest.mark.points(1)
def test_converges_to_the_closed_form(student, gaussians, rules):
    mean_q, log_var_q, mean_p, log_var_p = params = gaussians(8, 3, seed=32)
    expected = reference_kl(*params)
    found = student_mc_kl(student, params, rules.n_samples, seed=0)
    assert_shape(found, (8,), "monte_carlo_kl", "average over the samples and sum over the last axis")
    mistakes = [
        (-expected, "the sign is flipped: average log q(z) - log p(z), in that order"),
        (-reference_kl(mean_p, log_var_p, mean_q, log_var_q),
         "the samples come from p: draw z from q, z = mean_q + exp(0.5 * log_var_q) * eps"),
        (expected / 3, "mean over the last axis: the log-densities sum over the coordinates"),
    ]  # fmt: skip
    what = f"monte_carlo_kl with {rules.n_samples:,} samples"
    assert_matches(found, expected, what, 0.0, rules.mc_kl_atol, mistakes)


@pytest.mark.points(1)
def test_is_a_random_estimate(student, gaussians, rules):
    params = gaussians(3, 2, seed=33)
    first, second = (student_mc_kl(student, params, 5, seed=seed) for seed in (0, 1))
    assert not np.allclose(first, reference_kl(*params)), (
        "with 5 samples monte_carlo_kl returned the exact KL: estimate it from samples of q"
    )
    assert not np.allclose(first, second), "seeds 0 and 1 gave the same estimate: draw from default_rng(seed)"
    spread = {n: np.std([student_mc_kl(student, params, n, seed) for seed in range(20)], axis=0).mean()
              for n in (4, 4000)}  # fmt: skip
    assert spread[4] > rules.mc_spread_ratio * spread[4000], (
        f"monte_carlo_kl's estimates spread as much with 4,000 samples (std {spread[4000]:.3g} over seeds) "
        f"as with 4 (std {spread[4]:.3g}): draw n_samples samples per row, not a fixed number"
    )
