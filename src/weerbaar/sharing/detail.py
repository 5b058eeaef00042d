"""How much of its risk map an organisation shares with a community.

Three levels, each containing the one before:

- ``nothing``: the map stays home; the organisation is counted in no
  regional figure;
- ``suppliers``: dependency facts only — "we depend on supplier X for
  processes of type Y" (:class:`DependencyFact`): the supplier's name and
  kind, the names of the vital processes its failure takes down, and how
  many; no node, no system, no internal structure;
- ``nodes``: the map's nodes as well, so that the community's regional
  cascade can merge it with the other members' maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class MapDetail(StrEnum):
    NOTHING = "nothing"
    SUPPLIERS = "suppliers"
    NODES = "nodes"

    @property
    def rank(self) -> int:
        return list(MapDetail).index(self)

    def includes(self, other: MapDetail) -> bool:
        """Does sharing at this level share what ``other`` shares?"""
        return self.rank >= other.rank


@dataclass(frozen=True)
class DependencyFact:
    """ "We depend on ``supplier`` for ``processes``": one supplier of one organisation.

    ``processes`` are the names (the types: "Uitkeringen verstrekken") of
    the vital processes that go down for good when everything the supplier
    runs fails, structurally (tolerances ignored; alternatives counted).
    """

    supplier: str
    kind: str
    processes: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.processes)

    def to_json(self) -> dict[str, Any]:
        return {"supplier": self.supplier, "kind": self.kind, "processes": list(self.processes)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DependencyFact:
        return cls(str(data["supplier"]), str(data["kind"]), tuple(map(str, data["processes"])))
