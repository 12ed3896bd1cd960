// Training: see the module's other files.
