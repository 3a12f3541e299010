"""An (encoder, decoder, autoencoder) builder is checked the same way in every week that has one: three
Keras models, an autoencoder that is the decoder after the encoder with shared weights, and a
reconstruction error only when the output has the images' shape."""

import keras
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.autoencoders import (
    assert_decoder_after_encoder,
    autoencoder_mse,
    random_images,
    three_models,
)


def run(model, x, what):
    return to_numpy(model(x), what)


def dense_parts(copied=False):
    layers = keras.layers
    encoder = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(2)])
    decoder = keras.Sequential([keras.Input((2,)), layers.Dense(784), layers.Reshape((28, 28, 1))])
    if copied:
        encoder_copy, decoder_copy = keras.models.clone_model(encoder), keras.models.clone_model(decoder)
        encoder_copy.set_weights(encoder.get_weights())
        decoder_copy.set_weights(decoder.get_weights())
        return encoder, decoder, keras.Sequential([encoder_copy, decoder_copy])
    return encoder, decoder, keras.Sequential([encoder, decoder])


def build_dense_autoencoder(latent_dim):
    return None


def test_random_images_are_seeded_one_channel_images_in_0_1():
    x = random_images(3, 7)
    assert x.shape == (3, 28, 28, 1) and x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0
    np.testing.assert_array_equal(x, random_images(3, 7))


def test_three_models_names_the_builder_and_what_it_returned():
    with pytest.raises(AssertionError, match=r"build_dense_autoencoder returned NoneType, expected \(enc"):
        three_models(None, build_dense_autoencoder)
    encoder, decoder, _ = dense_parts()
    with pytest.raises(AssertionError, match="build_dense_autoencoder's autoencoder is a str, expected"):
        three_models([encoder, decoder, "autoencoder"], build_dense_autoencoder)
    assert len(three_models(list(dense_parts()), build_dense_autoencoder)) == 3


def test_an_autoencoder_calling_its_encoder_and_decoder_passes():
    assert_decoder_after_encoder(None, run, dense_parts(), random_images(5, 1))


def test_an_autoencoder_of_copied_weights_fails_once_they_move():
    with pytest.raises(AssertionError, match="no longer equals decoder"):
        assert_decoder_after_encoder(None, run, dense_parts(copied=True), random_images(5, 1))


def test_the_reconstruction_error_needs_images_of_the_inputs_shape():
    _, _, autoencoder = dense_parts()
    x = random_images(4, 0)
    expected = float(np.mean((run(autoencoder, x, "") - x) ** 2))
    assert autoencoder_mse(run, autoencoder, x, "hint") == pytest.approx(expected)
    flat = keras.Sequential([autoencoder, keras.layers.Flatten()])
    with pytest.raises(AssertionError, match=r"shape \(4, 784\) for images of shape \(4, 28, 28, 1\): hint"):
        autoencoder_mse(run, flat, x, "hint")
