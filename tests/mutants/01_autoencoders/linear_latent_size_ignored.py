# target: linear_autoencoder
def build_linear_autoencoder(latent_dim=2):
    encoder = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(2)])
    decoder = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(784), layers.Reshape((28, 28, 1))])
    inputs = keras.Input(shape=(28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
