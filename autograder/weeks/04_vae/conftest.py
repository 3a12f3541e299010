"""Fixtures and grade-deciding constants of the 04_vae autograder (the one place they live)."""

import types

import keras
import numpy as np
import pytest

from autograder.checks.cache import persisted
from autograder.checks.datasets import bundled_mnist

RULES = types.SimpleNamespace(
    # Seed set before every test, so a submission gets the same score on every run.
    seed=0,
    # Budget of the graded training: what the notebook's own training cell uses.
    epochs=3,
    batch_size=128,
    learning_rate=1e-3,
    # Held-out negative ELBO (nats) after that budget: the reference reaches about 213 (see
    # tests/autograder/weeks/test_week_04_vae.py, which re-measures it); the threshold leaves room for
    # other correct architectures. An untrained model sits near 545, a VAE that ignores KL scores worse.
    max_negative_elbo=225.0,
    # Sampling statistics on 200,000 draws: the standard error of the mean is 0.002.
    noise_mean_tol=0.02,
    noise_std_rtol=0.03,
    # The encoder's z checked on one image repeated this many times (latent 2: 8,192 draws, standard
    # errors 0.011 of the mean and 0.008 of the std, against tolerances of 5x and 2x those above). Each
    # copy goes through the whole encoder: a textbook full-resolution conv encoder takes 1 CPU-s per 1,000.
    noise_check_images=4096,
    # Loss values vs the reference: float32 sums over 784 pixels and epsilon clipping.
    loss_rtol=1e-3,
    loss_atol=1e-2,
)


@pytest.fixture(scope="session")
def rules():
    return RULES




@pytest.fixture
def images():
    """A fixed batch of 16 random 'images' in [0, 1] and reconstructions strictly inside (0, 1)."""
    rng = np.random.default_rng(1)
    x = rng.random((16, 28, 28, 1)).astype("float32")
    x_recon = rng.uniform(0.02, 0.98, (16, 28, 28, 1)).astype("float32")
    return x, x_recon


def gaussian_params(batch, latent_dim, seed):
    """Random (z_mean, z_log_var), each (batch, latent_dim) float32."""
    rng = np.random.default_rng(seed)
    z_mean = rng.normal(0.0, 1.5, (batch, latent_dim)).astype("float32")
    z_log_var = rng.normal(0.0, 1.0, (batch, latent_dim)).astype("float32")
    return z_mean, z_log_var


@pytest.fixture
def gaussians():
    return gaussian_params


@pytest.fixture(scope="session")
def train_here():
    return train_vae_here


def train_vae_here(student):
    """The graded training done by the grader (seeded, built, compiled, fit): (encoder, decoder, history
    dict). The notebook's read-only training cell does the same."""
    from autograder.checks.seeding import reseed

    (x_train, _), _ = bundled_mnist()
    reseed(RULES.seed, student)
    encoder = student.build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2)
    decoder = student.build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1))
    vae = student.VAE(encoder, decoder, beta=1.0)
    vae.compile(optimizer=keras.optimizers.Adam(RULES.learning_rate))
    history = vae.fit(x_train, epochs=RULES.epochs, batch_size=RULES.batch_size, verbose=0)
    return encoder, decoder, history.history


@persisted("04_vae-reference-decoder")
def reference_decoder():
    """The reference VAE's decoder after the graded budget: the yardstick for generated samples."""
    from reference.vae import VAE, build_vae_decoder, build_vae_encoder

    keras.utils.set_random_seed(RULES.seed)
    vae = VAE(build_vae_encoder(seed=RULES.seed), build_vae_decoder())
    vae.compile(optimizer=keras.optimizers.Adam(RULES.learning_rate))
    (x_train, _), _ = bundled_mnist()
    vae.fit(x_train, epochs=RULES.epochs, batch_size=RULES.batch_size, verbose=0)
    return vae.decoder


@pytest.fixture
def trained_reference_decoder():
    return reference_decoder()

