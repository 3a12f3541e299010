# target: to_grey
# Reads the channels as B, G, R.
def to_grey(rgb):
    weights = np.array([0.114, 0.587, 0.299], dtype=np.float32)
    return (np.asarray(rgb, dtype=np.float32) @ weights)[..., None]
