"""Subcommands of ``weerbaar`` that live in modules of their own.

Every module in this package that defines a module-level ``COMMANDS`` list of
click commands is added to the one ``weerbaar`` group by :mod:`weerbaar.cli`.
Modules import heavy dependencies inside their functions, so that ``weerbaar
--help`` stays fast.
"""
