# Functional API: Conv2D + MaxPooling2D to downsample, UpSampling2D + Conv2D to upsample, and
# count_parameters and compression_ratio from Keras' own helpers and math.prod.
import math


def compression_ratio(input_shape, latent_dim):
    return math.prod(input_shape) / latent_dim


def count_parameters(model):
    return sum(int(keras.ops.size(w)) for w in model.weights)


def build_conv_encoder(latent_dim=16):
    inputs = keras.Input((28, 28, 1))
    h = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(16, 3, padding="same", activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    return keras.Model(inputs, layers.Dense(latent_dim)(layers.Flatten()(h)))


def build_conv_decoder(latent_dim=16):
    codes = keras.Input((latent_dim,))
    g = layers.Reshape((7, 7, 16))(layers.Dense(7 * 7 * 16, activation="relu")(codes))
    g = layers.Conv2D(8, 3, padding="same", activation="relu")(layers.UpSampling2D()(g))
    g = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(layers.UpSampling2D()(g))
    return keras.Model(codes, g)


def build_conv_autoencoder(latent_dim=16):
    encoder, decoder = build_conv_encoder(latent_dim), build_conv_decoder(latent_dim)
    inputs = keras.Input((28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
