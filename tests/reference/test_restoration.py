import keras
import numpy as np
import pytest

from reference import imaging, restoration


@pytest.mark.parametrize(
    ("build", "in_shape", "out_shape"),
    [
        (restoration.build_denoiser, (28, 28, 1), (28, 28, 1)),
        (restoration.build_colorizer, (16, 16, 1), (16, 16, 3)),
        (restoration.build_super_resolver, (14, 14, 1), (28, 28, 1)),
        (restoration.build_watermark_remover, (28, 28, 1), (28, 28, 1)),
    ],
)
def test_builders_map_corrupted_to_repaired_shapes(build, in_shape, out_shape):
    x = np.random.default_rng(0).random((2, *in_shape)).astype("float32")
    assert tuple(build()(x).shape) == (2, *out_shape)


def test_untrained_colorizer_is_near_the_grey_copy():
    keras.utils.set_random_seed(0)
    grey = np.random.default_rng(0).random((4, 16, 16, 1)).astype("float32")
    out = keras.ops.convert_to_numpy(restoration.build_colorizer()(grey))
    # The correction branch starts small, so training starts from the baseline.
    assert imaging.psnr(out, np.repeat(grey, 3, axis=-1)) > 15.0


def test_training_lowers_the_loss_on_a_tiny_task():
    x = np.random.default_rng(0).random((64, 28, 28, 1)).astype("float32")
    model = restoration.build_watermark_remover()
    losses = restoration.train_restorer(model, imaging.add_watermark(x), x, epochs=3, seed=0).history["loss"]
    assert losses[-1] < losses[0]
