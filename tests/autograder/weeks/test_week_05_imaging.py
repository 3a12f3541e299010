"""Week-specific checks of the 05_imaging autograder: its grade-deciding constants still hold on the
reference networks and baselines. The checks every week shares are in test_weeks.py."""

import keras
import numpy as np
import pytest

from autograder.checks import judge

WEEK = "05_imaging"
# Least distance (dB, SSIM) each threshold keeps from the reference at the grader's seed and from the
# baseline, so that neither a correct network nor the classical method lands near the line.
PSNR_MARGIN, SSIM_MARGIN = 0.6, 0.02


def week_conftest():
    return judge.week_conftest(WEEK)


@pytest.fixture(scope="module")
def conftest():
    return week_conftest()


@pytest.fixture(scope="module")
def colour(conftest):
    return conftest.colour_split()


@pytest.mark.parametrize(
    ("name", "threshold"),
    [
        ("denoiser", "min_denoiser_psnr"),
        ("colorizer", "min_colorizer_psnr"),
        ("super_resolver", "min_super_resolver_psnr"),
        ("watermark_remover", "min_watermark_remover_psnr"),
    ],
)
def test_threshold_sits_between_baseline_and_reference(conftest, mnist, colour, name, threshold):
    """Re-measures what each quality threshold in the week's conftest was derived from."""
    from reference import restoration

    rules = conftest.RULES
    (x_in, x_target), (test_in, test_target) = conftest.task_data(name, mnist, colour)
    keras.utils.set_random_seed(rules.seed)
    model = getattr(restoration, f"build_{name}")()
    budget = (rules.training_epochs, rules.training_batch_size, rules.training_learning_rate)
    restoration.train_restorer(model, x_in, x_target, *budget, seed=rules.seed)
    out = np.clip(keras.ops.convert_to_numpy(model(test_in, training=False)), 0.0, 1.0)
    found = conftest.scores(out, test_target, name)
    base = conftest.scores(conftest.BASELINES[name](test_in), test_target, name)
    line = getattr(rules, threshold)
    assert base["psnr"] + PSNR_MARGIN < line < found["psnr"] - PSNR_MARGIN, (base, line, found)
    if name == "denoiser":
        line = rules.min_denoiser_ssim
        assert base["ssim"] + SSIM_MARGIN < line < found["ssim"] - SSIM_MARGIN, (base, line, found)
