"""The exercise pages: plan (plan.py), run (run.py), evaluate and report (evaluate.py)."""
