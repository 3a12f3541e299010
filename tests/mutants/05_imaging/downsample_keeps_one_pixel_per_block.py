# target: downsample
# Strided slicing: keeps the top-left pixel of each block instead of its mean.
def downsample(x, factor=2):
    return np.asarray(x, dtype=np.float32)[:, ::factor, ::factor]
