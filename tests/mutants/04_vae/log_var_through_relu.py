# target: encoder
# A ReLU on the z_log_var head forbids variances below 1 (log variance >= 0).
def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2):
    inputs = keras.Input(shape=input_shape)
    h = layers.Dense(256, activation="relu")(layers.Flatten()(inputs))
    z_mean = layers.Dense(latent_dim)(h)
    z_log_var = layers.Dense(latent_dim, activation="relu")(h)
    return keras.Model(inputs, [z_mean, z_log_var, Sampling()([z_mean, z_log_var])])
