# target: train_classifier
# The encoder is frozen too late: after the fit that should have left it alone.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    history = classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
    encoder.trainable = fine_tune
    return history
