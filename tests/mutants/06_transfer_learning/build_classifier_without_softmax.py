# target: build_classifier
# The head ends with logits: the outputs are not probabilities.
def build_classifier(encoder, n_classes=10):
    return keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), encoder, layers.Dense(64, activation="relu"), layers.Dense(n_classes)]
    )
