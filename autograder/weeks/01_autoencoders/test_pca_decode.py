"""pca_decode(codes, mean, components): images (n, 28, 28, 1), mean plus a combination of components."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.pca import fit_pca, pca_decode, pca_encode


@pytest.mark.points(1)
def test_returns_images(student, random_images):
    pca = fit_pca(random_images(50, seed=20), 3)
    codes = np.random.default_rng(0).standard_normal((6, 3))
    images = to_numpy(student.pca_decode(codes, pca.mean, pca.components), "pca_decode")
    assert_shape(images, (6, 28, 28, 1), "pca_decode", "reshape the (n, 784) result to (n, 28, 28, 1)")


@pytest.mark.points(1)
def test_images_match_the_reconstruction(student, random_images, rules):
    pca = fit_pca(random_images(80, seed=21), 4)
    codes = np.random.default_rng(1).normal(0.0, 3.0, (5, 4))
    expected = pca_decode(pca, codes)
    found = to_numpy(student.pca_decode(codes, pca.mean, pca.components), "pca_decode")
    assert_shape(found, (5, 28, 28, 1), "pca_decode", "reshape the (n, 784) result to (n, 28, 28, 1)")
    no_mean = (codes @ pca.components).reshape(5, 28, 28, 1)
    mistakes = [(no_mean, "add the mean image back after combining the components")]
    assert_matches(found, expected, "pca_decode", rules.pca_rtol, rules.pca_atol, mistakes)


@pytest.mark.points(1)
def test_images_in_the_subspace_come_back_unchanged(student, random_images, rules):
    x = random_images(80, seed=22)
    pca = fit_pca(x, 3)
    inside = pca_decode(pca, pca_encode(pca, x[:4]))
    found = to_numpy(student.pca_decode(pca_encode(pca, inside), pca.mean, pca.components), "pca_decode")
    assert_shape(found, inside.shape, "pca_decode", "reshape the (n, 784) result to (n, 28, 28, 1)")
    assert_matches(found, inside, "decoding the code of an image of the PCA subspace",
                   rules.pca_rtol, rules.pca_atol)  # fmt: skip
