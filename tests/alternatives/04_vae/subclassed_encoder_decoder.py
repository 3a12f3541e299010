# Subclassed keras.Model encoder and decoder, unbuilt until their first call, returning the encoder's three
# outputs as a tuple.
class Encoder(keras.Model):
    def __init__(self, latent_dim, **kwargs):
        super().__init__(**kwargs)
        self.flatten = layers.Flatten()
        self.hidden = layers.Dense(256, activation="relu")
        self.mean = layers.Dense(latent_dim)
        self.log_var = layers.Dense(latent_dim)
        self.sampling = Sampling()

    def call(self, x):
        h = self.hidden(self.flatten(x))
        z_mean, z_log_var = self.mean(h), self.log_var(h)
        return z_mean, z_log_var, self.sampling([z_mean, z_log_var])


class Decoder(keras.Model):
    def __init__(self, output_shape, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(256, activation="relu")
        self.pixels = layers.Dense(int(np.prod(output_shape)), activation="sigmoid")
        self.image = layers.Reshape(output_shape)

    def call(self, z):
        return self.image(self.pixels(self.hidden(z)))


def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2):
    return Encoder(latent_dim)


def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1)):
    return Decoder(output_shape)
