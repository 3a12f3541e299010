"""Sampling: z = z_mean + exp(0.5 * z_log_var) * eps with fresh eps ~ N(0, I) on every call."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.kinds import run_beside


def standardised_noise(layer_output, z_mean, z_log_var):
    return (to_numpy(layer_output, "Sampling") - z_mean) / np.exp(0.5 * z_log_var)


@pytest.mark.points(1)
def test_noise_has_zero_mean_and_unit_std(student, gaussians, rules):
    z_mean, z_log_var = gaussians(200_000, 3, seed=0)
    eps = standardised_noise(student.Sampling()([z_mean, z_log_var]), z_mean, z_log_var)
    assert eps.shape == z_mean.shape, f"Sampling returned shape {eps.shape}, expected {z_mean.shape}"
    mean, std = eps.mean(), eps.std()
    if std < 1e-3:
        pytest.fail("Sampling returned z_mean itself: it must add noise exp(0.5 * z_log_var) * eps")
    assert abs(mean) < rules.noise_mean_tol, (
        f"(z - z_mean) / exp(0.5 * z_log_var) has mean {mean:.3f}, expected 0: eps must be N(0, I)"
    )
    assert abs(std - 1.0) < rules.noise_std_rtol, (
        f"(z - z_mean) / exp(0.5 * z_log_var) has std {std:.3f}, expected 1: the standard deviation "
        "is exp(0.5 * z_log_var); exp(z_log_var) is the variance"
    )


def twice_in_each_mode(layer, z_mean, z_log_var):
    """Two draws of the layer per mode: eager training=True, eager training=False, inside tf.function."""
    import tensorflow as tf

    traced = tf.function(lambda: layer([z_mean, z_log_var]))
    modes = {
        "a call with training=True": lambda: layer([z_mean, z_log_var], training=True),
        "a call with training=False": lambda: layer([z_mean, z_log_var], training=False),
        "a call inside tf.function": traced,
    }
    return {mode: [np.asarray(call()) for _ in range(2)] for mode, call in modes.items()}


@pytest.mark.points(1)
def test_fresh_noise_in_every_mode(student, gaussians):
    z_mean, z_log_var = gaussians(64, 2, seed=1)
    # Run next to the layer: in the student's kernel for a judge outside it.
    draws = run_beside(student, twice_in_each_mode, student.Sampling(), z_mean, z_log_var)
    for mode, (first, second) in draws.items():
        first, second = to_numpy(first, "Sampling"), to_numpy(second, "Sampling")
        assert not np.allclose(first, z_mean), f"Sampling returned z_mean in {mode}: sample noise always"
        assert not np.allclose(first, second), f"Sampling returned the same z twice in {mode}"


def through_a_functional_model(layer, batches):
    """The layer inside a functional model with an unknown batch size, applied to each (z_mean, z_log_var)."""
    import keras

    mean_in, log_var_in = keras.Input(shape=(2,)), keras.Input(shape=(2,))
    model = keras.Model([mean_in, log_var_in], layer([mean_in, log_var_in]))
    return [np.asarray(model(list(batch))) for batch in batches]


@pytest.mark.points(1)
def test_works_in_a_model_with_unknown_batch_size(student, gaussians):
    batches = [gaussians(batch, 2, seed=batch) for batch in (1, 7, 130)]
    outputs = run_beside(student, through_a_functional_model, student.Sampling(), batches)
    for (z_mean, _), found in zip(batches, outputs):
        z = to_numpy(found, "Sampling inside a model")
        assert z.shape == (len(z_mean), 2), (
            f"inside a functional model, a batch of {len(z_mean)} gave shape {z.shape}: build the noise "
            "from keras.ops.shape(z_mean), not from a fixed batch size"
        )


def gradients_of_a_sum_of_squares(layer, z_mean, z_log_var):
    """d/d(z_mean, z_log_var) of sum(layer([z_mean, z_log_var]) ** 2); None where no gradient flows."""
    import tensorflow as tf

    variables = [tf.Variable(z_mean), tf.Variable(z_log_var)]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(layer(variables)))
    return [None if g is None else np.asarray(g) for g in tape.gradient(loss, variables)]


@pytest.mark.points(1)
def test_gradients_reach_both_inputs(student, gaussians):
    z_mean, z_log_var = gaussians(32, 2, seed=2)
    grad_mean, grad_log_var = run_beside(
        student, gradients_of_a_sum_of_squares, student.Sampling(), z_mean, z_log_var
    )
    assert grad_mean is not None and np.any(to_numpy(grad_mean, "gradient") != 0), (
        "no gradient reaches z_mean through Sampling: compute z with differentiable ops"
    )
    assert grad_log_var is not None and np.any(to_numpy(grad_log_var, "gradient") != 0), (
        "no gradient reaches z_log_var through Sampling: the noise must be scaled by "
        "exp(0.5 * z_log_var) with keras.ops or tf ops (the reparametrization trick)"
    )
