# target: count_parameters
def count_parameters(model):
    return len(model.weights)
