# target: toy_model
def linear_gaussian_log_marginal(x, w, b, sigma):
    return -0.5 * (np.log(2 * np.pi * sigma**2) + (np.asarray(x, dtype=float) - b) ** 2 / sigma**2)
