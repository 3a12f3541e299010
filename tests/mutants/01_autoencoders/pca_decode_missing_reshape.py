# target: pca_decode
def pca_decode(codes, mean, components):
    return np.asarray(codes, dtype=np.float64) @ components + mean
