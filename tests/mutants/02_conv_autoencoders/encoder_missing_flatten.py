# target: conv_encoder
# Dense on the 7 x 7 x 16 maps acts per position: the "code" is (n, 7, 7, latent_dim).
def build_conv_encoder(latent_dim=16):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
            layers.Dense(latent_dim),
        ]
    )
