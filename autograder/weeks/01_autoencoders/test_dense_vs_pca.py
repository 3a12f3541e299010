"""The student's deep dense autoencoder, trained inside the grader, beats PCA at the same code size."""

import pytest

from autograder.checks.training import assert_loss_falls


@pytest.fixture(scope="module")
def dense(student, trained, rules):
    """(autoencoder, per-epoch losses) of the dense autoencoder trained under the graded budget."""
    budget = (rules.dense_epochs, rules.dense_batch_size, rules.dense_learning_rate)
    names = ("dense_encoder", "dense_decoder", "dense_ae", "dense_history")
    _, _, autoencoder, losses = trained(student.build_dense_autoencoder, rules.dense_latent_dim, *budget,
                                        names)  # fmt: skip
    return autoencoder, losses


@pytest.mark.points(1)
def test_training_loss_falls(dense):
    assert_loss_falls(dense[1])


@pytest.mark.points(2)
def test_held_out_error_beats_pca(dense, held_out_mse, pca_mse, rules):
    found, floor = held_out_mse(dense[0]), pca_mse(rules.dense_latent_dim)
    assert found < rules.max_dense_mse, (
        f"after {rules.dense_epochs} epochs your dense autoencoder's held-out MSE is {found:.4f}, expected "
        f"below {rules.max_dense_mse}; PCA with {rules.dense_latent_dim} components reaches {floor:.4f}. "
        "Use relu hidden layers (e.g. 256 and 128 units), a linear code layer and a sigmoid output"
    )
