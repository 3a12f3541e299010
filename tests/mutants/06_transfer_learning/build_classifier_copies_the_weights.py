# target: build_classifier
# A copy of the encoder with the same values: freezing or fine-tuning `encoder` no longer reaches it.
def build_classifier(encoder, n_classes=10):
    copy = keras.models.clone_model(encoder)
    copy.set_weights(encoder.get_weights())
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            copy,
            layers.Dense(64, activation="relu"),
            layers.Dense(n_classes, activation="softmax"),
        ]
    )
