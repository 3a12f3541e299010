# target: to_grey
# Indexes the channels as rgb[:, :, :, k]: works on a batch (n, h, w, 3) only, not on any (..., 3).
def to_grey(rgb):
    rgb = np.asarray(rgb, dtype=np.float32)
    return (0.299 * rgb[:, :, :, 0] + 0.587 * rgb[:, :, :, 1] + 0.114 * rgb[:, :, :, 2])[..., None]
