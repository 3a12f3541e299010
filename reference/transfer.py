"""Transfer learning: a convolutional autoencoder pre-trained on unlabelled images lends its encoder to a
classifier trained on a few labels, frozen first, then fine-tuned, against the same classifier from scratch.
"""

import keras
import numpy as np
from keras import layers

from reference.autoencoders import build_conv_autoencoder

# Measured at 100 labels: with filters (8, 16) the pre-trained classifier only sometimes beats scratch;
# with (16, 32) it wins by 9 to 14 points over seeds 0-2 (re-measured in
# tests/autograder/weeks/test_week_06_transfer_learning.py).
FILTERS = (16, 32)
LATENT_DIM = 64


def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    """Train decoder(encoder(x)) to reconstruct x (MSE, Adam); the encoder is trained in place. -> History."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=x.shape[1:])
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)


def pretrained_encoder(x, latent_dim=LATENT_DIM, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    """The encoder of a conv autoencoder (filters 16, 32) pre-trained on the images x (n, 28, 28, 1)."""
    keras.utils.set_random_seed(seed)
    autoencoder = build_conv_autoencoder(input_shape=x.shape[1:], latent_dim=latent_dim, filters=FILTERS)
    pretrain(autoencoder.encoder, autoencoder.decoder, x, epochs, batch_size, learning_rate, seed)
    return autoencoder.encoder


def fresh_encoder(latent_dim=LATENT_DIM, seed=0):
    """The same encoder architecture with random weights: the from-scratch baseline."""
    keras.utils.set_random_seed(seed)
    return build_conv_autoencoder(latent_dim=latent_dim, filters=FILTERS).encoder


def build_classifier(encoder, n_classes=10, hidden=64):
    """Images (n, 28, 28, 1) -> class probabilities (n, n_classes): the encoder itself, then a small head."""
    return keras.Sequential(
        [
            keras.Input(shape=encoder.input_shape[1:]),
            encoder,
            layers.Dense(hidden, activation="relu"),
            layers.Dense(n_classes, activation="softmax"),
        ],
        name="classifier",
    )


def train_classifier(
    classifier, encoder, x, y, fine_tune=False, epochs=20, batch_size=20, learning_rate=1e-3, seed=0
):
    """Fit on (x, y) integer labels with the encoder frozen (or not); compile after setting trainable."""
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    # Keras reads the trainable weights when it first trains after a compile: compile again every time.
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)


def accuracy(classifier, x, y):
    """Fraction of the images x whose most probable class is their label y (n,), as a float."""
    # A plain call, not predict(): predict traces a new function per model, and TensorFlow warns on stderr
    # when that happens often, which zeroes a graded cell.
    probabilities = keras.ops.convert_to_numpy(classifier(x, training=False))
    return float(np.mean(np.argmax(probabilities, axis=-1) == np.asarray(y)))


def with_weights(weights, latent_dim=LATENT_DIM, seed=0):
    """A new encoder of the reference architecture holding `weights` (from encoder.get_weights())."""
    encoder = fresh_encoder(latent_dim, seed)
    encoder.set_weights(weights)
    return encoder


def pretrained_vs_scratch(pretrained_weights, x, y, x_test, y_test, budget, build=build_classifier,
                          train=train_classifier, score=accuracy):  # fmt: skip
    """(pre-trained, from-scratch) held-out accuracies, score(classifier, x_test, y_test), of build(encoder)
    trained with train(...) on (x, y).

    Pre-trained: an encoder holding pretrained_weights, frozen for budget.frozen_epochs at
    budget.learning_rate, then fine-tuned for budget.fine_tune_epochs at budget.fine_tune_learning_rate.
    Scratch: a fresh encoder, everything trainable in both rounds (same epochs, same learning rates).
    """
    seed, batch = budget.seed, budget.batch_size
    keras.utils.set_random_seed(seed)
    encoder = with_weights(pretrained_weights, seed=seed)
    classifier = build(encoder, n_classes=10)
    train(classifier, encoder, x, y, fine_tune=False, epochs=budget.frozen_epochs, batch_size=batch,
          learning_rate=budget.learning_rate, seed=seed)  # fmt: skip
    train(classifier, encoder, x, y, fine_tune=True, epochs=budget.fine_tune_epochs, batch_size=batch,
          learning_rate=budget.fine_tune_learning_rate, seed=seed)  # fmt: skip
    pretrained = score(classifier, x_test, y_test)

    keras.utils.set_random_seed(seed)
    encoder = fresh_encoder(seed=seed)
    classifier = build(encoder, n_classes=10)
    train(classifier, encoder, x, y, fine_tune=True, epochs=budget.frozen_epochs, batch_size=batch,
          learning_rate=budget.learning_rate, seed=seed)  # fmt: skip
    train(classifier, encoder, x, y, fine_tune=True, epochs=budget.fine_tune_epochs, batch_size=batch,
          learning_rate=budget.fine_tune_learning_rate, seed=seed)  # fmt: skip
    return pretrained, score(classifier, x_test, y_test)
