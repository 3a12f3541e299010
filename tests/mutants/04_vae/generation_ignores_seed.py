# target: generation
# Draws the codes from an unseeded generator: the seed argument changes nothing and a call never repeats.
def generate_digits(decoder, n, latent_dim=2, seed=0):
    z = np.random.default_rng().standard_normal((n, latent_dim)).astype("float32")
    return ops.convert_to_numpy(decoder(z))
