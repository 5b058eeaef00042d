"""A read-only TAXII 2.1 server over the shared items a caller may see."""
