from dataclasses import replace

import numpy as np
import pytest

from reference.pca import fit_pca, pca_decode, pca_encode, pca_reconstruction_mse


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    # 3 strong directions plus small isotropic noise, offset from the origin.
    basis = rng.standard_normal((3, 20))
    x = rng.standard_normal((500, 3)) * [5.0, 3.0, 2.0] @ basis + 7.0
    return x + 0.01 * rng.standard_normal(x.shape)


def test_components_are_orthonormal(data):
    pca = fit_pca(data, 3)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(3), atol=1e-10)


def test_reconstruction_recovers_low_rank_data(data):
    pca = fit_pca(data, 3)
    assert pca_reconstruction_mse(pca, data) < 1e-3
    assert pca_reconstruction_mse(fit_pca(data, 2), data) > 0.1


def test_matches_sklearn_explained_subspace(data):
    from scipy.linalg import subspace_angles
    from sklearn.decomposition import PCA as SkPCA

    ours = fit_pca(data, 3).components
    theirs = SkPCA(n_components=3).fit(data).components_
    assert np.max(subspace_angles(ours.T, theirs.T)) < 1e-6


def test_error_decreases_with_code_size(mnist):
    (x_train, _), (x_test, _) = mnist
    full = fit_pca(x_train, 32)
    # Leading components of one fit: a full SVD per size would triple the cost for the same answer.
    errors = [
        pca_reconstruction_mse(replace(full, components=full.components[:k]), x_test) for k in (2, 16, 32)
    ]
    assert errors[0] > errors[1] > errors[2]


def test_encode_decode_shapes(mnist):
    (x_train, _), _ = mnist
    pca = fit_pca(x_train[:200], 5)
    codes = pca_encode(pca, x_train[:7])
    assert codes.shape == (7, 5)
    assert pca_decode(pca, codes).shape == (7, 28, 28, 1)
