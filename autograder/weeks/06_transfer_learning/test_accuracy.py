"""accuracy(classifier, x, y): fraction of images whose most probable class is their integer label."""

import numbers

import keras
import numpy as np
import pytest
from keras import layers

from autograder.checks.raised import first_line


def linear_classifier(seed):
    """A fixed softmax classifier on raw pixels: its predictions are known without training."""
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(10, activation="softmax")]
    )


def expected(classifier, x, y):
    predicted = np.argmax(keras.ops.convert_to_numpy(classifier(x)), axis=-1)
    return float(np.mean(predicted == y))


def check(student, classifier, x, y):
    try:
        found = student.accuracy(classifier, x, y)
    except Exception as err:  # noqa: BLE001 - any failure here is the student's accuracy
        text = first_line(err, 160)
        raise AssertionError(
            f"accuracy(classifier, x, y) raised {type(err).__name__} on {len(y)} images ({text}): take the "
            "argmax of the probabilities (n, 10) over the class axis (axis=-1), giving (n,) like y"
        ) from err
    assert isinstance(found, numbers.Real) or np.ndim(found) == 0, (
        f"accuracy returned {type(found).__name__}, expected one number"
    )
    want = expected(classifier, x, y)
    hint = "take the argmax of the probabilities over the class axis (axis=-1) and compare it with y"
    if np.isclose(float(found), 100 * want):
        hint = "return a fraction in [0, 1], not a percentage"
    assert np.isclose(float(found), want, atol=1e-6), (
        f"accuracy returned {float(found):.4f} on {len(y)} images, expected {want:.4f}: {hint}"
    )


@pytest.mark.points(1)
def test_matches_the_argmax_predictions(student, mnist):
    _, (x_test, y_test) = mnist
    classifier = linear_classifier(0)
    # A classifier that predicts each test label half the time, from the labels themselves.
    check(student, classifier, x_test[:300], y_test[:300])
    check(
        student, classifier, x_test[:300], np.argmax(keras.ops.convert_to_numpy(classifier(x_test[:300])), -1)
    )


@pytest.mark.points(1)
def test_ten_images_ten_classes(student, mnist):
    # As many images as classes: argmax over the wrong axis still gives the right shape.
    _, (x_test, y_test) = mnist
    classifier = linear_classifier(1)
    y = np.argmax(keras.ops.convert_to_numpy(classifier(x_test[:10])), -1)
    check(student, classifier, x_test[:10], y)
