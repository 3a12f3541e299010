# %% [markdown]
# # Week 3: generative models and variational inference
#
# A generative model explains each observation x by a **hidden random variable** z: first draw a
# latent z from a prior p(z), then draw x from p(x|z). The likelihood of an observation is then
#
# p(x) = ∫ p(x|z) p(z) dz,
#
# and the posterior p(z|x) tells us which latents could have produced x. For a VAE's neural decoder
# neither is tractable. **Variational inference** replaces the posterior by a simple distribution
# q(z), here a diagonal Gaussian, and fits it by maximising a lower bound on log p(x), the ELBO.
#
# This week we work on a toy model where everything is exact, so you can *see* the bound at work:
#
# z ~ N(0, 1),   x | z ~ N(w z + b, sigma^2),   hence p(x) = N(b, w^2 + sigma^2).
#
# You will write, in numpy: the Gaussian log-density, the KL divergence between two Gaussians in
# closed form and by Monte Carlo, the toy model's exact marginal and posterior, the ELBO, and two
# estimators of the gradient of an expectation (the reparametrization trick and the score function).
#
# **Conventions the grader holds you to** (read them once now; each docstring repeats its own):
# - A diagonal Gaussian is given by `mean` and `log_var`, the log of the **variance**:
#   std = exp(0.5 * log_var).
# - `gaussian_log_density` and the KL functions sum over the **last axis only**: `(..., d) -> (...,)`.
# - In the toy model `x`, `q_mean`, `q_log_var` have shape `(n,)`; `w`, `b`, `sigma` are floats.
# - Random functions take `n_samples` and a `seed`: draw with `np.random.default_rng(seed)`.
# - Return numpy arrays of floats (float32 or float64): the grader compares values, not types.
#
# Points: log-density 3, KL 4, Monte Carlo KL 3, toy model 3, ELBO 4, gradient estimators 4 (total 21).

# %% setup
import os

# Kept as in every week: the grader may import TensorFlow, which is quiet only if these are set first.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import matplotlib.pyplot as plt
import numpy as np

W, B, SIGMA = 1.5, 0.5, 0.8  # the toy model's parameters used in the plots

# %% [markdown]
# ## 1. The diagonal Gaussian log-density
#
# For a Gaussian with independent coordinates the log-density is a sum over the coordinates:
#
# log N(x; mean, diag(var)) = -0.5 * sum_j [ log(2 pi) + log var_j + (x_j - mean_j)^2 / var_j ]
#
# **Exercise.** Write `gaussian_log_density`, with `var = exp(log_var)`. Broadcasting must work:
# `x` may carry extra leading axes (for example a sample axis) that `mean` and `log_var` lack.

# %% solution gaussian_log_density
def gaussian_log_density(x, mean, log_var):
    """log N(x; mean, diag(exp(log_var))): arrays (..., d), broadcastable -> (...,), summed over d."""
    ### BEGIN SOLUTION
    return -0.5 * np.sum(np.log(2 * np.pi) + log_var + (x - mean) ** 2 / np.exp(log_var), axis=-1)
    ### END SOLUTION

# %% tests test_gaussian_log_density
_value = np.asarray(gaussian_log_density(np.zeros((4, 2)), np.zeros((4, 2)), np.zeros((4, 2))))
assert _value.shape == (4,), f"gaussian_log_density returned shape {_value.shape}, expected (4,)"
assert np.allclose(_value, -np.log(2 * np.pi)), (
    f"at the mean of N(0, I) in 2-D the log-density is -log(2 pi) = -1.8379, got {_value[0]:.4f}"
)
print("gaussian_log_density: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "gaussian_log_density", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The KL divergence between two Gaussians
#
# The Kullback-Leibler divergence KL(q || p) = E_q[log q(z) - log p(z)] measures how far q is from p.
# It is never negative, is 0 only when q = p, and is **not symmetric**. For diagonal Gaussians:
#
# KL(q || p) = 0.5 * sum_j [ var_q/var_p + (mean_q - mean_p)^2 / var_p - 1 - log(var_q / var_p) ]
#
# With p = N(0, I) this is the KL term of next week's VAE loss.
#
# **Exercise.** Write `kl_diagonal_gaussians`: one value per row, summed over the last axis.

# %% solution kl_divergence
def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    """KL(q || p) for diagonal Gaussians q = N(mean_q, exp(log_var_q)), p likewise: (..., d) -> (...,)."""
    ### BEGIN SOLUTION
    var_ratio = np.exp(log_var_q - log_var_p)
    mahalanobis = (mean_q - mean_p) ** 2 / np.exp(log_var_p)
    return 0.5 * np.sum(var_ratio + mahalanobis - 1.0 - (log_var_q - log_var_p), axis=-1)
    ### END SOLUTION

# %% tests test_kl_divergence
_m, _lv = np.array([[0.3, -1.0]]), np.array([[0.2, -0.5]])
_kl = np.asarray(kl_diagonal_gaussians(_m, _lv, _m, _lv))
assert _kl.shape == (1,), f"kl_diagonal_gaussians returned shape {_kl.shape}, expected (1,)"
assert np.allclose(_kl, 0.0, atol=1e-9), "the KL between a Gaussian and itself must be 0"
assert kl_diagonal_gaussians(_m, _lv, 0 * _m, 0 * _lv)[0] > 0, "the KL between different Gaussians is > 0"
print("kl_diagonal_gaussians: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "kl_divergence", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The KL divergence by Monte Carlo
#
# When no closed form exists we estimate an expectation by an average over samples. Draw
# z_1, ..., z_S from q and average log q(z_s) - log p(z_s). Sample q as mean_q + std_q * eps with
# eps ~ N(0, I): the same reparametrization you will use in the VAE.
#
# **Exercise.** Write `monte_carlo_kl`: draw `n_samples` samples per row from q with
# `np.random.default_rng(seed)`, and return the average over the samples, one value per row.

# %% solution monte_carlo_kl
def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    """Monte Carlo KL(q || p) from n_samples draws z ~ q per row: (..., d) each -> (...,)."""
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((n_samples, *np.shape(mean_q)))
    z = mean_q + np.exp(0.5 * log_var_q) * eps
    log_ratio = gaussian_log_density(z, mean_q, log_var_q) - gaussian_log_density(z, mean_p, log_var_p)
    return np.mean(log_ratio, axis=0)
    ### END SOLUTION

# %% tests test_monte_carlo_kl
_params = (np.array([[0.5, -0.2]]), np.array([[0.1, -0.4]]), np.zeros((1, 2)), np.zeros((1, 2)))
_estimate = np.asarray(monte_carlo_kl(*_params, n_samples=100_000, seed=0))
assert _estimate.shape == (1,), f"monte_carlo_kl returned shape {_estimate.shape}, expected (1,)"
assert np.allclose(_estimate, kl_diagonal_gaussians(*_params), atol=0.02), (
    f"with 100,000 samples the estimate {_estimate[0]:.4f} should be within 0.02 of the closed form"
)
print("monte_carlo_kl: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "monte_carlo_kl", globals())
### END HIDDEN TESTS

# %% [markdown]
# The estimate is random; its error shrinks like 1 / sqrt(n_samples):

# %% code
_params = (np.array([[1.0, -0.5]]), np.array([[0.5, -1.0]]), np.zeros((1, 2)), np.zeros((1, 2)))
sizes = [10, 30, 100, 300, 1000, 3000, 10000]
estimates = [[monte_carlo_kl(*_params, n, seed=s)[0] for s in range(20)] for n in sizes]
fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(np.repeat(sizes, 20), np.ravel(estimates), ".", alpha=0.4, label="Monte Carlo (20 seeds)")
ax.axhline(kl_diagonal_gaussians(*_params)[0], color="k", label="closed form")
ax.set(title="Monte Carlo KL converges to the closed form", xlabel="n_samples", ylabel="KL (nats)")
ax.legend()
plt.show()

# %% [markdown]
# ## 4. The toy model: exact marginal and posterior
#
# For z ~ N(0, 1) and x | z ~ N(w z + b, sigma^2), x is a sum of Gaussians, so
# p(x) = N(x; b, w^2 + sigma^2). Bayes' rule p(z|x) = p(x|z) p(z) / p(x) gives a Gaussian posterior
#
# var_post = sigma^2 / (w^2 + sigma^2),   mean_post = w (x - b) / (w^2 + sigma^2).
#
# **Exercise.** Write `linear_gaussian_log_marginal` (log p(x) for each x) and
# `linear_gaussian_posterior` (the posterior's mean and **log**-variance for each x).

# %% solution toy_model
def linear_gaussian_log_marginal(x, w, b, sigma):
    """log p(x) = log N(x; b, w^2 + sigma^2) for each observation: x (n,) -> (n,)."""
    ### BEGIN SOLUTION
    var = w**2 + sigma**2
    return -0.5 * (np.log(2 * np.pi * var) + (np.asarray(x, dtype=float) - b) ** 2 / var)
    ### END SOLUTION


def linear_gaussian_posterior(x, w, b, sigma):
    """Exact p(z|x) = N(mean, exp(log_var)) for each observation: x (n,) -> (mean (n,), log_var (n,))."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    mean = w * (x - b) / (w**2 + sigma**2)
    log_var = np.full_like(x, np.log(sigma**2 / (w**2 + sigma**2)))
    return mean, log_var
    ### END SOLUTION

# %% tests test_toy_model
_x = np.array([0.5, 2.0])
_log_px = np.asarray(linear_gaussian_log_marginal(_x, 0.0, 0.5, 1.0))
assert _log_px.shape == (2,), f"linear_gaussian_log_marginal returned shape {_log_px.shape}, expected (2,)"
assert np.isclose(_log_px[0], -0.5 * np.log(2 * np.pi)), "with w = 0, p(x) = N(b, sigma^2): check log p(b)"
_mean, _log_var = linear_gaussian_posterior(_x, 0.0, 0.5, 1.0)
assert np.allclose(_mean, 0) and np.allclose(_log_var, 0), "with w = 0, x says nothing: posterior = prior"
print("toy model: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "toy_model", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The evidence lower bound (ELBO)
#
# For any q(z), Jensen's inequality gives
#
# log p(x) >= ELBO(q) = E_q[ log p(x|z) + log p(z) - log q(z) ],
#
# and the gap is exactly KL(q || p(z|x)): the bound is tight when q is the true posterior.
#
# **Exercise.** Write `elbo`: a Monte Carlo estimate with `n_samples` draws z ~ q(z) = N(q_mean,
# exp(q_log_var)) per observation (one latent z per x), averaged over the samples. The grader
# compares it with the exact ELBO, allowing for Monte Carlo error, and checks that one seed gives one
# answer; the exact ELBO in closed form (no sampling) would get full marks too.

# %% solution elbo
def elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed=0):
    """ELBO of the toy model for each observation: x, q_mean, q_log_var (n,) -> (n,).

    A Monte Carlo average over n_samples draws z ~ q from np.random.default_rng(seed) (the closed form
    is accepted too).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    rng = np.random.default_rng(seed)
    z = q_mean + np.exp(0.5 * q_log_var) * rng.standard_normal((n_samples, *np.shape(x)))
    log_var_x = np.full(1, 2 * np.log(sigma))
    log_likelihood = gaussian_log_density(x[..., None], (w * z + b)[..., None], log_var_x)
    log_prior = gaussian_log_density(z[..., None], 0.0, np.zeros(1))
    log_q = gaussian_log_density(z[..., None], q_mean[..., None], q_log_var[..., None])
    return np.mean(log_likelihood + log_prior - log_q, axis=0)
    ### END SOLUTION

# %% tests test_elbo
_x = np.array([-1.0, 0.5, 3.0])
_post_mean, _post_log_var = linear_gaussian_posterior(_x, W, B, SIGMA)
_value = np.asarray(elbo(_x, _post_mean, _post_log_var, W, B, SIGMA, n_samples=1000, seed=0))
assert _value.shape == (3,), f"elbo returned shape {_value.shape}, expected (3,)"
assert np.allclose(_value, linear_gaussian_log_marginal(_x, W, B, SIGMA), atol=1e-3), (
    "at the true posterior the ELBO equals log p(x)"
)
_worse = elbo(_x, _post_mean + 1, _post_log_var, W, B, SIGMA, 1000)
assert np.all(_worse < _value), "a worse q lowers the ELBO"
print("elbo: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "elbo", globals())
### END HIDDEN TESTS

# %% [markdown]
# The ELBO as a function of q's mean (q's variance fixed at the posterior's) for one observation:
# it touches log p(x) exactly at the posterior mean.

# %% code
x_obs = np.array([2.0])
post_mean, post_log_var = linear_gaussian_posterior(x_obs, W, B, SIGMA)
means = np.linspace(post_mean[0] - 2, post_mean[0] + 2, 41)
bounds = [elbo(x_obs, np.array([m]), post_log_var, W, B, SIGMA, 2000, seed=0)[0] for m in means]
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(means, bounds, label="ELBO(q)")
ax.axhline(linear_gaussian_log_marginal(x_obs, W, B, SIGMA)[0], color="k", ls="--", label="log p(x)")
ax.axvline(post_mean[0], color="gray", ls=":", label="posterior mean")
ax.set(title=f"The ELBO is a lower bound on log p(x = {x_obs[0]})", xlabel="mean of q", ylabel="nats")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Gradients of an expectation: reparametrization vs score function
#
# Fitting q means following the gradient of an expectation, d/d(mean) E_q[f(z)]. Two unbiased
# estimators, each computed from samples z = mean + std * eps, eps ~ N(0, 1):
#
# - **reparametrization**: move the derivative inside, d/d(mean) f(mean + std * eps) = f'(z);
# - **score function** (REINFORCE): f(z) * d/d(mean) log q(z) = f(z) * (z - mean) / var, which
#   needs f only, not its derivative.
#
# **Exercise.** Write both, for a 1-D Gaussian q with float `mean` and `log_var`. Each returns the
# `n_samples` per-sample estimates (not their average), so we can compare their spread.

# %% solution gradient_estimators
def reparam_gradient(f_prime, mean, log_var, n_samples, seed=0):
    """Per-sample f'(z) with z = mean + exp(0.5 * log_var) * eps, eps ~ N(0, 1). -> (n_samples,)."""
    ### BEGIN SOLUTION
    eps = np.random.default_rng(seed).standard_normal(n_samples)
    return f_prime(mean + np.exp(0.5 * log_var) * eps)
    ### END SOLUTION


def score_function_gradient(f, mean, log_var, n_samples, seed=0):
    """Per-sample f(z) * (z - mean) / exp(log_var), z ~ N(mean, exp(log_var)). -> (n_samples,)."""
    ### BEGIN SOLUTION
    z = mean + np.exp(0.5 * log_var) * np.random.default_rng(seed).standard_normal(n_samples)
    return f(z) * (z - mean) / np.exp(log_var)
    ### END SOLUTION

# %% tests test_gradient_estimators
_reparam = np.asarray(reparam_gradient(lambda z: 2 * z, 1.0, 0.0, 100_000, seed=0))
_score = np.asarray(score_function_gradient(lambda z: z**2, 1.0, 0.0, 100_000, seed=0))
assert _reparam.shape == _score.shape == (100_000,), "return one estimate per sample, shape (n_samples,)"
assert abs(_reparam.mean() - 2) < 0.05 and abs(_score.mean() - 2) < 0.1, (
    f"for f(z) = z^2 both must average to 2 * mean = 2; got {_reparam.mean():.3f} and {_score.mean():.3f}"
)
print("gradient estimators: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("03_variational_inference", "gradient_estimators", globals())
### END HIDDEN TESTS

# %% [markdown]
# Both estimators are centred on the true gradient 2 * mean, but the score function's estimates are
# far more spread out: this is why the VAE samples z with the reparametrization trick.

# %% code
mean, log_var = 1.0, np.log(0.5)
reparam = reparam_gradient(lambda z: 2 * z, mean, log_var, 5000, seed=0)
score = score_function_gradient(lambda z: z**2, mean, log_var, 5000, seed=1)
fig, ax = plt.subplots(figsize=(5, 3))
bins = np.linspace(-10, 14, 80)
ax.hist(score, bins=bins, alpha=0.6, label=f"score function (var {score.var():.1f})")
ax.hist(reparam, bins=bins, alpha=0.6, label=f"reparametrization (var {reparam.var():.1f})")
ax.axvline(2 * mean, color="k", label="true gradient")
ax.set(title="Per-sample estimates of d/d(mean) E_q[z^2]", xlabel="gradient estimate", ylabel="count")
ax.legend()
plt.show()

# %% [markdown]
# ## 7. Your turn
#
# Fix q's mean at the posterior mean and plot the ELBO against q's log-variance: where is its maximum?
# Then repeat the histogram with f(z) = z^2 + 10. Which estimator changes, and why? Write two or three
# sentences below (not graded).

# %% code
# Your experiment here.
