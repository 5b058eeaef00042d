"""The pages of the maps app, one module per page family."""
