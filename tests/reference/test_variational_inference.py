import numpy as np
import pytest
from scipy import stats

from reference.variational_inference import (
    elbo,
    elbo_closed_form,
    gaussian_log_density,
    kl_diagonal_gaussians,
    linear_gaussian_log_marginal,
    linear_gaussian_posterior,
    monte_carlo_kl,
    reparam_gradient,
    score_function_gradient,
)

W, B, SIGMA = 1.5, 0.5, 0.8


def gaussian_pair(batch, dim, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(0.0, 1.0, (batch, dim)), rng.normal(0.0, 0.5, (batch, dim)),
            rng.normal(0.0, 1.0, (batch, dim)), rng.normal(0.0, 0.5, (batch, dim)))  # fmt: skip


def test_log_density_matches_scipy_and_sums_the_last_axis():
    x, mean, log_var, _ = gaussian_pair(6, 3)
    expected = stats.norm.logpdf(x, mean, np.exp(0.5 * log_var)).sum(-1)
    assert gaussian_log_density(x, mean, log_var).shape == (6,)
    np.testing.assert_allclose(gaussian_log_density(x, mean, log_var), expected, rtol=1e-12)


def test_kl_is_zero_for_identical_gaussians_and_positive_otherwise():
    mean_q, log_var_q, mean_p, log_var_p = gaussian_pair(5, 4)
    np.testing.assert_allclose(kl_diagonal_gaussians(mean_q, log_var_q, mean_q, log_var_q), 0.0, atol=1e-12)
    assert np.all(kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p) > 0)


def test_monte_carlo_kl_converges_to_the_closed_form():
    params = gaussian_pair(4, 3, seed=1)
    estimate = monte_carlo_kl(*params, n_samples=400_000, seed=2)
    np.testing.assert_allclose(estimate, kl_diagonal_gaussians(*params), atol=0.02)
    assert np.array_equal(estimate, monte_carlo_kl(*params, n_samples=400_000, seed=2))


def test_toy_posterior_is_prior_times_likelihood_over_marginal():
    x = np.array([-2.0, 0.3, 4.0])
    mean, log_var = linear_gaussian_posterior(x, W, B, SIGMA)
    z = np.array([0.7, -1.1, 2.0])
    bayes = stats.norm.logpdf(z) + stats.norm.logpdf(x, W * z + B, SIGMA) - linear_gaussian_log_marginal(
        x, W, B, SIGMA)  # fmt: skip
    np.testing.assert_allclose(stats.norm.logpdf(z, mean, np.exp(0.5 * log_var)), bayes, rtol=1e-10)


def test_elbo_is_below_log_marginal_with_equality_at_the_true_posterior():
    x = np.array([-2.0, 0.3, 4.0])
    log_px = linear_gaussian_log_marginal(x, W, B, SIGMA)
    post_mean, post_log_var = linear_gaussian_posterior(x, W, B, SIGMA)
    np.testing.assert_allclose(elbo(x, post_mean, post_log_var, W, B, SIGMA, 10, seed=0), log_px, rtol=1e-12)
    np.testing.assert_allclose(elbo_closed_form(x, post_mean, post_log_var, W, B, SIGMA), log_px, rtol=1e-12)
    q_mean, q_log_var = post_mean + 0.5, post_log_var - 0.3
    exact = elbo_closed_form(x, q_mean, q_log_var, W, B, SIGMA)
    assert np.all(exact < log_px)
    gap = kl_diagonal_gaussians(*(a[:, None] for a in (q_mean, q_log_var, post_mean, post_log_var)))
    np.testing.assert_allclose(log_px - exact, gap, rtol=1e-10)
    np.testing.assert_allclose(elbo(x, q_mean, q_log_var, W, B, SIGMA, 400_000, seed=1), exact, atol=0.01)


@pytest.mark.parametrize(("mean", "log_var"), [(0.5, 0.0), (-1.0, np.log(0.3))])
def test_both_gradient_estimators_are_unbiased_and_reparam_has_lower_variance(mean, log_var):
    n = 400_000
    reparam = reparam_gradient(lambda z: 2 * z, mean, log_var, n, seed=0)
    score = score_function_gradient(lambda z: z**2, mean, log_var, n, seed=1)
    assert reparam.shape == score.shape == (n,)
    analytic = 2 * mean  # d/d(mean) of E_q[z^2] = mean^2 + var
    assert abs(reparam.mean() - analytic) < 5 * reparam.std() / np.sqrt(n)
    assert abs(score.mean() - analytic) < 5 * score.std() / np.sqrt(n)
    assert reparam.var() < score.var()
