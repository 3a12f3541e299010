# Correct and differently written: float32 arithmetic and skimage for the metric, a boolean-mask
# watermark, skimage's block_reduce for down-sampling, and networks that learn a residual.
from skimage.measure import block_reduce
from skimage.metrics import peak_signal_noise_ratio


def add_gaussian_noise(x, sigma=0.3, seed=0):
    generator = np.random.Generator(np.random.PCG64(seed))
    return np.clip(x + generator.normal(scale=sigma, size=x.shape).astype("float32"), 0, 1).astype("float32")


def add_salt_and_pepper(x, amount=0.1, seed=0):
    rng = np.random.default_rng(seed)
    out = x.astype(np.float32)  # astype copies
    hit = rng.random(x.shape) < amount
    out[hit] = rng.integers(0, 2, size=int(hit.sum())).astype(np.float32)
    return out


def psnr(x, y, data_range=1.0):
    if np.array_equal(x, y):
        return float("inf")
    return float(peak_signal_noise_ratio(np.asarray(y, np.float64), np.asarray(x, np.float64), data_range=data_range))


def to_grey(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return np.stack([0.299 * r + 0.587 * g + 0.114 * b], axis=-1).astype(np.float32)


def downsample(x, factor=2):
    return block_reduce(x, (1, factor, factor, 1), np.mean).astype(np.float32)


def add_watermark(x, mask, opacity=0.5):
    on = np.asarray(mask).astype(bool)[..., None]
    return np.where(on, x * (1 - opacity) + opacity, x).astype(np.float32)


def build_denoiser():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ]
    )


def build_colorizer():
    inputs = keras.Input(shape=(16, 16, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    return keras.Model(inputs, layers.Add()([layers.Concatenate()([inputs] * 3), layers.Conv2D(3, 3, padding="same")(x)]))


def build_super_resolver():
    inputs = keras.Input(shape=(14, 14, 1))
    up = layers.UpSampling2D(2, interpolation="nearest")(inputs)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(up)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    return keras.Model(inputs, layers.Add()([up, layers.Conv2D(1, 3, padding="same")(x)]))


def build_watermark_remover():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ]
    )
