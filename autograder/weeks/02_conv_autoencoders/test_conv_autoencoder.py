"""build_conv_autoencoder(latent_dim): (encoder, decoder, autoencoder), autoencoder = decoder(encoder(x))."""

import numpy as np
import pytest

from autograder.checks.compare import assert_shape
from autograder.checks.input_shapes import assert_autoencoder_declares_inputs
from autograder.checks.shared_weights import assert_shares_weights


@pytest.mark.points(1)
def test_returns_three_models_declaring_the_shapes_they_take(student, parts):
    encoder, decoder, autoencoder = parts(student.build_conv_autoencoder, 16)
    # Keras runs a model on images (n, 28, 28, 1) even when its keras.Input says (28, 28, 2): only the
    # declaration is wrong, and the docstring states it (a subclassed model declares none).
    assert_autoencoder_declares_inputs(student, (encoder, decoder, autoencoder), 16)


@pytest.mark.points(1)
def test_latent_dim_is_passed_on(student, parts, run, images):
    encoder, decoder, autoencoder = parts(student.build_conv_autoencoder, 5)
    code = run(encoder, images(3, 0), "the encoder")
    assert_shape(code, (3, 5), "the encoder", "pass latent_dim on to build_conv_encoder")
    out = run(decoder, code.astype("float32"), "the decoder")
    assert_shape(out, (3, 28, 28, 1), "the decoder", "pass latent_dim on to build_conv_decoder")
    assert_shape(run(autoencoder, images(3, 0), "the autoencoder"), (3, 28, 28, 1), "the autoencoder")


@pytest.mark.points(1)
def test_autoencoder_is_the_decoder_after_the_encoder(student, parts, run, images):
    encoder, decoder, autoencoder = parts(student.build_conv_autoencoder, 4)
    x = images(5, 1)
    composed = run(decoder, run(encoder, x, "the encoder").astype("float32"), "the decoder")
    found = run(autoencoder, x, "the autoencoder")
    assert found.shape == composed.shape and np.allclose(found, composed, atol=1e-5), (
        "autoencoder(x) differs from decoder(encoder(x)): build the autoencoder by calling your encoder "
        "and decoder models (so they share weights), not from new layers"
    )
    assert_shares_weights(student, run, encoder, decoder, autoencoder, x)
