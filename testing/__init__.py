"""Test support shared by `tests/` and `bench/`: local servers that stand in for the outside
world. Not part of the installed package (the wheel ships `newsletter/` only)."""
