# Subclassed keras.Model autoencoder and classifier holding the given encoder (and decoder) as attributes,
# unbuilt until their first call, with a wider head (Dense(256)) than the solution's.
class Autoencoder(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder

    def call(self, x):
        return self.decoder(self.encoder(x))


class Classifier(keras.Model):
    def __init__(self, encoder, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.hidden = layers.Dense(256, activation="relu")
        self.probabilities = layers.Dense(n_classes, activation="softmax")

    def call(self, x):
        return self.probabilities(self.hidden(self.encoder(x)))


def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    autoencoder = Autoencoder(encoder, decoder)
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, verbose=0)


def build_classifier(encoder, n_classes=10):
    return Classifier(encoder, n_classes)
