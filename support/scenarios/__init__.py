"""What each scenario starts from: behave's fixtures (a fresh blog, database and driver),
the people a sentence names, and several workers of one blog."""
