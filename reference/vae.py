"""The variational autoencoder, after keras-io's `generative/vae.py`, with the course's conventions.

Conventions the grader holds students to (stated in the 04_vae notebook):
- `x`, `x_recon`: (batch, 28, 28, 1) in [0, 1]; `z_mean`, `z_log_var`: (batch, latent_dim).
- `kl_divergence` and `reconstruction_loss` return one value per example, shape (batch,).
- `vae_loss` is the batch mean of reconstruction + beta * KL, a scalar.
- `VAE.fit(x)` takes images only and reports `loss`, `reconstruction_loss`, `kl_loss`.
"""

import keras
import numpy as np
from keras import layers, ops

# Keeps log(0) out of the cross-entropy when a sigmoid saturates in float32.
EPSILON = 1e-7


class Sampling(layers.Layer):
    """Reparametrization trick: z = z_mean + exp(0.5 * z_log_var) * eps, eps ~ N(0, I), fresh each call."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2, hidden=(256,), seed=None):
    """Dense encoder x -> [z_mean, z_log_var, z], each (batch, latent_dim)."""
    inputs = keras.Input(shape=input_shape)
    h = layers.Flatten()(inputs)
    for units in hidden:
        h = layers.Dense(units, activation="relu")(h)
    z_mean = layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
    z = Sampling(seed=seed)([z_mean, z_log_var])
    return keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")


def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1), hidden=(256,)):
    """Dense decoder z (batch, latent_dim) -> Bernoulli means in (0, 1), (batch, *output_shape)."""
    inputs = keras.Input(shape=(latent_dim,))
    h = inputs
    for units in reversed(hidden):
        h = layers.Dense(units, activation="relu")(h)
    h = layers.Dense(int(np.prod(output_shape)), activation="sigmoid")(h)
    outputs = layers.Reshape(output_shape)(h)
    return keras.Model(inputs, outputs, name="decoder")


def kl_divergence(z_mean, z_log_var):
    """KL(N(z_mean, exp(z_log_var)) || N(0, I)) per example: (batch, d) -> (batch,)."""
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


def reconstruction_loss(x, x_recon):
    """Binary cross-entropy summed over pixels, per example: (batch, ...) -> (batch,)."""
    x_recon = ops.clip(x_recon, EPSILON, 1.0 - EPSILON)
    bce = -(x * ops.log(x_recon) + (1.0 - x) * ops.log(1.0 - x_recon))
    return ops.sum(ops.reshape(bce, (ops.shape(bce)[0], -1)), axis=-1)


def vae_loss(x, x_recon, z_mean, z_log_var, beta=1.0):
    """Negative ELBO (beta-weighted), averaged over the batch: a scalar."""
    return ops.mean(reconstruction_loss(x, x_recon) + beta * kl_divergence(z_mean, z_log_var))


class VAE(keras.Model):
    """Encoder + decoder trained by `fit(x)` on the beta-weighted negative ELBO."""

    def __init__(self, encoder, decoder, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.beta = beta
        self.total_loss_tracker = keras.metrics.Mean(name="loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [self.total_loss_tracker, self.reconstruction_loss_tracker, self.kl_loss_tracker]

    def call(self, x):
        _, _, z = self.encoder(x)
        return self.decoder(z)

    def elbo_terms(self, x):
        """(total, reconstruction, kl) batch means for images x."""
        z_mean, z_log_var, z = self.encoder(x)
        x_recon = self.decoder(z)
        reconstruction = ops.mean(reconstruction_loss(x, x_recon))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        return reconstruction + self.beta * kl, reconstruction, kl

    def _update_metrics(self, total, reconstruction, kl):
        self.total_loss_tracker.update_state(total)
        self.reconstruction_loss_tracker.update_state(reconstruction)
        self.kl_loss_tracker.update_state(kl)
        return {m.name: m.result() for m in self.metrics}

    def train_step(self, data):
        import tensorflow as tf  # train_step's gradient tape is backend-specific

        x = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            total, reconstruction, kl = self.elbo_terms(x)
        grads = tape.gradient(total, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return self._update_metrics(total, reconstruction, kl)

    def test_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        return self._update_metrics(*self.elbo_terms(x))


def negative_elbo(encoder, decoder, x, batch_size=500):
    """Held-out negative ELBO (beta = 1), averaged over the examples of `x`: a float."""
    total = 0.0
    for start in range(0, len(x), batch_size):
        batch = x[start : start + batch_size]
        z_mean, z_log_var, z = encoder(batch, training=False)
        per_example = reconstruction_loss(batch, decoder(z, training=False)) + kl_divergence(
            z_mean, z_log_var
        )
        total += float(ops.sum(per_example))
    return total / len(x)


def sample_images(decoder, n, latent_dim, seed=0):
    """Decode `n` draws from the prior N(0, I): images (n, *output_shape)."""
    z = np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")
    return keras.ops.convert_to_numpy(decoder(z, training=False))


def latent_grid(decoder, n=15, span=2.0):
    """Decode an n x n grid over [-span, span]^2 of a 2-D latent space: (n, n, *output_shape)."""
    axis = np.linspace(-span, span, n, dtype="float32")
    # Row 0 at the top shows the largest z2, as on a plot's y axis.
    z = np.array([[z1, z2] for z2 in axis[::-1] for z1 in axis], dtype="float32")
    images = keras.ops.convert_to_numpy(decoder(z, training=False))
    return images.reshape((n, n, *images.shape[1:]))
