"""The subcommands of ``weerbaar``, one module each.

``commands/<name>.py`` holds the command ``weerbaar <name>`` (``-`` written
``_``) and exports it in a module-level ``COMMANDS`` list; what the commands
share is public in :mod:`weerbaar.commands.common`. A command module never
imports :mod:`weerbaar.cli`, so each imports on its own (no cycle), and
imports heavy dependencies (the engine, scipy) inside its function, so that
``weerbaar --help`` and ``weerbaar check`` stay fast.

A new command is a new module here and one more name in :data:`MODULES`.
"""

#: Every command module, in the order of ``weerbaar --help`` (alphabetical).
MODULES = (
    "advisories",
    "budget",
    "catalogue",
    "check",
    "compare",
    "criticality",
    "exercise",
    "export_xlsx",
    "forecast",
    "generate",
    "import_xlsx",
    "merge",
    "montecarlo",
    "parties",
    "profile",
    "riskmap",
    "schema",
    "simulate",
    "sweep",
)
