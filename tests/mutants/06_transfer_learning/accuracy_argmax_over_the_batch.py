# target: accuracy
# argmax over the batch axis: for each class, the image that is most confidently of it.
def accuracy(classifier, x, y):
    probabilities = keras.ops.convert_to_numpy(classifier.predict(x, verbose=0))
    return float(np.mean(np.argmax(probabilities, axis=0) == y))
