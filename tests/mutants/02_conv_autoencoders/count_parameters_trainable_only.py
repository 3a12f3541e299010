# target: count_parameters
def count_parameters(model):
    return int(sum(np.prod(weight.shape) for weight in model.trainable_weights))
