# target: gradient_estimators
def reparam_gradient(f_prime, mean, log_var, n_samples, seed=0):
    eps = np.random.default_rng(seed).standard_normal(n_samples)
    return np.mean(f_prime(mean + np.exp(0.5 * log_var) * eps))
