"""Who hears first that a node fails: the owner role of the node.

The map's ``owner`` (:class:`~weerbaar.model.roles.OwnerRole`) on the node
wins, then the owner of its party; otherwise a default by node kind: a
vital process is its process owner's, a system or service the IT manager's,
infrastructure of a chain partner the chain partner contact's.

A node is *noticed* — players hear of it without looking — when it is a
vital process or someone owns it explicitly (on the node or its party).

Examples
--------
>>> from weerbaar.model import parse_map
>>> m = parse_map('''
... weerbaar: 1
... parties: [{id: telco, kind: telecomaanbieder, owner: ketenpartner}]
... nodes:
...   - {id: net, kind: infrastructure, party: telco}
...   - {id: zaak, kind: system}
...   - {id: loket, kind: process, vital: true, requires: [zaak, net]}
... ''')
>>> [owner_of(m, n).value for n in ("net", "zaak", "loket")]
['ketenpartner', 'it', 'proceseigenaar']
>>> [n.id for n in m.nodes if is_noticed(m, n.id)]
['net', 'loket']
"""

from __future__ import annotations

from weerbaar.model.riskmap import NodeKind, PartyKind, RiskMap
from weerbaar.model.roles import OwnerRole

_BY_KIND = {
    NodeKind.PROCESS: OwnerRole.PROCESEIGENAAR,
    NodeKind.SYSTEM: OwnerRole.IT,
    NodeKind.SERVICE: OwnerRole.IT,
    NodeKind.INFRASTRUCTURE: OwnerRole.IT,
    NodeKind.PEOPLE: OwnerRole.PROCESEIGENAAR,
}


def explicit_owner(m: RiskMap, node_id: str) -> OwnerRole | None:
    """The owner the map names, on the node or else on its party."""
    node = m.node(node_id)
    if node.owner is not None:
        return node.owner
    if node.party is not None:
        return m.party(node.party).owner
    return None


def owner_of(m: RiskMap, node_id: str) -> OwnerRole:
    """The role an inject about ``node_id`` is addressed to."""
    owner = explicit_owner(m, node_id)
    if owner is not None:
        return owner
    node = m.node(node_id)
    if (
        node.kind is NodeKind.INFRASTRUCTURE
        and node.party is not None
        and m.party(node.party).kind not in (PartyKind.GEMEENTE, PartyKind.OVERIG)
    ):
        return OwnerRole.KETENPARTNER
    return _BY_KIND[node.kind]


def is_noticed(m: RiskMap, node_id: str) -> bool:
    """Whether players notice ``node_id`` failing: a vital process or an owned node."""
    return m.node(node_id).vital or explicit_owner(m, node_id) is not None
