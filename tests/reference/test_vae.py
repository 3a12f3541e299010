import keras
import numpy as np
import pytest
import tensorflow as tf

from reference.vae import (
    VAE,
    Sampling,
    build_vae_decoder,
    build_vae_encoder,
    kl_divergence,
    latent_grid,
    negative_elbo,
    reconstruction_loss,
    sample_images,
    vae_loss,
)


def gaussians(batch, dim, seed=0):
    rng = np.random.default_rng(seed)
    z_mean = rng.normal(0.0, 1.0, (batch, dim)).astype("float32")
    z_log_var = rng.normal(0.0, 0.5, (batch, dim)).astype("float32")
    return z_mean, z_log_var


def test_kl_closed_form_matches_monte_carlo():
    z_mean, z_log_var = gaussians(4, 3)
    std = np.exp(0.5 * z_log_var)
    z = z_mean + std * np.random.default_rng(1).standard_normal((200_000, 4, 3))
    log_q = -0.5 * (((z - z_mean) / std) ** 2 + z_log_var + np.log(2 * np.pi))
    log_p = -0.5 * (z**2 + np.log(2 * np.pi))
    monte_carlo = (log_q - log_p).sum(-1).mean(0)
    np.testing.assert_allclose(kl_divergence(z_mean, z_log_var), monte_carlo, rtol=0.03, atol=0.02)


def test_kl_is_zero_at_the_prior_and_positive_elsewhere():
    np.testing.assert_allclose(kl_divergence(np.zeros((3, 5)), np.zeros((3, 5))), 0.0, atol=1e-7)
    assert np.all(np.asarray(kl_divergence(*gaussians(10, 5))) > 0.0)


def test_reconstruction_loss_is_summed_binary_cross_entropy():
    rng = np.random.default_rng(0)
    x = rng.random((6, 28, 28, 1)).astype("float32")
    x_recon = rng.uniform(0.05, 0.95, (6, 28, 28, 1)).astype("float32")
    mean_bce = keras.losses.binary_crossentropy(x.reshape(6, -1), x_recon.reshape(6, -1))
    np.testing.assert_allclose(reconstruction_loss(x, x_recon), 784 * mean_bce, rtol=1e-4)


@pytest.mark.parametrize("beta", [1.0, 4.0])
def test_vae_loss_is_batch_mean_of_weighted_sum(beta):
    rng = np.random.default_rng(2)
    x = rng.random((8, 28, 28, 1)).astype("float32")
    x_recon = rng.uniform(0.05, 0.95, (8, 28, 28, 1)).astype("float32")
    z_mean, z_log_var = gaussians(8, 4)
    expected = np.mean(reconstruction_loss(x, x_recon) + beta * kl_divergence(z_mean, z_log_var))
    assert float(vae_loss(x, x_recon, z_mean, z_log_var, beta=beta)) == pytest.approx(expected)


def test_sampling_has_requested_mean_and_variance():
    z_mean = np.full((100_000, 2), [1.5, -2.0], dtype="float32")
    z_log_var = np.full((100_000, 2), [np.log(0.25), np.log(4.0)], dtype="float32")
    z = np.asarray(Sampling(seed=0)([z_mean, z_log_var]))
    np.testing.assert_allclose(z.mean(0), [1.5, -2.0], atol=0.03)
    np.testing.assert_allclose(z.std(0), [0.5, 2.0], rtol=0.02)


def test_sampling_draws_fresh_noise_each_call_and_is_seedable():
    z_mean, z_log_var = gaussians(16, 2)
    layer = Sampling(seed=3)
    first, second = np.asarray(layer([z_mean, z_log_var])), np.asarray(layer([z_mean, z_log_var]))
    assert not np.allclose(first, second)
    np.testing.assert_array_equal(first, np.asarray(Sampling(seed=3)([z_mean, z_log_var])))


def test_gradients_reach_mean_and_log_variance_through_sampling():
    z_mean, z_log_var = (tf.Variable(a) for a in gaussians(4, 2))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(Sampling(seed=0)([z_mean, z_log_var]) ** 2)
    grad_mean, grad_log_var = tape.gradient(loss, [z_mean, z_log_var])
    assert grad_mean is not None and np.all(np.abs(grad_mean) > 0)
    assert grad_log_var is not None and np.any(np.abs(grad_log_var) > 0)


@pytest.mark.parametrize("latent_dim", [2, 5])
def test_encoder_and_decoder_shapes(latent_dim):
    encoder, decoder = build_vae_encoder(latent_dim=latent_dim), build_vae_decoder(latent_dim)
    z_mean, z_log_var, z = encoder(np.zeros((3, 28, 28, 1), "float32"))
    assert z_mean.shape == z_log_var.shape == z.shape == (3, latent_dim)
    out = np.asarray(decoder(z))
    assert out.shape == (3, 28, 28, 1) and out.min() > 0.0 and out.max() < 1.0


@pytest.fixture(scope="module")
def trained_vae(mnist):
    (x_train, _), _ = mnist
    keras.utils.set_random_seed(0)
    vae = VAE(build_vae_encoder(seed=0), build_vae_decoder())
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    history = vae.fit(x_train, epochs=3, batch_size=128, verbose=0)
    return vae, history


def test_vae_training_reports_metrics_and_lowers_the_loss(trained_vae):
    _, history = trained_vae
    assert {"loss", "reconstruction_loss", "kl_loss"} <= set(history.history)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    np.testing.assert_allclose(
        losses, np.add(history.history["reconstruction_loss"], history.history["kl_loss"]), rtol=1e-4
    )


def test_trained_vae_generalises_and_generates(trained_vae, mnist):
    vae, _ = trained_vae
    _, (x_test, _) = mnist
    untrained = negative_elbo(build_vae_encoder(), build_vae_decoder(), x_test)
    assert negative_elbo(vae.encoder, vae.decoder, x_test) < 0.5 * untrained
    assert vae(x_test[:4]).shape == (4, 28, 28, 1)
    samples = sample_images(vae.decoder, 64, latent_dim=2, seed=0)
    assert samples.shape == (64, 28, 28, 1)
    assert samples.std(axis=0).mean() > 0.02, "samples from the prior should differ"
    assert latent_grid(vae.decoder, n=5).shape == (5, 5, 28, 28, 1)
