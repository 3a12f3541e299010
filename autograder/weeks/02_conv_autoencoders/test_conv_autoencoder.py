"""build_conv_autoencoder(latent_dim): (encoder, decoder, autoencoder), autoencoder = decoder(encoder(x))."""

import pytest

from autograder.checks.autoencoders import assert_decoder_after_encoder
from autograder.checks.compare import assert_shape
from autograder.checks.input_shapes import assert_autoencoder_declares_inputs


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
    models = parts(student.build_conv_autoencoder, 4)
    assert_decoder_after_encoder(student, run, models, images(5, 1))
