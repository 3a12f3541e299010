# target: encoder
def build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2):
    inputs = keras.Input(shape=input_shape)
    h = layers.Dense(256, activation="relu")(layers.Flatten()(inputs))
    z_mean, z_log_var = layers.Dense(2)(h), layers.Dense(2)(h)
    return keras.Model(inputs, [z_mean, z_log_var, Sampling()([z_mean, z_log_var])])
