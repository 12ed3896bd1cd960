// Plot: see the module's other files.
