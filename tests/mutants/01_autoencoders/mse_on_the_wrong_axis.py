# target: reconstruction_mse
def reconstruction_mse(x, x_recon):
    return np.mean((np.asarray(x) - np.asarray(x_recon)) ** 2, axis=0)
