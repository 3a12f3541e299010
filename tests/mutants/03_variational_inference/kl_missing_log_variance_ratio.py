# target: kl_divergence
def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    var_ratio = np.exp(log_var_q - log_var_p)
    mahalanobis = (mean_q - mean_p) ** 2 / np.exp(log_var_p)
    return 0.5 * np.sum(var_ratio + mahalanobis - 1.0, axis=-1)
