"""The student's deep dense autoencoder, trained inside the grader, beats PCA at the same code size."""

import numpy as np
import pytest

from autograder.checks.seeding import reseed


@pytest.fixture(scope="module")
def trained(student, parts, fit, mnist, limits):
    reseed(limits.seed, student)
    _, _, autoencoder = parts(student.build_dense_autoencoder, limits.dense_latent_dim)
    (x_train, _), _ = mnist
    budget = (limits.dense_epochs, limits.dense_batch_size, limits.dense_learning_rate)
    losses = fit(autoencoder, x_train, *budget)
    return autoencoder, losses


@pytest.mark.points(1)
def test_training_loss_falls(trained):
    losses = trained[1]
    assert len(losses) > 0 and np.all(np.isfinite(losses)), f"training reported losses {losses}"
    assert losses[-1] < losses[0], f"the training loss did not fall: {losses}"


@pytest.mark.points(2)
def test_held_out_error_beats_pca(trained, held_out_mse, pca_mse, limits):
    found, floor = held_out_mse(trained[0]), pca_mse(limits.dense_latent_dim)
    assert found < limits.max_dense_mse, (
        f"after {limits.dense_epochs} epochs your dense autoencoder's held-out MSE is {found:.4f}, expected "
        f"below {limits.max_dense_mse}; PCA with {limits.dense_latent_dim} components reaches {floor:.4f}. "
        "Use relu hidden layers (e.g. 256 and 128 units), a linear code layer and a sigmoid output"
    )
