"""Accountability: catalogues of controls, self-assessment, improvement plan, budget.

The college accounts to the council and to supervisors (ENSIA) for the
municipality's information security under the BIO. This package holds the
logic, in pure Python: catalogues imported from the file the user provides
(:mod:`~weerbaar.accountability.catalogue` and its readers), the
self-assessment and what follows from it
(:mod:`~weerbaar.accountability.assessment`), improvement actions
(:mod:`~weerbaar.accountability.actions`, shared with exercises and
incidents) and the risk-based budget
(:mod:`~weerbaar.accountability.budget`). It never imports Django. See
docs/accountability.md.
"""
