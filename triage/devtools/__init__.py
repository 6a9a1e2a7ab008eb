"""Demo data and the volume generator, for development and benchmarks; never imported by a request."""
