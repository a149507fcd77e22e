print("scsim")
