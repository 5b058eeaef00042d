"""Mutual aid between municipalities in a response network (GRN): requests, offers, agreements."""
