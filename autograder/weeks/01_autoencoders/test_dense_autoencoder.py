"""build_dense_autoencoder(latent_dim): deep dense encoder and decoder, sigmoid output in [0, 1]."""

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
    assert_codes_have_latent_dim(parts, run, student.build_dense_autoencoder, [2, 8])


@pytest.mark.points(1)
def test_models_declare_the_shapes_they_take(student, parts):
    # Keras runs a model on images (n, 28, 28, 1) even when its keras.Input says (28, 28, 2): only the
    # declaration is wrong, and the docstring states it (a subclassed model declares none).
    assert_autoencoder_declares_inputs(student, parts(student.build_dense_autoencoder, 3), 3)


@pytest.mark.points(1)
def test_decoder_returns_images(student, parts, run):
    assert_decoder_returns_images(parts, run, student.build_dense_autoencoder, 4)


@pytest.mark.points(1)
def test_decoder_outputs_lie_in_0_1(student, parts, run):
    _, decoder, _ = parts(student.build_dense_autoencoder, 4)
    codes = np.random.default_rng(1).normal(0.0, 10.0, (64, 4)).astype("float32")
    out = run(decoder, codes, "the decoder")
    assert out.min() >= 0.0 and out.max() <= 1.0, (
        f"your decoder outputs values in [{out.min():.3g}, {out.max():.3g}], outside [0, 1]: "
        "did you forget the sigmoid on the last layer?"
    )


@pytest.mark.points(1)
def test_autoencoder_is_the_decoder_after_the_encoder(student, parts, run):
    models = parts(student.build_dense_autoencoder, 4)
    assert_decoder_after_encoder(student, run, models, random_images(5, 1))


def affine_gap(f, a, b):
    """How far f is from affine on a, b: an affine map satisfies f(a + b) = f(a) + f(b) - f(0)."""
    return np.abs(f(a + b) - (f(a) + f(b) - f(np.zeros_like(a)))).max()


@pytest.mark.points(1)
def test_hidden_layers_are_non_linear_and_the_code_is_linear(student, parts, run, rules):
    encoder, decoder, _ = parts(student.build_dense_autoencoder, 4)

    def encode(v):
        return run(encoder, v, "the encoder")

    a, b = random_images(8, 2), random_images(8, 3)
    assert affine_gap(encode, a, b) > 1e-3 * (1.0 + np.abs(encode(a)).max()), (
        "the encoder is linear, so the autoencoder can do no better than PCA: give the hidden Dense "
        "layers an activation such as relu"
    )
    code = encode(rules.code_input_scale * random_images(16, 4))
    assert code.min() < rules.max_code_minimum, (
        f"on images scaled by {rules.code_input_scale:g} your encoder's code stays in "
        f"[{code.min():.3g}, {code.max():.3g}]: the code layer must be a Dense(latent_dim) without "
        "activation (a relu code is never negative, a sigmoid or tanh code is bounded)"
    )

    def logits(z):
        # The decoder's output before its sigmoid: affine in the code when no hidden layer has an activation.
        out = np.clip(run(decoder, z.astype("float32"), "the decoder"), 1e-6, 1.0 - 1e-6)
        return np.log(out) - np.log1p(-out)

    rng = np.random.default_rng(5)
    z1, z2 = rng.standard_normal((8, 4)), rng.standard_normal((8, 4))
    assert affine_gap(logits, z1, z2) > 1e-2 * (1.0 + np.abs(logits(z1)).max()), (
        "the decoder is a sigmoid of a linear map of the code: give its hidden Dense layers an "
        "activation such as relu, before the sigmoid output"
    )
