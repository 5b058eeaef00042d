"""The mutual-aid pages."""
