// Console: see the module's other files.
