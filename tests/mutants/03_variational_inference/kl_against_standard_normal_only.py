# target: kl_divergence
def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    return -0.5 * np.sum(1 + log_var_q - mean_q**2 - np.exp(log_var_q), axis=-1)
