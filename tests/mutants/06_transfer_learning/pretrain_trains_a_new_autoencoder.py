# target: pretrain
# Trains a freshly built autoencoder: the encoder it was given keeps its random weights.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    autoencoder = keras.Sequential([keras.models.clone_model(encoder), keras.models.clone_model(decoder)])
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0)
