# target: gaussian_log_density
def gaussian_log_density(x, mean, log_var):
    return -0.5 * np.sum(np.log(2 * np.pi) + log_var + (x - mean) ** 2 / np.exp(log_var), axis=1)
