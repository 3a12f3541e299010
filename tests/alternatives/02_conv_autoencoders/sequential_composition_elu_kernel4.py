# Wider elu layers with 4 x 4 kernels, the last Conv2DTranspose giving the image directly, the
# autoencoder as Sequential([encoder, decoder]), and a compression ratio from a numpy array's size.
def compression_ratio(input_shape, latent_dim):
    return np.zeros(input_shape).size / float(latent_dim)


def count_parameters(model):
    return int(np.sum([np.size(keras.ops.convert_to_numpy(w)) for w in model.weights]))


def build_conv_encoder(latent_dim=16):
    return keras.Sequential(
        [
            layers.Input((28, 28, 1)),
            layers.Conv2D(16, 4, strides=2, padding="same", activation="elu"),
            layers.Conv2D(32, 4, strides=2, padding="same", activation="elu"),
            layers.Flatten(),
            layers.Dense(latent_dim),
        ]
    )


def build_conv_decoder(latent_dim=16):
    return keras.Sequential(
        [
            layers.Input((latent_dim,)),
            layers.Dense(7 * 7 * 32, activation="elu"),
            layers.Reshape((7, 7, 32)),
            layers.Conv2DTranspose(16, 4, strides=2, padding="same", activation="elu"),
            layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="sigmoid"),
        ]
    )


def build_conv_autoencoder(latent_dim=16):
    encoder, decoder = build_conv_encoder(latent_dim), build_conv_decoder(latent_dim)
    return encoder, decoder, keras.Sequential([encoder, decoder])
