# target: linear_autoencoder
def build_linear_autoencoder(latent_dim=2):
    encoder = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(latent_dim)])
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(784), layers.Reshape((28, 28, 1))]
    )
    autoencoder = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(latent_dim),
            layers.Dense(784),
            layers.Reshape((28, 28, 1)),
        ]
    )
    return encoder, decoder, autoencoder
