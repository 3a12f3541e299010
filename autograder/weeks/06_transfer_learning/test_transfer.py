"""The student's classifier on the grader's pre-trained encoder beats it on a fresh one, 100 labels each."""

import numpy as np
import pytest

from autograder.checks.raised import raised_as_failure
from autograder.checks.seeding import reseed
from reference.transfer import pretrained_vs_scratch


@pytest.fixture(scope="module")
def accuracies(student, small_autoencoder, classifier_of, pretrained_weights, labelled, mnist, rules,
               probabilities):  # fmt: skip
    """(pre-trained, scratch) held-out accuracies of the student's classifier under the graded budget."""
    reseed(rules.seed, student)
    classifier_of(small_autoencoder().encoder)  # a stub fails here, before any training
    _, (x_test, y_test) = mnist
    with raised_as_failure("building and training your classifier"):
        return pretrained_vs_scratch(
            pretrained_weights, *labelled, x_test, y_test, rules,
            build=student.build_classifier, train=student.train_classifier,
            score=lambda classifier, x, y: float(np.mean(np.argmax(probabilities(classifier, x), -1) == y)),
        )  # fmt: skip


@pytest.mark.points(2)
def test_pretrained_classifier_reaches_the_threshold(accuracies, rules):
    pretrained, _ = accuracies
    assert pretrained >= rules.min_pretrained_accuracy, (
        f"on the grader's pre-trained encoder, {rules.frozen_epochs} epochs frozen then "
        f"{rules.fine_tune_epochs} fine-tuned on {rules.labels} labels give your classifier a held-out "
        f"accuracy of {pretrained:.3f}, expected at least {rules.min_pretrained_accuracy}: "
        "feed the encoder's code to a small head (Dense(64, relu), Dense(10, softmax)) and train with the "
        "learning rate given"
    )


@pytest.mark.points(2)
def test_pretrained_beats_scratch(accuracies, rules):
    pretrained, scratch = accuracies
    assert pretrained - scratch >= rules.min_margin_over_scratch, (
        f"with the same {rules.labels} labels and budget your classifier reaches {pretrained:.3f} on the "
        f"pre-trained encoder and {scratch:.3f} on a fresh one, expected a lead of at least "
        f"{rules.min_margin_over_scratch}: build_classifier must reuse the encoder it is given, and "
        "train_classifier must keep it frozen when fine_tune=False"
    )
