# target: train_classifier
# The whole classifier is frozen, head included: nothing trains when fine_tune is False.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    classifier.trainable = fine_tune
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
