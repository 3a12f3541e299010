# target: accuracy
def accuracy(classifier, x, y):
    probabilities = keras.ops.convert_to_numpy(classifier.predict(x, verbose=0))
    return 100.0 * float(np.mean(np.argmax(probabilities, axis=-1) == y))
