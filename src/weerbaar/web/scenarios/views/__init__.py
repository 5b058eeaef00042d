"""The pages of the scenarios app, one module per page family."""
