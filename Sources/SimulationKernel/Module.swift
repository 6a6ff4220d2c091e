// Placeholder until the module is built.
enum SimulationKernelModule {}
