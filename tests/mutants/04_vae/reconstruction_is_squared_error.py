# target: reconstruction_loss
def reconstruction_loss(x, x_recon):
    return ops.sum(ops.square(x - x_recon), axis=(1, 2, 3))
