"""The student's classifier on the grader's pre-trained encoder beats it on a fresh one, 100 labels each."""

import numpy as np
import pytest

from autograder.checks.seeding import reseed
from reference.transfer import pretrained_vs_scratch


@pytest.fixture(scope="module")
def accuracies(student, small_autoencoder, classifier_of, pretrained_weights, labelled, mnist, limits,
               probabilities):  # fmt: skip
    """(pre-trained, scratch) held-out accuracies of the student's classifier under the graded budget."""
    reseed(limits.seed, student)
    classifier_of(small_autoencoder().encoder)  # a stub fails here, before any training
    _, (x_test, y_test) = mnist
    try:
        return pretrained_vs_scratch(
            pretrained_weights, *labelled, x_test, y_test, limits,
            build=student.build_classifier, train=student.train_classifier,
            score=lambda classifier, x, y: float(np.mean(np.argmax(probabilities(classifier, x), -1) == y)),
        )  # fmt: skip
    except Exception as err:  # noqa: BLE001 - any failure here is the student's code
        text = str(err).strip().splitlines()[0][:200] if str(err).strip() else "no message"
        raise AssertionError(
            f"building and training your classifier raised {type(err).__name__}: {text}"
        ) from err


@pytest.mark.points(2)
def test_pretrained_classifier_reaches_the_threshold(accuracies, limits):
    pretrained, _ = accuracies
    assert pretrained >= limits.min_pretrained_accuracy, (
        f"on the grader's pre-trained encoder, {limits.frozen_epochs} epochs frozen then "
        f"{limits.fine_tune_epochs} fine-tuned on {limits.labels} labels give your classifier a held-out "
        f"accuracy of {pretrained:.3f}, expected at least {limits.min_pretrained_accuracy}: "
        "feed the encoder's code to a small head (Dense(64, relu), Dense(10, softmax)) and train with the "
        "learning rate given"
    )


@pytest.mark.points(2)
def test_pretrained_beats_scratch(accuracies, limits):
    pretrained, scratch = accuracies
    assert pretrained - scratch >= limits.min_margin_over_scratch, (
        f"with the same {limits.labels} labels and budget your classifier reaches {pretrained:.3f} on the "
        f"pre-trained encoder and {scratch:.3f} on a fresh one, expected a lead of at least "
        f"{limits.min_margin_over_scratch}: build_classifier must reuse the encoder it is given, and "
        "train_classifier must keep it frozen when fine_tune=False"
    )
