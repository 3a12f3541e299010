# Correct and differently written: other numpy calls for every corruption and the metric, the
# functional API with pooling and up-sampling layers, a colorizer that predicts RGB directly.
import math


def add_gaussian_noise(x, sigma=0.3, seed=0):
    rng = np.random.default_rng(seed)
    noisy = np.asarray(x, dtype=np.float64) + sigma * rng.standard_normal(np.shape(x))
    return np.minimum(np.maximum(noisy, 0.0), 1.0).astype("float32")


def add_salt_and_pepper(x, amount=0.1, seed=0):
    u = np.random.default_rng(seed).uniform(size=np.shape(x))
    out = np.where(u < amount / 2, 0.0, np.asarray(x, dtype=np.float32))
    return np.where((u >= amount / 2) & (u < amount), 1.0, out).astype(np.float32)


def psnr(x, y, data_range=1.0):
    rmse = math.sqrt(float(np.mean(np.square(np.subtract(x, y, dtype=np.float64)))))
    return math.inf if rmse == 0 else 20 * math.log10(data_range / rmse)


def to_grey(rgb):
    return np.einsum("...c,c->...", np.asarray(rgb, dtype=np.float32), [0.299, 0.587, 0.114])[..., np.newaxis]


def downsample(x, factor=2):
    pooled = keras.layers.AveragePooling2D(pool_size=factor)(np.asarray(x, dtype=np.float32))
    return keras.ops.convert_to_numpy(pooled)


def add_watermark(x, mask, opacity=0.5):
    alpha = opacity * np.asarray(mask, dtype=np.float32)[:, :, None]
    return ((1 - alpha) * x + alpha * 1.0).astype(np.float32)


def build_denoiser():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
    x = layers.UpSampling2D(2)(x)
    return keras.Model(inputs, layers.Conv2D(1, 3, padding="same")(x))


def build_colorizer():
    inputs = keras.Input(shape=(16, 16, 1))
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
    return keras.Model(inputs, layers.Conv2D(3, 1)(x))


def build_super_resolver():
    inputs = keras.Input(shape=(14, 14, 1))
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    return keras.Model(inputs, layers.Conv2D(1, 3, padding="same")(x))


def build_watermark_remover():
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(8, 5, padding="same", activation="elu")(inputs)
    return keras.Model(inputs, layers.Conv2D(1, 5, padding="same")(x))
