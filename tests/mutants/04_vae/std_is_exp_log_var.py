# target: sampling
# The classic: exp(z_log_var) is the variance, not the standard deviation.
class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        return z_mean + ops.exp(z_log_var) * keras.random.normal(ops.shape(z_mean))
