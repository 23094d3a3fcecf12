"""One module per group of jobs; each registers with `scheduler.registry.job`."""
