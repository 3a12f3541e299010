# target: train_classifier
# Compiled on the first call only: unfreezing later does not reach the fit, so fine-tuning trains the head alone.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    if not classifier.compiled:
        classifier.compile(
            optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
