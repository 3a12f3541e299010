"""The linear-Gaussian model: log p(x) = log N(x; b, w^2 + sigma^2) and the exact posterior p(z|x)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.variational_inference import linear_gaussian_log_marginal, linear_gaussian_posterior

MODELS = [(1.5, 0.5, 0.8), (-0.7, -1.0, 1.3)]


def normal_log_pdf(x, mean, var):
    return -0.5 * (np.log(2 * np.pi * var) + (x - mean) ** 2 / var)


@pytest.mark.points(1)
def test_log_marginal_matches_the_reference(student, toy, rules):
    for w, b, sigma in MODELS:
        expected = linear_gaussian_log_marginal(toy.x, w, b, sigma)
        found = to_numpy(
            student.linear_gaussian_log_marginal(toy.x, w, b, sigma), "linear_gaussian_log_marginal"
        )
        assert_shape(found, toy.x.shape, "linear_gaussian_log_marginal", "one log p(x) per observation")
        mistakes = [
            (
                normal_log_pdf(toy.x, b, sigma**2),
                "the variance of x is w^2 + sigma^2: the latent's share is missing",
            ),
            (normal_log_pdf(toy.x, b, abs(w) + sigma**2), "square w in the variance w^2 + sigma^2"),
            (normal_log_pdf(toy.x, b, (abs(w) + sigma) ** 2), "variances add, not standard deviations"),
            (normal_log_pdf(toy.x, 0.0, w**2 + sigma**2), "the mean of x is b"),
            (expected + 0.5 * np.log(2 * np.pi), "the -0.5 * log(2 pi) term is missing"),
        ]
        assert_matches(found, expected, f"linear_gaussian_log_marginal(w={w}, b={b}, sigma={sigma})",
                       rules.exact_rtol, rules.exact_atol, mistakes)  # fmt: skip


@pytest.mark.points(1)
def test_posterior_matches_the_reference(student, toy, rules):
    for w, b, sigma in MODELS:
        expected_mean, expected_log_var = linear_gaussian_posterior(toy.x, w, b, sigma)
        result = student.linear_gaussian_posterior(toy.x, w, b, sigma)
        assert isinstance(result, (tuple, list)) and len(result) == 2, "return the pair (mean, log_var)"
        mean, log_var = (to_numpy(v, "linear_gaussian_posterior") for v in result)
        assert_shape(mean, toy.x.shape, "the posterior mean", "one value per observation")
        assert_shape(
            log_var, toy.x.shape, "the posterior log-variance", "one value per observation, same shape as x"
        )
        mean_mistakes = [
            (
                w * toy.x / (w**2 + sigma**2),
                "subtract the offset b from x: mean = w (x - b) / (w^2 + sigma^2)",
            ),
            ((toy.x - b) / w, "that is the z with w z + b = x; the prior pulls it towards 0"),
        ]
        assert_matches(mean, expected_mean, "the posterior mean", rules.exact_rtol, rules.exact_atol,
                       mean_mistakes)  # fmt: skip
        log_var_mistakes = [
            (np.exp(expected_log_var), "return the log of the variance, not the variance"),
            (0.5 * expected_log_var, "return the log of the variance, not of the std"),
            (np.log(w**2 / (w**2 + sigma**2)) + 0 * toy.x, "the variance is sigma^2 / (w^2 + sigma^2)"),
        ]
        what = "the posterior log-variance"
        tolerances = (rules.exact_rtol, rules.exact_atol)
        assert_matches(log_var, expected_log_var, what, *tolerances, log_var_mistakes)


@pytest.mark.points(1)
def test_posterior_and_marginal_satisfy_bayes_rule(student, toy, rules):
    z = np.random.default_rng(41).normal(size=toy.x.shape)
    mean, log_var = (to_numpy(v, "linear_gaussian_posterior")
                     for v in student.linear_gaussian_posterior(toy.x, toy.w, toy.b, toy.sigma))  # fmt: skip
    log_px = to_numpy(student.linear_gaussian_log_marginal(toy.x, toy.w, toy.b, toy.sigma), "log marginal")
    bayes = normal_log_pdf(toy.x, toy.w * z + toy.b, toy.sigma**2) + normal_log_pdf(z, 0.0, 1.0) - log_px
    assert np.allclose(normal_log_pdf(z, mean, np.exp(log_var)), bayes, rtol=rules.exact_rtol, atol=1e-5), (
        "log p(z|x) differs from log p(x|z) + log p(z) - log p(x): check the posterior and the marginal"
    )
