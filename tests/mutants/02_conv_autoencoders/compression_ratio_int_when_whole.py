# target: compression_ratio
# A whole ratio comes back as an int (49, not 49.0): the docstring asks for a float.
def compression_ratio(input_shape, latent_dim):
    values = int(np.prod(input_shape))
    return values // latent_dim if values % latent_dim == 0 else values / latent_dim
