# target: train_classifier
# Adam at its default learning rate (1e-3) whatever learning_rate it is given.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
