"""build_vae_encoder: a model x (batch, 28, 28, 1) -> [z_mean, z_log_var, z], each (batch, latent_dim)."""

import numpy as np
import pytest

from autograder.checks.arrays import outputs_list
from autograder.checks.models import outputs


@pytest.mark.points(1)
@pytest.mark.parametrize("latent_dim", [2, 5])
def test_outputs_have_the_latent_size(student, mnist, latent_dim):
    (x_train, _), _ = mnist
    encoder = student.build_vae_encoder(input_shape=(28, 28, 1), latent_dim=latent_dim)
    found = outputs_list(outputs(student, encoder, x_train[:4], "the encoder"), 3, "the encoder")
    for name, value in zip(("z_mean", "z_log_var", "z"), found):
        assert value.shape == (4, latent_dim), (
            f"{name} has shape {value.shape}, expected (4, {latent_dim}) for latent_dim={latent_dim}: "
            "did you hard-code the latent size?"
        )


@pytest.mark.points(1)
def test_z_is_sampled_from_the_encoders_own_distribution(student, mnist, rules):
    (x_train, _), _ = mnist
    encoder = student.build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2)
    # One image repeated: every row shares z_mean and z_log_var, so z's spread is the noise alone.
    repeated = outputs(student, encoder, x_train[:1], "the encoder", repeat=rules.noise_check_images)
    z_mean, z_log_var, z = outputs_list(repeated, 3, "the encoder")
    eps = (z - z_mean) / np.exp(0.5 * z_log_var)
    assert eps.std() > 0.5, "the encoder's z equals z_mean: sample z with your Sampling layer"
    assert abs(eps.mean()) < 5 * rules.noise_mean_tol and abs(eps.std() - 1) < 2 * rules.noise_std_rtol, (
        f"(z - z_mean) / exp(0.5 * z_log_var) has mean {eps.mean():.3f} and std {eps.std():.3f}, "
        "expected 0 and 1: is z sampled from this encoder's own z_mean and z_log_var?"
    )


@pytest.mark.points(1)
def test_log_variance_is_free_to_be_negative(student, mnist):
    (x_train, _), _ = mnist
    encoder = student.build_vae_encoder(input_shape=(28, 28, 1), latent_dim=4)
    _, z_log_var, _ = outputs_list(outputs(student, encoder, x_train[:256], "the encoder"), 3, "the encoder")
    clipped = np.mean(z_log_var == 0.0)
    assert not (z_log_var.min() >= 0.0 and clipped > 0.2), (
        f"{clipped:.0%} of z_log_var is exactly 0 and none is negative: a ReLU on z_log_var forbids "
        "variances below 1; the log-variance head must be linear"
    )
