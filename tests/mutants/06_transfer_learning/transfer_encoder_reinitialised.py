# target: transfer
# The encoder is re-initialised instead of reused: the "pre-trained" classifier is one from scratch.
def build_classifier(encoder, n_classes=10):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.models.clone_model(encoder),
            layers.Dense(64, activation="relu"),
            layers.Dense(n_classes, activation="softmax"),
        ]
    )
