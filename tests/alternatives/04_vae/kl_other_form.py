# KL written as 0.5 * sum(var + mean^2 - 1 - log var); reconstruction as mean BCE times 784.
def kl_divergence(z_mean, z_log_var):
    return 0.5 * tf.reduce_sum(tf.exp(z_log_var) + z_mean**2 - 1.0 - z_log_var, axis=1)


def reconstruction_loss(x, x_recon):
    flat_x = tf.reshape(x, (-1, 784))
    flat_recon = tf.reshape(x_recon, (-1, 784))
    return 784.0 * keras.losses.binary_crossentropy(flat_x, flat_recon)
