# A decoder written as a keras.Sequential (keras.Input first, the image shape restored by Reshape); the
# encoder and the rest are the solution's.
def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1)):
    return keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(256, activation="relu"),
            layers.Dense(int(np.prod(output_shape)), activation="sigmoid"),
            layers.Reshape(output_shape),
        ],
        name="sequential_decoder",
    )
