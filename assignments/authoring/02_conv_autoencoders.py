# %% [markdown]
# # Week 2: deep and convolutional autoencoders
#
# A dense autoencoder flattens the image first, so it has to learn separately that a stroke here and
# the same stroke one pixel to the right look alike. A **convolutional** autoencoder slides small
# filters over the image instead: the same few weights are used at every position.
#
# - The **encoder** stacks `Conv2D` layers with `strides=2`: each one halves the height and width of
#   its feature maps (28 -> 14 -> 7), then a `Dense` layer turns the last maps into the code.
# - The **decoder** mirrors it: a `Dense` layer and a `Reshape` make a small grid of feature maps,
#   and `Conv2DTranspose` layers with `strides=2` double it back (7 -> 14 -> 28).
#
# This week you build both, count their parameters against a dense autoencoder with the same code
# size, compute how much the code compresses an image, and look at what the first filters learn.
#
# **Conventions the grader holds you to** (each docstring repeats its own):
# - Images are float32 arrays of shape `(n, 28, 28, 1)` with values in [0, 1]; codes have shape
#   `(n, latent_dim)`.
# - Every builder returns Keras models built on `keras.Input` (Sequential or functional API), so the
#   grader can call them on a batch and read the shapes of their feature maps.
# - Your conv autoencoder is trained with `autoencoder.compile(Adam(5e-3), loss="mse")` then
#   `autoencoder.fit(x, x, epochs=2, batch_size=8)` on the first 1,000 bundled MNIST training images,
#   with a fixed seed, by the read-only cell of section 6: the grader evaluates the model it trains
#   (and trains it the same way itself where that cell did not run).
#
# Points: compression_ratio 2, conv encoder 4, conv decoder 4, conv autoencoder 3,
# count_parameters 2, training the conv autoencoder 3 (total 18).

# %% setup
import os

# TensorFlow prints start-up notices on stderr unless both are set before it is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from autograder.student import load_mnist, plot_images

keras.utils.set_random_seed(0)
# The 4,000 / 1,000 MNIST images the grader uses: every cell below runs in seconds.
(x_train, y_train), (x_test, y_test) = load_mnist(source="bundled")
print("train", x_train.shape, "test", x_test.shape)

# %% [markdown]
# ## 1. How much does the code compress an image?
#
# An image of shape (28, 28, 1) holds 784 numbers; a code of size 16 holds 16. The **compression
# ratio** is the number of values in the input divided by the number of values in the code: here
# 784 / 16 = 49. The larger it is, the more the autoencoder has to throw away.
#
# **Exercise.** Write `compression_ratio`.

# %% solution compression_ratio
def compression_ratio(input_shape, latent_dim):
    """Values per input divided by values per code, as a float: ((28, 28, 1), 16) -> 784 / 16 = 49.0.

    input_shape is the shape of one input without the batch axis, e.g. (28, 28, 1) or (32, 32, 3).
    """
    ### BEGIN SOLUTION
    return float(np.prod(input_shape)) / latent_dim
    ### END SOLUTION

# %% tests test_compression_ratio
_ratio = compression_ratio((28, 28, 1), 16)
assert np.isclose(_ratio, 49.0), f"compression_ratio((28, 28, 1), 16) returned {_ratio}, expected 49.0"
print("compression_ratio: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "compression_ratio", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. A convolutional encoder
#
# `layers.Conv2D(filters, 3, strides=2, padding="same", activation="relu")` turns maps of size
# (h, w) into `filters` maps of size (h / 2, w / 2). Two of them take a 28 x 28 image to 7 x 7.
#
# **Exercise.** Build the encoder: `Conv2D(8, 3, strides=2, ...)`, `Conv2D(16, 3, strides=2, ...)`,
# both with relu and `padding="same"`, then `Flatten` and a linear `Dense(latent_dim)` code. These
# filter counts, kernel sizes, strides and activations are an example: others, or pooling, are fine;
# the grader checks that the feature maps shrink, that the code has `latent_dim` values and that it
# is linear (it can take any real value).

# %% solution conv_encoder
def build_conv_encoder(latent_dim=16):
    """Keras model: images (n, 28, 28, 1) -> codes (n, latent_dim).

    Strided Conv2D layers (or pooling) shrink the feature maps (28 x 28 to 7 x 7 in the exercise),
    then Flatten and a Dense layer without activation give the code.
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dense(latent_dim, name="code"),
        ],
        name="conv_encoder",
    )
    ### END SOLUTION

# %% tests test_conv_encoder
_encoder = build_conv_encoder(latent_dim=5)
assert isinstance(_encoder, keras.Model), f"build_conv_encoder returned a {type(_encoder).__name__}"
_code_shape = tuple(_encoder(x_test[:2]).shape)
assert _code_shape == (2, 5), f"the code has shape {_code_shape}, expected (2, 5): Flatten, then Dense(5)"
print("conv encoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "conv_encoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. A convolutional decoder
#
# `layers.Conv2DTranspose(filters, 3, strides=2, padding="same")` does the opposite of the strided
# convolution: it doubles the height and width. A plain `Conv2D` with `strides=2` would halve them
# again.
#
# **Exercise.** Build the decoder: `Dense(7 * 7 * 16, "relu")`, `Reshape((7, 7, 16))`, then
# `Conv2DTranspose(16, 3, strides=2, ...)` and `Conv2DTranspose(8, 3, strides=2, ...)` with relu and
# `padding="same"` (7 -> 14 -> 28), and a last `Conv2D(1, 3, padding="same", activation="sigmoid")`
# so every pixel lies in [0, 1]. These filter counts, kernel sizes and hidden activations are an
# example: others are fine; the grader checks the output's shape and range, and that the feature
# maps grow from a small grid to 28 x 28.

# %% solution conv_decoder
def build_conv_decoder(latent_dim=16):
    """Keras model: codes (n, latent_dim) -> images (n, 28, 28, 1) with values in [0, 1].

    A Dense layer and a Reshape make a small grid of feature maps (7 x 7 in the exercise); strided
    Conv2DTranspose layers (or UpSampling2D) grow it to 28 x 28; a sigmoid keeps every pixel in [0, 1].
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(7 * 7 * 16, activation="relu"),
            layers.Reshape((7, 7, 16)),
            layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
        ],
        name="conv_decoder",
    )
    ### END SOLUTION

# %% tests test_conv_decoder
_decoder = build_conv_decoder(latent_dim=5)
_out = keras.ops.convert_to_numpy(_decoder(np.random.default_rng(0).normal(0, 10, (8, 5)).astype("float32")))
assert _out.shape == (8, 28, 28, 1), f"the decoder returned shape {_out.shape}, expected (8, 28, 28, 1)"
assert _out.min() >= 0 and _out.max() <= 1, "your decoder outputs values outside [0, 1]: end with a sigmoid"
print("conv decoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "conv_decoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. The convolutional autoencoder
#
# **Exercise.** Compose the two: `autoencoder(x) = decoder(encoder(x))`, built by calling your
# encoder and decoder models so that the three share their weights.

# %% solution conv_autoencoder
def build_conv_autoencoder(latent_dim=16):
    """(encoder, decoder, autoencoder) Keras models from build_conv_encoder and build_conv_decoder.

    encoder: (n, 28, 28, 1) -> (n, latent_dim); decoder: (n, latent_dim) -> (n, 28, 28, 1);
    autoencoder: (n, 28, 28, 1) -> (n, 28, 28, 1), equal to decoder(encoder(x)), sharing their weights.
    """
    ### BEGIN SOLUTION
    encoder = build_conv_encoder(latent_dim)
    decoder = build_conv_decoder(latent_dim)
    inputs = keras.Input(shape=(28, 28, 1))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="conv_autoencoder")
    return encoder, decoder, autoencoder
    ### END SOLUTION

# %% tests test_conv_autoencoder
_encoder, _decoder, _autoencoder = build_conv_autoencoder(latent_dim=3)
assert tuple(_encoder(x_test[:2]).shape) == (2, 3), "the encoder's code must have latent_dim = 3 values"
assert tuple(_autoencoder(x_test[:2]).shape) == (2, 28, 28, 1), "the autoencoder must return (n, 28, 28, 1)"
print("conv autoencoder: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "conv_autoencoder", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Counting parameters
#
# Each `Dense(units)` layer on `d` inputs has `d * units` weights and `units` biases; a `Conv2D` with
# `f` filters of size 3 x 3 on `c` input channels has `3 * 3 * c * f` weights and `f` biases, however
# large the image. Every array in `model.weights` counts, trainable or not.
#
# **Exercise.** Write `count_parameters` from `model.weights`. Calling `model.count_params()` would
# give the same number, which is all the grader checks, but the point is to see where it comes from.

# %% solution count_parameters
def count_parameters(model):
    """Total number of values in all of model.weights (trainable or not), as an int."""
    ### BEGIN SOLUTION
    return int(sum(np.prod(weight.shape) for weight in model.weights))
    ### END SOLUTION

# %% tests test_count_parameters
_model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
_count = count_parameters(_model)
assert _count == 8, f"Dense(2) on 3 inputs has 3 * 2 + 2 = 8 parameters, not {_count}"
print("count_parameters: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "count_parameters", globals())
### END HIDDEN TESTS

# %% [markdown]
# A dense autoencoder with the same code size (16) and one hidden layer of 128 units on each side,
# against your convolutional one: where do the parameters go?

# %% code
LATENT = 16
dense_encoder = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(LATENT),
    ]
)
dense_decoder = keras.Sequential(
    [
        keras.Input(shape=(LATENT,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
        layers.Reshape((28, 28, 1)),
    ]
)
dense_ae = keras.Sequential([dense_encoder, dense_decoder])
conv_encoder, conv_decoder, conv_ae = build_conv_autoencoder(latent_dim=LATENT)

print(f"compression ratio {compression_ratio((28, 28, 1), LATENT):.0f} for both")
for name, model in [("dense", dense_ae), ("convolutional", conv_ae)]:
    print(f"{name:>13} autoencoder: {count_parameters(model):7d} parameters")
for layer in conv_encoder.layers + conv_decoder.layers:
    print(f"  {layer.name:>24} {str(layer.output.shape):>20} {count_parameters(layer):6d} parameters")

# %% [markdown]
# ## 6. Training both
#
# Train both with the grader's budget: the first 1,000 training images, 2 epochs, batch 8, Adam 5e-3
# (a few seconds each). Then compare their held-out errors with PCA's using 16 components, the best
# a linear code of that size can do, and with drawing the mean digit whatever the input.

# %% readonly train_autoencoders
def train(model, n_images=1000, epochs=2):
    """Fit model on the first n_images training images with MSE, batch 8, Adam 5e-3; returns its History."""
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="mse")
    x = x_train[:n_images]
    return model.fit(x, x, epochs=epochs, batch_size=8, verbose=0)


# Seeded right before the model is built, as the grader does: it evaluates the conv one trained here.
keras.utils.set_random_seed(0)
conv_encoder, conv_decoder, conv_ae = build_conv_autoencoder(latent_dim=LATENT)
conv_history = train(conv_ae)
dense_history = train(dense_ae)
conv_losses, dense_losses = conv_history.history["loss"], dense_history.history["loss"]
conv_recon = keras.ops.convert_to_numpy(conv_ae.predict(x_test, verbose=0))
dense_recon = keras.ops.convert_to_numpy(dense_ae.predict(x_test, verbose=0))

# PCA with 16 components from the eigenvectors of the pixel covariance.
flat_train = x_train.reshape(len(x_train), -1)
pixel_mean = flat_train.mean(axis=0)
eigenvalues, eigenvectors = np.linalg.eigh(np.cov(flat_train - pixel_mean, rowvar=False))
top = eigenvectors[:, np.argsort(eigenvalues)[::-1][:LATENT]]
flat_test = x_test.reshape(len(x_test), -1) - pixel_mean
pca_recon = (flat_test @ top @ top.T + pixel_mean).reshape(x_test.shape)

mean_recon = np.broadcast_to(x_train.mean(axis=0), x_test.shape)
for name, recon in [("convolutional AE", conv_recon), ("dense AE", dense_recon), ("PCA", pca_recon),
                    ("mean digit", mean_recon)]:
    print(f"{name:>16}: held-out MSE {np.mean((recon - x_test) ** 2):.4f}")

# %% tests test_conv_training
assert conv_losses[-1] < conv_losses[0], f"the training loss should fall, got {conv_losses}"
print("conv autoencoder training: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("02_conv_autoencoders", "conv_training", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Reconstructions
#
# Test digits, then the three reconstructions with 16 numbers per image. After 250 small steps the
# networks are still blurry, and the dense one may be ahead: it has about 7 times more parameters
# to adjust at each step. Section 9 asks what longer training changes.

# %% code
plot_images(
    [x_test[:10], conv_recon[:10], dense_recon[:10], pca_recon[:10]],
    row_labels=["input", "conv AE", "dense AE", "PCA k=16"],
)
plt.suptitle("Held-out digits and their reconstructions (16 code values)")
plt.show()

# %% [markdown]
# ## 8. What the first layer learned
#
# The first `Conv2D` has 8 filters of 3 x 3 weights in the exercise. Each slides over the image and
# lights up where the image looks like it: an edge of a given direction, a blob. Below, the filters
# (the first 8 if you used more), then the maps they produce for one test digit (14 x 14 with a
# stride of 2: the stride halved them).

# %% code
def first_conv_layer(model):
    """The first layer with a 4-D kernel (a Conv2D) in model, looking inside nested models.

    Not model.layers[0]: that is the Input layer of a functional model.
    """
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            layer = first_conv_layer(layer)
        if layer is not None and len(getattr(layer, "kernel", np.zeros(0)).shape) == 4:
            return layer
    return None


first_conv = first_conv_layer(conv_encoder)
kernels = keras.ops.convert_to_numpy(first_conv.kernel)[:, :, 0, :]  # (3, 3, filters)
maps = keras.ops.convert_to_numpy(first_conv(x_test[:1]))[0]  # (14, 14, filters)
n_shown = min(8, kernels.shape[-1])

fig, axes = plt.subplots(2, n_shown, figsize=(10, 3), squeeze=False)
for i in range(n_shown):
    axes[0, i].imshow(kernels[:, :, i], cmap="RdBu_r")
    axes[0, i].set(title=f"filter {i}", xticks=[], yticks=[])
    axes[1, i].imshow(maps[:, :, i], cmap="gray")
    axes[1, i].set(xticks=[], yticks=[])
axes[0, 0].set_ylabel("weights")
axes[1, 0].set_ylabel("feature map")
fig.suptitle("First-layer filters of the convolutional encoder and their maps for one digit")
plt.show()

# %% [markdown]
# ## 9. Your turn
#
# Train both autoencoders for 10 epochs: which wins now, and by how much? Try `latent_dim` 4 and 32
# and plot held-out error against compression ratio for both. The convolutional one has fewer
# parameters: where are most of the dense one's, and where are most of yours? Write two or three
# sentences below (not graded).

# %% code
# Your experiment here.
