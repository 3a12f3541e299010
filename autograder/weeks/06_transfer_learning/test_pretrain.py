"""pretrain(encoder, decoder, x, ...): trains decoder(encoder(x)) on (x, x), the given models in place."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.kinds import type_name
from autograder.checks.models import outputs
from autograder.checks.seeding import reseed


def reconstruction_mse(student, encoder, decoder, x):
    codes = outputs(student, encoder, x, "the encoder")
    decoded = to_numpy(outputs(student, decoder, codes, "the decoder"), "decoder(encoder(x))")
    return float(np.mean((decoded - x) ** 2))


@pytest.fixture(scope="module")
def pretrained(student, small_autoencoder, mnist, limits, snapshot):
    """(encoder, decoder, history, encoder weights before, decoder weights before, MSE before)."""
    reseed(limits.seed, student)
    (x_train, _), _ = mnist
    x = x_train[: limits.pretrain_check_images]
    encoder, decoder, _ = small_autoencoder()
    mse_before = reconstruction_mse(student, encoder, decoder, x)
    before = snapshot(encoder.weights), snapshot(decoder.weights), mse_before
    try:
        history = student.pretrain(
            encoder,
            decoder,
            x,
            epochs=2,
            batch_size=32,
            learning_rate=limits.pretrain_check_learning_rate,
            seed=0,
        )
    except Exception as err:  # noqa: BLE001 - any failure here is the student's pretrain
        text = str(err).strip().splitlines()[0][:200] if str(err).strip() else "no message"
        raise AssertionError(
            f"pretrain(encoder, decoder, x, ...) raised {type(err).__name__}: {text}"
        ) from err
    return encoder, decoder, history, *before


@pytest.mark.points(1)
def test_returns_the_history_of_a_falling_loss(pretrained):
    history = pretrained[2]
    losses = getattr(history, "history", {}).get("loss")
    assert losses is not None, (
        f"pretrain returned {type_name(history)}, expected what autoencoder.fit(...) returns "
        "(a History with history['loss'])"
    )
    assert len(losses) == 2 and np.all(np.isfinite(losses)), f"pretrain's History holds losses {losses}"
    assert losses[-1] < losses[0], f"the pre-training loss did not fall: {losses}"


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
def test_the_encoder_and_decoder_reconstruct_better(student, pretrained, mnist, limits):
    encoder, decoder, *_, mse_before = pretrained
    _, (x_test, _) = mnist
    found = reconstruction_mse(student, encoder, decoder, x_test[:256])
    assert found < limits.max_pretrain_check_mse_ratio * mse_before, (
        f"after pre-training, decoder(encoder(x)) has a held-out MSE of {found:.4f} (it was {mse_before:.4f} "
        "before): train the autoencoder on (x, x) with loss='mse'"
    )
