"""Variational inference on a model whose marginal likelihood is exact, in numpy.

The hidden random variable model p(x) = ∫ p(x|z) p(z) dz is intractable for a VAE's decoder, so we
study it on the 1-D linear-Gaussian model z ~ N(0, 1), x|z ~ N(w z + b, sigma^2), where
p(x) = N(b, w^2 + sigma^2) and the posterior p(z|x) is Gaussian in closed form.

Conventions the grader holds students to (stated in the 03_variational_inference notebook):
- Gaussians are parametrised by `mean` and `log_var` (the log of the variance), diagonal.
- `gaussian_log_density` and the KLs sum over the last axis only: (..., d) -> (...,).
- In the toy model `x`, `q_mean`, `q_log_var` have shape (n,) and `w`, `b`, `sigma` are floats.
- `elbo` is a Monte Carlo estimate of E_q[log p(x|z) + log p(z) - log q(z)]; `elbo_closed_form`
  is its exact value, which the grader compares against.
- The gradient estimators return one estimate of d/d(mean) E_q[f(z)] per sample: (n_samples,).
"""

import numpy as np

LOG_2PI = np.log(2.0 * np.pi)


def gaussian_log_density(x, mean, log_var):
    """log N(x; mean, diag(exp(log_var))): (..., d) each -> (...,)."""
    return -0.5 * np.sum(LOG_2PI + log_var + (x - mean) ** 2 / np.exp(log_var), axis=-1)


def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    """KL(q || p) between diagonal Gaussians: (..., d) each -> (...,)."""
    var_ratio = np.exp(log_var_q - log_var_p)
    mahalanobis = (mean_q - mean_p) ** 2 / np.exp(log_var_p)
    return 0.5 * np.sum(var_ratio + mahalanobis - 1.0 - (log_var_q - log_var_p), axis=-1)


def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    """Mean over n_samples draws z ~ q of log q(z) - log p(z): (..., d) each -> (...,)."""
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((n_samples, *np.shape(mean_q)))
    z = mean_q + np.exp(0.5 * log_var_q) * eps
    return np.mean(gaussian_log_density(z, mean_q, log_var_q) - gaussian_log_density(z, mean_p, log_var_p), 0)


def _normal_log_pdf(x, mean, var):
    return -0.5 * (LOG_2PI + np.log(var) + (x - mean) ** 2 / var)


def linear_gaussian_log_marginal(x, w, b, sigma):
    """log p(x) = log N(x; b, w^2 + sigma^2) of the toy model: (n,) -> (n,)."""
    return _normal_log_pdf(np.asarray(x, dtype=float), b, w**2 + sigma**2)


def linear_gaussian_posterior(x, w, b, sigma):
    """The exact posterior p(z|x) = N(mean, exp(log_var)): x (n,) -> (mean (n,), log_var (n,))."""
    x = np.asarray(x, dtype=float)
    var = sigma**2 / (w**2 + sigma**2)
    mean = w * (x - b) / (w**2 + sigma**2)
    return mean, np.full_like(x, np.log(var))


def elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed=0):
    """Monte Carlo ELBO E_q[log p(x|z) + log p(z) - log q(z)] of the toy model: (n,) each -> (n,)."""
    rng = np.random.default_rng(seed)
    z = q_mean + np.exp(0.5 * q_log_var) * rng.standard_normal((n_samples, *np.shape(x)))
    log_likelihood = _normal_log_pdf(x, w * z + b, sigma**2)
    log_prior = _normal_log_pdf(z, 0.0, 1.0)
    log_q = _normal_log_pdf(z, q_mean, np.exp(q_log_var))
    return np.mean(log_likelihood + log_prior - log_q, axis=0)


def elbo_closed_form(x, q_mean, q_log_var, w, b, sigma):
    """The exact ELBO: E_q[log p(x|z)] - KL(q || N(0, 1)): (n,) each -> (n,)."""
    q_var = np.exp(q_log_var)
    expected_log_likelihood = -0.5 * (LOG_2PI + np.log(sigma**2) + ((x - w * q_mean - b) ** 2 + w**2 * q_var)
                                      / sigma**2)  # fmt: skip
    kl = 0.5 * (q_var + q_mean**2 - 1.0 - q_log_var)
    return expected_log_likelihood - kl


def reparam_gradient(f_prime, mean, log_var, n_samples, seed=0):
    """Per-sample f'(mean + std * eps), eps ~ N(0, 1): estimates d/d(mean) E_q[f(z)]. -> (n_samples,)."""
    eps = np.random.default_rng(seed).standard_normal(n_samples)
    return f_prime(mean + np.exp(0.5 * log_var) * eps)


def score_function_gradient(f, mean, log_var, n_samples, seed=0):
    """Per-sample f(z) * d/d(mean) log q(z) = f(z) (z - mean) / var, z ~ q. -> (n_samples,)."""
    z = mean + np.exp(0.5 * log_var) * np.random.default_rng(seed).standard_normal(n_samples)
    return f(z) * (z - mean) / np.exp(log_var)
