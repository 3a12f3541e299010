# target: to_grey
# Right weights, but returns (..., h, w) without the channel axis.
def to_grey(rgb):
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return np.asarray(rgb, dtype=np.float32) @ weights
