# target: psnr
# np.log instead of np.log10.
def psnr(x, y, data_range=1.0):
    error = np.mean((np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2)
    return float("inf") if error == 0 else float(10.0 * np.log(data_range**2 / error))
