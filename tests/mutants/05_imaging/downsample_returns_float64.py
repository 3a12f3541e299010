# target: downsample
# Right block means, computed and returned in float64 instead of float32.
def downsample(x, factor=2):
    n, h, w, c = np.shape(x)
    blocks = np.asarray(x, dtype=np.float64).reshape(n, h // factor, factor, w // factor, factor, c)
    return blocks.mean(axis=(2, 4))
