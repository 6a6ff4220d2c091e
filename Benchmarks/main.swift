print("Benchmarks: not yet implemented")
