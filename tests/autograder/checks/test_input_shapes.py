"""A model's declared input shape is checked where it declares one: a wrong channel count is caught even
though Keras runs the model anyway, and a subclassed or unbuilt model is left to the output checks."""

import keras
import numpy as np
import pytest

from autograder.checks.input_shapes import assert_declares_input, declared_input_shapes, fits


def encoder(input_shape):
    return keras.Sequential([keras.Input(input_shape), keras.layers.Flatten(), keras.layers.Dense(2)])


def test_an_autoencoder_declaring_two_channels_runs_on_one_channel_images_but_fails_the_check():
    inputs = keras.Input((28, 28, 2))
    model = keras.Model(inputs, encoder((28, 28, 1))(inputs))
    assert model(np.zeros((3, 28, 28, 1), "float32")).shape == (3, 2)  # why outputs alone cannot tell
    with pytest.raises(AssertionError, match=r"the autoencoder declares the input shape \(28, 28, 2\), "
                                             r"expected \(28, 28, 1\): hint"):  # fmt: skip
        assert_declares_input(None, model, (28, 28, 1), "the autoencoder", "hint")


@pytest.mark.parametrize("shape", [(28, 28, 1), (None, None, 1), (28, 28), (None, 28, None)])
def test_shapes_that_take_one_channel_images_pass(shape):
    model = keras.Sequential([keras.Input(shape), keras.layers.Activation("relu")])
    assert_declares_input(None, model, (28, 28, 1), "the encoder")


def test_a_model_that_declares_no_input_passes():
    class Subclassed(keras.Model):
        def call(self, x):
            return x

    assert declared_input_shapes(Subclassed()) is None
    assert declared_input_shapes(keras.Sequential([keras.layers.Dense(2)])) is None
    assert_declares_input(None, Subclassed(), (28, 28, 1), "the encoder")


def test_fits_reads_none_as_any_size():
    assert fits((None, 3), (5, 3)) and not fits((None, 3), (5, 4)) and not fits((28, 28, 2), (28, 28, 1))
