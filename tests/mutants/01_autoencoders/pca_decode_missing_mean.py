# target: pca_decode
def pca_decode(codes, mean, components):
    return (np.asarray(codes, dtype=np.float64) @ components).reshape(len(codes), 28, 28, 1)
