print("aerosh")
