"""The 05_imaging autograder's fixtures; RULES (grade-deciding constants) come from rules.toml."""

import functools
from pathlib import Path

import keras
import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.cache import memo, persisted
from autograder.checks.datasets import bundled_mnist
from autograder.checks.input_shapes import assert_declares_input
from autograder.checks.kinds import is_instance, type_name
from autograder.checks.models import outputs
from autograder.checks.raised import first_line, raised_as_failure
from autograder.checks.seeding import reseed
from autograder.checks.training import left_by_the_notebook, same_values
from autograder.week import load_rules
from reference import imaging

RULES = load_rules(Path(__file__).parent)  # rules.toml: each constant with its derivation


@pytest.fixture(scope="session")
def rules():
    return RULES




def colour_split():
    """(train, held_out) RGB patches (1000, 16, 16, 3) each, from the shuffled bundled photos."""
    from autograder.student import load_color_patches

    patches = load_color_patches(size=RULES.colour_patch_size, seed=RULES.seed)
    return patches[: RULES.training_images], patches[-RULES.held_out_images :]


def noisy_mnist(x, seed):
    """The first half of x with Gaussian noise, the second half with salt and pepper."""
    half = len(x) // 2
    return np.concatenate(
        [
            imaging.add_gaussian_noise(x[:half], RULES.gaussian_sigma, seed),
            imaging.add_salt_and_pepper(x[half:], RULES.salt_and_pepper_amount, seed + 1),
        ]
    )


def task_data(name, mnist, colour_patches):
    """((x_in, x_target) to train on, (x_in, x_target) held out) for one restoration task."""
    (x_train, _), (x_test, _) = mnist
    x_train, x_test = x_train[: RULES.training_images], x_test[: RULES.held_out_images]
    if name == "denoiser":
        return (noisy_mnist(x_train, 1), x_train), (noisy_mnist(x_test, 2), x_test)
    if name == "colorizer":
        train, held_out = colour_patches
        return (imaging.to_grey(train), train), (imaging.to_grey(held_out), held_out)
    if name == "super_resolver":
        return (imaging.downsample(x_train), x_train), (imaging.downsample(x_test), x_test)
    if name == "watermark_remover":
        mark = RULES.watermark_opacity
        return (imaging.add_watermark(x_train, mark), x_train), (imaging.add_watermark(x_test, mark), x_test)
    raise ValueError(name)


# The classical method each network must beat, applied to the held-out inputs.
BASELINES = {
    "denoiser": imaging.median_filter,
    "colorizer": lambda grey: np.repeat(grey, 3, axis=-1),
    "super_resolver": imaging.upsample_bicubic,
    "watermark_remover": lambda marked: marked,
}


def scores(out, target, name):
    """{"psnr": dB} of outputs against targets, with "ssim" for the denoiser."""
    found = {"psnr": imaging.psnr(out, target)}
    if name == "denoiser":
        found["ssim"] = imaging.ssim(out, target)
    return found


def task_of(name):
    """task_data of one task on the bundled data, computed once per process."""
    colour = memo("05-colour-patches", colour_split) if name == "colorizer" else None
    return memo(f"05-task-{name}", lambda: task_data(name, bundled_mnist(), colour))


def measure_baseline(name):
    """{"psnr": dB, "ssim": ...} of the classical method on the task's held-out inputs."""
    _, (x_in, x_target) = task_of(name)
    return scores(BASELINES[name](x_in), x_target, name)


# One persisted value per task: vaelab grade measures them once per batch.
BASELINE = {
    name: persisted(f"05-baseline-{name}")(functools.partial(measure_baseline, name)) for name in BASELINES
}


@pytest.fixture(scope="session")
def task():
    """task(name) -> ((x_in, x_target) to train on, (x_in, x_target) held out)."""
    return task_of


@pytest.fixture(scope="session")
def baseline():
    """baseline(name) -> {"psnr": dB, "ssim": ...} of the classical method on the held-out inputs."""
    return lambda name: BASELINE[name]()


def build_model(function):
    """The keras.Model a student's builder returns; AssertionError naming the builder if not."""
    with raised_as_failure(f"{function.__name__}()"):
        model = function()
    assert is_instance(model, keras.Model), (
        f"{function.__name__}() returned {type_name(model)}, expected a keras.Model "
        "(keras.Sequential([...]) or keras.Model(inputs, outputs))"
    )
    return model


def apply(student, model, x, what):
    """model(x, training=False) as numpy, a batch at a time (predict() retraces per model and warns on
    stderr)."""
    hint = "check its keras.Input shape"
    return to_numpy(outputs(student, model, x, what, hint, training=False), what)


# Where each task's read-only training cell in the notebook leaves its model, its per-epoch losses, and
# the training inputs and targets it fit: the grader's own training when those are the grader's data.
NOTEBOOK_TRAINING = {
    "denoiser": ("denoiser", "denoiser_losses", "noisy_train", "x_train"),
    "colorizer": ("colorizer", "colorizer_losses", "grey_train", "colour_train"),
    "super_resolver": ("super_resolver", "super_resolver_losses", "small_train", "x_train"),
    "watermark_remover": ("watermark_remover", "watermark_remover_losses", "marked_train", "x_train"),
}


def trained_by_the_notebook(student, name, x_in, x_target):
    """The model the notebook's training cell fit on exactly (x_in, x_target) with the grader's budget."""
    left = left_by_the_notebook(student, *NOTEBOOK_TRAINING[name])
    if left is None:
        return None
    model, losses, inputs, targets = left
    trained = is_instance(model, keras.Model) and len(losses) == RULES.training_epochs
    if trained and same_values(student, inputs, x_in) and same_values(student, targets, x_target):
        return model
    return None


@pytest.fixture(scope="session")
def shape_check(student):
    """shape_check(builder, image_shape, expected_image_shape, hint): the model declares image_shape as its
    input (if it declares one), maps a batch of 3 random such images to 3 of expected_image_shape, and its
    output is not squashed into [0, 1] (the stated last Conv2D without activation)."""

    def check(function, image_shape, expected_image_shape, hint):
        x_in = np.random.default_rng(0).random((3, *image_shape)).astype("float32")
        expected = (3, *expected_image_shape)
        model = build_model(function)
        shape = tuple(x_in.shape[1:])
        assert_declares_input(student, model, shape, f"the model from {function.__name__}()",
                              f"declare keras.Input(shape={shape}), the images it takes")  # fmt: skip
        out = apply(student, model, x_in, f"the model from {function.__name__}()")
        assert out.shape == tuple(expected), (
            f"the model from {function.__name__}() returned shape {out.shape} for inputs of shape "
            f"{x_in.shape}, expected {tuple(expected)}: {hint}"
        )
        # A last Conv2D without activation can leave [0, 1]; a sigmoid, a relu or a clip cannot go below
        # 0 or beyond 1 whatever the input. Inputs in [-2, 2] make a linear (or residual) output leave
        # [0, 1] even at initialisation, whatever its weights.
        wide = apply(student, model, 4.0 * x_in - 2.0, f"the model from {function.__name__}()")
        assert wide.min() < 0.0 or wide.max() > 1.0, (
            f"the model from {function.__name__}() keeps its outputs in [{wide.min():.3g}, {wide.max():.3g}] "
            "even for inputs in [-2, 2]: end it with a Conv2D without activation (no sigmoid, relu or "
            "clipping); the grader trains it with MSE and clips the outputs to [0, 1] itself"
        )

    return check


@pytest.fixture(scope="session")
def trained_scores(student, task):
    """trained_scores(builder, name) -> {"psnr", "ssim"} of the student's network on held-out images,
    after the grader's fixed training budget: the one the notebook's training cell did on the grader's
    data, or the same training done here; trained once per question."""
    found = {}

    def train_and_score(function, name):
        if name in found:
            return found[name]
        (x_in, x_target), (test_in, test_target) = task(name)
        model = trained_by_the_notebook(student, name, x_in, x_target)
        if model is None:
            model = train_here(student, function, x_in, x_target)
        out = np.clip(apply(student, model, test_in, f"the model from {function.__name__}()"), 0.0, 1.0)
        assert out.shape == test_target.shape, (
            f"the model from {function.__name__}() returned shape {out.shape}, expected {test_target.shape}"
        )
        collapsed = float(np.std(out)) < RULES.collapsed_output_std
        found[name] = {**scores(out, test_target, name), "collapsed": collapsed}
        return found[name]

    return train_and_score


def train_here(student, function, x_in, x_target):
    """The graded training done by the grader (seeded, built with function(), compiled, fit): the model.
    The notebook's read-only training cells do the same."""
    reseed(RULES.seed, student)
    model = build_model(function)
    model.compile(optimizer=keras.optimizers.Adam(RULES.training_learning_rate), loss="mse")
    try:
        model.fit(x_in, x_target, epochs=RULES.training_epochs, batch_size=RULES.training_batch_size,
                  verbose=0, shuffle=True)  # fmt: skip
    except Exception as err:  # noqa: BLE001 - any failure here is the student's model
        raise AssertionError(
            f"training the model from {function.__name__}() on inputs {x_in.shape} and targets "
            f"{x_target.shape} failed ({type(err).__name__}): {first_line(err)}"
        ) from err
    return model


def _quality_message(function, found, threshold, baseline, what, metric):
    """The failure message of a quality check: found, expected, the baseline, the likely mistake."""
    unit = " dB" if metric == "PSNR" else ""
    budget = (f"{RULES.training_epochs} epochs, batch {RULES.training_batch_size}, "
              f"Adam {RULES.training_learning_rate:g}, MSE")  # fmt: skip
    hint = "check the architecture against the section's description"
    if found.get("collapsed"):
        hint = ("its outputs are almost the same image whatever the input: with an MSE loss a sigmoid "
                "last layer saturates here; end with a Conv2D without activation")  # fmt: skip
    value = found["psnr"] if metric == "PSNR" else found["ssim"]
    return (
        f"after the grader's training ({budget}) the model from {function.__name__}() reaches a held-out "
        f"{metric} of {value:.3g}{unit}, expected at least {threshold:g}{unit}; {what} gives "
        f"{baseline:.3g}{unit}: {hint}"
    )


@pytest.fixture(scope="session")
def quality_check(trained_scores, baseline):
    """quality_check(builder, name, minimum, what, metric="PSNR"): after the grader's training the network
    reaches at least max(minimum, the classical baseline's score) on the held-out images; `what` names the
    baseline for the failure message."""

    def check(function, name, minimum, what, metric="PSNR"):
        key = metric.lower()
        found = trained_scores(function, name)
        base = baseline(name)[key]
        threshold = max(minimum, base)
        assert found[key] >= threshold, _quality_message(function, found, threshold, base, what, metric)

    return check
