// NN: see the module's other files.
