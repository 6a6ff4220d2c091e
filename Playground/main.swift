print("Playground: not yet implemented")
