"""Fixtures and grade-deciding constants of the 06_transfer_learning autograder (the one place they live)."""

import logging
import types

import keras
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.cache import persisted
from autograder.checks.datasets import bundled_mnist
from autograder.checks.kinds import is_instance, run_beside, type_name
from autograder.checks.models import outputs
from autograder.checks.raised import raised_as_failure

RULES = types.SimpleNamespace(
    # Seed set before every test, so a submission gets the same score on every run.
    seed=0,
    # The reference encoder the grader pre-trains once (memoized, persisted by precompute) and hands to
    # the student's build_classifier: reference.transfer.pretrained_encoder, filters (16, 32), code 64,
    # on all 4,000 bundled training images, 3 epochs, batch 32, Adam 2e-3 (375 steps, about 10 CPU-s).
    pretrain_epochs=3,
    pretrain_batch_size=32,
    pretrain_learning_rate=2e-3,
    # The label budget: the first 100 bundled training images and their labels (5 to 15 per class).
    labels=100,
    # Classifier budget, the same for both: two rounds, 6 epochs at 1e-2 then 4 epochs at 1e-3, batch 20.
    # Pre-trained: the encoder frozen in the first round, fine-tuned in the second. Scratch: a fresh
    # encoder, trainable in both. So the only difference is where the encoder's weights start, and an
    # encoder re-initialised instead of reused scores exactly like scratch (margin 0.000, measured).
    # A shorter budget (4 + 2 epochs) narrows the margin to +0.02 at seed 0.
    frozen_epochs=6,
    fine_tune_epochs=4,
    batch_size=20,
    learning_rate=1e-2,
    fine_tune_learning_rate=1e-3,
    # Held-out accuracy on the 1,000 bundled test digits under that budget, with seed (pre-training and
    # classifiers) 0, 1, 2: the solution's head Dense(64, relu) + Dense(10, softmax) reaches 0.760,
    # 0.772, 0.790 pre-trained against 0.712, 0.730, 0.739 from scratch (margins +0.048, +0.042,
    # +0.051; seed 0 re-measured in tests/autograder/weeks/test_week_06_transfer_learning.py). The two
    # alternatives' heads: 0.758 to 0.786 pre-trained, margins +0.030 to +0.074. Chance is 0.10.
    min_pretrained_accuracy=0.70,
    min_margin_over_scratch=0.01,
    # The cheap checks of pretrain and train_classifier use a small random conv autoencoder (filters
    # 4, 8; code 8). pretrain runs 2 epochs on the first 256 training images, batch 32, Adam 1e-2:
    # the reference takes the held-out MSE from 0.231 to 0.38-0.41 times that over seeds 0-2 (16 steps,
    # about 1.3 s; 512 images reach 0.32 in twice the time); an autoencoder that does not train stays
    # at 1.0.
    small_filters=(4, 8),
    small_latent_dim=8,
    pretrain_check_images=256,
    pretrain_check_learning_rate=1e-2,
    max_pretrain_check_mse_ratio=0.6,
    # The arguments and the loss are read from one more pretrain call at learning rate 0 (nothing moves,
    # so fit's loss is the loss of the untouched autoencoder): 1 epoch on 64 images at batch 16 is 4
    # optimizer steps (Keras' default batch of 32 makes 2). On those images the small autoencoder at seed 0
    # has an MSE of 0.231 and a binary cross-entropy of 0.693; fit's loss equals the MSE to float32
    # rounding (1e-7 relative). train_classifier's loss is checked the same way with classifier.evaluate,
    # on the 100 labelled images at the same batch size: 7 steps, where its default of 20 makes 5 and
    # Keras' default of 32 makes 4.
    still_check_images=64,
    still_check_batch_size=16,
    # Whether a function seeds with the seed it is given: the global generators' next draws after a call
    # with each of these seeds differ; seeding with a constant leaves them the same.
    check_seeds=(1, 2),
    loss_rtol=1e-3,
)


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
