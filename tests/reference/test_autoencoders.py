import keras
import numpy as np
import pytest
from scipy.linalg import subspace_angles

from reference.autoencoders import (
    build_conv_autoencoder,
    build_dense_autoencoder,
    build_linear_autoencoder,
    train_autoencoder,
)
from reference.pca import fit_pca

BUILDERS = [build_linear_autoencoder, build_dense_autoencoder, build_conv_autoencoder]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("latent_dim", [2, 16])
def test_encoder_code_and_decoder_shapes(build, latent_dim):
    ae = build(latent_dim=latent_dim)
    x = np.random.default_rng(0).random((5, 28, 28, 1)).astype("float32")
    code = ae.encoder(x)
    assert code.shape == (5, latent_dim)
    assert ae.decoder(code).shape == (5, 28, 28, 1)
    np.testing.assert_allclose(ae.model(x), ae.decoder(ae.encoder(x)), atol=1e-6)


@pytest.mark.parametrize("build", [build_dense_autoencoder, build_conv_autoencoder])
def test_nonlinear_decoders_output_probabilities(build):
    ae = build(latent_dim=4)
    out = np.asarray(ae.decoder(10.0 * np.random.default_rng(1).standard_normal((64, 4))))
    assert out.min() >= 0.0 and out.max() <= 1.0


@pytest.mark.parametrize("build", BUILDERS)
def test_loss_falls_during_short_training(build, mnist):
    (x_train, _), _ = mnist
    keras.utils.set_random_seed(0)
    ae = build(latent_dim=8)
    losses = train_autoencoder(ae.model, x_train[:1000], epochs=3, batch_size=64).history["loss"]
    assert losses[-1] < 0.8 * losses[0], losses


def test_linear_autoencoder_spans_the_pca_subspace(mnist):
    (x_train, _), _ = mnist
    keras.utils.set_random_seed(0)
    ae = build_linear_autoencoder(latent_dim=2)
    # Measured: 30 epochs reach angles of about 5.5 and 2.5 degrees; a random plane sits near 90.
    train_autoencoder(ae.model, x_train, epochs=30, batch_size=256, learning_rate=3e-2)
    decoder_rows = keras.ops.convert_to_numpy(ae.decoder.layers[0].kernel)
    angles = np.degrees(subspace_angles(decoder_rows.T, fit_pca(x_train, 2).components.T))
    assert angles.max() < 15.0, angles
