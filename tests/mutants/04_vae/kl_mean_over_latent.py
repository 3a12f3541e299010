# target: kl_divergence
def kl_divergence(z_mean, z_log_var):
    return -0.5 * ops.mean(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)
