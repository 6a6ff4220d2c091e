print("scimsim: not yet implemented")
