# target: monte_carlo_kl
def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    eps = np.random.default_rng(seed).standard_normal((n_samples, *np.shape(mean_q)))
    z = mean_q + np.exp(0.5 * log_var_q) * eps
    return np.mean(gaussian_log_density(z, mean_p, log_var_p) - gaussian_log_density(z, mean_q, log_var_q), 0)
