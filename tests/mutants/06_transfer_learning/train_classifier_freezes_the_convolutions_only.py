# target: train_classifier
# Only the Conv2D layers are frozen: the encoder's Dense code layer keeps training.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    for layer in encoder.layers:
        layer.trainable = fine_tune or not isinstance(layer, layers.Conv2D)
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
