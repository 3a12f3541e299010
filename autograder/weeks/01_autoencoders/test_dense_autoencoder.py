"""build_dense_autoencoder(latent_dim): deep dense encoder and decoder, sigmoid output in [0, 1]."""

import numpy as np
import pytest

from autograder.checks.compare import assert_shape


def images(n, seed):
    return np.random.default_rng(seed).random((n, 28, 28, 1)).astype("float32")


@pytest.mark.points(1)
@pytest.mark.parametrize("latent_dim", [2, 8])
def test_code_has_latent_dim_values(student, parts, latent_dim, run):
    encoder, _, _ = parts(student.build_dense_autoencoder, latent_dim)
    code = run(encoder, images(4, latent_dim), "the encoder")
    assert_shape(code, (4, latent_dim), "the encoder",
                 "the code layer must have latent_dim units; did you hard-code its size?")  # fmt: skip


@pytest.mark.points(1)
def test_decoder_returns_images(student, parts, run):
    _, decoder, _ = parts(student.build_dense_autoencoder, 4)
    out = run(decoder, np.random.default_rng(0).standard_normal((4, 4)).astype("float32"), "the decoder")
    assert_shape(out, (4, 28, 28, 1), "the decoder", "end with a Reshape((28, 28, 1)) after the Dense(784)")


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
    encoder, decoder, autoencoder = parts(student.build_dense_autoencoder, 4)
    x = images(5, 1)
    composed = run(decoder, run(encoder, x, "the encoder").astype("float32"), "the decoder")
    found = run(autoencoder, x, "the autoencoder")
    assert found.shape == composed.shape and np.allclose(found, composed, atol=1e-5), (
        "autoencoder(x) differs from decoder(encoder(x)): build the autoencoder by calling your encoder "
        "and decoder models (so they share weights), not from new layers"
    )


@pytest.mark.points(1)
def test_encoder_is_not_linear(student, parts, run):
    encoder, _, _ = parts(student.build_dense_autoencoder, 4)
    a, b = images(8, 2), images(8, 3)

    def f(v):
        return run(encoder, v, "the encoder")

    gap = np.abs(f(a + b) - (f(a) + f(b) - f(np.zeros_like(a)))).max()
    assert gap > 1e-3 * (1.0 + np.abs(f(a)).max()), (
        "the encoder is linear, so the autoencoder can do no better than PCA: give the hidden Dense "
        "layers an activation such as relu"
    )
