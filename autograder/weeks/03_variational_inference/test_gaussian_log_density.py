"""gaussian_log_density(x, mean, log_var): log N(x; mean, diag(exp(log_var))), summed over the last axis."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.variational_inference import gaussian_log_density as reference_log_density

LOG_2PI = np.log(2 * np.pi)


@pytest.mark.points(1)
def test_one_value_per_row(student, gaussians):
    for batch, dim in [(1, 1), (7, 3)]:
        x, mean, log_var, _ = gaussians(batch, dim, seed=batch)
        found = to_numpy(student.gaussian_log_density(x, mean, log_var), "gaussian_log_density")
        assert_shape(found, (batch,), "gaussian_log_density", "sum over the last axis only")


@pytest.mark.points(1)
def test_values_match_the_reference(student, gaussians, rules):
    x, mean, log_var, _ = gaussians(6, 4, seed=11)
    expected = reference_log_density(x, mean, log_var)
    found = to_numpy(student.gaussian_log_density(x, mean, log_var), "gaussian_log_density")
    assert_shape(found, (6,), "gaussian_log_density", "sum over the last axis only")
    sq = (x - mean) ** 2
    mistakes = [
        (expected + 0.5 * 4 * LOG_2PI, "the log(2 pi) term is missing: each coordinate adds -0.5 log(2 pi)"),
        (-0.5 * np.sum(LOG_2PI + 2 * log_var + sq / np.exp(2 * log_var), -1),
         "exp(log_var) is the variance, not the standard deviation: std = exp(0.5 * log_var)"),
        (-0.5 * np.sum(LOG_2PI + log_var + sq / np.exp(0.5 * log_var), -1),
         "divide the squared distance by the variance exp(log_var), not by the std"),
        (-0.5 * np.sum(LOG_2PI + sq / np.exp(log_var), -1), "the -0.5 * log_var normalising term is missing"),
        (2 * expected, "the factor -0.5 in front of the sum is missing its 0.5"),
        (expected / 4, "mean over the last axis: the log-density sums over the coordinates"),
        (-expected, "the sign is flipped: a log-density is -0.5 * sum(...)"),
    ]  # fmt: skip
    assert_matches(found, expected, "gaussian_log_density", rules.exact_rtol, rules.exact_atol, mistakes)


@pytest.mark.points(1)
def test_broadcasts_over_a_leading_sample_axis(student, gaussians, rules):
    _, mean, log_var, _ = gaussians(5, 2, seed=12)
    x = np.random.default_rng(13).normal(size=(3, 5, 2))
    found = to_numpy(student.gaussian_log_density(x, mean, log_var), "gaussian_log_density")
    assert_shape(found, (3, 5), "gaussian_log_density with x (3, 5, 2) and mean (5, 2)",
                 "use broadcasting and sum over axis=-1, not axis=1")  # fmt: skip
    assert_matches(found, reference_log_density(x, mean, log_var), "gaussian_log_density with a sample axis",
                   rules.exact_rtol, rules.exact_atol)  # fmt: skip
