"""count_parameters(model): the number of values in all of model.weights, trainable or not, as an int."""

import numbers

import keras
import pytest
from keras import layers


def dense_model():
    return keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(32), layers.Dense(5)]
    )


def conv_model_with_batchnorm():
    # BatchNormalization holds a moving mean and variance that are weights but not trainable.
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(6, 3, strides=2, padding="same"),
            layers.BatchNormalization(),
            layers.Conv2DTranspose(3, 3, strides=2, padding="same"),
        ]
    )


@pytest.mark.points(1)
@pytest.mark.parametrize("make", [dense_model, conv_model_with_batchnorm], ids=["dense", "conv_batchnorm"])
def test_counts_every_weight(student, make):
    model = make()
    expected = model.count_params()
    found = student.count_parameters(model)
    assert isinstance(found, numbers.Integral), (
        f"count_parameters returned {type(found).__name__}, expected an int: wrap the total in int(...)"
    )
    if found == expected:
        return
    hint = "add up the sizes (np.prod of the shape) of every array in model.weights"
    if found == len(model.weights):
        hint = "that is the number of weight arrays: add up their sizes (np.prod of each shape) instead"
    elif found == len(model.layers):
        hint = "that is the number of layers: add up the sizes of the arrays in model.weights"
    elif found == sum(int(keras.ops.size(w)) for w in model.trainable_weights):
        hint = "count the non-trainable weights too (model.weights, not model.trainable_weights)"
    raise AssertionError(f"count_parameters returned {found}, expected {expected}: {hint}")
