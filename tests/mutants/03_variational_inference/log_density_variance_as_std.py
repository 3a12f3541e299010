# target: gaussian_log_density
def gaussian_log_density(x, mean, log_var):
    std = np.exp(log_var)
    return -0.5 * np.sum(np.log(2 * np.pi) + 2 * np.log(std) + (x - mean) ** 2 / std**2, axis=-1)
