# target: gaussian_noise
# Clips the image first and adds the noise after: values leave [0, 1].
def add_gaussian_noise(x, sigma=0.3, seed=0):
    noise = np.random.default_rng(seed).normal(0.0, sigma, size=np.shape(x))
    return (np.clip(x, 0.0, 1.0) + noise).astype(np.float32)
