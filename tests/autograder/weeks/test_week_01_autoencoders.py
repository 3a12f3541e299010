"""Week-specific checks of the 01_autoencoders autograder: its grade-deciding constants
still hold on the reference. The checks every week shares are in test_weeks.py."""

import keras
import numpy as np
import pytest
from scipy.linalg import subspace_angles

from autograder.checks import judge

WEEK = "01_autoencoders"


def week_conftest():
    return judge.week_conftest(WEEK)


@pytest.fixture(scope="module")
def reference_pca(mnist):
    """The reference PCA of the bundled training images with 8 components (one SVD, about 10 s)."""
    from reference.pca import fit_pca

    (x_train, _), _ = mnist
    return fit_pca(x_train, 8)


def truncated(pca, k):
    from reference.pca import PCA

    return PCA(mean=pca.mean, components=pca.components[:k], shape=pca.shape)


def test_grader_pca_spans_the_reference_pca_subspaces(mnist, reference_pca):
    """The week's conftest takes PCA from the covariance's eigenvectors, for speed: same subspaces."""
    (x_train, _), _ = mnist
    mean, components = week_conftest()._principal_directions(x_train, 8)
    np.testing.assert_allclose(mean, reference_pca.mean, atol=1e-6)
    for k in (2, 8):
        angles = np.degrees(subspace_angles(components[:k].T, reference_pca.components[:k].T))
        assert angles.max() < 0.1, (k, angles)


def test_reference_clears_the_training_thresholds_with_margin(mnist, reference_pca):
    """Re-measures what the grade constants in the week's rules.toml were derived from."""
    from reference.autoencoders import build_dense_autoencoder, build_linear_autoencoder, train_autoencoder
    from reference.pca import pca_reconstruction_mse

    rules = week_conftest().RULES
    (x_train, _), (x_test, _) = mnist

    k = rules.linear_latent_dim
    # The grader seeds rules.seed before building a student's model, but a correct architecture that
    # creates its layers otherwise starts from other weights: the budget must reach the PCA plane from
    # any of them (seeds 1-3 landed at 28, 28 and 74 degrees with 10 epochs).
    for seed in (rules.seed, 1, 2, 3):
        keras.utils.set_random_seed(seed)
        linear = build_linear_autoencoder(latent_dim=k)
        train_autoencoder(linear.model, x_train, rules.linear_epochs, rules.linear_batch_size,
                          rules.linear_learning_rate, seed=seed)  # fmt: skip
        codes = np.vstack([np.zeros((1, k)), np.eye(k)]).astype("float32")
        out = keras.ops.convert_to_numpy(linear.decoder(codes)).reshape(k + 1, -1)
        angles = np.degrees(subspace_angles((out[1:] - out[0]).T, reference_pca.components[:k].T))
        assert angles.max() < rules.max_subspace_angle / 2, (seed, angles)
    linear_mse = float(np.mean((keras.ops.convert_to_numpy(linear.model(x_test)) - x_test) ** 2))
    pca_linear = pca_reconstruction_mse(truncated(reference_pca, k), x_test)
    assert linear_mse < (1 + (rules.linear_mse_over_pca - 1) / 2) * pca_linear

    keras.utils.set_random_seed(rules.seed)
    dense = build_dense_autoencoder(latent_dim=rules.dense_latent_dim)
    train_autoencoder(dense.model, x_train, rules.dense_epochs, rules.dense_batch_size,
                      rules.dense_learning_rate, seed=rules.seed)  # fmt: skip
    dense_mse = float(np.mean((keras.ops.convert_to_numpy(dense.model(x_test)) - x_test) ** 2))
    pca_dense = pca_reconstruction_mse(truncated(reference_pca, rules.dense_latent_dim), x_test)
    # The threshold sits between the reference and the PCA floor, with room on both sides.
    assert dense_mse < rules.max_dense_mse - 0.001 < rules.max_dense_mse + 0.001 < pca_dense
