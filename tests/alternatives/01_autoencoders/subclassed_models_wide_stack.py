# Subclassed keras.Model encoders and decoders (unbuilt until their first call), an autoencoder class that
# composes them, and a dense stack far wider than the solution's (1024 and 512 units).
class Coder(keras.Model):
    """A stack of Dense layers, flattening its input first or reshaping its output to an image."""

    def __init__(self, units, activations, flatten=False, image=False, **kwargs):
        super().__init__(**kwargs)
        self.flatten = layers.Flatten() if flatten else None
        self.stack = [layers.Dense(n, activation=a) for n, a in zip(units, activations)]
        self.reshape = layers.Reshape((28, 28, 1)) if image else None

    def call(self, x):
        h = self.flatten(x) if self.flatten is not None else x
        for layer in self.stack:
            h = layer(h)
        return self.reshape(h) if self.reshape is not None else h


class Composed(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder

    def call(self, x):
        return self.decoder(self.encoder(x))


def build_linear_autoencoder(latent_dim=2):
    encoder = Coder([latent_dim], [None], flatten=True)
    decoder = Coder([784], [None], image=True)
    return encoder, decoder, Composed(encoder, decoder)


def build_dense_autoencoder(latent_dim=8):
    encoder = Coder([1024, 512, latent_dim], ["relu", "relu", None], flatten=True)
    decoder = Coder([512, 1024, 784], ["relu", "relu", "sigmoid"], image=True)
    return encoder, decoder, Composed(encoder, decoder)
