# target: linear_autoencoder
def build_linear_autoencoder(latent_dim=2):
    encoder = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(latent_dim, activation="relu")]
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(784, activation="relu"), layers.Reshape((28, 28, 1))]
    )
    inputs = keras.Input(shape=(28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
