"""Accountability pages: catalogues, self-assessment with evidence, improvement plan.

The logic is :mod:`weerbaar.accountability` (pure Python); this app stores it
per organisation and map and shows it. Every page goes through the single
access gate (:func:`weerbaar.web.maps.access.map_view`): another
organisation's user gets 404, a role without :attr:`Action.ACCOUNT` (a chain
partner) 403, and only a role with :attr:`Action.ASSESS` changes anything.
"""
