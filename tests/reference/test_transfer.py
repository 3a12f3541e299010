import keras
import numpy as np
import pytest

from reference.autoencoders import build_conv_autoencoder
from reference.transfer import (
    accuracy,
    build_classifier,
    fresh_encoder,
    pretrain,
    train_classifier,
    with_weights,
)


def values(weights):
    return [np.array(keras.ops.convert_to_numpy(w)) for w in weights]


def same(before, weights):
    return all(np.array_equal(b, a) for b, a in zip(before, values(weights)))


@pytest.fixture
def small():
    keras.utils.set_random_seed(0)
    return build_conv_autoencoder(latent_dim=8, filters=(4, 8))


def test_pretrain_trains_the_given_encoder_and_decoder(small, mnist):
    (x_train, _), _ = mnist
    encoder_before, decoder_before = values(small.encoder.weights), values(small.decoder.weights)
    losses = pretrain(small.encoder, small.decoder, x_train[:256], epochs=2, learning_rate=1e-2).history[
        "loss"
    ]
    assert losses[-1] < losses[0], losses
    assert not same(encoder_before, small.encoder.weights) and not same(decoder_before, small.decoder.weights)


def test_classifier_holds_the_encoders_own_weights_and_outputs_probabilities(small):
    classifier = build_classifier(small.encoder, n_classes=3)
    held = {id(w) for w in classifier.weights}
    assert all(id(w) in held for w in small.encoder.weights)
    out = keras.ops.convert_to_numpy(classifier(np.random.default_rng(0).random((4, 28, 28, 1), "float32")))
    assert out.shape == (4, 3) and np.allclose(out.sum(axis=-1), 1.0, atol=1e-5)


def test_frozen_keeps_the_encoder_and_fine_tuning_then_trains_it(small, mnist):
    (x_train, y_train), _ = mnist
    classifier = build_classifier(small.encoder)
    before = values(small.encoder.weights)
    train_classifier(classifier, small.encoder, x_train[:100], y_train[:100], fine_tune=False, epochs=1)
    assert same(before, small.encoder.weights)
    train_classifier(classifier, small.encoder, x_train[:100], y_train[:100], fine_tune=True, epochs=1)
    assert not same(before, small.encoder.weights)


def test_accuracy_is_the_fraction_of_argmax_hits(mnist):
    _, (x_test, _) = mnist
    classifier = build_classifier(fresh_encoder(latent_dim=4))
    predicted = np.argmax(keras.ops.convert_to_numpy(classifier(x_test[:50])), axis=-1)
    assert accuracy(classifier, x_test[:50], predicted) == 1.0
    assert accuracy(classifier, x_test[:50], (predicted + 1) % 10) == 0.0


def test_with_weights_is_a_separate_copy_of_the_values():
    source = fresh_encoder(seed=1)
    copy = with_weights(source.get_weights(), seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(values(source.weights), values(copy.weights)))
    assert not {id(w) for w in source.weights} & {id(w) for w in copy.weights}
