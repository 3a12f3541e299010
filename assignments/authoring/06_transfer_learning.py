# %% [markdown]
# # Week 6: autoencoders as pre-trained layers
#
# Labels are expensive, images are cheap. An autoencoder needs no labels at all: to reconstruct its
# input, its encoder has to find what digits have in common. This week you **pre-train** a
# convolutional autoencoder on 4,000 unlabelled digits, then reuse its encoder as the first layers of
# a classifier trained with only **100 labelled digits**:
#
# - **frozen**: the encoder's weights stay fixed and only a small head on top of the code learns;
# - **fine-tuned**: then everything trains a little more, at a lower learning rate;
# - **from scratch**: the same classifier with a freshly initialised encoder, the baseline to beat.
#
# **Conventions the grader holds you to** (each docstring repeats its own):
# - Images are float32 arrays `(n, 28, 28, 1)` in [0, 1]; labels are integers 0-9 of shape `(n,)`.
# - `pretrain(encoder, decoder, x, epochs, batch_size, learning_rate, seed)` trains
#   `decoder(encoder(x))` to reconstruct `x` (MSE, `keras.optimizers.Adam(learning_rate)`, `fit` with
#   the `epochs` and `batch_size` given). It trains the encoder and decoder **it is given**, in place,
#   and returns what `fit` returns (a `History`). Call `keras.utils.set_random_seed(seed)` first so that
#   a run repeats (the grader seeds before every check and does not grade this).
# - `build_classifier(encoder, n_classes=10)` returns a Keras model from images to class
#   probabilities `(n, n_classes)` (softmax), built **from the encoder it is given**: call it as a layer
#   (`keras.Sequential([keras.Input((28, 28, 1)), encoder, ...])` or `encoder(inputs)`) or call its own
#   layers, so that the classifier holds the encoder's very weights. Never build, clone or copy a new
#   encoder: the grader checks that the weights are the same variables, with their pre-trained values.
#   Head: `Dense(64, relu)`, then `Dense(n_classes, softmax)` (another small head is fine).
# - `train_classifier(classifier, encoder, x, y, fine_tune, epochs, batch_size, learning_rate, seed)`
#   **freezes** the encoder when `fine_tune` is False: set `encoder.trainable = fine_tune`, **then**
#   compile (`Adam(learning_rate)`, `loss="sparse_categorical_crossentropy"`; `metrics=["accuracy"]` is
#   welcome, not graded), then `fit(x, y, epochs=epochs, batch_size=batch_size)`; compile on every call
#   (seeding with `keras.utils.set_random_seed(seed)` first is advised, not graded). Frozen means the
#   encoder's weights do not change during that fit while the head's do; with `fine_tune=True` the
#   encoder trains too, also right after a frozen round. Returns what `fit` returns.
# - `accuracy(classifier, x, y)` returns the fraction (one number in [0, 1]) of images whose most probable
#   class is their label.
# - How the grader compares: it pre-trains its own encoder once (the architecture of section 2:
#   filters 16 and 32, a code of 64; 3 epochs on the 4,000 training images, batch 32, Adam 2e-3,
#   seed 0), hands it to your `build_classifier` and trains the result with your `train_classifier` on
#   the **first 100 training images and their labels**: 6 epochs frozen at learning rate 1e-2, then 4
#   epochs fine-tuned at 1e-3, batch 20, seed 0. From scratch: your `build_classifier` on a fresh
#   encoder, the same two rounds with `fine_tune=True` in both. On the 1,000 test digits the
#   pre-trained classifier must reach an accuracy of 0.70 and beat the scratch one by 0.01.
# - The other questions are checked on a small random encoder (filters 4 and 8, a code of 8).
#
# Points: pretrain 3, build_classifier 4, train_classifier 5, accuracy 2, pre-trained vs scratch 4
# (total 18).

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
# The 4,000 / 1,000 MNIST images the grader uses. All 4,000 training images are "unlabelled" for
# pre-training; only the first 100 keep their labels for the classifiers.
(x_train, y_train), (x_test, y_test) = load_mnist(source="bundled")
x_labelled, y_labelled = x_train[:100], y_train[:100]
print("unlabelled", x_train.shape, "labelled", x_labelled.shape, "test", x_test.shape)
print("labels per class", np.bincount(y_labelled, minlength=10))

# %% [markdown]
# ## 1. Pre-training without labels
#
# An autoencoder is trained on `(x, x)`: the images are their own targets, so no label is needed.
# What we keep afterwards is the **encoder**: the layers that learned to summarise a digit in a
# short code.
#
# **Exercise.** Write `pretrain`: compose the `encoder` and `decoder` you are given into
# `keras.Model(inputs, decoder(encoder(inputs)))`, compile it with `Adam(learning_rate)` and
# `loss="mse"`, and fit it on `(x, x)`. Because the autoencoder calls the given models, training it
# trains them.


# %% solution pretrain
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    """Train decoder(encoder(x)) to reconstruct the images x (n, 28, 28, 1); returns fit's History.

    MSE loss, keras.optimizers.Adam(learning_rate), fit with the given epochs and batch_size (seed with
    keras.utils.set_random_seed(seed) first). The given encoder and decoder are trained in place: build the
    autoencoder by calling them.
    """
    ### BEGIN SOLUTION
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=x.shape[1:])
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0)
    ### END SOLUTION


# %% tests test_pretrain
_encoder = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(4)])
_decoder = keras.Sequential(
    [keras.Input((4,)), layers.Dense(784, activation="sigmoid"), layers.Reshape((28, 28, 1))]
)
_before = keras.ops.convert_to_numpy(_encoder.weights[0]).copy()
_history = pretrain(_encoder, _decoder, x_train[:64], epochs=2, batch_size=32)
assert "loss" in _history.history, "pretrain must return what fit returns (a History)"
assert not np.array_equal(_before, keras.ops.convert_to_numpy(_encoder.weights[0])), (
    "the encoder you were given did not train: build the autoencoder by calling it, decoder(encoder(inputs))"
)
print("pretrain: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("06_transfer_learning", "pretrain", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Pre-training a convolutional autoencoder
#
# The encoder and decoder of week 2, a little wider: two strided `Conv2D` layers (16 and 32 filters,
# 28 -> 14 -> 7) and a code of 64 numbers, mirrored by `Conv2DTranspose` layers. We pre-train them on
# all 4,000 training images, ignoring their labels: 3 epochs, batch 32, Adam 2e-3, as the grader does
# for its own encoder (about 10 seconds).

# %% code
LATENT = 64
encoder = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(LATENT, name="code"),
    ],
    name="encoder",
)
decoder = keras.Sequential(
    [
        keras.Input(shape=(LATENT,)),
        layers.Dense(7 * 7 * 32, activation="relu"),
        layers.Reshape((7, 7, 32)),
        layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ],
    name="decoder",
)
pretrain_losses = pretrain(encoder, decoder, x_train, epochs=3, batch_size=32, learning_rate=2e-3).history[
    "loss"
]
print("pre-training loss per epoch:", np.round(pretrain_losses, 4))

# %% code
reconstructions = keras.ops.convert_to_numpy(
    decoder.predict(encoder.predict(x_test[:10], verbose=0), verbose=0)
)
plot_images([x_test[:10], reconstructions], row_labels=["input", "decoded"])
plt.suptitle("Held-out digits through the pre-trained autoencoder (64 code values)")
plt.show()

# %% [markdown]
# ## 3. A classifier built on the pre-trained encoder
#
# The classifier is the encoder followed by a small **head**, for example `Dense(64, relu)` and
# `Dense(n_classes, softmax)` (another hidden width or activation is fine if it trains as well). What
# matters is *which* encoder: the one you are given, with its pre-trained weights. Calling a model
# inside another one reuses its layers and their weights; `keras.models.clone_model(encoder)` or a
# second `keras.Sequential` with the same layer types would start again from random weights.
#
# **Exercise.** Write `build_classifier`.


# %% solution build_classifier
def build_classifier(encoder, n_classes=10):
    """Keras model: images (n, 28, 28, 1) -> class probabilities (n, n_classes), summing to 1.

    Built from the given encoder itself (nested as a layer, or its layers called), so the classifier
    holds the encoder's very weights; then a small head ending in Dense(n_classes, softmax), for
    example Dense(64, relu) then Dense(n_classes, softmax).
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            encoder,
            layers.Dense(64, activation="relu"),
            layers.Dense(n_classes, activation="softmax"),
        ],
        name="classifier",
    )
    ### END SOLUTION


# %% tests test_build_classifier
_classifier = build_classifier(encoder, n_classes=10)
_probabilities = keras.ops.convert_to_numpy(_classifier(x_test[:4]))
assert _probabilities.shape == (4, 10), (
    f"the classifier returned shape {_probabilities.shape}, expected (4, 10)"
)
assert np.allclose(_probabilities.sum(axis=1), 1.0, atol=1e-4), (
    "the probabilities must sum to 1: end with a softmax"
)
_held = {id(w) for w in _classifier.weights}
assert all(id(w) in _held for w in encoder.weights), (
    "the classifier does not hold the encoder's own weights: call the encoder you are given, "
    "do not rebuild it"
)
print("build_classifier: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("06_transfer_learning", "build_classifier", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Freezing, then fine-tuning
#
# With 100 labels, letting every weight move at once can undo what pre-training learned. So we first
# **freeze** the encoder (`encoder.trainable = False`) and train the head alone; then we unfreeze it
# and train everything a little, at a lower learning rate.
#
# Keras decides which weights train when the model first trains after `compile`: set
# `encoder.trainable` first, then compile, then fit, and compile again each time you change it. A
# model fitted once and then unfrozen without a new `compile` keeps training the head only.
#
# **Exercise.** Write `train_classifier`.


# %% solution train_classifier
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):  # fmt: skip
    """Fit the classifier on images x (n, 28, 28, 1) and integer labels y (n,); returns fit's History.

    fine_tune=False freezes the encoder (its weights must not change, the head's must): set
    encoder.trainable = fine_tune, then compile with keras.optimizers.Adam(learning_rate) and
    loss="sparse_categorical_crossentropy" (metrics=["accuracy"] optional), on every call, then fit with
    the given epochs and batch_size (seed with keras.utils.set_random_seed(seed) first).
    """
    ### BEGIN SOLUTION
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
    ### END SOLUTION


# %% tests test_train_classifier
_encoder = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(8)])
_classifier = build_classifier(_encoder)
_before = keras.ops.convert_to_numpy(_encoder.weights[0]).copy()
train_classifier(_classifier, _encoder, x_labelled, y_labelled, fine_tune=False, epochs=1)
assert np.array_equal(_before, keras.ops.convert_to_numpy(_encoder.weights[0])), (
    "with fine_tune=False the encoder's weights changed: set encoder.trainable = False before compile"
)
train_classifier(_classifier, _encoder, x_labelled, y_labelled, fine_tune=True, epochs=1)
assert not np.array_equal(_before, keras.ops.convert_to_numpy(_encoder.weights[0])), (
    "with fine_tune=True the encoder's weights did not change: "
    "set encoder.trainable = True, then compile again"
)
print("train_classifier: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("06_transfer_learning", "train_classifier", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Accuracy
#
# The classifier returns one probability per class; its prediction is the most probable class.
#
# **Exercise.** Write `accuracy`.


# %% solution accuracy
def accuracy(classifier, x, y):
    """Fraction (one number in [0, 1]) of the images x (n, 28, 28, 1) whose most probable class is y (n,)."""
    ### BEGIN SOLUTION
    probabilities = keras.ops.convert_to_numpy(classifier.predict(x, verbose=0))
    return float(np.mean(np.argmax(probabilities, axis=-1) == y))
    ### END SOLUTION


# %% tests test_accuracy
_classifier = keras.Sequential(
    [keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10, activation="softmax")]
)
_predicted = np.argmax(keras.ops.convert_to_numpy(_classifier(x_test[:10])), axis=-1)
assert np.isclose(accuracy(_classifier, x_test[:10], _predicted), 1.0), (
    "a classifier agrees with its own predictions"
)
assert np.isclose(accuracy(_classifier, x_test[:10], (_predicted + 1) % 10), 0.0), (
    "every prediction is wrong here"
)
print("accuracy: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("06_transfer_learning", "accuracy", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Pre-trained against from scratch, 100 labels each
#
# The grader's budget: 6 epochs frozen at learning rate 1e-2, then 4 epochs fine-tuned at 1e-3, batch
# 20. The baseline gets the same classifier and the same two rounds, everything trainable in both,
# but its encoder comes from `keras.models.clone_model(encoder)`: the same architecture with fresh
# random weights, which is what training from scratch means.

# %% code
FROZEN_EPOCHS, FINE_TUNE_EPOCHS, BATCH = 6, 4, 20

scratch_encoder = keras.models.clone_model(encoder)  # same layers, new random weights
scratch = build_classifier(scratch_encoder)
for epochs, learning_rate in [(FROZEN_EPOCHS, 1e-2), (FINE_TUNE_EPOCHS, 1e-3)]:
    train_classifier(scratch, scratch_encoder, x_labelled, y_labelled, fine_tune=True, epochs=epochs,
                     batch_size=BATCH, learning_rate=learning_rate)  # fmt: skip
scratch_accuracy = accuracy(scratch, x_test, y_test)

pretrained = build_classifier(encoder)
train_classifier(pretrained, encoder, x_labelled, y_labelled, fine_tune=False, epochs=FROZEN_EPOCHS,
                 batch_size=BATCH, learning_rate=1e-2)  # fmt: skip
frozen_accuracy = accuracy(pretrained, x_test, y_test)
train_classifier(pretrained, encoder, x_labelled, y_labelled, fine_tune=True, epochs=FINE_TUNE_EPOCHS,
                 batch_size=BATCH, learning_rate=1e-3)  # fmt: skip
fine_tuned_accuracy = accuracy(pretrained, x_test, y_test)

results = {"from scratch": scratch_accuracy, "pre-trained, frozen": frozen_accuracy,
           "pre-trained, fine-tuned": fine_tuned_accuracy}  # fmt: skip
for name, value in results.items():
    print(f"{name:>24}: held-out accuracy {value:.3f}")

# %% code
fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(list(results), list(results.values()), color=["gray", "tab:blue", "tab:green"])
ax.axvline(0.1, color="black", linestyle=":", label="chance")
ax.set(xlim=(0, 1), xlabel="accuracy on 1,000 held-out digits", ylabel="classifier")
ax.set_title("100 labelled digits: pre-trained encoder against training from scratch")
ax.legend(loc="lower right")
plt.show()

# %% tests test_transfer
assert fine_tuned_accuracy > scratch_accuracy, (
    f"the pre-trained classifier ({fine_tuned_accuracy:.3f}) should beat "
    f"the one from scratch ({scratch_accuracy:.3f})"
)
print("pre-trained vs scratch: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("06_transfer_learning", "transfer", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Your turn
#
# Repeat section 6 with 20, 100 and 1,000 labels and plot accuracy against the number of labels for
# both classifiers: where does pre-training stop paying off? Does the frozen round matter: what happens
# if you fine-tune the pre-trained encoder at 1e-2 from the start? Write two or three sentences below
# (not graded).

# %% code
# Your experiment here.
