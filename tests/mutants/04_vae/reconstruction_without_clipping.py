# target: reconstruction_loss
# Takes logs of x_recon without clipping it: a saturated sigmoid (exactly 0 or 1) makes the loss infinite.
def reconstruction_loss(x, x_recon):
    bce = -(x * ops.log(x_recon) + (1.0 - x) * ops.log(1.0 - x_recon))
    return ops.sum(bce, axis=(1, 2, 3))
