# target: train_classifier
# Compiled with mean squared error between the integer label and the probabilities instead of the stated
# sparse categorical cross-entropy.
def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    encoder.trainable = fine_tune
    classifier.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", metrics=["accuracy"])
    return classifier.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
