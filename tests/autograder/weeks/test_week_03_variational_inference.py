"""Week-specific checks of the 03_variational_inference autograder: its grade-deciding constants
still hold on the reference. The checks every week shares are in test_weeks.py."""

import numpy as np

from autograder.checks import judge

WEEK = "03_variational_inference"


def week_conftest():
    return judge.week_conftest(WEEK)


def test_monte_carlo_tolerances_are_six_standard_errors_of_the_reference():
    """Re-measures what the Monte Carlo tolerances in the week's conftest were derived from."""
    from reference.variational_inference import (
        elbo_closed_form,
        gaussian_log_density,
        linear_gaussian_log_marginal,
    )

    conftest, rng = week_conftest(), np.random.default_rng(0)
    rules, n = conftest.RULES, conftest.RULES.n_samples
    # The Gaussians of test_monte_carlo_kl.py::test_converges_to_the_closed_form.
    mean_q, log_var_q, mean_p, log_var_p = conftest.gaussian_pair(8, 3, seed=32)
    z = mean_q + np.exp(0.5 * log_var_q) * rng.standard_normal((n, 8, 3))
    log_ratio = gaussian_log_density(z, mean_q, log_var_q) - gaussian_log_density(z, mean_p, log_var_p)
    assert rules.mc_kl_atol >= 6 * log_ratio.std(0).max() / np.sqrt(n)

    toy = conftest.toy_case()
    x, w, b, sigma, q_mean, q_log_var = toy.x, toy.w, toy.b, toy.sigma, toy.q_mean, toy.q_log_var
    z = q_mean + np.exp(0.5 * q_log_var) * rng.standard_normal((n, 10))
    log_likelihood = -0.5 * (np.log(2 * np.pi * sigma**2) + (x - w * z - b) ** 2 / sigma**2)
    log_prior = -0.5 * (np.log(2 * np.pi) + z**2)
    log_q = -0.5 * (np.log(2 * np.pi) + q_log_var + (z - q_mean) ** 2 / np.exp(q_log_var))
    assert rules.elbo_atol >= 6 * (log_likelihood + log_prior - log_q).std(0).max() / np.sqrt(n)
    gaps = linear_gaussian_log_marginal(x, w, b, sigma) - elbo_closed_form(x, q_mean, q_log_var, w, b, sigma)
    assert rules.elbo_atol < gaps.min(), "the tolerance would let an ELBO above log p(x) pass"
