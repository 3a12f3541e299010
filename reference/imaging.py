"""Image corruptions for the imaging week, and the metrics that score their repair.

Images are float arrays in [0, 1], (n, h, w, c) or (h, w, c); every corruption takes a seed.
"""

import numpy as np
from scipy import ndimage
from skimage.metrics import structural_similarity


def add_gaussian_noise(x, sigma=0.3, seed=0):
    """x + N(0, sigma^2) noise, clipped back into [0, 1] after the noise is added."""
    noise = np.random.default_rng(seed).normal(0.0, sigma, size=np.shape(x))
    return np.clip(x + noise, 0.0, 1.0).astype(np.float32)


def add_salt_and_pepper(x, amount=0.1, seed=0):
    """Set a fraction `amount` of pixels to 0 or 1 (half each), independently per channel."""
    rng = np.random.default_rng(seed)
    out = np.array(x, dtype=np.float32, copy=True)
    hit = rng.random(out.shape) < amount
    salt = rng.random(out.shape) < 0.5
    out[hit & salt] = 1.0
    out[hit & ~salt] = 0.0
    return out


def watermark(shape, thickness=2):
    """A fixed watermark mask (h, w) in {0, 1}: an X across the image and a frame."""
    h, w = shape
    mask = np.zeros((h, w), dtype=np.float32)
    rows = np.arange(h)
    for offset in range(thickness):
        cols = np.clip((rows * (w - 1)) // max(h - 1, 1) + offset, 0, w - 1)
        mask[rows, cols] = 1.0
        mask[rows, w - 1 - cols] = 1.0
    mask[:thickness, :] = mask[-thickness:, :] = 1.0
    mask[:, :thickness] = mask[:, -thickness:] = 1.0
    return mask


def blend_watermark(x, mask, opacity=0.5, value=1.0):
    """Blend a mask (h, w) into images (..., h, w, c): x * (1 - opacity * m) + opacity * m * value."""
    x = np.asarray(x, dtype=np.float32)
    mask = np.asarray(mask, dtype=np.float32)[..., None]
    return (x * (1.0 - opacity * mask) + opacity * mask * value).astype(np.float32)


def add_watermark(x, opacity=0.5, value=1.0):
    """Blend the fixed watermark into every image: x * (1 - opacity * m) + opacity * m * value."""
    x = np.asarray(x, dtype=np.float32)
    return blend_watermark(x, watermark(x.shape[-3:-1]), opacity, value)


def to_grey(rgb):
    """ITU-R BT.601 luma of RGB images (..., 3) -> (..., 1)."""
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (np.asarray(rgb, dtype=np.float32) @ weights)[..., None]


def downsample(x, factor=2):
    """Average-pool (n, h, w, c) images by `factor` along both spatial axes."""
    x = np.asarray(x, dtype=np.float32)
    n, h, w, c = x.shape
    x = x[:, : h - h % factor, : w - w % factor]
    return x.reshape(n, h // factor, factor, w // factor, factor, c).mean(axis=(2, 4))


def upsample_bicubic(x, factor=2):
    """Cubic-spline up-sampling of (n, h, w, c) images by `factor`, clipped to [0, 1]."""
    x = np.asarray(x, dtype=np.float32)
    up = ndimage.zoom(x, (1, factor, factor, 1), order=3, mode="nearest")
    return np.clip(up, 0.0, 1.0)


def median_filter(x, size=3):
    """Per-image, per-channel median filter of (n, h, w, c) images: the classical denoiser."""
    return ndimage.median_filter(np.asarray(x, dtype=np.float32), size=(1, size, size, 1))


def mse(x, y):
    """Mean squared error over all elements, a float."""
    return float(np.mean((np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2))


def psnr(x, y, data_range=1.0):
    """Peak signal-to-noise ratio in dB over all elements: 10 log10(data_range^2 / MSE)."""
    error = mse(x, y)
    return float("inf") if error == 0 else float(10.0 * np.log10(data_range**2 / error))


def ssim(x, y, data_range=1.0):
    """Mean structural similarity of image batches (n, h, w, c), averaged over images."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim == 3:
        x, y = x[None], y[None]
    scores = [
        structural_similarity(a, b, data_range=data_range, channel_axis=-1, win_size=7) for a, b in zip(x, y)
    ]
    return float(np.mean(scores))
