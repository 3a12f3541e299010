"""The student's linear autoencoder, trained with MSE inside the grader, spans the PCA subspace."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles


def decoder_plane(run, decoder, latent_dim):
    """Directions (784, latent_dim) the decoder adds to its output per unit of each code coordinate."""
    codes = np.vstack([np.zeros((1, latent_dim)), np.eye(latent_dim)]).astype("float32")
    out = run(decoder, codes, "your decoder").reshape(latent_dim + 1, -1)
    return out[1:] - out[0]


@pytest.fixture(scope="module")
def linear(student, trained, rules):
    """(decoder, autoencoder) of the linear autoencoder trained under the graded budget."""
    budget = (rules.linear_epochs, rules.linear_batch_size, rules.linear_learning_rate)
    names = ("linear_encoder", "linear_decoder", "linear_ae", "linear_history")
    build, latent_dim = student.build_linear_autoencoder, rules.linear_latent_dim
    _, decoder, autoencoder, _ = trained(build, latent_dim, *budget, names)
    return decoder, autoencoder


@pytest.mark.points(2)
def test_decoder_spans_the_principal_subspace(linear, run, mnist_pca, rules):
    decoder, _ = linear
    k = rules.linear_latent_dim
    _, pca_plane = mnist_pca(k)
    angles = np.degrees(subspace_angles(decoder_plane(run, decoder, k).T, pca_plane.T))
    assert angles.max() < rules.max_subspace_angle, (
        f"after training, your linear decoder's plane is {angles.max():.0f} degrees from the PCA plane, "
        f"expected below {rules.max_subspace_angle:.0f}: keep every layer linear (no activation) and "
        "the decoder's output as (28, 28, 1) images"
    )


@pytest.mark.points(1)
def test_reconstruction_error_matches_pca(linear, held_out_mse, pca_mse, rules):
    _, autoencoder = linear
    found, floor = held_out_mse(autoencoder), pca_mse(rules.linear_latent_dim)
    assert found < rules.linear_mse_over_pca * floor, (
        f"your trained linear autoencoder's held-out MSE is {found:.4f}, PCA's with the same code size is "
        f"{floor:.4f}: a linear autoencoder trained with MSE should come within "
        f"{100 * (rules.linear_mse_over_pca - 1):.0f}% of it"
    )
