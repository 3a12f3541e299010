"""The instructor's side of vaelab: the course calendar, `vaelab release` and `vaelab verify`."""
