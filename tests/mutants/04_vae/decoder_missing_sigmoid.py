# target: decoder
def build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1)):
    inputs = keras.Input(shape=(latent_dim,))
    h = layers.Dense(256, activation="relu")(inputs)
    h = layers.Dense(int(np.prod(output_shape)))(h)
    return keras.Model(inputs, layers.Reshape(output_shape)(h))
