"""Sharing between organisations: TLP 2.0, who may see what, and anonymous regional figures.

Municipalities, their chain partners, the veiligheidsregio and the IBD share
incidents, indicators, lessons and dependency facts. This package holds the
rules, in pure Python, so that every page, API route, export and feed applies
the same ones:

- :mod:`~weerbaar.sharing.tlp`: the Traffic Light Protocol 2.0 labels and
  which change of label is a lowering;
- :mod:`~weerbaar.sharing.disclosure`: the one disclosure rule, who may see
  an item with a given label (:func:`~weerbaar.sharing.disclosure.may_see`);
- :mod:`~weerbaar.sharing.detail`: how much of its map an organisation shares
  with a community (nothing, supplier facts, nodes);
- :mod:`~weerbaar.sharing.threshold`: a regional figure is shown only when
  at least *k* organisations contribute, and names only members that shared
  at GREEN or lower.

It never imports Django. See docs/sharing.md.
"""
