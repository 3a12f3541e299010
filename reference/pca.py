"""Principal component analysis with numpy's SVD: the linear baseline every autoencoder is judged against."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PCA:
    """A fitted PCA: `mean` (d,), `components` (k, d) with orthonormal rows, `shape` of one sample."""

    mean: np.ndarray
    components: np.ndarray
    shape: tuple

    @property
    def n_components(self):
        return self.components.shape[0]


def fit_pca(x, n_components):
    """Fit PCA on `x` (n, ...) flattened per sample; keep the top `n_components` directions."""
    x = np.asarray(x, dtype=np.float64)
    flat = x.reshape(len(x), -1)
    mean = flat.mean(axis=0)
    # Economy SVD of the centred data: rows of vt are the principal directions, by variance.
    _, _, vt = np.linalg.svd(flat - mean, full_matrices=False)
    return PCA(mean=mean, components=vt[:n_components], shape=x.shape[1:])


def pca_encode(pca, x):
    """Codes (n, k) of `x` (n, ...): projections of the centred samples on the components."""
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    return (flat - pca.mean) @ pca.components.T


def pca_decode(pca, codes):
    """Reconstructions (n, *shape) from codes (n, k)."""
    flat = np.asarray(codes, dtype=np.float64) @ pca.components + pca.mean
    return flat.reshape((len(flat), *pca.shape))


def pca_reconstruction_mse(pca, x):
    """Mean squared reconstruction error of `x` through the PCA code, a scalar."""
    recon = pca_decode(pca, pca_encode(pca, x))
    return float(np.mean((np.asarray(x, dtype=np.float64) - recon) ** 2))
