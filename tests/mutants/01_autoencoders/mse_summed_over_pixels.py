# target: reconstruction_mse
def reconstruction_mse(x, x_recon):
    diff = np.asarray(x, dtype=np.float64) - np.asarray(x_recon, dtype=np.float64)
    return np.sum(diff.reshape(len(diff), -1) ** 2, axis=1)
