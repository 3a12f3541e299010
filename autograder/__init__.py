"""vaelab's grading side: checks, bulk grading and the `vaelab` command line."""
