"""Fixtures and grade-deciding constants of the 02_conv_autoencoders autograder (the one place they live)."""

import types

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

RULES = types.SimpleNamespace(
    # Seed set before every test, so a submission gets the same score on every run.
    seed=0,
    # The student's conv AE trained inside the grader: latent 16, the first 1,000 bundled training
    # images, 2 epochs, batch 8, Adam 5e-3 (250 steps, about 3 CPU-s). Under this budget
    # reference.autoencoders.build_conv_autoencoder(filters=(8, 16)) reaches a held-out MSE of 0.038 to
    # 0.047 over seeds 0-2 (seed 0: 0.046, re-measured in
    # tests/autograder/weeks/test_week_02_conv_autoencoders.py).
    # PCA with 16 components (0.028) is out of reach in 250 steps, so the floor is the mean training
    # image (0.068): what a decoder that ignores its code learns first. The threshold sits between.
    training_latent_dim=16,
    training_images=1000,
    training_epochs=2,
    training_batch_size=8,
    training_learning_rate=5e-3,
    max_training_mse=0.056,
    # A linear code layer: on random images scaled by 100 (at initialisation every bias is 0, so relu,
    # elu or pooled hidden layers grow with the input, and a linear code with them, on both sides of 0)
    # the code must reach below -1. The solution and the three alternatives reach -9.6 to -79 over seeds
    # 0-4; a relu or sigmoid code never goes below 0, a tanh code never below -1.
    code_input_scale=100.0,
    max_code_minimum=-1.0,
)


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
