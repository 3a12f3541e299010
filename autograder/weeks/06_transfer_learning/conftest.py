"""The 06_transfer_learning autograder's fixtures; RULES (grade-deciding constants) come from rules.toml."""

import logging
from pathlib import Path

import keras
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.cache import persisted
from autograder.checks.datasets import bundled_mnist
from autograder.checks.kinds import is_instance, run_beside, type_name
from autograder.checks.models import outputs
from autograder.checks.raised import raised_as_failure
from autograder.week import load_rules

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


@pytest.fixture(scope="session")
def rules():
    return RULES



@pytest.fixture(scope="session", autouse=True)
def _quiet_tensorflow():
    # Every model's predict() traces a new function; after five in a row TensorFlow's Python logger
    # warns about retracing on the kernel's stderr, which would zero a correct graded cell.
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)



def random_draws():
    """The next draws of Python's and numpy's global generators, which keras.utils.set_random_seed
    seeds. Runs next to the student's code."""
    import random

    return random.random(), float(np.random.random())


@pytest.fixture
def draws_after(student):
    """draws_after(call) -> {seed: random_draws() right after call(seed)} for RULES.check_seeds: the
    same for every seed when `call` seeds with a constant instead of its seed."""
    def after(call):
        draws = {}
        for seed in RULES.check_seeds:
            call(seed)
            draws[seed] = run_beside(student, random_draws)
        return draws

    return after


@pytest.fixture(scope="session")
def labelled(mnist):
    """The label budget: (x, y) of the first RULES.labels training images."""
    (x_train, y_train), _ = mnist
    return x_train[: RULES.labels], y_train[: RULES.labels]


@pytest.fixture(scope="session")
def small_autoencoder():
    """small_autoencoder(seed) -> a fresh, small reference conv Autoencoder(encoder, decoder, model)."""
    from reference.autoencoders import build_conv_autoencoder

    def build(seed=RULES.seed):
        keras.utils.set_random_seed(seed)
        return build_conv_autoencoder(latent_dim=RULES.small_latent_dim, filters=RULES.small_filters)

    return build


@persisted("06_transfer_learning-pretrained-encoder")
def reference_pretrained_weights():
    """The reference encoder's weights after pre-training on the bundled training images."""
    from reference.transfer import pretrained_encoder

    (x_train, _), _ = bundled_mnist()
    encoder = pretrained_encoder(
        x_train, epochs=RULES.pretrain_epochs, batch_size=RULES.pretrain_batch_size,
        learning_rate=RULES.pretrain_learning_rate, seed=RULES.seed,
    )  # fmt: skip
    return [np.asarray(w) for w in encoder.get_weights()]


@pytest.fixture(scope="session")
def pretrained_weights():
    return reference_pretrained_weights()


def _snapshot(weights):
    return [np.array(w) for w in weights]  # a Keras variable, here or in the student's kernel


@pytest.fixture(scope="session")
def snapshot():
    """snapshot(weights) -> copies of the current values of a list of Keras variables."""
    return _snapshot


@pytest.fixture
def changed():
    """changed(before, weights) -> how many of `weights` differ from their values in `before`."""
    return lambda before, weights: sum(not np.array_equal(b, a) for b, a in zip(before, _snapshot(weights)))


@pytest.fixture(scope="session")
def classifier_of(student):
    """classifier_of(encoder) -> student.build_classifier(encoder, n_classes=10), checked to be a model
    and built."""

    def build(encoder, n_classes=10):
        with raised_as_failure(f"build_classifier(encoder, n_classes={n_classes})"):
            classifier = student.build_classifier(encoder, n_classes=n_classes)
        assert is_instance(classifier, keras.Model), (
            f"build_classifier returned {type_name(classifier)}, expected a keras.Model "
            "(keras.Sequential([...]) or keras.Model(inputs, outputs))"
        )
        # A subclassed model makes its weights at its first call: call it once before reading them.
        outputs(student, classifier, np.zeros((1, 28, 28, 1), "float32"), "your classifier",
                "its input must be the encoder's, (28, 28, 1)")  # fmt: skip
        return classifier

    return build


@pytest.fixture(scope="session")
def probabilities(student):
    """probabilities(classifier, x) -> classifier(x) as numpy, a batch at a time; AssertionError if it
    cannot take x."""
    hint = "its input must be the encoder's, (28, 28, 1)"
    return lambda classifier, x: to_numpy(outputs(student, classifier, x, "your classifier", hint),
                                          "your classifier")  # fmt: skip


@pytest.fixture
def train(student):
    """train(classifier, encoder, x, y, fine_tune, epochs) -> what student.train_classifier returns."""

    def call(classifier, encoder, x, y, fine_tune, epochs, learning_rate=RULES.learning_rate,
             batch_size=RULES.batch_size, seed=RULES.seed):  # fmt: skip
        with raised_as_failure(f"train_classifier(..., fine_tune={fine_tune})"):
            return student.train_classifier(
                classifier, encoder, x, y, fine_tune=fine_tune, epochs=epochs,
                batch_size=batch_size, learning_rate=learning_rate, seed=seed,
            )  # fmt: skip

    return call
