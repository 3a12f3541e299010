"""pretrain(encoder, decoder, x, ...): trains decoder(encoder(x)) on (x, x), the given models in place."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.kinds import run_beside, type_name
from autograder.checks.models import outputs
from autograder.checks.raised import raised_as_failure
from autograder.checks.seeding import reseed


def reconstruction_mse(student, encoder, decoder, x):
    codes = outputs(student, encoder, x, "the encoder")
    decoded = to_numpy(outputs(student, decoder, codes, "the decoder"), "decoder(encoder(x))")
    return float(np.mean((decoded - x) ** 2))


@pytest.fixture(scope="module")
def pretrained(student, small_autoencoder, mnist, rules, snapshot):
    """(encoder, decoder, history, encoder weights before, decoder weights before, MSE before)."""
    reseed(rules.seed, student)
    (x_train, _), _ = mnist
    x = x_train[: rules.pretrain_check_images]
    encoder, decoder, _ = small_autoencoder()
    mse_before = reconstruction_mse(student, encoder, decoder, x)
    before = snapshot(encoder.weights), snapshot(decoder.weights), mse_before
    with raised_as_failure("pretrain(encoder, decoder, x, ...)"):
        history = student.pretrain(encoder, decoder, x, epochs=2, batch_size=32,
                                   learning_rate=rules.pretrain_check_learning_rate, seed=0)  # fmt: skip
    return encoder, decoder, history, *before


def optimizer_steps(history):
    """How many batches the fit that returned `history` trained on. Runs next to the model."""
    import keras

    return int(keras.ops.convert_to_numpy(history.model.optimizer.iterations))


@pytest.fixture(scope="module")
def still(student, small_autoencoder, mnist, rules, snapshot):
    """pretrain at learning rate 0, one epoch: (History, the MSE and weights of the untouched autoencoder
    on its images, the encoder and decoder). Its loss is then the loss of those very weights."""
    reseed(rules.seed, student)
    (x_train, _), _ = mnist
    x = x_train[: rules.still_check_images]
    encoder, decoder, _ = small_autoencoder()
    mse = reconstruction_mse(student, encoder, decoder, x)
    before = snapshot(encoder.weights) + snapshot(decoder.weights)
    with raised_as_failure("pretrain(encoder, decoder, x, learning_rate=0.0, ...)"):
        history = student.pretrain(encoder, decoder, x, epochs=1, batch_size=rules.still_check_batch_size,
                                   learning_rate=0.0, seed=0)  # fmt: skip
    return history, mse, before, encoder, decoder


@pytest.mark.points(1)
def test_returns_the_history_of_a_falling_loss_and_honours_its_arguments(student, pretrained, still, rules,
                                                                         changed, draws_after,
                                                                         mnist):  # fmt: skip
    history = pretrained[2]
    losses = getattr(history, "history", {}).get("loss")
    assert losses is not None, (
        f"pretrain returned {type_name(history)}, expected what autoencoder.fit(...) returns "
        "(a History with history['loss'])"
    )
    assert len(losses) == 2 and np.all(np.isfinite(losses)), f"pretrain's History holds losses {losses}"
    assert losses[-1] < losses[0], f"the pre-training loss did not fall: {losses}"
    history, _, before, encoder, decoder = still
    expected = -(-rules.still_check_images // rules.still_check_batch_size)
    try:
        steps = run_beside(student, optimizer_steps, history)
    except Exception as err:  # noqa: BLE001 - not fit's History: the test above says so
        raise AssertionError(
            f"pretrain returned {type_name(history)}, expected what autoencoder.fit(...) returns (a History)"
        ) from err
    assert steps == expected, (
        f"pretrain(..., epochs=1, batch_size={rules.still_check_batch_size}) on {rules.still_check_images} "
        f"images trained {steps} batches, expected {expected}: pass batch_size to fit"
    )
    moved = changed(before, list(encoder.weights) + list(decoder.weights))
    assert moved == 0, (
        f"pretrain(..., learning_rate=0.0) changed {moved} weights: compile with "
        "keras.optimizers.Adam(learning_rate), the learning rate you are given"
    )
    x = mnist[0][0][: rules.still_check_batch_size]
    draws = draws_after(lambda seed: student.pretrain(encoder, decoder, x, epochs=1, batch_size=len(x),
                                                      learning_rate=0.0, seed=seed))  # fmt: skip
    assert len(set(draws.values())) == len(draws), (
        f"pretrain(..., seed={rules.check_seeds[0]}) and (..., seed={rules.check_seeds[1]}) leave the "
        "random generators in the same state: seed with keras.utils.set_random_seed(seed), the seed you are "
        "given, not a constant"
    )


@pytest.mark.points(1)
def test_trains_the_given_encoder_and_decoder_in_place(pretrained, changed):
    encoder, decoder, _, encoder_before, decoder_before, _ = pretrained
    assert changed(encoder_before, encoder.weights) == len(encoder_before), (
        "the encoder you were given kept its weights: build the autoencoder from it, "
        "keras.Model(inputs, decoder(encoder(inputs))), rather than from new layers or a copy, and leave "
        "it trainable"
    )
    assert changed(decoder_before, decoder.weights) == len(decoder_before), (
        "the decoder you were given kept its weights: build the autoencoder by calling it on the codes"
    )


@pytest.mark.points(1)
def test_the_encoder_and_decoder_reconstruct_better(student, pretrained, still, mnist, rules):
    encoder, decoder, *_, mse_before = pretrained
    _, (x_test, _) = mnist
    found = reconstruction_mse(student, encoder, decoder, x_test[:256])
    assert found < rules.max_pretrain_check_mse_ratio * mse_before, (
        f"after pre-training, decoder(encoder(x)) has a held-out MSE of {found:.4f} (it was {mse_before:.4f} "
        "before): train the autoencoder on (x, x) with loss='mse'"
    )
    history, mse, *_ = still
    reported = getattr(history, "history", {}).get("loss", [np.nan])[0]
    assert np.isclose(reported, mse, rtol=rules.loss_rtol), (
        f"at learning rate 0, pretrain's loss was {reported:.4f} while the mean squared error of "
        f"decoder(encoder(x)) on those images is {mse:.4f}: compile with loss='mse' (mean squared error), "
        "not binary cross-entropy or another loss"
    )
