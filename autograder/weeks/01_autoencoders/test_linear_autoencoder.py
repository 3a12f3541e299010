"""build_linear_autoencoder(latent_dim): linear encoder (28, 28, 1) -> (latent_dim,), linear decoder back."""

import numpy as np
import pytest

from autograder.checks.autoencoders import (
    assert_codes_have_latent_dim,
    assert_decoder_after_encoder,
    assert_decoder_returns_images,
    random_images,
)
from autograder.checks.input_shapes import assert_autoencoder_declares_inputs


@pytest.mark.points(1)
def test_code_has_latent_dim_values(student, parts, run):
    assert_codes_have_latent_dim(parts, run, student.build_linear_autoencoder, [2, 5])


@pytest.mark.points(1)
def test_models_declare_the_shapes_they_take(student, parts):
    # Keras runs a model on images (n, 28, 28, 1) even when its keras.Input says (28, 28, 2): only the
    # declaration is wrong, and the docstring states it (a subclassed model declares none).
    assert_autoencoder_declares_inputs(student, parts(student.build_linear_autoencoder, 3), 3)


@pytest.mark.points(1)
def test_decoder_returns_images(student, parts, run):
    assert_decoder_returns_images(parts, run, student.build_linear_autoencoder, 3)


@pytest.mark.points(1)
def test_autoencoder_is_the_decoder_after_the_encoder(student, parts, run):
    models = parts(student.build_linear_autoencoder, 3)
    assert_decoder_after_encoder(student, run, models, random_images(5, 1))


@pytest.mark.points(1)
@pytest.mark.parametrize("part", ["encoder", "decoder"])
def test_encoder_and_decoder_are_linear(student, parts, part, run):
    encoder, decoder, _ = parts(student.build_linear_autoencoder, 3)
    rng = np.random.default_rng(2)
    model, shape = (encoder, (4, 28, 28, 1)) if part == "encoder" else (decoder, (4, 3))
    a, b = rng.standard_normal(shape).astype("float32"), rng.standard_normal(shape).astype("float32")

    def f(v):
        return run(model, v, f"the {part}")

    # An affine map f satisfies f(a + b) = f(a) + f(b) - f(0).
    gap = np.abs(f(a + b) - (f(a) + f(b) - f(np.zeros_like(a)))).max()
    assert gap < 1e-3 * (1.0 + np.abs(f(a)).max()), (
        f"the {part} of the linear autoencoder is not linear: use Dense layers without activation "
        "(no relu, no sigmoid)"
    )
