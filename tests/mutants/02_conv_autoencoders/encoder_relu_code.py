# target: conv_encoder
# The code layer keeps the relu of the convolutions: the code can never be negative.
def build_conv_encoder(latent_dim=16):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dense(latent_dim, activation="relu"),
        ]
    )
