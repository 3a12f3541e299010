# target: gradient_estimators
def score_function_gradient(f, mean, log_var, n_samples, seed=0):
    z = mean + np.exp(0.5 * log_var) * np.random.default_rng(seed).standard_normal(n_samples)
    return f(z)
