# The functional API throughout, a wider dense stack, and a PCA from the SVD of the transposed data.
def pca_fit(x, n_components):
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    mean = flat.mean(axis=0)
    u, _, _ = np.linalg.svd((flat - mean).T, full_matrices=False)
    return mean, u[:, :n_components].T


def build_linear_autoencoder(latent_dim=2):
    image = keras.Input(shape=(28, 28, 1))
    encoder = keras.Model(image, layers.Dense(latent_dim)(layers.Flatten()(image)))
    code = keras.Input(shape=(latent_dim,))
    decoder = keras.Model(code, layers.Reshape((28, 28, 1))(layers.Dense(28 * 28)(code)))
    return encoder, decoder, keras.Model(image, decoder(encoder(image)))


def build_dense_autoencoder(latent_dim=8):
    image = keras.Input(shape=(28, 28, 1))
    h = layers.Dense(512, activation="relu")(layers.Flatten()(image))
    h = layers.Dense(128, activation="relu")(h)
    encoder = keras.Model(image, layers.Dense(latent_dim)(h))
    code = keras.Input(shape=(latent_dim,))
    h = layers.Dense(128, activation="relu")(code)
    h = layers.Dense(512, activation="relu")(h)
    decoder = keras.Model(code, layers.Reshape((28, 28, 1))(layers.Dense(784, activation="sigmoid")(h)))
    return encoder, decoder, keras.Model(image, decoder(encoder(image)))
