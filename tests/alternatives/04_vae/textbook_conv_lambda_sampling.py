# The encoder as a widely used generative deep learning textbook writes it: four full-resolution Conv2D
# layers (32, 64, 64, 64 filters, strides 1, 2, 2, 1) each followed by LeakyReLU, two Dense heads, and z
# sampled in a Lambda layer; the decoder mirrors it with Conv2DTranspose. Far heavier than the solution:
# the grader must judge it in bounded batches (issue: the judge at the floor).
def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2):
    inputs = keras.Input(shape=input_shape)
    h = inputs
    for filters, strides in [(32, 1), (64, 2), (64, 2), (64, 1)]:
        h = layers.LeakyReLU()(layers.Conv2D(filters, 3, strides=strides, padding="same")(h))
    h = layers.Flatten()(h)
    z_mean = layers.Dense(latent_dim, name="mu")(h)
    z_log_var = layers.Dense(latent_dim, name="log_var")(h)

    def sample(args):
        mu, log_var = args
        return mu + ops.exp(log_var / 2) * keras.random.normal(ops.shape(mu))

    z = layers.Lambda(sample, output_shape=(latent_dim,), name="z")([z_mean, z_log_var])
    return keras.Model(inputs, [z_mean, z_log_var, z], name="textbook_encoder")


def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1)):
    inputs = keras.Input(shape=(latent_dim,))
    h = layers.Reshape((7, 7, 64))(layers.Dense(7 * 7 * 64)(inputs))
    for filters, strides in [(64, 1), (64, 2), (32, 2)]:
        h = layers.LeakyReLU()(layers.Conv2DTranspose(filters, 3, strides=strides, padding="same")(h))
    outputs = layers.Conv2DTranspose(1, 3, padding="same", activation="sigmoid")(h)
    return keras.Model(inputs, outputs, name="textbook_decoder")
