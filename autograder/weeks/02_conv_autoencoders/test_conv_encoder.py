"""build_conv_encoder(latent_dim): images (n, 28, 28, 1) -> codes (n, latent_dim), shrinking feature maps."""

import pytest

from autograder.checks.compare import assert_shape


@pytest.mark.points(1)
def test_returns_a_keras_model_with_a_linear_code(student, model_of, run, images, rules):
    encoder = model_of(student.build_conv_encoder, 16)
    code = run(encoder, rules.code_input_scale * images(16, 5), "the encoder")
    assert code.min() < rules.max_code_minimum, (
        f"on images scaled by {rules.code_input_scale:g} your encoder's code stays in "
        f"[{code.min():.3g}, {code.max():.3g}]: the code must be a Dense layer without activation (a relu "
        "code is never negative, a sigmoid or tanh code is bounded), so that it can take any real value"
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("latent_dim", [2, 16])
def test_code_has_latent_dim_values(student, model_of, run, images, latent_dim):
    encoder = model_of(student.build_conv_encoder, latent_dim)
    code = run(encoder, images(4, latent_dim), "the encoder")
    hint = "end with Flatten, then Dense(latent_dim): did you hard-code the code size?"
    if code.ndim == 4:
        hint = "the code is still a stack of feature maps: add a Flatten before the Dense(latent_dim) layer"
    assert_shape(code, (4, latent_dim), "the encoder", hint)


@pytest.mark.points(1)
def test_feature_maps_shrink(student, model_of, feature_maps):
    sizes = feature_maps(model_of(student.build_conv_encoder, 16))
    assert sizes, (
        "your encoder has no image-shaped feature maps: start with Conv2D layers on the (28, 28, 1) input "
        "before flattening"
    )
    smallest = min(sizes, key=lambda size: size[0] * size[1])
    assert smallest[0] < 28 and smallest[1] < 28, (
        f"your encoder's feature maps stay {smallest[0]} x {smallest[1]}: give the Conv2D layers strides=2 "
        "(or add pooling) so that each one halves the height and width (28 -> 14 -> 7)"
    )
