# target: dense_autoencoder
def build_dense_autoencoder(latent_dim=8):
    encoder = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(256, activation="relu"),
         layers.Dense(128, activation="relu"), layers.Dense(latent_dim)]
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(128, activation="relu"),
         layers.Dense(256, activation="relu"), layers.Dense(784, activation="sigmoid")]
    )
    inputs = keras.Input(shape=(28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
