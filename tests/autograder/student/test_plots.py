"""Tests for autograder/student/plots.py: the image grid."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from autograder.student import plot_images  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def images(n, *shape):
    """n random images in [0, 1] with the given trailing shape."""
    return np.random.default_rng(n).random((n, *shape), dtype=np.float32)


def test_grey_and_rgb_rows_draw_one_axis_per_image():
    fig = plot_images([images(4, 28, 28, 1), images(4, 28, 28, 3), images(4, 28, 28)])
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 12


def test_shorter_rows_leave_no_empty_axes():
    fig = plot_images([images(5, 8, 8), images(3, 8, 8)])
    assert len(fig.axes) == 8


def test_titles_and_row_labels_are_drawn():
    fig = plot_images(
        [images(2, 8, 8), images(2, 8, 8)],
        titles=[["seven", "two"], None],
        row_labels=["input", "reconstruction"],
    )
    assert [ax.get_title() for ax in fig.axes] == ["seven", "two", "", ""]
    assert fig.axes[0].get_ylabel() == "input"
    assert fig.axes[2].get_ylabel() == "reconstruction"


def test_row_labels_must_match_the_rows():
    with pytest.raises(ValueError, match="one per row"):
        plot_images([images(2, 8, 8)], row_labels=["a", "b"])


def test_images_with_two_channels_are_rejected():
    with pytest.raises(ValueError, match=r"\(n, h, w, 3\)"):
        plot_images([images(2, 8, 8, 2)])
