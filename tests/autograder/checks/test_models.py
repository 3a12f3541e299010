"""A student's model runs on the grader's images in bounded batches, whatever the number of images, and
tells the student what failed when it cannot take them."""

import keras
import numpy as np
import pytest

from autograder.checks.models import BATCH_SIZE, outputs


class Recorder(keras.Model):
    """Doubles its input and records the size of every batch it is called on; two outputs."""

    def __init__(self):
        super().__init__()
        self.sizes = []

    def call(self, x):
        self.sizes.append(int(x.shape[0]))
        return x * 2, keras.ops.sum(x, axis=-1)


def test_many_images_go_through_in_bounded_batches_in_order():
    model, x = Recorder(), np.arange(1000 * 3, dtype="float32").reshape(1000, 3)
    doubled, sums = outputs(None, model, x, "the model")
    assert max(model.sizes) <= BATCH_SIZE and sum(model.sizes) == 1000
    np.testing.assert_array_equal(doubled, 2 * x)
    np.testing.assert_array_equal(sums, x.sum(axis=-1))


def test_repeat_gives_each_image_that_many_times_in_order():
    model, x = Recorder(), np.array([[1.0], [2.0]], dtype="float32")
    doubled, _ = outputs(None, model, x, "the model", repeat=300, batch_size=128)
    np.testing.assert_array_equal(doubled[:, 0], [2.0] * 300 + [4.0] * 300)
    assert model.sizes == [128, 128, 128, 128, 88]


def test_a_model_that_cannot_take_the_images_says_what_and_why():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(AssertionError, match=r"the encoder failed on an input of shape \(3, 5\).*: hint"):
        outputs(None, model, np.ones((3, 5), "float32"), "the encoder", "hint")
