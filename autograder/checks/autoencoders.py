"""Checks of a builder that returns (encoder, decoder, autoencoder) for one-channel 28 x 28 images.

01's dense and linear autoencoders and 02's conv autoencoder are judged the same way on these points;
`run(model, x, what)` is the week's fixture that returns a student's model's outputs as numpy.
"""

import numpy as np

from autograder.checks.compare import assert_shape
from autograder.checks.kinds import is_instance, type_name
from autograder.checks.shared_weights import assert_shares_weights


def random_images(n, seed):
    """n random float32 images (n, 28, 28, 1) in [0, 1], the same for the same seed."""
    return np.random.default_rng(seed).random((n, 28, 28, 1)).astype("float32")


def three_models(result, builder):
    """What `builder` returned, as (encoder, decoder, autoencoder), checked to be three Keras models."""
    import keras

    assert isinstance(result, (tuple, list)) and len(result) == 3, (
        f"{builder.__name__} returned {type(result).__name__}, expected (encoder, decoder, autoencoder)"
    )
    for part, model in zip(("encoder", "decoder", "autoencoder"), result):
        assert is_instance(model, keras.Model), (
            f"{builder.__name__}'s {part} is a {type_name(model)}, expected a keras.Model"
        )
    return tuple(result)


def assert_codes_have_latent_dim(parts, run, build, latent_dims):
    """The encoder of build(latent_dim) maps 4 images to (4, latent_dim) for each of latent_dims."""
    for latent_dim in latent_dims:
        encoder, _, _ = parts(build, latent_dim)
        code = run(encoder, random_images(4, latent_dim), "the encoder")
        assert_shape(code, (4, latent_dim), "the encoder",
                     "the code layer must have latent_dim units; did you hard-code its size?")  # fmt: skip


def assert_decoder_returns_images(parts, run, build, latent_dim):
    """The decoder of build(latent_dim) maps 4 random codes to (4, 28, 28, 1) images."""
    _, decoder, _ = parts(build, latent_dim)
    codes = np.random.default_rng(0).standard_normal((4, latent_dim)).astype("float32")
    out = run(decoder, codes, "the decoder")
    assert_shape(out, (4, 28, 28, 1), "the decoder", "end with a Reshape((28, 28, 1)) after the Dense(784)")


def assert_decoder_after_encoder(student, run, models, x):
    """autoencoder(x) equals decoder(encoder(x)), and still does once their weights move (shared weights)."""
    encoder, decoder, autoencoder = models
    composed = run(decoder, run(encoder, x, "the encoder").astype("float32"), "the decoder")
    found = run(autoencoder, x, "the autoencoder")
    assert found.shape == composed.shape and np.allclose(found, composed, atol=1e-5), (
        "autoencoder(x) differs from decoder(encoder(x)): build the autoencoder by calling your encoder "
        "and decoder models (so they share weights), not from new layers"
    )
    assert_shares_weights(student, run, encoder, decoder, autoencoder, x)


def autoencoder_mse(run, autoencoder, x, hint):
    """Mean squared error of autoencoder(x) against x; AssertionError with `hint` if the shapes differ."""
    recon = run(autoencoder, x, "your autoencoder")
    assert recon.shape == x.shape, (
        f"your autoencoder returned shape {recon.shape} for images of shape {x.shape}: {hint}"
    )
    return float(np.mean((recon - x) ** 2))
