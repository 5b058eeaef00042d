"""Which nodes of a map run a product an advisory names, and what it says of them.

Both sides are brought to the same three names: vendor, product and
version. A CPE gives them as its components, a package URL as namespace,
name and version, the product tree's branches as their ``vendor``,
``product_name`` and ``product_version`` (or ``product_version_range``).
Names are compared without case, spaces or punctuation
(``exchange_server`` is ``Exchange Server``); a vendor matches when one name
begins with the other (``Citrix`` and ``Citrix Systems``) or either side has
none.

Of all the advisory's products that match a node's product, the most
specific decides (one version before a range before "every version"): an
advisory saying "13.1 before 13.1-51.15 is affected, 13.1-51.15 is fixed"
gives *fixed* for a node on 13.1-51.15. A node that names no version
matches every version, marked ``version_known=False``, so that it is
checked rather than missed.

*Under investigation* (the vendor does not know yet) is kept apart from
*affected*: such nodes are possibly affected, listed and counted in the
ranking after the known ones, but never reported as affected. Across an
advisory's vulnerabilities, affected by one wins, then under investigation,
then what the first one said (fixed, recommended, not affected).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from weerbaar.advisories.csaf import Advisory, AdvisoryProduct, Status
from weerbaar.advisories.versions import same_version
from weerbaar.model import Product, RiskMap
from weerbaar.model.products import parse_cpe, parse_purl

_LEGAL = re.compile(r"\b(inc|ltd|llc|corp|corporation|gmbh|ag|sa|bv|b\.v\.|nv|n\.v\.|co)\.?$")


def name_key(text: str) -> str:
    """A name without case, legal form, spaces or punctuation.

    >>> name_key("Microsoft Corporation"), name_key("exchange_server"), name_key("Exchange Server")
    ('microsoft', 'exchangeserver', 'exchangeserver')
    """
    text = text.strip().lower().rstrip(",. ")
    text = _LEGAL.sub("", text).rstrip(",. ")
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class Installed:
    """A product on a node, by its three names."""

    node: str
    product: Product
    vendor: str
    name: str
    version: str


def identity(p: Product) -> tuple[str, str, str]:
    """``(vendor, product, version)`` of a map's product.

    A CPE or purl names vendor and product canonically and wins; ``version``
    fills in when the identifier leaves the version open.
    """
    if p.cpe:
        c = parse_cpe(p.cpe)
        version = "" if c.version in ("*", "-") else c.version
        return c.vendor, c.product, version or p.version
    if p.purl:
        u = parse_purl(p.purl)
        return u.namespace.rsplit("/", 1)[-1], u.name, u.version or p.version
    return p.vendor, p.product, p.version


class ProductIndex:
    """The products of a map's nodes, for matching many advisories.

    ``by_name`` maps a product name to its vendors and versions, and each of
    those to the products installed: an advisory's versions are compared once
    per distinct version, not once per node.
    """

    def __init__(self, m: RiskMap) -> None:
        self.by_name: dict[str, dict[tuple[str, str], list[Installed]]] = defaultdict(dict)
        for n in m.nodes:
            for p in n.products:
                vendor, name, version = identity(p)
                key = name_key(name)
                if key:
                    inst = Installed(n.id, p, name_key(vendor), key, version.strip())
                    self.by_name[key].setdefault((inst.vendor, inst.version), []).append(inst)

    def __len__(self) -> int:
        return sum(len(x) for v in self.by_name.values() for x in v.values())


@dataclass(frozen=True)
class NodeMatch:
    """What an advisory says of one node's product."""

    node: str
    product: Product
    status: Status
    product_ids: tuple[str, ...]
    version_known: bool


def _vendor_matches(a: str, b: str) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _specificity(ap: AdvisoryProduct, version: str) -> int | None:
    """How closely ``ap`` names ``version``: 3 one version, 2 a range, 1 every
    version, 0 the node's version unknown; None when it does not match."""
    if ap.version:
        if not version:
            return 0
        return 3 if same_version(ap.version, version) else None
    if ap.versions is not None and ap.versions.constraints:
        if not version:
            return 0
        return 2 if ap.versions.contains(version) else None
    return 1


#: Across vulnerabilities: the lower wins; a tie keeps the first said.
_WEIGHT = {Status.AFFECTED: 0, Status.UNDER_INVESTIGATION: 1}
#: Statements that a version is safe: the particular ones beside a range.
SAFE = frozenset({Status.FIXED, Status.RECOMMENDED, Status.NOT_AFFECTED})


def statuses(advisory: Advisory) -> dict[str, Status]:
    """One status per product id: affected by any vulnerability wins, then
    under investigation, then the first statement."""
    out: dict[str, Status] = {}
    for v in advisory.vulnerabilities:
        for pid, status in v.statuses.items():
            had = out.get(pid)
            if had is None or _WEIGHT.get(status, 2) < _WEIGHT.get(had, 2):
                out[pid] = status
    return out


def _chosen(said: list[Status], version_known: bool) -> Status:
    """What the most specific statements about one node's product amount to."""
    if not version_known:
        # Without the node's version nothing is known: the worst that is said.
        for worst in (Status.AFFECTED, Status.UNDER_INVESTIGATION):
            if worst in said:
                return worst
    # At the same precision a safe statement is the more particular one (a
    # vendor lists the fixed build beside the range), then affected.
    safe = next((s for s in said if s in SAFE), None)
    if safe is not None:
        return safe
    return Status.AFFECTED if Status.AFFECTED in said else Status.UNDER_INVESTIGATION


def match(advisory: Advisory, index: ProductIndex) -> list[NodeMatch]:
    """The nodes whose products the advisory names with a status, by node id."""
    found: dict[tuple[str, Product], list[tuple[int, Status, str]]] = defaultdict(list)
    for pid, status in statuses(advisory).items():
        ap = advisory.products[pid]
        key = name_key(ap.product)
        if not key:
            continue
        vendor = name_key(ap.vendor)
        for (their_vendor, version), installed in index.by_name.get(key, {}).items():
            if not _vendor_matches(vendor, their_vendor):
                continue
            level = _specificity(ap, version)
            if level is not None:
                for inst in installed:
                    found[(inst.node, inst.product)].append((level, status, pid))
    out = []
    for (node, product), hits in found.items():
        best = max(level for level, _s, _p in hits)
        top = [(s, p) for level, s, p in hits if level == best]
        chosen = _chosen([s for s, _p in top], best > 0)
        ids = tuple(sorted({p for s, p in top if s is chosen}))
        out.append(NodeMatch(node, product, chosen, ids, best > 0))
    out.sort(key=lambda nm: (nm.node, nm.product.label))
    return out


def affected_nodes(matches: Iterable[NodeMatch]) -> list[str]:
    """The ids of the nodes an advisory's matches leave affected, sorted."""
    return sorted({nm.node for nm in matches if nm.status is Status.AFFECTED})


def investigated_nodes(matches: Iterable[NodeMatch]) -> list[str]:
    """The ids of the nodes possibly affected (under investigation) and not affected, sorted."""
    affected = set(affected_nodes(matches))
    return sorted({nm.node for nm in matches if nm.status is Status.UNDER_INVESTIGATION} - affected)
