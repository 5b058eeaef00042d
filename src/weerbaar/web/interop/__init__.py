"""Exchange with MISP, OpenCTI and other TAXII clients: the TAXII 2.1 server,
STIX and MISP downloads, imports of files and remote collections.

Everything shown is selected with ``weerbaar.web.sharing.visibility.visible_items``;
the formats themselves are built in the pure package :mod:`weerbaar.interop`.
"""
