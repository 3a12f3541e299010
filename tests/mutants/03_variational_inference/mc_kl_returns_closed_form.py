# target: monte_carlo_kl
def monte_carlo_kl(mean_q, log_var_q, mean_p, log_var_p, n_samples, seed=0):
    return kl_diagonal_gaussians(mean_q, log_var_q, mean_p, log_var_p)
