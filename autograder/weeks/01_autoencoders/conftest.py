"""The 01_autoencoders autograder's fixtures; RULES (grade-deciding constants) come from rules.toml."""


from pathlib import Path

import keras  # noqa: F401 - loaded with the conftest, as in every Keras week: reseed seeds Keras once imported
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.autoencoders import autoencoder_mse, three_models
from autograder.checks.cache import memo
from autograder.checks.models import outputs
from autograder.checks.seeding import reseed
from autograder.checks.training import fit_with_mse, left_with_budget
from autograder.week import load_rules

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


@pytest.fixture(scope="session")
def rules():
    return RULES


def low_rank_images(n, seed, rank=6):
    """Random 'images' (n, 28, 28, 1) around a far-off mean, with `rank` directions of distinct variance.

    The mean is large so that a PCA that forgets to centre finds the mean's direction instead.
    """
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((784, rank)))
    scales = np.linspace(5.0, 1.0, rank)
    flat = 3.0 * rng.random(784) + (rng.standard_normal((n, rank)) * scales) @ basis.T
    flat += 0.05 * rng.standard_normal((n, 784))
    return flat.reshape(n, 28, 28, 1).astype("float32")


@pytest.fixture
def random_images():
    return low_rank_images


def _principal_directions(x_train, k):
    """Mean (784,) and top-k principal directions (k, 784) of the training images.

    The eigenvectors of the 784 x 784 covariance span the same subspaces as reference.pca.fit_pca's
    SVD (tests/autograder/weeks/test_week_01_autoencoders.py checks it) in a tenth of the time.
    """
    flat = x_train.reshape(len(x_train), -1).astype(np.float64)
    mean = flat.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(flat - mean, rowvar=False))
    return mean, vectors[:, np.argsort(values)[::-1][:k]].T


@pytest.fixture
def mnist_pca(mnist):
    """mnist_pca(k) -> (mean (784,), components (k, 784)) of the bundled training images, k <= 16."""
    (x_train, _), _ = mnist
    mean, components = memo("01-mnist-pca", lambda: _principal_directions(x_train, 16))
    return lambda k: (mean, components[:k])


@pytest.fixture
def pca_mse(mnist, mnist_pca):
    """pca_mse(k): held-out MSE of PCA with k components fitted on the training images."""
    _, (x_test, _) = mnist

    def measure(k):
        mean, components = mnist_pca(k)
        flat = x_test.reshape(len(x_test), -1).astype(np.float64) - mean
        return float(np.mean((flat - flat @ components.T @ components) ** 2))

    return measure


@pytest.fixture(scope="session")
def run(student):
    """run(model, x, what) -> model(x) as numpy, a batch at a time; AssertionError if it cannot take x."""
    hint = "check that its keras.Input shape is (28, 28, 1) for the encoder and (latent_dim,) for the decoder"
    return lambda model, x, what: to_numpy(outputs(student, model, x, what, hint), what)


@pytest.fixture(scope="session")
def trained(student, parts):
    """trained(build, latent_dim, epochs, batch_size, learning_rate, names) -> (encoder, decoder, autoencoder,
    per-epoch losses) of the student's autoencoder fit with MSE on the training images under that budget:
    as the notebook's read-only cell trained it (`names`: where it left the four), or trained here the same
    way (seeded, built, compiled, fit)."""
    from autograder.checks.datasets import bundled_mnist

    def train(build, latent_dim, epochs, batch_size, learning_rate, names):
        (x_train, _), _ = bundled_mnist()
        left = left_with_budget(student, names, epochs, len(x_train), batch_size)
        return left or train_here(student, parts, build, latent_dim, epochs, batch_size, learning_rate)

    return train


def train_here(student, parts, build, latent_dim, epochs, batch_size, learning_rate):
    """The graded training done by the grader (seeded, built with parts(build, latent_dim), compiled, fit):
    (encoder, decoder, autoencoder, per-epoch losses). The read-only cells of the notebook do the same."""
    from autograder.checks.datasets import bundled_mnist

    (x_train, _), _ = bundled_mnist()
    reseed(RULES.seed, student)
    encoder, decoder, autoencoder = parts(build, latent_dim)
    losses = fit_with_mse(autoencoder, x_train, x_train, epochs, batch_size, learning_rate)
    return encoder, decoder, autoencoder, losses


@pytest.fixture
def held_out_mse(mnist, run):
    """held_out_mse(autoencoder) -> mean squared error over the 1,000 held-out images."""
    _, (x_test, _) = mnist
    hint = "reshape the decoder's output back to (28, 28, 1)"
    return lambda autoencoder: autoencoder_mse(run, autoencoder, x_test, hint)


@pytest.fixture(scope="session")
def parts():
    """parts(build, latent_dim) -> (encoder, decoder, autoencoder), checked to be three Keras models."""

    return lambda build, latent_dim: three_models(build(latent_dim=latent_dim), build)
