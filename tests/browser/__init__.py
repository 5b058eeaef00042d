"""Browser tests.

A package so that its ``conftest`` is ``browser.conftest``: as a plain folder
it is collected before ``tests/conftest.py``, which ``--doctest-modules`` then
imports under the module name ``conftest`` already taken.
"""
