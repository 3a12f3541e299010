"""train_classifier(classifier, encoder, x, y, fine_tune, ...): frozen means the encoder stays put."""

import numpy as np
import pytest

from autograder.checks.kinds import placed, type_name


@pytest.fixture
def setup(student, small_autoencoder, classifier_of, labelled):
    """(classifier, encoder, x, y, encoder weights, head weights) with a small random encoder."""
    encoder = small_autoencoder().encoder
    classifier = classifier_of(encoder)
    encoder_ids = {id(w) for w in placed(student, encoder).weights}  # the encoder as the classifier has it
    head = [w for w in classifier.weights if id(w) not in encoder_ids]
    return classifier, encoder, *labelled, list(encoder.weights), head


@pytest.mark.points(2)
def test_frozen_training_keeps_the_encoder_and_trains_the_head(setup, train, snapshot, changed):
    classifier, encoder, x, y, encoder_weights, head = setup
    encoder_before, head_before = snapshot(encoder_weights), snapshot(head)
    train(classifier, encoder, x, y, fine_tune=False, epochs=2)
    moved = changed(encoder_before, encoder_weights)
    assert moved == 0, (
        f"with fine_tune=False, {moved} of the encoder's {len(encoder_weights)} weights changed during fit: "
        "set encoder.trainable = False, then compile, before fit (Keras reads which weights train when it "
        "first trains after a compile)"
    )
    assert changed(head_before, head) > 0, (
        "with fine_tune=False, the classifier's head did not train: freeze the encoder only "
        "(encoder.trainable = False), not the whole classifier"
    )


@pytest.mark.points(2)
def test_fine_tuning_after_freezing_trains_the_encoder(setup, train, snapshot, changed):
    classifier, encoder, x, y, encoder_weights, _ = setup
    train(classifier, encoder, x, y, fine_tune=False, epochs=1)
    before = snapshot(encoder_weights)
    train(classifier, encoder, x, y, fine_tune=True, epochs=1, learning_rate=1e-3)
    assert changed(before, encoder_weights) > 0, (
        "with fine_tune=True after a frozen round, the encoder's weights did not change: set "
        "encoder.trainable = True and compile again before fit (a model keeps the trainable weights it had "
        "when it was compiled and first trained)"
    )


@pytest.mark.points(1)
def test_returns_the_history_of_a_falling_loss(setup, train):
    classifier, encoder, x, y, *_ = setup
    history = train(classifier, encoder, x, y, fine_tune=True, epochs=3)
    losses = getattr(history, "history", {}).get("loss")
    assert losses is not None, (
        f"train_classifier returned {type_name(history)}, expected what classifier.fit(...) returns "
        "(a History with history['loss'])"
    )
    assert len(losses) == 3 and np.all(np.isfinite(losses)), (
        f"train_classifier's History holds losses {losses}"
    )
    assert losses[-1] < losses[0], (
        f"the classification loss did not fall: {losses}: compile with "
        "loss='sparse_categorical_crossentropy' (the labels are integers 0-9) and the learning rate given"
    )
