# target: reconstruction_loss
def reconstruction_loss(x, x_recon):
    x_recon = ops.clip(x_recon, 1e-7, 1.0 - 1e-7)
    return ops.mean(-(x * ops.log(x_recon) + (1.0 - x) * ops.log(1.0 - x_recon)), axis=(1, 2, 3))
