# target: pca_encode
def pca_encode(x, mean, components):
    return np.asarray(x, dtype=np.float64).reshape(len(x), -1) @ components.T
