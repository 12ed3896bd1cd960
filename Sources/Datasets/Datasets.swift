// Datasets: see the module's other files.
