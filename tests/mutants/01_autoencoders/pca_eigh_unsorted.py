# target: pca_fit
def pca_fit(x, n_components):
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    mean = flat.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(flat - mean, rowvar=False))
    return mean, vectors[:, :n_components].T
