"""train_classifier(classifier, encoder, x, y, fine_tune, ...): frozen means the encoder stays put."""

import numpy as np
import pytest

from autograder.checks.kinds import placed, run_beside, type_name
from autograder.checks.raised import first_line


@pytest.fixture
def setup(student, small_autoencoder, classifier_of, labelled):
    """(classifier, encoder, x, y, encoder weights, head weights) with a small random encoder."""
    encoder = small_autoencoder().encoder
    classifier = classifier_of(encoder)
    encoder_ids = {id(w) for w in placed(student, encoder).weights}  # the encoder as the classifier has it
    head = [w for w in classifier.weights if id(w) not in encoder_ids]
    return classifier, encoder, *labelled, list(encoder.weights), head


def steps_and_evaluation(classifier, x, y):
    """(optimizer steps of the last fit, classifier.evaluate(x, y) as a dict of floats): what the
    compiled loss and metrics say. Runs next to the model."""
    import keras

    steps = int(keras.ops.convert_to_numpy(classifier.optimizer.iterations))
    found = classifier.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
    return steps, {name: float(keras.ops.convert_to_numpy(value)) for name, value in found.items()}


@pytest.fixture
def still(student, setup, train, snapshot, probabilities, rules):
    """One frozen epoch at learning rate 0 on the labelled images, batch rules.still_check_batch_size
    (neither train_classifier's default nor Keras'): (weights moved, optimizer steps,
    evaluate's dict, the classifier's probabilities, y)."""
    classifier, encoder, x, y, encoder_weights, head = setup
    weights = encoder_weights + head
    before = snapshot(weights)
    train(classifier, encoder, x, y, fine_tune=False, epochs=1, learning_rate=0.0,
          batch_size=rules.still_check_batch_size)  # fmt: skip
    moved = sum(not np.array_equal(b, a) for b, a in zip(before, snapshot(weights)))
    try:
        steps, evaluation = run_beside(student, steps_and_evaluation, classifier, x, y)
    except Exception as err:  # noqa: BLE001 - the classifier is not compiled and fitted
        text = first_line(err)
        raise AssertionError(
            "after train_classifier, classifier.evaluate(x, y) failed "
            f"({type(err).__name__}: {text}): compile the classifier you are given, then fit it"
        ) from err
    return moved, steps, evaluation, probabilities(classifier, x), y


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
def test_returns_the_history_of_a_falling_loss_and_honours_its_arguments(setup, train, still, rules,
                                                                         draws_after):  # fmt: skip
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
    moved, steps, evaluation, found, y = still
    batch_size = rules.still_check_batch_size
    expected = -(-len(y) // batch_size)
    assert steps == expected, (
        f"train_classifier(..., epochs=1, batch_size={batch_size}) on {len(y)} images trained {steps} "
        f"batches, expected {expected}: pass batch_size to fit"
    )
    assert moved == 0, (
        f"train_classifier(..., learning_rate=0.0) changed {moved} weights: compile with "
        "keras.optimizers.Adam(learning_rate), the learning rate you are given"
    )
    probability = np.clip(found[np.arange(len(y)), y], 1e-7, 1.0)
    cross_entropy = float(np.mean(-np.log(probability)))
    assert np.isclose(evaluation.get("loss", np.nan), cross_entropy, rtol=rules.loss_rtol), (
        f"the compiled loss of the classifier is {evaluation.get('loss')} where the sparse categorical "
        f"cross-entropy of its probabilities is {cross_entropy:.4f}: compile with "
        "loss='sparse_categorical_crossentropy'"
    )
    draws = draws_after(lambda seed: train(classifier, encoder, x[:8], y[:8], fine_tune=False, epochs=1,
                                           learning_rate=0.0, seed=seed))  # fmt: skip
    assert len(set(draws.values())) == len(draws), (
        f"train_classifier(..., seed={rules.check_seeds[0]}) and (..., seed={rules.check_seeds[1]}) leave "
        "the random generators in the same state: seed with keras.utils.set_random_seed(seed), the seed "
        "you are given, not a constant"
    )
