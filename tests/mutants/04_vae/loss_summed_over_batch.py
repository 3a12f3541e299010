# target: vae_loss
def vae_loss(x, x_recon, z_mean, z_log_var, beta=1.0):
    return ops.sum(reconstruction_loss(x, x_recon) + beta * kl_divergence(z_mean, z_log_var))
