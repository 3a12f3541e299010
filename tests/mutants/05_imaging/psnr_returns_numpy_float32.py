# target: psnr
# Right value, computed in float32 and returned as a numpy float32 instead of a Python float.
def psnr(x, y, data_range=1.0):
    error = np.mean((np.asarray(x, dtype=np.float32) - np.asarray(y, dtype=np.float32)) ** 2)
    if error == 0:
        return np.float32("inf")
    return np.float32(10.0) * np.log10(np.float32(data_range) ** 2 / error)
