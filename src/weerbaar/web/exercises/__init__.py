"""Exercises on the web: plan from a scenario, run live with roles, evaluate."""
