"""build_linear_autoencoder(latent_dim): linear encoder (28, 28, 1) -> (latent_dim,), linear decoder back."""

import numpy as np
import pytest

from autograder.checks.compare import assert_shape
from autograder.checks.input_shapes import assert_autoencoder_declares_inputs
from autograder.checks.shared_weights import assert_shares_weights


def images(n, seed):
    return np.random.default_rng(seed).random((n, 28, 28, 1)).astype("float32")


@pytest.mark.points(1)
def test_code_has_latent_dim_values(student, parts, run):
    for latent_dim in [2, 5]:
        encoder, _, _ = parts(student.build_linear_autoencoder, latent_dim)
        code = run(encoder, images(4, latent_dim), "the encoder")
        assert_shape(code, (4, latent_dim), "the encoder",
                     "the code layer must have latent_dim units; did you hard-code its size?")  # fmt: skip


@pytest.mark.points(1)
def test_models_declare_the_shapes_they_take(student, parts):
    # Keras runs a model on images (n, 28, 28, 1) even when its keras.Input says (28, 28, 2): only the
    # declaration is wrong, and the docstring states it (a subclassed model declares none).
    encoder, decoder, autoencoder = parts(student.build_linear_autoencoder, 3)
    assert_autoencoder_declares_inputs(student, (encoder, decoder, autoencoder), 3)


@pytest.mark.points(1)
def test_decoder_returns_images(student, parts, run):
    _, decoder, _ = parts(student.build_linear_autoencoder, 3)
    out = run(decoder, np.random.default_rng(0).standard_normal((4, 3)).astype("float32"), "the decoder")
    assert_shape(out, (4, 28, 28, 1), "the decoder", "end with a Reshape((28, 28, 1)) after the Dense(784)")


@pytest.mark.points(1)
def test_autoencoder_is_the_decoder_after_the_encoder(student, parts, run):
    encoder, decoder, autoencoder = parts(student.build_linear_autoencoder, 3)
    x = images(5, 1)
    composed = run(decoder, run(encoder, x, "the encoder").astype("float32"), "the decoder")
    found = run(autoencoder, x, "the autoencoder")
    assert found.shape == composed.shape and np.allclose(found, composed, atol=1e-5), (
        "autoencoder(x) differs from decoder(encoder(x)): build the autoencoder by calling your encoder "
        "and decoder models (so they share weights), not from new layers"
    )
    assert_shares_weights(student, run, encoder, decoder, autoencoder, x)


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
