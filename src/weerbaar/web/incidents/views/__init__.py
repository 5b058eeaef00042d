"""The incident pages, one module per page family."""
