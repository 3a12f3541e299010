"""build_conv_decoder(latent_dim): codes (n, latent_dim) -> images (n, 28, 28, 1) in [0, 1], upsampling."""

import numpy as np
import pytest

from autograder.checks.compare import assert_shape


def codes(n, latent_dim, seed, scale=1.0):
    return np.random.default_rng(seed).normal(0.0, scale, (n, latent_dim)).astype("float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("latent_dim", [2, 16])
def test_returns_images(student, model_of, run, latent_dim):
    decoder = model_of(student.build_conv_decoder, latent_dim)
    out = run(decoder, codes(4, latent_dim, latent_dim), "the decoder")
    hint = "Reshape the Dense output to (7, 7, filters), then let Conv2DTranspose(strides=2) double it twice"
    if out.ndim == 4 and out.shape[1] < 28:
        hint = ("the images come out too small: upsample with Conv2DTranspose(strides=2), not Conv2D "
                "(a strided Conv2D halves the maps instead of doubling them)")
    assert_shape(out, (4, 28, 28, 1), "the decoder", hint)


@pytest.mark.points(1)
def test_outputs_lie_in_0_1(student, model_of, run):
    decoder = model_of(student.build_conv_decoder, 4)
    out = run(decoder, codes(64, 4, 1, scale=1000.0), "the decoder")
    assert out.min() >= 0.0 and out.max() <= 1.0, (
        f"your decoder outputs values in [{out.min():.3g}, {out.max():.3g}], outside [0, 1]: "
        "give the last layer activation='sigmoid'"
    )


@pytest.mark.points(1)
def test_grows_a_small_grid_of_feature_maps(student, model_of, feature_maps):
    sizes = feature_maps(model_of(student.build_conv_decoder, 16))
    assert sizes and min(h for h, _ in sizes) < 28 and min(w for _, w in sizes) < 28, (
        f"your decoder's feature maps are {sizes or 'absent'}: Reshape the code's Dense layer to a small "
        "grid such as (7, 7, 16), then upsample it with Conv2DTranspose(strides=2) to 28 x 28"
    )
    assert sizes[-1] == (28, 28), (
        f"your decoder's last feature maps are {sizes[-1][0]} x {sizes[-1][1]}, expected 28 x 28"
    )
