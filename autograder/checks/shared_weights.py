"""Whether an autoencoder shares its encoder's and decoder's weights, told by moving them."""

import numpy as np

from autograder.checks.kinds import run_beside


def nudge_trainable_weights(models, seed):
    """Move every trainable weight of `models` a little, in place (runs next to the models)."""
    import keras

    rng = np.random.default_rng(seed)
    for model in models:
        for weight in model.trainable_weights:
            value = keras.ops.convert_to_numpy(weight)
            weight.assign(value + 0.1 * (np.abs(value) + 0.1) * rng.standard_normal(value.shape))


def assert_shares_weights(student, run, encoder, decoder, autoencoder, x):
    """AssertionError unless autoencoder(x) still equals decoder(encoder(x)) after the encoder's and the
    decoder's weights moved: an autoencoder built from copies of them (or from new layers) does not follow.
    `run(model, x, what)` -> the model's outputs as numpy; the three models have been called once."""
    run_beside(student, nudge_trainable_weights, [encoder, decoder], 1)
    composed = run(decoder, run(encoder, x, "the encoder").astype("float32"), "the decoder")
    found = run(autoencoder, x, "the autoencoder")
    assert found.shape == composed.shape and np.allclose(found, composed, atol=1e-5), (
        "after the encoder's and decoder's weights changed, autoencoder(x) no longer equals "
        "decoder(encoder(x)): build the autoencoder by calling your encoder and decoder models, so that "
        "training it trains them (a copy of their weights does not share them)"
    )
