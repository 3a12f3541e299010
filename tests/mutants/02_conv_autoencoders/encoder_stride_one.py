# target: conv_encoder
# Stride 1: the maps stay 28 x 28 and the Dense layer does all the compressing.
def build_conv_encoder(latent_dim=16):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dense(latent_dim),
        ]
    )
