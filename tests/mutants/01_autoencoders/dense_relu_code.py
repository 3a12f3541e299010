# target: dense_autoencoder
# The code layer keeps the relu of the hidden layers: the code can never be negative.
def build_dense_autoencoder(latent_dim=8):
    encoder = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(256, activation="relu"),
         layers.Dense(128, activation="relu"), layers.Dense(latent_dim, activation="relu")]
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(128, activation="relu"),
         layers.Dense(256, activation="relu"), layers.Dense(784, activation="sigmoid"),
         layers.Reshape((28, 28, 1))]
    )
    inputs = keras.Input(shape=(28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
