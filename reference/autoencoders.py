"""Deterministic autoencoders: linear, deep dense and convolutional, each as encoder, decoder and model.

Every builder returns an `Autoencoder(encoder, decoder, model)` where `model = decoder(encoder(x))`,
so the code layer can be inspected and the decoder used on its own.
"""

from typing import NamedTuple

import keras
from keras import layers


class Autoencoder(NamedTuple):
    encoder: keras.Model
    decoder: keras.Model
    model: keras.Model


def _compose(encoder, decoder, input_shape, name):
    inputs = keras.Input(shape=input_shape)
    return Autoencoder(encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)), name=name))


def build_linear_autoencoder(input_shape=(28, 28, 1), latent_dim=2):
    """Linear encoder and decoder (no activations): trained with MSE it spans the PCA subspace."""
    size = int(keras.ops.prod(input_shape))
    encoder = keras.Sequential(
        [keras.Input(shape=input_shape), layers.Flatten(), layers.Dense(latent_dim)],
        name="linear_encoder",
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(size), layers.Reshape(input_shape)],
        name="linear_decoder",
    )
    return _compose(encoder, decoder, input_shape, "linear_autoencoder")


def build_dense_autoencoder(input_shape=(28, 28, 1), latent_dim=16, hidden=(256, 128)):
    """Deep dense autoencoder: ReLU hidden layers, linear code, sigmoid output in (0, 1)."""
    size = int(keras.ops.prod(input_shape))
    encoder = keras.Sequential(
        [keras.Input(shape=input_shape), layers.Flatten()]
        + [layers.Dense(units, activation="relu") for units in hidden]
        + [layers.Dense(latent_dim, name="code")],
        name="dense_encoder",
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,))]
        + [layers.Dense(units, activation="relu") for units in reversed(hidden)]
        + [layers.Dense(size, activation="sigmoid"), layers.Reshape(input_shape)],
        name="dense_decoder",
    )
    return _compose(encoder, decoder, input_shape, "dense_autoencoder")


def build_conv_autoencoder(input_shape=(28, 28, 1), latent_dim=16, filters=(32, 64)):
    """Convolutional autoencoder: strided Conv2D down to a dense code, Conv2DTranspose back up."""
    down = 2 ** len(filters)
    height, width, channels = input_shape
    grid = (height // down, width // down, filters[-1])
    encoder = keras.Sequential(
        [keras.Input(shape=input_shape)]
        + [layers.Conv2D(f, 3, strides=2, padding="same", activation="relu") for f in filters]
        + [layers.Flatten(), layers.Dense(latent_dim, name="code")],
        name="conv_encoder",
    )
    decoder = keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(grid[0] * grid[1] * grid[2], activation="relu"),
            layers.Reshape(grid),
        ]
        + [
            layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")
            for f in reversed(filters)
        ]
        + [layers.Conv2D(channels, 3, padding="same", activation="sigmoid")],
        name="conv_decoder",
    )
    return _compose(encoder, decoder, input_shape, "conv_autoencoder")


def train_autoencoder(model, x_train, epochs=5, batch_size=128, learning_rate=1e-3, seed=0):
    """Train an autoencoder on (x, x) with MSE and Adam; returns the Keras History."""
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return model.fit(x_train, x_train, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
