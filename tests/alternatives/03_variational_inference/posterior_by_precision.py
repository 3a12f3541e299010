# The posterior from precisions (prior 1, likelihood w^2 / sigma^2) and the marginal via Bayes' rule at z = 0.
def linear_gaussian_posterior(x, w, b, sigma):
    precision = 1.0 + w**2 / sigma**2
    mean = (w / sigma**2) * (np.asarray(x, dtype=float) - b) / precision
    return mean, -np.log(precision) * np.ones_like(mean)


def linear_gaussian_log_marginal(x, w, b, sigma):
    x = np.asarray(x, dtype=float)
    mean, log_var = linear_gaussian_posterior(x, w, b, sigma)
    zeros = np.zeros_like(x)[:, None]
    log_likelihood = gaussian_log_density(x[:, None], zeros + b, zeros + 2 * np.log(sigma))
    log_prior = gaussian_log_density(zeros, zeros, zeros)
    return log_likelihood + log_prior - gaussian_log_density(zeros, mean[:, None], log_var[:, None])
