# target: pretrain
# Adam at its default learning rate (1e-3) whatever learning_rate it is given.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=x.shape[1:])
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer="adam", loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0)
