print("bench-data: not written yet")
