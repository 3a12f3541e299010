# target: dense_autoencoder
# The autoencoder is built from clones of the encoder and decoder with their weights copied: it starts
# equal to decoder(encoder(x)), but training it leaves the encoder and decoder untouched.
def build_dense_autoencoder(latent_dim=8):
    encoder = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(256, activation="relu"),
         layers.Dense(128, activation="relu"), layers.Dense(latent_dim)]
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(latent_dim,)), layers.Dense(128, activation="relu"),
         layers.Dense(256, activation="relu"), layers.Dense(784, activation="sigmoid"),
         layers.Reshape((28, 28, 1))]
    )
    copies = []
    for model in (encoder, decoder):
        copy = keras.models.clone_model(model)
        copy.set_weights(model.get_weights())
        copies.append(copy)
    return encoder, decoder, keras.Sequential(copies)
