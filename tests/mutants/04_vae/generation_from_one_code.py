# target: generation
def generate_digits(decoder, n, latent_dim=2, seed=0):
    z = np.zeros((n, latent_dim), "float32")
    return ops.convert_to_numpy(decoder(z))
