# target: train_classifier
# Fits with Keras' default batch of 32 whatever batch_size it is given.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    classifier.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier.fit(x, y, epochs=epochs, verbose=0)
