print("bench-core: not written yet")
