// Optim: see the module's other files.
