# encoder.trainable set after compile but before fit: correct in Keras 3, which reads the trainable
# weights when it first trains after a compile. A narrower elu head, a Model subclass-free functional
# autoencoder, and accuracy from predict with a percentage divided back to a fraction.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    inputs = layers.Input(x.shape[1:])
    codes = encoder(inputs)
    autoencoder = keras.Model(inputs=inputs, outputs=decoder(codes))
    autoencoder.compile(keras.optimizers.Adam(learning_rate), "mean_squared_error")
    return autoencoder.fit(x=x, y=x, batch_size=batch_size, epochs=epochs, verbose=0)


def build_classifier(encoder, n_classes=10):
    classifier = keras.Sequential(name="transfer")
    classifier.add(keras.Input(shape=(28, 28, 1)))
    classifier.add(encoder)
    classifier.add(layers.Dense(48, activation="elu"))
    classifier.add(layers.Dense(n_classes, activation="softmax"))
    return classifier


def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    classifier.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    encoder.trainable = bool(fine_tune)
    return classifier.fit(x, y.astype("int64"), epochs=epochs, batch_size=batch_size, verbose=0)


def accuracy(classifier, x, y):
    predicted = classifier.predict(x, batch_size=256, verbose=0).argmax(axis=-1)
    return np.sum(predicted == np.asarray(y)) * 100.0 / len(y) / 100.0
