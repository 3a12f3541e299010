"""kl_divergence(z_mean, z_log_var): KL(q(z|x) || N(0, I)) per example, shape (batch,)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.vae import kl_divergence as reference_kl


@pytest.mark.points(1)
@pytest.mark.parametrize(("batch", "latent_dim"), [(1, 2), (7, 2), (5, 6)])
def test_one_value_per_example(student, gaussians, batch, latent_dim):
    z_mean, z_log_var = gaussians(batch, latent_dim, seed=batch)
    found = to_numpy(student.kl_divergence(z_mean, z_log_var), "kl_divergence")
    assert_shape(found, (batch,), "kl_divergence", "sum over the latent axis only, not over the batch")


@pytest.mark.points(1)
@pytest.mark.parametrize(("batch", "latent_dim"), [(8, 2), (4, 7)])
def test_values_match_the_closed_form(student, gaussians, rules, batch, latent_dim):
    z_mean, z_log_var = gaussians(batch, latent_dim, seed=10 + latent_dim)
    expected = to_numpy(reference_kl(z_mean, z_log_var), "reference")
    found = to_numpy(student.kl_divergence(z_mean, z_log_var), "kl_divergence")
    assert_shape(found, (batch,), "kl_divergence", "sum over the latent axis only, not over the batch")
    var, sq = np.exp(z_log_var), z_mean**2
    mistakes = [
        (2 * expected, "twice the KL: the closed form has a factor -0.5 in front of the sum"),
        (-expected, "the sign is flipped: KL = -0.5 * sum(1 + log_var - mean^2 - exp(log_var))"),
        (expected / latent_dim, "mean over the latent dimensions: the KL sums over them"),
        (-0.5 * np.sum(1 + z_log_var - sq - np.exp(0.5 * z_log_var), -1), "use exp(z_log_var), the variance"),
        (-0.5 * np.sum(1 + np.log(var) - z_mean - var, -1), "square z_mean in the closed form"),
    ]
    assert_matches(found, expected, "kl_divergence", rules.loss_rtol, rules.loss_atol, mistakes)
    assert np.allclose(to_numpy(student.kl_divergence(0 * z_mean, 0 * z_log_var), "kl"), 0, atol=1e-5), (
        "kl_divergence is not 0 when q(z|x) is the prior N(0, I)"
    )
