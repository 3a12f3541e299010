"""Fixtures and grade-deciding constants of the 01_autoencoders autograder (the one place they live)."""

import types

import keras  # noqa: F401 - loaded with the conftest, as in every Keras week: reseed seeds Keras once imported
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.autoencoders import autoencoder_mse, three_models
from autograder.checks.cache import memo
from autograder.checks.models import outputs
from autograder.checks.seeding import reseed
from autograder.checks.training import fit_with_mse, left_with_budget

RULES = types.SimpleNamespace(
    # Seed set before every test, so a submission gets the same score on every run.
    seed=0,
    # PCA numbers vs the reference on random data: float32 inputs and SVD round-off, nothing more.
    pca_rtol=1e-3,
    pca_atol=1e-4,
    # Largest principal angle (degrees) between the student's and the reference's principal subspace
    # on random data: the same subspace up to round-off sits below 0.01; forgetting to centre the
    # data gives tens of degrees.
    pca_max_angle=0.5,
    # Linear AE trained inside the grader: latent 2, Adam 3e-2, batch 256, 30 epochs (about 5 s). The
    # reference reaches principal angles of 5.2 and 2.9 degrees to the PCA plane, and at most 5.2 from
    # any of 16 initialisations (seeds 0-15; `benchmarks/linear_autoencoder_seeds.py`), so a correct
    # architecture that draws other initial weights passes too; with 10 epochs seeds 1-3 landed at 28,
    # 28 and 74 (re-measured in tests/autograder/weeks/test_week_01_autoencoders.py). A random plane
    # sits near 90.
    linear_latent_dim=2,
    linear_epochs=30,
    linear_batch_size=256,
    linear_learning_rate=3e-2,
    max_subspace_angle=15.0,
    # Its held-out MSE may exceed PCA's (0.0565 at latent 2, the best any linear code can do on the
    # training data) by at most this factor; the reference is at 1.003.
    linear_mse_over_pca=1.05,
    # Dense AE trained inside the grader: latent 8, Adam 3e-3, batch 128, 5 epochs (about 3 s). The
    # reference reaches a held-out MSE of about 0.0343 and PCA with 8 components 0.0383 (the floor: a
    # linear code cannot do better); the threshold sits between, so a non-linear AE must beat PCA.
    dense_latent_dim=8,
    dense_epochs=5,
    dense_batch_size=128,
    dense_learning_rate=3e-3,
    max_dense_mse=0.037,
    # A linear code layer: on random images scaled by 100 (at initialisation every bias is 0, so relu,
    # elu or pooled hidden layers grow with the input, and a linear code with them, on both sides of 0)
    # the code must reach below -1. The solution and the three alternatives reach -24 to -244 over seeds
    # 0-4; a relu or sigmoid code never goes below 0, a tanh code never below -1.
    code_input_scale=100.0,
    max_code_minimum=-1.0,
)


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
