"""The risk map in memory: immutable, normalised, durations in hours.

The file format (`docs/map-format.md`) allows shorthand such as a plain string
for a requirement; everything here is the normalised form, so the engine never
has to know about it.

``extra`` holds the keys the model itself has no field for, kept for the
round trip: extension keys (``x-...``) and the regional keys of
``weerbaar generate`` and ``weerbaar merge`` (``gemeente`` and ``shared`` on
a node, ``merged`` on the map), which :mod:`weerbaar.scale` reads.

An uncertain duration keeps its most likely value in the plain field the
exact engine reads (``tolerance``, ``restart``, ``duration``) and its
:class:`~weerbaar.model.durations.Distribution` in a ``*_spread`` field beside
it, which only Monte Carlo (:mod:`weerbaar.scale.montecarlo`) reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from weerbaar.model.durations import Distribution
from weerbaar.model.roles import OwnerRole

DEFAULT_HORIZON = 720.0


class NodeKind(StrEnum):
    PROCESS = "process"
    SYSTEM = "system"
    SERVICE = "service"
    INFRASTRUCTURE = "infrastructure"
    PEOPLE = "people"


class PartyKind(StrEnum):
    GEMEENTE = "gemeente"
    LEVERANCIER = "leverancier"
    VEILIGHEIDSREGIO = "veiligheidsregio"
    NETBEHEERDER = "netbeheerder"
    DRINKWATERBEDRIJF = "drinkwaterbedrijf"
    TELECOMAANBIEDER = "telecomaanbieder"
    ZORGAANBIEDER = "zorgaanbieder"
    POLITIE = "politie"
    WATERSCHAP = "waterschap"
    PROVINCIE = "provincie"
    RIJKSOVERHEID = "rijksoverheid"
    ONDERWIJS = "onderwijs"
    OVERIG = "overig"


class Theme(StrEnum):
    RANSOMWARE = "ransomware"
    UITVAL_TELECOM = "uitval-telecom"
    STROOMSTORING = "stroomstoring"
    DDOS = "ddos"
    DATALEK = "datalek"
    UITVAL_CLOUD = "uitval-cloud"
    UITVAL_LEVERANCIER = "uitval-leverancier"
    STORING_HAVEN = "storing-haven"
    SABOTAGE = "sabotage"
    OVERIG = "overig"


@dataclass(frozen=True)
class Requirement:
    """``need`` of ``members`` must be up; unmet for longer than ``tolerance`` is lost."""

    members: tuple[str, ...]
    need: int = 1
    tolerance: float = 0.0
    tolerance_spread: Distribution | None = None

    @property
    def is_plain(self) -> bool:
        return len(self.members) == 1


@dataclass(frozen=True)
class ImpactStep:
    """Level of impact reached after a continuous outage of ``after`` hours."""

    after: float
    quantities: Mapping[str, float] = field(default_factory=dict)
    classes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Impact:
    """How the impact of a node's outage grows with its length."""

    per_day: Mapping[str, float] = field(default_factory=dict)
    steps: tuple[ImpactStep, ...] = ()


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Product:
    """A product a node runs: a CPE 2.3 name, a package URL, and/or vendor, product, version.

    Advisories (:mod:`weerbaar.advisories`) are matched to nodes by these.
    """

    cpe: str | None = None
    purl: str | None = None
    vendor: str = ""
    product: str = ""
    version: str = ""

    @property
    def label(self) -> str:
        named = " ".join(x for x in (self.vendor, self.product, self.version) if x)
        return named or self.cpe or self.purl or ""


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind = NodeKind.SYSTEM
    name: str = ""
    requires: tuple[Requirement, ...] = ()
    restart: float = 0.0
    party: str | None = None
    description: str = ""
    location: Location | None = None
    vital: bool = False
    mtpd: float | None = None
    rto: float | None = None
    rpo: float | None = None
    bbn: int | None = None
    served: int | None = None
    impact: Impact | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    restart_spread: Distribution | None = None
    owner: OwnerRole | None = None
    products: tuple[Product, ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Party:
    id: str
    name: str = ""
    kind: PartyKind = PartyKind.OVERIG
    maturity: int | None = None
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    owner: OwnerRole | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Failure:
    """An initiating failure: ``node`` is forced down on [at, at + duration)."""

    node: str
    at: float = 0.0
    duration: float | None = None
    duration_spread: Distribution | None = None

    @property
    def end(self) -> float:
        return float("inf") if self.duration is None else self.at + self.duration


@dataclass(frozen=True)
class Scenario:
    id: str
    name: str = ""
    failures: tuple[Failure, ...] = ()
    theme: Theme | None = None
    likelihood: str | None = None
    horizon: float | None = None
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Measure:
    id: str
    name: str = ""
    cost: float = 0.0
    changes: tuple[Change, ...] = ()
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


# The kinds of change a measure can make. Each is a small frozen record; the
# ``kind`` class attribute is the key used in the file.


@dataclass(frozen=True)
class AddNode:
    node: Node
    kind = "add_node"


@dataclass(frozen=True)
class AddAlternative:
    node: str
    requirement: str
    alternative: str
    kind = "add_alternative"


@dataclass(frozen=True)
class AddTolerance:
    node: str
    requirement: str
    tolerance: float
    kind = "add_tolerance"


@dataclass(frozen=True)
class SetRestart:
    node: str
    restart: float
    kind = "restart"


@dataclass(frozen=True)
class ScenarioDuration:
    scenario: str
    duration: float
    node: str | None = None
    kind = "scenario_duration"


@dataclass(frozen=True)
class SetLikelihood:
    scenario: str
    likelihood: str
    kind = "likelihood"


Change = AddNode | AddAlternative | AddTolerance | SetRestart | ScenarioDuration | SetLikelihood


@dataclass(frozen=True)
class RiskMap:
    """A whole risk map.

    ``source`` names the file it came from and ``lines`` maps a path of keys
    and list indices in that file to its line, so that checks made later (for
    example against a methodology profile) can still point at the line.
    """

    nodes: tuple[Node, ...] = ()
    name: str = ""
    version: int = 1
    horizon: float = DEFAULT_HORIZON
    description: str = ""
    parties: tuple[Party, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    measures: tuple[Measure, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = field(default="<map>", compare=False)
    lines: Mapping[tuple[str | int, ...], int] = field(
        default_factory=dict, compare=False, repr=False
    )

    def node(self, node_id: str) -> Node:
        found: Node = self._index("nodes")[node_id]
        return found

    def scenario(self, scenario_id: str) -> Scenario:
        found: Scenario = self._index("scenarios")[scenario_id]
        return found

    def measure(self, measure_id: str) -> Measure:
        found: Measure = self._index("measures")[measure_id]
        return found

    def party(self, party_id: str) -> Party:
        found: Party = self._index("parties")[party_id]
        return found

    def _index(self, key: str) -> dict[str, Any]:
        # Built on first use and kept: looking up every node of a large map
        # one by one was quadratic. The map is immutable, so it never goes
        # stale; the first of duplicate ids wins, as a linear search did.
        indexes: dict[str, dict[str, Any]] = self.__dict__.setdefault("_indexes", {})
        if key not in indexes:
            index: dict[str, Any] = {}
            for item in getattr(self, key):
                index.setdefault(item.id, item)
            indexes[key] = index
        return indexes[key]

    def __getstate__(self) -> dict[str, Any]:
        # The indexes are rebuilt on demand; a pickle (to a worker) is smaller without.
        state = dict(self.__dict__)
        state.pop("_indexes", None)
        return state

    @property
    def vital_processes(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.vital)

    def where(self, *path: str | int) -> str:
        """``file:line`` of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return f"{self.source}:{line}"
        return self.source

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)
