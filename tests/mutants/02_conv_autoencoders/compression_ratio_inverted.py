# target: compression_ratio
def compression_ratio(input_shape, latent_dim):
    return latent_dim / float(np.prod(input_shape))
