# target: toy_model
def linear_gaussian_posterior(x, w, b, sigma):
    x = np.asarray(x, dtype=float)
    return w * x / (w**2 + sigma**2), np.full_like(x, np.log(sigma**2 / (w**2 + sigma**2)))
