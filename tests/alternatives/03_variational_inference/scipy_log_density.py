# gaussian_log_density through scipy.stats, with the standard deviation as scale.
from scipy import stats


def gaussian_log_density(x, mean, log_var):
    return stats.norm.logpdf(x, loc=mean, scale=np.exp(0.5 * log_var)).sum(axis=-1)
