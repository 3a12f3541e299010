"""vae_loss(x, x_recon, z_mean, z_log_var, beta=1.0): batch mean of reconstruction + beta * KL."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.vae import kl_divergence, reconstruction_loss
from reference.vae import vae_loss as reference_vae_loss


@pytest.mark.points(1)
def test_returns_a_scalar(student, images, gaussians):
    x, x_recon = images
    found = to_numpy(student.vae_loss(x, x_recon, *gaussians(len(x), 2, seed=3)), "vae_loss")
    assert_shape(found, (), "vae_loss", "average over the batch to a single number")


@pytest.mark.points(1)
@pytest.mark.parametrize(("latent_dim", "beta"), [(2, 1.0), (4, 3.5), (3, 0.25)])
def test_values_match_the_reference(student, images, gaussians, rules, latent_dim, beta):
    x, x_recon = images
    z_mean, z_log_var = gaussians(len(x), latent_dim, seed=4)
    expected = to_numpy(reference_vae_loss(x, x_recon, z_mean, z_log_var, beta=beta), "reference")
    found = to_numpy(student.vae_loss(x, x_recon, z_mean, z_log_var, beta=beta), "vae_loss")
    assert_shape(found, (), "vae_loss", "average over the batch to a single number")
    recon = to_numpy(reconstruction_loss(x, x_recon), "reference")
    kl = to_numpy(kl_divergence(z_mean, z_log_var), "reference")
    mistakes = [
        (np.sum(recon + beta * kl), "summed over the batch: take the batch mean"),
        (np.mean(recon + kl), f"beta is ignored (beta={beta} here): weight the KL by beta"),
        (np.mean(recon - beta * kl), "the KL is subtracted: the loss is reconstruction + beta * KL"),
        (np.mean(beta * recon + kl), "beta weights the reconstruction: it weights the KL"),
    ]
    assert_matches(found, expected, f"vae_loss (beta={beta})", rules.loss_rtol, rules.loss_atol, mistakes)
