"""Weerbaar: the local digital risk map of a Dutch municipality."""

__version__ = "0.1.0"
