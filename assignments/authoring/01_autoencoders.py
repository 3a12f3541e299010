# %% [markdown]
# # Week 1: autoencoders, linear and non-linear
#
# An **autoencoder** has three parts: an **encoder** that compresses an image into a short vector, the
# **code** (or bottleneck), and a **decoder** that rebuilds the image from the code. It is trained to
# output its own input, so the code must keep what matters about the image.
#
# Principal component analysis (PCA) is the classic linear way to do the same: project the centred
# images on the k directions of largest variance, and rebuild them from those k numbers. This week you
# implement PCA with numpy, then a linear autoencoder and a deep dense one in Keras, and check two facts:
# a **linear** autoencoder trained with the mean squared error finds the same subspace as PCA, and a
# **non-linear** one does better than PCA with the same code size.
#
# **Conventions the grader holds you to** (each docstring repeats its own):
# - Images `x` are float32 arrays of shape `(n, 28, 28, 1)` with values in [0, 1]; flattened they
#   have 784 values, in the order `x.reshape(n, 784)` gives.
# - PCA: `mean` has shape `(784,)`; `components` has shape `(k, 784)`, one orthonormal direction per
#   row, sorted by decreasing variance. Codes have shape `(n, k)`.
# - Each autoencoder builder returns three Keras models `(encoder, decoder, autoencoder)`: the encoder
#   maps `(n, 28, 28, 1)` to codes `(n, latent_dim)`, the decoder maps codes back to `(n, 28, 28, 1)`,
#   and `autoencoder(x)` is `decoder(encoder(x))`, built from those two models.
# - Your autoencoders are trained with `autoencoder.compile(Adam, loss="mse")` then
#   `autoencoder.fit(x, x, ...)`, with a fixed seed and budget on the bundled 4,000 MNIST images, by the
#   read-only cells of sections 4 and 6: the grader evaluates the models they train (and trains them the
#   same way itself where those cells did not run).
#
# Points: pca_fit 7, pca_encode 3, pca_decode 3, reconstruction_mse 3, linear autoencoder 6,
# dense autoencoder 6, linear AE vs PCA 3, dense AE vs PCA 3 (total 34).

# %% setup
import os

# TensorFlow prints start-up notices on stderr unless both are set before it is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from scipy.linalg import subspace_angles

from autograder.student import load_mnist, plot_images

keras.utils.set_random_seed(0)
# The 4,000 / 1,000 MNIST images the grader uses: every cell below runs in seconds.
(x_train, y_train), (x_test, y_test) = load_mnist(source="bundled")
print("train", x_train.shape, "test", x_test.shape)

# %% [markdown]
# ## 1. PCA with numpy
#
# Flatten the images to a matrix X of shape (n, 784) and subtract the mean image. The singular value
# decomposition X - mean = U S V^T gives the principal directions as the rows of V^T, sorted by
# decreasing singular value (decreasing variance). The first k rows span the k-dimensional subspace
# closest to the data in squared error.
#
# **Exercise.** Write `pca_fit`, for example with `np.linalg.svd(..., full_matrices=False)` (the
# eigenvectors of the covariance, sorted by decreasing eigenvalue, give the same directions).

# %% solution pca_fit
def pca_fit(x, n_components):
    """Fit PCA on images x (n, 28, 28, 1) -> (mean (784,), components (n_components, 784)).

    mean is the average image, flattened. components holds one unit-length principal direction per
    row, orthogonal to each other, sorted by decreasing variance (the first explains the most).
    """
    ### BEGIN SOLUTION
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    mean = flat.mean(axis=0)
    _, _, vt = np.linalg.svd(flat - mean, full_matrices=False)
    return mean, vt[:n_components]
    ### END SOLUTION

# %% tests test_pca_fit
_mean, _components = pca_fit(x_train[:500], 3)
assert np.shape(_mean) == (784,), f"the mean has shape {np.shape(_mean)}, expected (784,): average the images"
assert np.shape(_components) == (3, 784), f"components has shape {np.shape(_components)}, expected (3, 784)"
assert np.allclose(_components @ _components.T, np.eye(3), atol=1e-4), "components must be orthonormal rows"
print("pca_fit: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "pca_fit", globals())
### END HIDDEN TESTS

# %% [markdown]
# **Exercise.** Write `pca_encode`: the code of an image is the projection of the centred, flattened
# image on each component. Then `pca_decode`: the mean plus the code-weighted sum of the components,
# reshaped to images.

# %% solution pca_encode
def pca_encode(x, mean, components):
    """Codes (n, k) of images x (n, 28, 28, 1): (flattened x - mean) projected on each component."""
    ### BEGIN SOLUTION
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    return (flat - mean) @ components.T
    ### END SOLUTION

# %% tests test_pca_encode
_codes = pca_encode(x_train[:10], _mean, _components)
assert np.shape(_codes) == (10, 3), f"pca_encode returned shape {np.shape(_codes)}, expected (10, 3)"
print("pca_encode: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "pca_encode", globals())
### END HIDDEN TESTS

# %% solution pca_decode
def pca_decode(codes, mean, components):
    """Images (n, 28, 28, 1) from codes (n, k): mean + codes @ components, reshaped."""
    ### BEGIN SOLUTION
    flat = np.asarray(codes, dtype=np.float64) @ components + mean
    return flat.reshape(len(flat), 28, 28, 1)
    ### END SOLUTION

# %% tests test_pca_decode
_recon = pca_decode(_codes, _mean, _components)
assert np.shape(_recon) == (10, 28, 28, 1), f"pca_decode gave {np.shape(_recon)}, expected (10, 28, 28, 1)"
assert np.allclose(np.ravel(pca_decode(np.zeros((1, 3)), _mean, _components)), _mean), (
    "the code 0 must decode to the mean image: add the mean back"
)
print("pca_decode: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "pca_decode", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Measuring reconstructions
#
# **Exercise.** Write `reconstruction_mse`: the mean squared error of each example, averaged over all
# its values (the 784 pixels of an image). It must work for any shape `(n, ...)`.

# %% solution reconstruction_mse
def reconstruction_mse(x, x_recon):
    """Mean squared error per example: x, x_recon (n, ...) -> (n,), averaged over all other axes."""
    ### BEGIN SOLUTION
    diff = np.asarray(x, dtype=np.float64) - np.asarray(x_recon, dtype=np.float64)
    return np.mean(diff.reshape(len(diff), -1) ** 2, axis=1)
    ### END SOLUTION

# %% tests test_reconstruction_mse
_errors = reconstruction_mse(x_test[:4], np.zeros_like(x_test[:4]))
assert np.shape(_errors) == (4,), f"reconstruction_mse returned shape {np.shape(_errors)}, expected (4,)"
assert np.allclose(_errors, np.mean(x_test[:4] ** 2, axis=(1, 2, 3))), "average the squared errors per image"
print("reconstruction_mse: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "reconstruction_mse", globals())
### END HIDDEN TESTS

# %% [markdown]
# How well do two principal components rebuild the test digits?

# %% code
# One SVD gives every code size: the first k components are the k-component PCA.
mean, components_all = pca_fit(x_train, 32)
components = components_all[:2]
pca_recon = pca_decode(pca_encode(x_test, mean, components), mean, components)
print(f"PCA, 2 components: held-out MSE {np.mean(reconstruction_mse(x_test, pca_recon)):.4f}")

# %% [markdown]
# ## 3. A linear autoencoder
#
# **Exercise.** Build the encoder (`Flatten`, then `Dense(latent_dim)` with **no activation**) and the
# decoder (`Dense(784)` with no activation, then `Reshape((28, 28, 1))`) as two Keras models, and
# compose them into the autoencoder: `autoencoder(x) = decoder(encoder(x))`. Either API works:
# `keras.Sequential([...])`, or `keras.Input` and `keras.Model(inputs, outputs)`.

# %% solution linear_autoencoder
def build_linear_autoencoder(latent_dim=2):
    """(encoder, decoder, autoencoder) Keras models, every layer linear.

    encoder: images (n, 28, 28, 1) -> codes (n, latent_dim); decoder: codes -> images (n, 28, 28, 1);
    autoencoder: images -> images, equal to decoder(encoder(x)) and sharing their weights.
    """
    ### BEGIN SOLUTION
    encoder = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(latent_dim)], name="encoder"
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(784), layers.Reshape((28, 28, 1))], name="decoder"
    )
    inputs = keras.Input(shape=(28, 28, 1))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="linear_autoencoder")
    return encoder, decoder, autoencoder
    ### END SOLUTION

# %% tests test_linear_autoencoder
_encoder, _decoder, _autoencoder = build_linear_autoencoder(latent_dim=3)
_code_shape = tuple(_encoder(x_test[:2]).shape)
assert _code_shape == (2, 3), f"the code has shape {_code_shape}, expected (2, 3): give it latent_dim units"
assert tuple(_autoencoder(x_test[:2]).shape) == (2, 28, 28, 1), "the autoencoder must return (n, 28, 28, 1)"
print("linear autoencoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "linear_autoencoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. The linear autoencoder finds the PCA subspace
#
# Train it with the mean squared error; the grader does the same (latent 2, 30 epochs, batch 256,
# Adam 3e-2). A linear decoder maps the code plane onto a plane of images: the directions it adds per
# unit of each code coordinate. Their **principal angles** to the plane of the first two principal
# components measure how far apart the two subspaces are (0 degrees: the same plane). The code axes
# themselves need not be the principal components: any basis of the plane reconstructs as well.

# %% readonly train_linear_autoencoder
keras.utils.set_random_seed(0)
linear_encoder, linear_decoder, linear_ae = build_linear_autoencoder(latent_dim=2)
linear_ae.compile(optimizer=keras.optimizers.Adam(3e-2), loss="mse")
linear_history = linear_ae.fit(x_train, x_train, epochs=30, batch_size=256, verbose=0)

_codes = np.vstack([np.zeros((1, 2)), np.eye(2)]).astype("float32")
_out = keras.ops.convert_to_numpy(linear_decoder(_codes)).reshape(3, -1)
angles = np.degrees(subspace_angles((_out[1:] - _out[0]).T, components.T))
linear_recon = keras.ops.convert_to_numpy(linear_ae.predict(x_test, verbose=0))
print("principal angles to the PCA plane (degrees):", np.round(angles, 1))
print(f"held-out MSE: linear AE {np.mean(reconstruction_mse(x_test, linear_recon)):.4f}, "
      f"PCA {np.mean(reconstruction_mse(x_test, pca_recon)):.4f}")

# %% tests test_linear_vs_pca
assert linear_history.history["loss"][-1] < linear_history.history["loss"][0], "the training loss should fall"
print("linear AE vs PCA: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "linear_vs_pca", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. A deep dense autoencoder
#
# Non-linear layers let the code bend around the data instead of lying on a plane.
#
# **Exercise.** Build a deep dense autoencoder: encoder `Flatten`, `Dense(256, "relu")`,
# `Dense(128, "relu")`, then a linear `Dense(latent_dim)` code; decoder the mirror image,
# `Dense(128, "relu")`, `Dense(256, "relu")`, then `Dense(784, "sigmoid")` so every pixel lies in
# [0, 1], and `Reshape((28, 28, 1))`. These hidden sizes and activations are an example: others are
# fine if they train as well. The grader checks that the encoder and the decoder are each non-linear
# (a hidden layer with an activation such as relu), that the code is linear (it can take any real
# value) and that the outputs lie in [0, 1].

# %% solution dense_autoencoder
def build_dense_autoencoder(latent_dim=8):
    """(encoder, decoder, autoencoder) Keras models: non-linear hidden layers (relu), a linear code.

    The hidden widths and activations are yours to choose (256 and 128 relu units are an example), as
    long as the encoder and the decoder are each non-linear and the autoencoder trains as well.

    encoder: images (n, 28, 28, 1) -> codes (n, latent_dim), any real values (no activation on the
    code layer); decoder: codes -> images (n, 28, 28, 1) with values in [0, 1] (a sigmoid output);
    autoencoder: equal to decoder(encoder(x)) and sharing their weights.
    """
    ### BEGIN SOLUTION
    encoder = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(256, activation="relu"),
            layers.Dense(128, activation="relu"),
            layers.Dense(latent_dim, name="code"),
        ],
        name="encoder",
    )
    decoder = keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(256, activation="relu"),
            layers.Dense(784, activation="sigmoid"),
            layers.Reshape((28, 28, 1)),
        ],
        name="decoder",
    )
    inputs = keras.Input(shape=(28, 28, 1))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="dense_autoencoder")
    return encoder, decoder, autoencoder
    ### END SOLUTION

# %% tests test_dense_autoencoder
_encoder, _decoder, _autoencoder = build_dense_autoencoder(latent_dim=4)
assert tuple(_encoder(x_test[:2]).shape) == (2, 4), "the code must have latent_dim = 4 values per image"
_out = keras.ops.convert_to_numpy(_decoder(np.random.default_rng(0).normal(0, 10, (64, 4)).astype("float32")))
assert _out.shape == (64, 28, 28, 1), f"the decoder returned shape {_out.shape}, expected (64, 28, 28, 1)"
assert _out.min() >= 0 and _out.max() <= 1, (
    "your decoder outputs values outside [0, 1]: did you forget the sigmoid?"
)
print("dense autoencoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "dense_autoencoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. The non-linear autoencoder beats PCA
#
# Train it with 8 code values for 5 epochs (batch 128, Adam 3e-3), as the grader does, and compare its
# held-out error with PCA's using 8 components. A linear code cannot beat PCA on the training data;
# this one should beat it on held-out digits too.

# %% readonly train_dense_autoencoder
keras.utils.set_random_seed(0)
dense_encoder, dense_decoder, dense_ae = build_dense_autoencoder(latent_dim=8)
dense_ae.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
dense_history = dense_ae.fit(x_train, x_train, epochs=5, batch_size=128, verbose=0)
dense_recon = keras.ops.convert_to_numpy(dense_ae.predict(x_test, verbose=0))

pca8_recon = pca_decode(pca_encode(x_test, mean, components_all[:8]), mean, components_all[:8])
print(f"held-out MSE with 8 code values: dense AE {np.mean(reconstruction_mse(x_test, dense_recon)):.4f}, "
      f"PCA {np.mean(reconstruction_mse(x_test, pca8_recon)):.4f}")

# %% tests test_dense_vs_pca
assert dense_history.history["loss"][-1] < dense_history.history["loss"][0], "the training loss should fall"
print("dense AE vs PCA: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("01_autoencoders", "dense_vs_pca", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Reconstructions side by side
#
# Test digits, then PCA and the linear AE with 2 code values (nearly the same images: the same
# subspace), then PCA and the dense AE with 8.

# %% code
plot_images(
    [x_test[:10], pca_recon[:10], linear_recon[:10], pca8_recon[:10], dense_recon[:10]],
    row_labels=["input", "PCA k=2", "linear AE k=2", "PCA k=8", "dense AE k=8"],
)
plt.suptitle("Held-out digits and their reconstructions")
plt.show()

# %% [markdown]
# ## 8. Reconstruction error against code size
#
# PCA's error falls as components are added; the dense AE (5 epochs each) stays below it at small
# code sizes, where bending the code around the data matters most.

# %% code
sizes = [2, 4, 8, 16, 32]
pca_errors, ae_errors = [], []
for k in sizes:
    recon = pca_decode(pca_encode(x_test, mean, components_all[:k]), mean, components_all[:k])
    pca_errors.append(np.mean(reconstruction_mse(x_test, recon)))
    keras.utils.set_random_seed(0)
    _, _, model = build_dense_autoencoder(latent_dim=k)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
    model.fit(x_train, x_train, epochs=5, batch_size=128, verbose=0)
    ae_errors.append(np.mean(reconstruction_mse(x_test, model.predict(x_test, verbose=0))))

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(sizes, pca_errors, "o-", label="PCA")
ax.plot(sizes, ae_errors, "s-", label="dense AE (5 epochs)")
ax.set(title="Reconstruction error vs code size", xlabel="code size k", ylabel="held-out MSE", xscale="log")
ax.set_xticks(sizes, [str(k) for k in sizes])
ax.legend()
plt.show()

# %% [markdown]
# ## 9. Your turn
#
# Where do the two curves cross, and why does more training (try 20 epochs) move the crossing? Colour
# the 2-D codes of the test digits by their label for PCA and for a dense AE with `latent_dim=2`: which
# separates the digits better? Write two or three sentences below (not graded).

# %% code
# Your experiment here.
