"""pca_fit(x, n_components): mean (784,) and orthonormal components (k, 784), by decreasing variance."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles

from autograder.checks.arrays import to_numpy
from autograder.checks.compare import assert_matches, assert_shape
from reference.pca import fit_pca


def fitted(student, x, k):
    result = student.pca_fit(x, k)
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"pca_fit returned {type(result).__name__}, expected a pair (mean, components)"
    )
    return to_numpy(result[0], "pca_fit's mean"), to_numpy(result[1], "pca_fit's components")


@pytest.mark.points(1)
@pytest.mark.parametrize("k", [2, 5])
def test_shapes(student, random_images, k):
    mean, components = fitted(student, random_images(100, seed=k), k)
    assert_shape(mean, (784,), "pca_fit's mean", "one value per pixel, averaged over the images (axis 0)")
    assert_shape(components, (k, 784), "pca_fit's components", "one row per component, n_components rows")


@pytest.mark.points(1)
def test_mean_is_the_average_image(student, random_images, rules):
    x = random_images(120, seed=3)
    mean, _ = fitted(student, x, 3)
    assert_shape(mean, (784,), "pca_fit's mean", "one value per pixel, averaged over the images (axis 0)")
    assert_matches(mean, fit_pca(x, 3).mean, "pca_fit's mean", rules.pca_rtol, rules.pca_atol)


@pytest.mark.points(1)
def test_components_are_orthonormal(student, random_images):
    _, components = fitted(student, random_images(120, seed=4), 4)
    assert_shape(components, (4, 784), "pca_fit's components", "one row per component")
    gram = components @ components.T
    assert np.allclose(gram, np.eye(4), atol=1e-3), (
        "pca_fit's components are not orthonormal rows (components @ components.T should be the identity): "
        "take the rows of vt from np.linalg.svd, unscaled"
    )


@pytest.mark.points(2)
def test_components_span_the_principal_subspace(student, random_images, rules):
    x = random_images(120, seed=5)
    _, components = fitted(student, x, 4)
    assert_shape(components, (4, 784), "pca_fit's components", "one row per component")
    angles = np.degrees(subspace_angles(components.T, fit_pca(x, 4).components.T))
    if angles.max() > rules.pca_max_angle:
        flat = x.reshape(len(x), -1).astype(np.float64)
        uncentred = np.linalg.svd(flat, full_matrices=False)[2][:4]
        hint = ("keep the directions of largest variance: the first rows of vt from np.linalg.svd "
                "(not its columns), or the eigenvectors of the largest eigenvalues")
        if np.degrees(subspace_angles(components.T, uncentred.T)).max() < rules.pca_max_angle:
            hint = "did you centre the data? subtract the mean image before the SVD"
        raise AssertionError(
            f"pca_fit's components are {angles.max():.1f} degrees away from the principal subspace: {hint}"
        )


@pytest.mark.points(1)
def test_components_are_sorted_by_variance(student, random_images, rules):
    x = random_images(120, seed=6)
    _, components = fitted(student, x, 4)
    assert_shape(components, (4, 784), "pca_fit's components", "one row per component")
    expected = fit_pca(x, 4).components
    overlap = np.abs(np.sum(components * expected, axis=1))
    if np.all(overlap > 0.99):
        return
    angles = np.degrees(subspace_angles(components.T, expected.T))
    assert angles.max() < rules.pca_max_angle, (
        "pca_fit's first component is not the direction of largest variance: centre the data and keep "
        "the first rows of vt from np.linalg.svd"
    )
    raise AssertionError(
        "pca_fit's components are not in order of decreasing variance (the first one must explain the "
        "most): np.linalg.eigh sorts eigenvalues in increasing order, np.linalg.svd in decreasing order"
    )
