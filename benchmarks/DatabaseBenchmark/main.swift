// The database benchmark arrives in a later commit.
print("placeholder")
