"""The student's conv autoencoder, trained inside the grader, beats the mean digit on held-out images."""

import pytest

from autograder.checks.training import assert_loss_falls


@pytest.mark.points(1)
def test_training_loss_falls(trained):
    assert_loss_falls(trained[1])


@pytest.mark.points(2)
def test_held_out_error_beats_the_mean_image(trained, held_out_mse, mean_image_mse, rules):
    found = held_out_mse(trained[0])
    assert found < rules.max_training_mse, (
        f"after {rules.training_epochs} epochs your conv autoencoder's held-out MSE is {found:.4f}, "
        f"expected below {rules.max_training_mse}; drawing the mean digit every time gives "
        f"{mean_image_mse:.4f}. "
        "Use relu Conv2D / Conv2DTranspose layers with strides=2, a linear code and a sigmoid output"
    )
