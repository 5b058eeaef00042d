"""Views of the accountability pages, one module per concept."""
