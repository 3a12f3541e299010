"""elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed): Monte Carlo E_q[log p(x, z) - log q(z)]."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.variational_inference import elbo_closed_form, linear_gaussian_log_marginal

LOG_2PI = np.log(2 * np.pi)


def student_elbo(student, toy, q_mean, q_log_var, n_samples, seed=0):
    value = student.elbo(toy.x, q_mean, q_log_var, toy.w, toy.b, toy.sigma, n_samples=n_samples, seed=seed)
    return to_numpy(value, "elbo")


@pytest.mark.points(1)
def test_equals_log_marginal_at_the_true_posterior(student, toy):
    found = student_elbo(student, toy, toy.post_mean, toy.post_log_var, n_samples=50)
    assert_shape(found, toy.x.shape, "elbo", "one value per observation: average over the samples only")
    log_px = linear_gaussian_log_marginal(toy.x, toy.w, toy.b, toy.sigma)
    assert np.allclose(found, log_px, rtol=1e-6, atol=1e-6), (
        f"at the true posterior the ELBO must equal log p(x) = {log_px[0]:.4f}, got {found[0]:.4f}: "
        "log p(x|z) + log p(z) - log q(z) is then the same for every z"
    )


@pytest.mark.points(1)
def test_values_match_the_exact_elbo(student, toy, rules):
    expected = elbo_closed_form(toy.x, toy.q_mean, toy.q_log_var, toy.w, toy.b, toy.sigma)
    found = student_elbo(student, toy, toy.q_mean, toy.q_log_var, n_samples=rules.n_samples)
    assert_shape(found, toy.x.shape, "elbo", "one value per observation: average over the samples only")
    expected_log_prior = -0.5 * (LOG_2PI + toy.q_mean**2 + np.exp(toy.q_log_var))
    expected_log_q = -0.5 * (LOG_2PI + toy.q_log_var + 1.0)
    mistakes = [
        (expected - expected_log_prior, "the prior term log p(z) is missing"),
        (expected + expected_log_q, "the entropy term -log q(z) is missing"),
        (
            expected - 2 * expected_log_prior,
            "log p(z) is subtracted: the ELBO adds log p(z) and subtracts log q(z)",
        ),
        (expected + 2 * expected_log_q, "log q(z) is added: the ELBO subtracts it"),
        (-expected, "the sign is flipped: this is the negative ELBO"),
        (elbo_closed_form(toy.x, toy.q_mean, toy.q_log_var, toy.w, toy.b, np.sqrt(toy.sigma)),
         "sigma is the standard deviation of x given z: the variance of p(x|z) is sigma^2"),
    ]
    assert_matches(
        found, expected, f"elbo with {rules.n_samples:,} samples", 0.0, rules.elbo_atol, mistakes
    )


@pytest.mark.points(1)
def test_never_exceeds_log_marginal(student, toy, rules):
    found = student_elbo(student, toy, toy.q_mean, toy.q_log_var, n_samples=rules.n_samples)
    log_px = linear_gaussian_log_marginal(toy.x, toy.w, toy.b, toy.sigma)
    worst = int(np.argmax(found - log_px))
    assert found[worst] <= log_px[worst] + rules.elbo_atol, (
        f"elbo returned {found[worst]:.4f} > log p(x) = {log_px[worst]:.4f}: the ELBO is a lower bound, "
        "so a term "
        "is missing or has the wrong sign"
    )


@pytest.mark.points(1)
def test_reproducible_with_a_seed(student, toy):
    first = student_elbo(student, toy, toy.q_mean, toy.q_log_var, n_samples=100, seed=3)
    again = student_elbo(student, toy, toy.q_mean, toy.q_log_var, n_samples=100, seed=3)
    assert np.array_equal(first, again), "elbo gave two answers for one seed: draw from default_rng(seed)"
