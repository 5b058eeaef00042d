"""Incidents of a map: register, reporting deadlines, live forecast (docs/incidents.md)."""
