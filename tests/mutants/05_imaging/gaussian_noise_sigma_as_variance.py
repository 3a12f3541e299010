# target: gaussian_noise
# Passes sigma^2 where numpy expects the standard deviation.
def add_gaussian_noise(x, sigma=0.3, seed=0):
    noise = np.random.default_rng(seed).normal(0.0, sigma**2, size=np.shape(x))
    return np.clip(x + noise, 0.0, 1.0).astype(np.float32)
