"""Sharing between organisations under TLP 2.0: communities, shared items, the audit trail.

Every page, API route, export and feed that shows a shared item selects it
with :func:`weerbaar.web.sharing.visibility.visible_items` and records the
disclosure with :func:`weerbaar.web.sharing.visibility.record_disclosures`.
The rule itself is :func:`weerbaar.sharing.disclosure.may_see`. See
docs/sharing.md.
"""
