# target: compression_ratio
def compression_ratio(input_shape, latent_dim):
    return input_shape[0] * input_shape[1] / latent_dim
