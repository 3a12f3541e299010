"""The input shape a student's model declares (its `keras.Input`), checked against the shape it must take.

Keras runs a functional model on a batch whose last axis is 1 even when its `keras.Input` declares
another size there, so `keras.Input(shape=(28, 28, 2))` in front of a working encoder gives the right
outputs on every image; only the declared shape (`model.inputs`, what `summary()`, saving and serving
read) is wrong. A subclassed model declares no input and is judged by its outputs alone.
"""

from autograder.checks.kinds import run_beside


def declared_input_shapes(model):
    """[shape without the batch axis] of each input the model declares, or None when it declares none
    (a subclassed model). Runs next to the model."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    return [tuple(None if d is None else int(d) for d in tensor.shape[1:]) for tensor in inputs]


def fits(declared, expected):
    """Whether a declared input shape admits arrays of `expected` shape: the same axes, None for any
    size; or the same without a last axis of size 1 (Keras squeezes it, as for (28, 28) images)."""
    same = len(declared) == len(expected) and all(d is None or d == e for d, e in zip(declared, expected))
    return same or (len(expected) > 1 and expected[-1] == 1 and fits(declared, expected[:-1]))


def assert_declares_input(student, model, expected, what, hint=""):
    """AssertionError if `model` declares an input shape that arrays of shape (n, *expected) do not fit."""
    declared = run_beside(student, declared_input_shapes, model)
    if declared is None:
        return
    expected = tuple(expected)
    assert len(declared) == 1 and fits(declared[0], expected), (
        f"{what} declares the input shape{'s' if len(declared) > 1 else ''} "
        f"{', '.join(str(s) for s in declared)}, expected {expected}" + (f": {hint}" if hint else "")
    )


def assert_autoencoder_declares_inputs(student, models, latent_dim):
    """The inputs an (encoder, decoder, autoencoder) of one-channel 28x28 images declare: images for the
    encoder and the autoencoder, a code of latent_dim values for the decoder."""
    encoder, decoder, autoencoder = models
    image = "declare keras.Input(shape=(28, 28, 1)): the images have one channel"
    code = "declare keras.Input(shape=(latent_dim,))"
    assert_declares_input(student, encoder, (28, 28, 1), "the encoder", image)
    assert_declares_input(student, decoder, (latent_dim,), "the decoder", code)
    assert_declares_input(student, autoencoder, (28, 28, 1), "the autoencoder", image)
