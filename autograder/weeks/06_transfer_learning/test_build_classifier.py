"""build_classifier(encoder, n_classes=10): images -> class probabilities, through the given encoder."""

import keras
import numpy as np
import pytest

from autograder.checks.compare import assert_shape
from autograder.checks.input_shapes import assert_declares_input
from autograder.checks.kinds import placed


@pytest.fixture
def encoder(small_autoencoder):
    return small_autoencoder().encoder


def images(n, seed):
    return np.random.default_rng(seed).random((n, 28, 28, 1)).astype("float32")


@pytest.mark.points(1)
def test_returns_class_probabilities(student, encoder, classifier_of, probabilities):
    for n_classes in (10, 3):
        classifier = classifier_of(encoder, n_classes)
        # Keras runs a classifier whose keras.Input says (28, 28, 2) on one-channel images: only what it
        # declares is wrong (a subclassed model declares nothing and is judged by its outputs).
        hint = "declare keras.Input(shape=(28, 28, 1)): the images have one channel"
        assert_declares_input(student, classifier, (28, 28, 1), "your classifier", hint)
        found = probabilities(classifier, images(6, n_classes))
        assert_shape(
            found, (6, n_classes), "your classifier", "end with Dense(n_classes, activation='softmax')"
        )
        assert found.min() >= 0 and np.allclose(found.sum(axis=-1), 1.0, atol=1e-4), (
            f"your classifier's outputs lie in [{found.min():.3g}, {found.max():.3g}] and do not sum to 1 "
            "per image: give the last Dense layer activation='softmax'"
        )


@pytest.mark.points(2)
def test_holds_the_encoders_own_weights(student, encoder, classifier_of):
    classifier = classifier_of(encoder)
    held = {id(w) for w in classifier.weights}
    # The encoder as the student's code has it: its weights are the ones the classifier may hold.
    missing = [w.path for w in placed(student, encoder).weights if id(w) not in held]
    hint = (
        "call the encoder you are given as a layer (keras.Sequential([keras.Input((28, 28, 1)), encoder, "
        "...]) or encoder(inputs)), or call its own layers; do not build, clone or copy a new one"
    )
    assert not missing, (
        f"{len(missing)} of the encoder's {len(encoder.weights)} weights are not in your classifier: the "
        f"pre-trained weights would be lost. {hint}"
    )


@pytest.mark.points(1)
def test_keeps_the_encoders_values_and_uses_them(encoder, classifier_of, probabilities, snapshot, changed):
    before = snapshot(encoder.weights)
    classifier = classifier_of(encoder)
    assert changed(before, encoder.weights) == 0, (
        "build_classifier changed the encoder's weights: the pre-trained values must stay as they are "
        "(no re-initialising, no training inside build_classifier)"
    )
    x = images(8, 1)
    found = probabilities(classifier, x)
    kernel = encoder.weights[0]
    kernel.assign(keras.ops.zeros_like(kernel))  # here: the student's code sees it at its next call
    assert not np.allclose(probabilities(classifier, x), found), (
        "your classifier's output does not depend on the encoder's weights: feed the images through the "
        "encoder, then the head"
    )
