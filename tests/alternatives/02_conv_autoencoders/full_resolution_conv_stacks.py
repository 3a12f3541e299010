# Heavier than the solution: a full-resolution first convolution (32 filters at 28 x 28, stride 1), then
# strided 64-filter layers, batch normalisation, LeakyReLU, and a decoder that mirrors it with a
# full-resolution Conv2DTranspose before the sigmoid output.
def build_conv_encoder(latent_dim=16):
    inputs = keras.Input(shape=(28, 28, 1))
    h = inputs
    for filters, strides in [(32, 1), (64, 2), (64, 2)]:
        h = layers.Conv2D(filters, 3, strides=strides, padding="same")(h)
        h = layers.LeakyReLU()(layers.BatchNormalization()(h))
    return keras.Model(inputs, layers.Dense(latent_dim)(layers.Flatten()(h)), name="full_resolution_encoder")


def build_conv_decoder(latent_dim=16):
    inputs = keras.Input(shape=(latent_dim,))
    h = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64)(inputs))
    for filters, strides in [(64, 2), (32, 2), (32, 1)]:
        h = layers.LeakyReLU()(layers.Conv2DTranspose(filters, 3, strides=strides, padding="same")(h))
    outputs = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(h)
    return keras.Model(inputs, outputs, name="full_resolution_decoder")
