"""Week-specific checks of the 02_conv_autoencoders autograder: its grade-deciding constants
still hold on the reference. The checks every week shares are in test_weeks.py."""

import keras
import numpy as np

from autograder.checks.judge import week_conftest

WEEK = "02_conv_autoencoders"


def week_rules():
    return week_conftest(WEEK).RULES


def test_reference_clears_the_training_threshold_with_margin(mnist):
    """Re-measures what the grade constants in the week's rules.toml were derived from."""
    from reference.autoencoders import build_conv_autoencoder, train_autoencoder

    rules = week_rules()
    (x_train, _), (x_test, _) = mnist
    keras.utils.set_random_seed(rules.seed)
    model = build_conv_autoencoder(latent_dim=rules.training_latent_dim, filters=(8, 16)).model
    budget = (rules.training_epochs, rules.training_batch_size, rules.training_learning_rate)
    train_autoencoder(model, x_train[: rules.training_images], *budget, seed=rules.seed)
    found = float(np.mean((keras.ops.convert_to_numpy(model.predict(x_test, verbose=0)) - x_test) ** 2))
    mean_image = float(np.mean((x_test - x_train.mean(axis=0)) ** 2))
    # The threshold sits between the reference and the mean-image floor, with room on both sides.
    assert found < rules.max_training_mse - 0.008 < rules.max_training_mse + 0.008 < mean_image, (
        found, mean_image,
    )  # fmt: skip
