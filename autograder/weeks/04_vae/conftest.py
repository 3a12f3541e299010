"""The 04_vae autograder's fixtures; RULES (grade-deciding constants) come from rules.toml."""


from pathlib import Path

import keras
import numpy as np
import pytest

from autograder.checks.cache import persisted
from autograder.checks.datasets import bundled_mnist
from autograder.week import load_rules

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


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

