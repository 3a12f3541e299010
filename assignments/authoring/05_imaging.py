# %% [markdown]
# # Week 5: practical applications in imaging
#
# The convolutional autoencoders of weeks 2 and 4 learned to copy an image through a narrow code.
# Train the same kind of network on pairs (corrupted image, clean image) instead, and it learns to
# **repair**: this week it removes noise, adds colour to grey patches, doubles the resolution of
# digits and wipes off a watermark. Each network has to beat a classical method that needs no
# training, on images it never saw, measured in **PSNR** (and SSIM for denoising).
#
# You write the corruptions and the metric yourself first, then one small network per task.
#
# **Conventions the grader holds you to** (each docstring repeats its own):
# - Images are float32 numpy arrays in [0, 1] of shape `(n, h, w, c)`: MNIST digits `(n, 28, 28, 1)`,
#   colour patches `(n, 16, 16, 3)` with channels in the order R, G, B.
# - The corruptions return **new float32 arrays of the input's shape** and never change their input;
#   the random ones draw everything from `np.random.default_rng(seed)`, so one seed gives one result.
# - `psnr` returns one Python float in dB: the MSE is taken over **every element of the batch**, and the
#   peak is `data_range` (1 for our images).
# - Every `build_*` function takes no argument and returns a Keras model (Sequential, functional or
#   a subclass of `keras.Model`) from the corrupted images to the repaired ones; a model that declares
#   its input (`keras.Input`) declares the shape its docstring gives. End it with a `Conv2D`
#   **without activation**: the grader trains with MSE, where a sigmoid output saturates, and clips
#   the outputs to [0, 1] before scoring them.
# - The layers each exercise describes are **an example** that works: other filter counts, kernel
#   sizes, activations or depths are fine. The grader checks the output's shape, that it is not
#   squashed into [0, 1], and the held-out PSNR after its own training.
# - The grader trains each of your networks itself: `model.compile(Adam(3e-3), loss="mse")` then
#   `model.fit(x_in, x_target, epochs=2, batch_size=16)` on the first 1,000 bundled MNIST training
#   digits (colour: the first 1,000 patches), with a fixed seed, and scores it on 1,000 held-out
#   images. It corrupts the images with its own copy of each corruption, so a mistake in yours never
#   costs points twice. The notebook's read-only training cells train your networks the same way:
#   where your corrupted training images are exactly the grader's, it scores those networks.
#
# Points: Gaussian noise 2, salt and pepper 2, PSNR 2, denoiser 4, grey level 2, colorizer 3,
# down-sampling 2, super-resolver 3, watermark 2, watermark remover 3 (total 25).

# %% setup
import os

# TensorFlow prints start-up notices on stderr unless both are set before it is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from scipy import ndimage
from skimage.metrics import structural_similarity

from autograder.student import load_color_patches, load_mnist, plot_images

keras.utils.set_random_seed(0)
# The grader's data: 4,000 / 1,000 MNIST digits and 21,899 RGB patches of 16 x 16 pixels.
(x_train, _), (x_test, _) = load_mnist(source="bundled")
patches = load_color_patches(size=16, seed=0)
colour_train, colour_test = patches[:1000], patches[-1000:]
x_train, x_test = x_train[:1000], x_test[:1000]
print("digits", x_train.shape, x_test.shape, "colour patches", colour_train.shape, colour_test.shape)

# %% [markdown]
# ## 1. Gaussian noise
#
# A sensor adds a little random error to every pixel: x + e with e ~ N(0, sigma^2), independently
# for every value. The result can leave [0, 1], so it is clipped back, **after** the noise is added.
#
# **Exercise.** Write `add_gaussian_noise`. Draw the noise from `np.random.default_rng(seed)`.

# %% solution gaussian_noise
def add_gaussian_noise(x, sigma=0.3, seed=0):
    """x + N(0, sigma^2) noise on every element, clipped to [0, 1]: a new float32 array, x's shape.

    sigma is the standard deviation; the same seed always gives the same noise.
    """
    ### BEGIN SOLUTION
    noise = np.random.default_rng(seed).normal(0.0, sigma, size=np.shape(x))
    return np.clip(x + noise, 0.0, 1.0).astype(np.float32)
    ### END SOLUTION

# %% tests test_gaussian_noise
_grey = np.full((500, 10, 10, 1), 0.5, dtype="float32")
_noisy = add_gaussian_noise(_grey, sigma=0.1, seed=0)
assert _noisy.shape == _grey.shape and _noisy.dtype == np.float32, "return a float32 array of x's shape"
assert abs(np.std(_noisy - _grey) - 0.1) < 0.005, f"noise std {np.std(_noisy - _grey):.3f}, expected 0.1"
_bright = add_gaussian_noise(np.full((10, 8, 8, 1), 0.9, dtype="float32"), sigma=0.3, seed=1)
assert 0.0 <= _bright.min() and _bright.max() <= 1.0, "clip to [0, 1] after adding the noise"
print("gaussian noise: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "gaussian_noise", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Salt-and-pepper noise
#
# Dead and stuck pixels: a random fraction `amount` of the values is replaced by 0 (pepper) or 1
# (salt), half of them each; every other value is left exactly as it was.
#
# **Exercise.** Write `add_salt_and_pepper`. Pick each value with probability `amount`
# (`rng.random(x.shape) < amount`), then salt or pepper with probability one half.

# %% solution salt_and_pepper
def add_salt_and_pepper(x, amount=0.1, seed=0):
    """A fraction `amount` of the values set to 0 or 1 (half each), independently per pixel and channel.

    Returns a new float32 array of x's shape; the other values are unchanged; seeded.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    out = np.array(x, dtype=np.float32, copy=True)
    hit = rng.random(out.shape) < amount
    salt = rng.random(out.shape) < 0.5
    out[hit & salt] = 1.0
    out[hit & ~salt] = 0.0
    return out
    ### END SOLUTION

# %% tests test_salt_and_pepper
_peppered = add_salt_and_pepper(_grey, amount=0.2, seed=0)
_changed = np.mean(_peppered != 0.5)
assert abs(_changed - 0.2) < 0.01, f"{_changed:.1%} of the values changed, expected 20%"
assert set(np.unique(_peppered)) <= {0.0, 0.5, 1.0}, "changed values must be exactly 0 or 1"
assert np.all(_grey == 0.5), "add_salt_and_pepper must not change its input"
print("salt and pepper: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "salt_and_pepper", globals())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Measuring a repair: PSNR
#
# The **peak signal-to-noise ratio** compares the error with the largest possible value:
#
# PSNR = 10 log10(data_range^2 / MSE)   (dB),
#
# with the MSE over every value of the batch and `data_range` the span of pixel values (1 here, 255
# for 8-bit images). Higher is better: +3 dB halves the squared error; identical images score
# infinity. SSIM (structural similarity, from scikit-image below) instead compares local means,
# contrasts and correlations; 1 is a perfect match.
#
# **Exercise.** Write `psnr`.

# %% solution psnr
def psnr(x, y, data_range=1.0):
    """Peak signal-to-noise ratio of two image batches of one shape, in dB, as a float.

    10 log10(data_range^2 / MSE) with the MSE over all elements; float("inf") when x equals y.
    """
    ### BEGIN SOLUTION
    error = np.mean((np.asarray(x, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2)
    if error == 0:
        return float("inf")
    return float(10.0 * np.log10(data_range**2 / error))
    ### END SOLUTION

# %% tests test_psnr
_error = psnr(np.zeros((2, 4, 4, 1)), np.full((2, 4, 4, 1), 0.1))
assert isinstance(_error, float), f"psnr returned {type(_error).__name__}, expected a float"
assert abs(_error - 20.0) < 1e-6, f"an error of 0.1 everywhere is 20 dB, psnr returned {_error:.3f}"
print("psnr: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "psnr", globals())
### END HIDDEN TESTS

# %% [markdown]
# Two helpers for the rest of the notebook: SSIM averaged over a batch, and one line of scores.

# %% code
def mean_ssim(x, y):
    """Structural similarity of image batches (n, h, w, c), averaged over the images."""
    scores = [structural_similarity(a, b, data_range=1.0, channel_axis=-1) for a, b in zip(x, y)]
    return float(np.mean(scores))


def report(name, out, target, with_ssim=False):
    """Print one method's held-out PSNR (and SSIM) and return the PSNR."""
    score = psnr(out, target)
    print(f"{name:>28}: PSNR {score:5.2f} dB" + (f", SSIM {mean_ssim(out, target):.3f}" if with_ssim else ""))
    return score

# %% [markdown]
# ## 4. Denoising
#
# The classical denoiser is the **median filter**: every pixel becomes the median of its 3 x 3
# neighbourhood. It removes isolated salt-and-pepper dots well and blurs strokes. Our test set has
# Gaussian noise (sigma 0.3) on its first half and salt and pepper (10%) on its second half; so does
# the training set.

# %% code
def noisy_digits(x, seed):
    """The first half of x with Gaussian noise, the second half with salt and pepper."""
    half = len(x) // 2
    return np.concatenate(
        [add_gaussian_noise(x[:half], 0.3, seed), add_salt_and_pepper(x[half:], 0.1, seed + 1)]
    )


noisy_train, noisy_test = noisy_digits(x_train, 1), noisy_digits(x_test, 2)
median_test = ndimage.median_filter(noisy_test, size=(1, 3, 3, 1))
report("noisy input", noisy_test, x_test, with_ssim=True)
median_psnr = report("3 x 3 median filter", median_test, x_test, with_ssim=True)

# %% [markdown]
# **Exercise.** Build a denoising autoencoder: `Conv2D(16, 3, strides=2)` and `Conv2D(32, 3,
# strides=2)` with relu and `padding="same"` (28 -> 14 -> 7), then `Conv2DTranspose(32, 3,
# strides=2)` and `Conv2DTranspose(16, 3, strides=2)` back up (7 -> 14 -> 28), and a last
# `Conv2D(1, 3, padding="same")` without activation. There is no dense code: the 7 x 7 maps are the
# bottleneck. (These layer sizes and activations are an example, as everywhere this week.)

# %% solution denoiser
def build_denoiser():
    """Keras model: noisy digits (n, 28, 28, 1) -> denoised digits (n, 28, 28, 1).

    Strided Conv2D layers down, Conv2DTranspose layers back up, a last Conv2D with one filter and no
    activation.
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ],
        name="denoiser",
    )
    ### END SOLUTION

# %% [markdown]
# Training with the grader's budget (a few seconds), then the held-out scores. `train` seeds, builds
# and fits a model as the grader does; `restore` calls the model directly, a batch at a time, and
# clips its outputs to [0, 1], as the grader does. The cells that train the four networks are
# read-only: when your corrupted training images are exactly the grader's, the grader scores the
# network these cells trained (otherwise it trains one on its own corrupted images).

# %% readonly train_denoiser
def train(build, x_in, x_target):
    """Seed, build a model with build() and fit model(x_in) ~ x_target as the grader does: the model
    and its per-epoch losses."""
    keras.utils.set_random_seed(0)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
    return model, model.fit(x_in, x_target, epochs=2, batch_size=16, verbose=0).history["loss"]


def restore(model, x, batch_size=256):
    """The model's outputs for x, computed batch_size images at a time, as numpy clipped to [0, 1]."""
    batches = [model(x[i : i + batch_size], training=False) for i in range(0, len(x), batch_size)]
    return np.clip(np.concatenate([keras.ops.convert_to_numpy(b) for b in batches]), 0.0, 1.0)


denoiser, denoiser_losses = train(build_denoiser, noisy_train, x_train)
denoised_test = restore(denoiser, noisy_test)
denoiser_psnr = report("denoising autoencoder", denoised_test, x_test, with_ssim=True)
for name, rows in [("Gaussian", slice(0, 500)), ("salt and pepper", slice(500, None))]:
    print(f"  {name}: median {psnr(median_test[rows], x_test[rows]):.2f} dB, "
          f"autoencoder {psnr(denoised_test[rows], x_test[rows]):.2f} dB")  # fmt: skip

# %% tests test_denoiser
assert tuple(denoised_test.shape) == (1000, 28, 28, 1), "the denoiser must map (n, 28, 28, 1) to itself"
assert denoiser_psnr > median_psnr, (
    f"the denoiser reaches {denoiser_psnr:.2f} dB, the median filter {median_psnr:.2f} dB: check the layers"
)
print("denoiser: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "denoiser", globals())
### END HIDDEN TESTS

# %% code
_cases = np.r_[0:5, 500:505]
plot_images(
    [noisy_test[_cases], median_test[_cases], denoised_test[_cases], x_test[_cases]],
    row_labels=["input", "median", "output", "target"],
)
plt.suptitle("Denoising held-out digits: Gaussian noise (left five), salt and pepper (right five)")
plt.show()

# %% [markdown]
# ## 5. Colorization from the grey level
#
# A grey image keeps the **luma** of a colour one, the brightness the eye weighs most in green:
#
# grey = 0.299 R + 0.587 G + 0.114 B   (ITU-R BT.601).
#
# **Exercise.** Write `to_grey`. The channels are in the order R, G, B.

# %% solution to_grey
def to_grey(rgb):
    """Luma of RGB images: (..., 3) -> (..., 1) floats (float32 or float64), 0.299 R + 0.587 G + 0.114 B."""
    ### BEGIN SOLUTION
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (np.asarray(rgb, dtype=np.float32) @ weights)[..., None]
    ### END SOLUTION

# %% tests test_to_grey
_pure = np.eye(3, dtype="float32").reshape(1, 1, 3, 3)  # one red, one green, one blue pixel
_luma = to_grey(_pure)
assert _luma.shape == (1, 1, 3, 1), f"to_grey returned shape {_luma.shape}, expected (1, 1, 3, 1)"
assert np.allclose(_luma.ravel(), [0.299, 0.587, 0.114]), f"red, green, blue gave {_luma.ravel()}"
print("to_grey: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "to_grey", globals())
### END HIDDEN TESTS

# %% [markdown]
# The baseline copies the grey level into all three channels. A network can do better only by
# learning which colours go with which textures and brightnesses in these photos.
#
# **Exercise.** Build a colorizer that predicts a correction to that baseline, for example: from the
# grey input, `Conv2D(16, 3)` twice with relu and `padding="same"`, then `Conv2D(3, 3,
# padding="same")` without activation, added (`layers.Add`) to the grey copied three times
# (`layers.Concatenate` of the input with itself, three times). The functional API suits this best
# (`keras.Input`, then `keras.Model(inputs, outputs)`; a subclass of `keras.Model` is fine too).
# Training then starts from the baseline instead of from a random image.

# %% solution colorizer
def build_colorizer():
    """Keras model: grey patches (n, 16, 16, 1) -> RGB patches (n, 16, 16, 3), channels R, G, B.

    For example the grey copied into three channels plus a correction from Conv2D layers, the last
    without activation.
    """
    ### BEGIN SOLUTION
    grey = keras.Input(shape=(16, 16, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(grey)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    correction = layers.Conv2D(3, 3, padding="same")(x)
    copied = layers.Concatenate()([grey, grey, grey])
    return keras.Model(grey, layers.Add()([copied, correction]), name="colorizer")
    ### END SOLUTION

# %% readonly train_colorizer
grey_train, grey_test = to_grey(colour_train), to_grey(colour_test)
grey_copy_psnr = report("grey copied into RGB", np.repeat(grey_test, 3, axis=-1), colour_test)
colorizer, colorizer_losses = train(build_colorizer, grey_train, colour_train)
coloured_test = restore(colorizer, grey_test)
colorizer_psnr = report("colorizer", coloured_test, colour_test)

# %% tests test_colorizer
assert tuple(coloured_test.shape) == (1000, 16, 16, 3), "map (n, 16, 16, 1) to (n, 16, 16, 3)"
assert colorizer_psnr > grey_copy_psnr, (
    f"the colorizer reaches {colorizer_psnr:.2f} dB, the grey copy {grey_copy_psnr:.2f} dB: check the layers"
)
print("colorizer: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "colorizer", globals())
### END HIDDEN TESTS

# %% code
plot_images(
    [np.repeat(grey_test[:10], 3, axis=-1), coloured_test[:10], colour_test[:10]],
    row_labels=["input", "output", "target"],
)
plt.suptitle("Colorizing held-out 16 x 16 patches from their grey level")
plt.show()

# %% [markdown]
# ## 6. Super-resolution
#
# A camera with half the resolution records, for each 2 x 2 block of the scene, about its mean.
#
# **Exercise.** Write `downsample`: the mean of each `factor x factor` block of pixels, per image and
# per channel (`reshape` to `(n, h / factor, factor, w / factor, factor, c)` and average two axes).

# %% solution downsample
def downsample(x, factor=2):
    """Block means of images: (n, h, w, c) -> (n, h // factor, w // factor, c) float32.

    h and w are multiples of factor.
    """
    ### BEGIN SOLUTION
    n, h, w, c = np.shape(x)
    blocks = np.asarray(x, dtype=np.float32).reshape(n, h // factor, factor, w // factor, factor, c)
    return blocks.mean(axis=(2, 4))
    ### END SOLUTION

# %% tests test_downsample
_small = downsample(np.arange(16, dtype="float32").reshape(1, 4, 4, 1))
assert _small.shape == (1, 2, 2, 1), f"downsample returned shape {_small.shape}, expected (1, 2, 2, 1)"
assert np.allclose(_small.ravel(), [2.5, 4.5, 10.5, 12.5]), f"block means {_small.ravel()}, expected 2.5, ..."
print("downsample: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "downsample", globals())
### END HIDDEN TESTS

# %% [markdown]
# The classical answer is **bicubic** interpolation: a smooth cubic curve through the known pixels.
#
# **Exercise.** Build a super-resolver, for example: `UpSampling2D(2, interpolation="bilinear")` to
# 28 x 28, then `Conv2D(16, 3)` twice with relu and `padding="same"`, and `Conv2D(1, 3,
# padding="same")` without activation. (`Conv2DTranspose(strides=2)` can do the up-sampling instead.)

# %% solution super_resolver
def build_super_resolver():
    """Keras model: low-resolution digits (n, 14, 14, 1) -> (n, 28, 28, 1).

    Up-sampling by 2, then Conv2D layers, the last with one filter and no activation.
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(14, 14, 1)),
            layers.UpSampling2D(2, interpolation="bilinear"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ],
        name="super_resolver",
    )
    ### END SOLUTION

# %% readonly train_super_resolver
small_train, small_test = downsample(x_train), downsample(x_test)
bicubic_test = np.clip(ndimage.zoom(small_test, (1, 2, 2, 1), order=3, mode="nearest"), 0.0, 1.0)
bicubic_psnr = report("bicubic up-sampling", bicubic_test, x_test)
super_resolver, super_resolver_losses = train(build_super_resolver, small_train, x_train)
sharp_test = restore(super_resolver, small_test)
super_resolver_psnr = report("super-resolver", sharp_test, x_test)

# %% tests test_super_resolver
assert tuple(sharp_test.shape) == (1000, 28, 28, 1), "map (n, 14, 14, 1) to (n, 28, 28, 1)"
assert super_resolver_psnr > bicubic_psnr, (
    f"the super-resolver reaches {super_resolver_psnr:.2f} dB, bicubic {bicubic_psnr:.2f} dB"
)
print("super-resolver: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "super_resolver", globals())
### END HIDDEN TESTS

# %% code
plot_images(
    [small_test[:10], bicubic_test[:10], sharp_test[:10], x_test[:10]],
    row_labels=["input 14x14", "bicubic", "output", "target"],
)
plt.suptitle("Doubling the resolution of held-out digits")
plt.show()

# %% [markdown]
# ## 7. Watermark removal
#
# A watermark is a fixed mask `m` (1 on the mark, 0 elsewhere) blended into every image in white:
#
# marked = x (1 - opacity m) + opacity m.
#
# Where `m` is 1 the image fades to `1 - opacity` of its value and the white mark shows through;
# elsewhere it is untouched. Ours is an X and a frame, 2 pixels wide.

# %% code
WATERMARK = np.zeros((28, 28), dtype="float32")
_rows = np.arange(28)
for _offset in range(2):
    _cols = np.clip(_rows + _offset, 0, 27)
    WATERMARK[_rows, _cols] = WATERMARK[_rows, 27 - _cols] = 1.0
WATERMARK[:2] = WATERMARK[-2:] = WATERMARK[:, :2] = WATERMARK[:, -2:] = 1.0

# %% [markdown]
# **Exercise.** Write `add_watermark`. The mask `(h, w)` applies to every image and every channel:
# `mask[..., None]` broadcasts it over the channel axis.

# %% solution watermark
def add_watermark(x, mask, opacity=0.5):
    """Blend a white mask (h, w) into images (n, h, w, c): x (1 - opacity m) + opacity m, float32."""
    ### BEGIN SOLUTION
    m = np.asarray(mask, dtype=np.float32)[..., None]
    return (np.asarray(x, dtype=np.float32) * (1.0 - opacity * m) + opacity * m).astype(np.float32)
    ### END SOLUTION

# %% tests test_watermark
_marked = add_watermark(np.zeros((2, 28, 28, 1), dtype="float32"), WATERMARK, opacity=0.5)
assert _marked.shape == (2, 28, 28, 1), f"add_watermark returned shape {_marked.shape}, not (2, 28, 28, 1)"
assert np.allclose(_marked[0, :, :, 0], 0.5 * WATERMARK), "on a black image the mark must show at 0.5"
_marked = add_watermark(np.ones((1, 28, 28, 1), dtype="float32"), WATERMARK, opacity=0.5)
assert np.allclose(_marked, 1.0), "on a white image a white mark changes nothing: fade x under the mark"
print("add_watermark: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "watermark", globals())
### END HIDDEN TESTS

# %% [markdown]
# The baseline keeps the watermarked image as it is. The mark is always in the same place, so a
# network can learn where it is and how to undo the blend.
#
# **Exercise.** Build a watermark remover, for example: `Conv2D(16, 3)` twice with relu and
# `padding="same"`, at full resolution, then `Conv2D(1, 3, padding="same")` without activation.

# %% solution watermark_remover
def build_watermark_remover():
    """Keras model: watermarked digits (n, 28, 28, 1) -> clean digits (n, 28, 28, 1).

    Conv2D layers with padding="same", the last with one filter and no activation.
    """
    ### BEGIN SOLUTION
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ],
        name="watermark_remover",
    )
    ### END SOLUTION

# %% readonly train_watermark_remover
marked_train = add_watermark(x_train, WATERMARK)
marked_test = add_watermark(x_test, WATERMARK)
marked_psnr = report("watermarked input", marked_test, x_test)
watermark_remover, watermark_remover_losses = train(build_watermark_remover, marked_train, x_train)
unmarked_test = restore(watermark_remover, marked_test)
watermark_remover_psnr = report("watermark remover", unmarked_test, x_test)

# %% tests test_watermark_remover
assert tuple(unmarked_test.shape) == (1000, 28, 28, 1), "the remover must map (n, 28, 28, 1) to itself"
assert watermark_remover_psnr > marked_psnr, (
    f"the remover reaches {watermark_remover_psnr:.2f} dB, the marked input {marked_psnr:.2f} dB"
)
print("watermark remover: visible tests passed")
### BEGIN HIDDEN TESTS
from autograder.checks.judge import judge

judge("05_imaging", "watermark_remover", globals())
### END HIDDEN TESTS

# %% code
plot_images(
    [marked_test[:10], unmarked_test[:10], x_test[:10]],
    row_labels=["input", "output", "target"],
)
plt.suptitle("Removing a fixed watermark from held-out digits")
plt.show()

# %% [markdown]
# ## 8. What was learned
#
# Each network beat its classical method after 126 small training steps; the table sums it up.

# %% code
fig, ax = plt.subplots(figsize=(7, 3))
tasks = ["denoising", "colorization", "super-resolution", "watermark"]
classical = [median_psnr, grey_copy_psnr, bicubic_psnr, marked_psnr]
learned = [denoiser_psnr, colorizer_psnr, super_resolver_psnr, watermark_remover_psnr]
positions = np.arange(len(tasks))
ax.bar(positions - 0.2, classical, width=0.4, label="classical baseline")
ax.bar(positions + 0.2, learned, width=0.4, label="your network")
ax.set(xticks=positions, xticklabels=tasks, ylabel="held-out PSNR (dB)", title="Networks against baselines")
ax.legend()
plt.show()

# %% [markdown]
# ## 9. Your turn
#
# The denoiser wins clearly on Gaussian noise but only just on salt and pepper, where the median
# filter is at its best: train one network per noise type and compare. Our held-out patches overlap
# training ones (they lie on a grid with stride 8): does the colorizer still beat the grey copy on a
# photo it never saw? Replace the super-resolver's input by the bicubic image and let the network
# predict only the difference. Write two or three sentences below (not graded).

# %% code
# Your experiment here.
