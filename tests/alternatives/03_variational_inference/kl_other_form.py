# KL(q || p) = E_q[log q] - E_q[log p]: minus q's entropy plus the cross-entropy, written per coordinate.
def kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p):
    neg_entropy = -0.5 * (np.log(2 * np.pi) + log_var_q + 1.0)
    cross_entropy = 0.5 * (np.log(2 * np.pi) + log_var_p + (np.exp(log_var_q) + (mean_q - mean_p) ** 2) / np.exp(log_var_p))
    return np.sum(neg_entropy + cross_entropy, axis=-1)
