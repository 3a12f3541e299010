"""The 02_conv_autoencoders autograder's fixtures; RULES (grade-deciding constants) come from rules.toml."""


from pathlib import Path

import keras
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.autoencoders import autoencoder_mse, random_images, three_models
from autograder.checks.cache import memo
from autograder.checks.kinds import is_instance, type_name
from autograder.checks.models import outputs
from autograder.checks.raised import first_line
from autograder.checks.seeding import reseed
from autograder.checks.training import fit_with_mse, left_with_budget
from autograder.week import load_rules

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


@pytest.fixture(scope="session")
def rules():
    return RULES


@pytest.fixture
def mean_image_mse(mnist):
    """Held-out MSE of the mean training image: what an autoencoder that ignores its code reaches."""
    (x_train, _), (x_test, _) = mnist
    return memo("02-mean-image-mse", lambda: float(np.mean((x_test - x_train.mean(axis=0)) ** 2)))


@pytest.fixture
def images():
    """images(n, seed) -> random float32 images (n, 28, 28, 1) in [0, 1]."""
    return random_images


@pytest.fixture(scope="session")
def build():
    """build(function, latent_dim) -> what the student's builder returns; AssertionError if it raises."""

    def call(function, latent_dim):
        try:
            return function(latent_dim=latent_dim)
        except Exception as err:  # noqa: BLE001 - any failure here is the student's builder
            text = first_line(err, limit=None)
            if "ndim" in text:
                # Keras' own wording for a convolution fed a flat vector, or the reverse.
                fix = ("keep the (28, 28, 1) input image-shaped until the Flatten" if "encoder" in
                       function.__name__ else "Reshape the Dense output to (7, 7, filters) before any "
                       "Conv2D / Conv2DTranspose layer")  # fmt: skip
                text = f"a layer got inputs with the wrong number of axes: {fix} ({text[:120]})"
            raise AssertionError(
                f"{function.__name__}(latent_dim={latent_dim}) raised {type(err).__name__}: {text}"
            ) from err

    return call


@pytest.fixture
def model_of(build):
    """model_of(function, latent_dim) -> the keras.Model the student's builder returns, checked."""

    def checked(function, latent_dim):
        model = build(function, latent_dim)
        assert is_instance(model, keras.Model), (
            f"{function.__name__} returned {type_name(model)}, expected a keras.Model "
            "(keras.Sequential([...]) or keras.Model(inputs, outputs))"
        )
        return model

    return checked


@pytest.fixture(scope="session")
def run(student):
    """run(model, x, what) -> model(x) as numpy, a batch at a time; AssertionError if it cannot take x."""
    hint = "check that its keras.Input shape is (28, 28, 1) for the encoder and (latent_dim,) for the decoder"
    return lambda model, x, what: to_numpy(outputs(student, model, x, what, hint), what)


def _layers(model):
    """Every layer of a model in order, looking inside nested models."""
    for layer in model.layers:
        if is_instance(layer, keras.Model):
            yield from _layers(layer)
        else:
            yield layer


def feature_map_sizes(model):
    """(height, width) of every 4-D layer output inside `model`, in layer order."""
    sizes = []
    for layer in _layers(model):
        try:
            shape = tuple(layer.output.shape)
        except (AttributeError, ValueError):
            continue
        if len(shape) == 4:
            sizes.append(shape[1:3])
    return sizes


@pytest.fixture
def feature_maps():
    """feature_maps(model) -> [(height, width), ...] of the model's image-shaped layer outputs."""

    def sizes(model):
        found = feature_map_sizes(model)
        if not found and not list(_layers(model)):
            raise AssertionError(
                "the grader cannot see inside your model: build it from layers with keras.Sequential "
                "or keras.Input and keras.Model, not by subclassing keras.Model"
            )
        return found

    return sizes


@pytest.fixture(scope="session")
def parts(build):
    """parts(build_conv_autoencoder, latent_dim) -> (encoder, decoder, autoencoder), checked."""

    return lambda function, latent_dim: three_models(build(function, latent_dim), function)


@pytest.fixture(scope="session")
def trained(student, parts):
    """(autoencoder, per-epoch losses) of the student's conv autoencoder fit with MSE under the graded budget:
    as the notebook's read-only training cell left it, or trained here the same way (seeded, built,
    compiled, fit)."""
    from autograder.checks.datasets import bundled_mnist

    (x_train, _), _ = bundled_mnist()
    x = x_train[: RULES.training_images]
    budget = (RULES.training_epochs, len(x), RULES.training_batch_size)
    return left_with_budget(student, ("conv_ae", "conv_history"), *budget) or train_here(student, parts)


def train_here(student, parts):
    """The graded training done by the grader (seeded, built with parts(build, latent_dim), compiled, fit):
    (autoencoder, per-epoch losses). The notebook's read-only training cell does the same."""
    from autograder.checks.datasets import bundled_mnist

    (x_train, _), _ = bundled_mnist()
    x = x_train[: RULES.training_images]
    reseed(RULES.seed, student)
    _, _, autoencoder = parts(student.build_conv_autoencoder, RULES.training_latent_dim)
    budget = (RULES.training_epochs, RULES.training_batch_size, RULES.training_learning_rate)
    return autoencoder, fit_with_mse(autoencoder, x, x, *budget)


@pytest.fixture
def held_out_mse(mnist, run):
    """held_out_mse(autoencoder) -> mean squared error over the 1,000 held-out images."""
    _, (x_test, _) = mnist
    hint = "the decoder must end with 28 x 28 x 1 images"
    return lambda autoencoder: autoencoder_mse(run, autoencoder, x_test, hint)
