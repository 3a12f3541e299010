# Keras 3 idiom: override compute_loss instead of train_step; trackers fed from there.
class VAE(keras.Model):
    def __init__(self, encoder, decoder, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder, self.beta = encoder, decoder, beta
        self.recon_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_tracker = keras.metrics.Mean(name="kl_loss")

    def call(self, x):
        z_mean, _, _ = self.encoder(x)
        return self.decoder(z_mean)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        z_mean, z_log_var, z = self.encoder(x)
        recon = ops.mean(reconstruction_loss(x, self.decoder(z)))
        kl = ops.mean(kl_divergence(z_mean, z_log_var))
        self.recon_tracker.update_state(recon)
        self.kl_tracker.update_state(kl)
        return recon + self.beta * kl

    @property
    def metrics(self):
        return [*super().metrics, self.recon_tracker, self.kl_tracker]
