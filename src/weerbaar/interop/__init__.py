"""Shared items in the formats of the field: STIX 2.1, MISP, TAXII 2.1.

Pure Python on the libraries of the threat-intelligence community (no
Django): the web layer fills :class:`~weerbaar.interop.records.Item`
records from what a caller may see and hands them here; the importers
return such records, or refuse the whole input with located reasons.

- :mod:`~weerbaar.interop.records`: the records, checked observables,
  :class:`~weerbaar.interop.records.ImportRefused`;
- :mod:`~weerbaar.interop.markings`: TLP 2.0 marking definitions (official ids);
- :mod:`~weerbaar.interop.stix`, :mod:`~weerbaar.interop.stiximport`: bundles
  with ``stix2``, read back through ``stix2-validator``;
- :mod:`~weerbaar.interop.patterns`: an indicator's STIX pattern and back;
- :mod:`~weerbaar.interop.misp`, :mod:`~weerbaar.interop.mispimport`,
  :mod:`~weerbaar.interop.mispfeed`: events with PyMISP, MISP feeds;
- :mod:`~weerbaar.interop.taxiipull`: a remote TAXII collection with ``taxii2-client``;
- :mod:`~weerbaar.interop.hostile`, :mod:`~weerbaar.interop.fetch`: the
  limits every import is read under.

See docs/interop.md.
"""
