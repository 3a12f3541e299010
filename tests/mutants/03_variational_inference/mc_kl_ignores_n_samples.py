# target: monte_carlo_kl
# A fixed 100,000 draws whatever n_samples says: accurate, but n_samples is ignored.
def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((100_000, *np.shape(mean_q)))
    z = mean_q + np.exp(0.5 * log_var_q) * eps
    log_ratio = gaussian_log_density(z, mean_q, log_var_q) - gaussian_log_density(z, mean_p, log_var_p)
    return np.mean(log_ratio, axis=0)
