# %% [markdown]
# # Week 4: from deterministic to variational autoencoders
#
# An autoencoder maps each image to one point of a code space. A **variational** autoencoder (VAE)
# maps it to a *probability distribution* over a latent space, samples from it, and decodes the sample.
# Because the latent space is trained to look like a standard normal prior, we can afterwards draw
# brand new codes from that prior and decode them into new digits: the VAE is a **generative model**.
#
# You will build, in order: the sampling layer (the reparametrization trick), the encoder, the
# decoder, the loss (reconstruction + KL divergence), the `VAE` model with its own `train_step`,
# and a generator of new digits. Each exercise has visible tests below it; hidden tests run when
# your work is graded.
#
# **Conventions the grader holds you to** (read them once now; each docstring repeats its own):
# - Images `x` and reconstructions `x_recon` are float tensors of shape `(batch, 28, 28, 1)` in [0, 1].
# - `z_mean` and `z_log_var` have shape `(batch, latent_dim)`; `z_log_var` is the log of the variance.
# - `kl_divergence` and `reconstruction_loss` return **one value per example**: shape `(batch,)`.
# - `vae_loss` returns the **batch mean** of reconstruction + beta * KL: a scalar.
# - Training is `vae.fit(x, epochs=..., batch_size=...)` with images only, no targets. `fit` reports
#   the metrics `loss`, `reconstruction_loss` and `kl_loss` (the KL before the beta weight).
# - The training cell of section 6 is read-only: the grader evaluates the encoder and decoder it trains.
# - Use `keras.ops` (or `tf.*`) inside layers and losses, never numpy: gradients must flow.
#
# Points: Sampling 4, encoder 4, decoder 3, KL 5, reconstruction 3, loss 4, VAE model 4,
# training 3, generation 1 (total 31).

# %% setup
import os

# TensorFlow prints start-up notices on stderr unless both are set before it is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers, ops

from autograder.student import load_mnist, plot_images

keras.utils.set_random_seed(0)
(x_train, y_train), (x_test, y_test) = load_mnist()
print("train", x_train.shape, "test", x_test.shape)

# %% [markdown]
# ## 1. The latent distribution and the reparametrization trick
#
# The encoder outputs, for each image, the mean `z_mean` and the log-variance `z_log_var` of a
# diagonal Gaussian q(z|x). To train through the sampling step we write the sample as a
# deterministic function of the parameters plus independent noise:
#
# z = z_mean + exp(0.5 * z_log_var) * eps,   eps ~ N(0, I)
#
# Gradients then reach `z_mean` and `z_log_var`; only `eps` is random.
#
# **Exercise.** Write the Keras layer `Sampling`. Draw fresh noise on *every* call (in training and
# in inference), with the batch size read at run time (`ops.shape(z_mean)`), e.g. with
# `keras.random.normal` and a `keras.random.SeedGenerator`.

# %% solution sampling
class Sampling(layers.Layer):
    """Reparametrization trick: [z_mean, z_log_var] (batch, d) each -> z (batch, d).

    z = z_mean + exp(0.5 * z_log_var) * eps with eps ~ N(0, I), fresh noise on every call.
    """

    ### BEGIN SOLUTION
    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon
    ### END SOLUTION

# %% tests test_sampling
_mean, _log_var = np.zeros((1000, 2), "float32"), np.zeros((1000, 2), "float32")
_z = ops.convert_to_numpy(Sampling()([_mean, _log_var]))
assert _z.shape == (1000, 2), f"Sampling returned shape {_z.shape}, expected (1000, 2)"
assert _z.std() > 0.5, "Sampling returned z_mean: add exp(0.5 * z_log_var) * eps"
assert abs(_z.std() - 1) < 0.1, f"with z_log_var = 0 the std of z should be 1, got {_z.std():.2f}"
print("Sampling: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "sampling", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The encoder: from an image to a distribution over codes
#
# **Exercise.** Build a Keras model that maps images `(batch, 28, 28, 1)` to the list
# `[z_mean, z_log_var, z]`, each `(batch, latent_dim)`, where `z` is drawn with your `Sampling`
# layer from this encoder's own `z_mean` and `z_log_var`. A `Flatten`, one `Dense(256, "relu")`
# hidden layer and two linear `Dense(latent_dim)` heads are enough; that width and activation are an
# example (others that train as well are fine) and convolutions are welcome.

# %% solution encoder
def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2):
    """A keras.Model: images (batch, *input_shape) -> [z_mean, z_log_var, z], each (batch, latent_dim).

    Graded at latent_dim 2 and another size, with the default input_shape (28, 28, 1) only.
    """
    ### BEGIN SOLUTION
    inputs = keras.Input(shape=input_shape)
    h = layers.Flatten()(inputs)
    h = layers.Dense(256, activation="relu")(h)
    z_mean = layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
    z = Sampling()([z_mean, z_log_var])
    return keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")
    ### END SOLUTION

# %% tests test_encoder
_outputs = build_vae_encoder(latent_dim=3)(x_train[:4])
assert isinstance(_outputs, (list, tuple)) and len(_outputs) == 3, "return [z_mean, z_log_var, z]"
for _name, _value in zip(("z_mean", "z_log_var", "z"), _outputs):
    assert tuple(_value.shape) == (4, 3), f"{_name} has shape {tuple(_value.shape)}, expected (4, 3)"
print("encoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "encoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The decoder: from a code to pixel probabilities
#
# Each pixel is modelled as a Bernoulli variable: the decoder outputs its probability of being on.
#
# **Exercise.** Build a Keras model mapping codes `(batch, latent_dim)` to probabilities strictly
# inside (0, 1) of shape `(batch, 28, 28, 1)`: end with a `sigmoid`. One `Dense(256, "relu")` hidden
# layer before it is enough (an example: another width or activation that trains as well is fine).

# %% solution decoder
def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1)):
    """A keras.Model: codes (batch, latent_dim) -> probabilities in (0, 1), (batch, *output_shape).

    Graded at latent_dim 2 and another size, with the default output_shape (28, 28, 1) only.
    """
    ### BEGIN SOLUTION
    inputs = keras.Input(shape=(latent_dim,))
    h = layers.Dense(256, activation="relu")(inputs)
    h = layers.Dense(int(np.prod(output_shape)), activation="sigmoid")(h)
    return keras.Model(inputs, layers.Reshape(output_shape)(h), name="decoder")
    ### END SOLUTION

# %% tests test_decoder
_out = ops.convert_to_numpy(build_vae_decoder(latent_dim=2)(np.random.randn(5, 2).astype("float32")))
assert _out.shape == (5, 28, 28, 1), f"the decoder returned shape {_out.shape}, expected (5, 28, 28, 1)"
assert _out.min() > 0 and _out.max() < 1, "the decoder's outputs must lie in (0, 1): add a sigmoid"
print("decoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "decoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Variational inference: the ELBO
#
# The hidden random variable model says each image x comes from a latent z ~ p(z) = N(0, I) through
# the decoder p(x|z). Its likelihood p(x) = ∫ p(x|z) p(z) dz is intractable, so we maximise a lower
# bound instead, the ELBO:
#
# log p(x) >= E_q(z|x)[log p(x|z)] - KL(q(z|x) || p(z))
#
# We minimise its negative: a **reconstruction** term (binary cross-entropy of the pixels) plus a
# **KL** term that keeps q(z|x) close to the prior. For a diagonal Gaussian q and a standard normal
# prior the KL has a closed form:
#
# KL = -0.5 * sum_j (1 + log_var_j - mean_j^2 - exp(log_var_j))
#
# **Exercise.** Write `kl_divergence`: one value per example, summed over the latent dimensions.

# %% solution kl_divergence
def kl_divergence(z_mean, z_log_var):
    """KL(N(z_mean, exp(z_log_var)) || N(0, I)) per example: (batch, latent_dim) each -> (batch,)."""
    ### BEGIN SOLUTION
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)
    ### END SOLUTION

# %% tests test_kl_divergence
_kl = ops.convert_to_numpy(kl_divergence(np.zeros((3, 2), "float32"), np.zeros((3, 2), "float32")))
assert _kl.shape == (3,), f"kl_divergence returned shape {_kl.shape}, expected (3,): one value per example"
assert np.allclose(_kl, 0.0, atol=1e-6), "the KL between the prior and itself must be 0"
print("kl_divergence: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "kl_divergence", globals())
### END HIDDEN TESTS

# %% [markdown]
# **Exercise.** Write `reconstruction_loss`: the binary cross-entropy between `x` and `x_recon`,
# **summed** over the 784 pixels of each image (the negative log-likelihood of the Bernoulli
# decoder). Clip `x_recon` with a small epsilon (e.g. 1e-7) before taking logs.

# %% solution reconstruction_loss
def reconstruction_loss(x, x_recon):
    """Binary cross-entropy summed over pixels: (batch, 28, 28, 1) each -> (batch,)."""
    ### BEGIN SOLUTION
    x_recon = ops.clip(x_recon, 1e-7, 1.0 - 1e-7)
    bce = -(x * ops.log(x_recon) + (1.0 - x) * ops.log(1.0 - x_recon))
    return ops.sum(bce, axis=(1, 2, 3))
    ### END SOLUTION

# %% tests test_reconstruction_loss
_x = np.random.default_rng(0).random((2, 28, 28, 1)).astype("float32")
_loss = ops.convert_to_numpy(reconstruction_loss(_x, np.full_like(_x, 0.5)))
assert _loss.shape == (2,), f"reconstruction_loss returned shape {_loss.shape}, expected (2,)"
assert np.allclose(_loss, 784 * np.log(2), rtol=1e-3), (
    f"with x_recon = 0.5 everywhere each example's loss is 784 * log(2) = 543.4, got {_loss}"
)
print("reconstruction_loss: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "reconstruction_loss", globals())
### END HIDDEN TESTS

# %% [markdown]
# **Exercise.** Write `vae_loss`: the batch mean of `reconstruction_loss + beta * kl_divergence`.
# With beta = 1 this is the negative ELBO; beta > 1 (a beta-VAE) trades reconstruction for a
# smoother latent space.

# %% solution vae_loss
def vae_loss(x, x_recon, z_mean, z_log_var, beta=1.0):
    """Batch mean of reconstruction + beta * KL: a scalar."""
    ### BEGIN SOLUTION
    return ops.mean(reconstruction_loss(x, x_recon) + beta * kl_divergence(z_mean, z_log_var))
    ### END SOLUTION

# %% tests test_vae_loss
_x = np.random.default_rng(1).random((4, 28, 28, 1)).astype("float32")
_zeros = np.zeros((4, 2), "float32")
_value = ops.convert_to_numpy(vae_loss(_x, np.full_like(_x, 0.5), _zeros, _zeros, beta=2.0))
assert np.shape(_value) == (), f"vae_loss returned shape {np.shape(_value)}, expected a scalar"
assert np.isclose(_value, 784 * np.log(2), rtol=1e-3), f"expected 543.4 (KL is 0 here), got {_value}"
print("vae_loss: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "vae_loss", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The VAE model
#
# **Exercise.** Complete `VAE`, a `keras.Model` holding the encoder and the decoder:
# - `call(x)` returns a reconstruction `(batch, 28, 28, 1)`;
# - `train_step(data)` computes `vae_loss` (with `self.beta`) under a `tf.GradientTape`, applies
#   its gradients with `self.optimizer`, and updates three `keras.metrics.Mean` trackers named
#   `loss`, `reconstruction_loss` and `kl_loss` (batch means; `kl_loss` before the beta weight);
# - the `metrics` property lists the three trackers, so Keras resets them every epoch.
#
# Training is `vae.fit(x_train, epochs=..., batch_size=...)`: images only, no targets.

# %% solution vae_model
class VAE(keras.Model):
    """Encoder + decoder trained by fit(x) on the beta-weighted negative ELBO."""

    ### BEGIN SOLUTION
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
        return self.decoder(self.encoder(x)[2])

    def train_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        with tf.GradientTape() as tape:
            z_mean, z_log_var, z = self.encoder(x)
            x_recon = self.decoder(z)
            loss = vae_loss(x, x_recon, z_mean, z_log_var, beta=self.beta)
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(loss)
        self.reconstruction_loss_tracker.update_state(ops.mean(reconstruction_loss(x, x_recon)))
        self.kl_loss_tracker.update_state(ops.mean(kl_divergence(z_mean, z_log_var)))
        return {m.name: m.result() for m in self.metrics}
    ### END SOLUTION

# %% tests test_vae_model
_vae = VAE(build_vae_encoder(), build_vae_decoder())
_vae.compile(optimizer=keras.optimizers.Adam(1e-3))
_vae.run_eagerly = True  # two quick steps: no graph to build
_history = _vae.fit(x_train[:256], epochs=1, batch_size=128, verbose=0).history
for _key in ("loss", "reconstruction_loss", "kl_loss"):
    assert _key in _history, f"fit() must report '{_key}'; it reported {sorted(_history)}"
assert tuple(_vae(x_train[:2]).shape) == (2, 28, 28, 1), "VAE(x) must return a reconstruction"
print("VAE model: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "vae_model", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Training
#
# Train a VAE with a 2-D latent space for 3 epochs (about a minute on a laptop CPU). This cell is
# read-only: the grader measures the held-out negative ELBO of the encoder and decoder it trains (3
# epochs, batch 128, Adam 1e-3, seed 0, on the bundled 4,000-image MNIST subset), so keep it as it is
# and run it right before the test below.

# %% readonly train_vae
keras.utils.set_random_seed(0)
encoder, decoder = build_vae_encoder(latent_dim=2), build_vae_decoder(latent_dim=2)
vae = VAE(encoder, decoder, beta=1.0)
vae.compile(optimizer=keras.optimizers.Adam(1e-3))
history = vae.fit(x_train, epochs=3, batch_size=128, verbose=2)

fig, ax = plt.subplots(figsize=(5, 3))
for key in ("loss", "reconstruction_loss", "kl_loss"):
    ax.plot(history.history[key], label=key)
ax.set(title="VAE training", xlabel="epoch", ylabel="nats per image")
ax.legend()
plt.show()

# %% tests test_training
assert history.history["loss"][-1] < history.history["loss"][0], "the training loss should fall"
print("training: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "training", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Generating new digits
#
# **Exercise.** Write `generate_digits`: draw `n` codes from the prior N(0, I) (seeded by `seed`)
# and decode them. Return the images as an array `(n, 28, 28, 1)` (numpy, or a tensor). The same seed
# must give the same images, another seed other ones.

# %% solution generation
def generate_digits(decoder, n, latent_dim=2, seed=0):
    """n new images (n, 28, 28, 1) decoded from codes z ~ N(0, I) of size latent_dim, drawn with seed."""
    ### BEGIN SOLUTION
    z = np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")
    return ops.convert_to_numpy(decoder(z))
    ### END SOLUTION

# %% tests test_generation
_samples = generate_digits(decoder, 8)
assert np.shape(_samples) == (8, 28, 28, 1), f"expected (8, 28, 28, 1), got {np.shape(_samples)}"
plot_images([_samples], titles=[None], row_labels=["prior samples"])
plt.show()
print("generation: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("04_vae", "generation", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Exploring the latent space
#
# The encoder's means of the test images, coloured by digit: a VAE's latent space is continuous and
# roughly normal, so nearby codes decode to similar digits. Then the decoded grid over [-2, 2]^2.

# %% code
z_mean_test = ops.convert_to_numpy(encoder(x_test)[0])
fig, ax = plt.subplots(figsize=(5, 4))
points = ax.scatter(z_mean_test[:, 0], z_mean_test[:, 1], c=y_test, cmap="tab10", s=4)
fig.colorbar(points, ax=ax, label="digit")
ax.set(title="Test images in the latent space", xlabel="z[0]", ylabel="z[1]")
plt.show()

grid = np.linspace(-2, 2, 10, dtype="float32")
codes = np.array([[a, b] for b in grid[::-1] for a in grid], dtype="float32")
tiles = ops.convert_to_numpy(decoder(codes)).reshape(10, 10, 28, 28)
fig, ax = plt.subplots(figsize=(5, 5))
ax.imshow(tiles.transpose(0, 2, 1, 3).reshape(280, 280), cmap="gray")
ax.set(title="Decoded latent grid", xlabel="z[0] from -2 to 2", ylabel="z[1] from 2 to -2")
ax.set_xticks([])
ax.set_yticks([])
plt.show()

# %% [markdown]
# ## 9. Your turn: beta != 1
#
# Train a VAE with `beta=4` (and one with `beta=0.25`) and compare its reconstruction loss, its KL
# and its latent plot with the beta = 1 model. What does a larger beta do to the latent space, and
# what does it cost? Write two or three sentences below (not graded).

# %% code
# Your experiment here.
