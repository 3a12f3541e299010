# target: elbo
def elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed=0):
    x = np.asarray(x, dtype=float)
    z = q_mean + np.exp(0.5 * q_log_var) * np.random.default_rng(seed).standard_normal((n_samples, *np.shape(x)))
    log_likelihood = -0.5 * (np.log(2 * np.pi * sigma) + (x - w * z - b) ** 2 / sigma)
    log_prior = -0.5 * (np.log(2 * np.pi) + z**2)
    log_q = -0.5 * (np.log(2 * np.pi) + q_log_var + (z - q_mean) ** 2 / np.exp(q_log_var))
    return np.mean(log_likelihood + log_prior - log_q, axis=0)
