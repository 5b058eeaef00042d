"""Forms of the accountability pages, one module per concept."""
