"""A stand-in for ``weerbaar.scale.generate.generate_graph`` while it does not exist.

It builds the same kind of structure with numpy only (fast enough for 10^6
nodes): national power and telecom with a cycle between them, regional power
and points of presence, a supplier market with strong concentration, regional
chain partners, and about 60 nodes per municipality (power feed, network,
server room, teams, systems, processes, portals). The benchmark switches to the
real generator as soon as it can be imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from weerbaar.engine import Graph
from weerbaar.engine.graph import graph_from_arrays
from weerbaar.model import Failure

PER_MUNICIPALITY = 60
_SYSTEMS = range(8, 38)
_PROCESSES = range(38, 56)
_VITAL_PROCESSES = 8


@dataclass
class StandinGraph:
    """The fields of the generator's ``GeneratedGraph`` the benchmark uses."""

    graph: Graph
    vital: npt.NDArray[np.bool_]
    scenario_failures: list[Failure]
    names: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, n: int) -> None:
        self.n = n
        self.restart = np.zeros(n)
        self.owner: list[npt.NDArray[np.int64]] = []
        self.need: list[npt.NDArray[np.int64]] = []
        self.tol: list[npt.NDArray[np.float64]] = []
        self.size: list[npt.NDArray[np.int64]] = []
        self.members: list[npt.NDArray[np.int64]] = []

    def add(
        self,
        owner: npt.ArrayLike,
        members: npt.ArrayLike,
        need: int = 1,
        tol: npt.ArrayLike = 0.0,
    ) -> None:
        """One requirement per row: ``members`` has shape (rows, size)."""
        own = np.atleast_1d(np.asarray(owner, dtype=np.int64))
        mem = np.asarray(members, dtype=np.int64)
        if mem.ndim == 0:
            mem = np.full(len(own), mem)
        mem = mem.reshape(len(own), -1)
        self.owner.append(own)
        self.members.append(mem.ravel())
        self.size.append(np.full(len(own), mem.shape[1], dtype=np.int64))
        self.need.append(np.full(len(own), need, dtype=np.int64))
        self.tol.append(np.broadcast_to(np.asarray(tol, dtype=np.float64), own.shape).copy())

    def graph(self) -> Graph:
        return graph_from_arrays(
            tuple(f"n{i}" for i in range(self.n)),
            restart=self.restart,
            owner=np.concatenate(self.owner),
            need=np.concatenate(self.need),
            tolerance=np.concatenate(self.tol),
            size=np.concatenate(self.size),
            members=np.concatenate(self.members),
        )


def standin_graph(municipalities: int, seed: int) -> StandinGraph:
    """About ``60 * municipalities`` nodes and 5 requirement members per node."""
    rng = np.random.default_rng(seed)
    k = municipalities
    regions = max(1, k // 14)
    suppliers = max(30, k // 5)
    providers = 3
    # Node numbering: national, regional, suppliers, then municipalities.
    grid_control, transmission, core = 0, np.array([1, 2]), np.arange(3, 3 + providers)
    nxt = 3 + providers
    power = np.arange(nxt, nxt + regions)
    nxt += regions
    pop = np.arange(nxt, nxt + providers * regions).reshape(providers, regions)
    nxt += providers * regions
    partner = np.arange(nxt, nxt + 8 * regions).reshape(regions, 8)
    nxt += 8 * regions
    dc = np.arange(nxt, nxt + 2 * suppliers).reshape(suppliers, 2)
    nxt += 2 * suppliers
    saas = np.arange(nxt, nxt + suppliers)
    nxt += suppliers
    base = nxt + PER_MUNICIPALITY * np.arange(k)
    n = int(nxt + PER_MUNICIPALITY * k)
    b = _Builder(n)

    # National power and telecom need each other (a cycle): grid control needs
    # one telecom core, the cores run on batteries for 4 hours.
    b.add(grid_control, core[:2][None, :], tol=8.0)
    b.add(transmission, np.array([[grid_control], [grid_control]]), tol=24.0)
    b.add(core, np.tile(transmission, (providers, 1)), tol=4.0)
    b.add(power, np.tile(transmission, (regions, 1)))
    for p in range(providers):
        b.add(pop[p], core[p])
        b.add(pop[p], power, tol=4.0)
    b.add(partner.ravel(), np.repeat(power, 8), tol=2.0)
    b.add(partner.ravel(), np.repeat(pop[:2].T, 8, axis=0))
    # Suppliers: two data centres in random regions, a SaaS that needs one of them.
    b.add(dc.ravel(), power[rng.integers(0, regions, 2 * suppliers)], tol=8.0)
    b.add(dc.ravel(), np.tile(core[:2], (2 * suppliers, 1)))
    b.add(saas, dc)
    b.restart[saas] = rng.choice([4.0, 24.0, 72.0], suppliers)

    region = np.arange(k) % regions
    local_power, network, server_room = base, base + 1, base + 2
    teams = base[:, None] + np.arange(3, 8)
    b.add(local_power, power[region])
    b.add(network, local_power, tol=1.0)
    two = rng.permuted(np.tile(np.arange(providers), (k, 1)), axis=1)[:, :2]
    b.add(network, pop[two, region[:, None]])
    b.add(server_room, local_power, tol=2.0)
    b.add(server_room, network)
    b.add(teams.ravel(), np.repeat(local_power, 5), tol=24.0)
    # Systems: network, hosting (a concentrated supplier market or the server
    # room), often the directory (system 8) and another system.
    share = 1.0 / np.arange(1, suppliers + 1) ** 1.2
    share /= share.sum()
    for s in _SYSTEMS:
        v = base + s
        b.add(v, network)
        hosted = rng.random(k) < 0.6
        b.add(v[hosted], saas[rng.choice(suppliers, int(hosted.sum()), p=share)])
        b.add(v[~hosted], server_room[~hosted], tol=1.0)
        if s > 8:
            b.add(v, base + 8, tol=rng.choice([0.0, 4.0], k))
            other = rng.random(k) < 0.5
            b.add(v[other], base[other] + rng.integers(8, s, int(other.sum())))
        b.restart[v] = rng.choice([0.0, 1.0, 4.0, 8.0], k)
    for s in _PROCESSES:
        v = base + s
        systems = base[:, None] + 8 + rng.permuted(np.tile(np.arange(30), (k, 1)), axis=1)[:, :4]
        for j in range(4):
            b.add(v, systems[:, j], tol=rng.choice([0.0, 4.0, 24.0], k))
        b.add(v, teams[np.arange(k), rng.integers(0, 5, k)], tol=8.0)
        b.add(v, partner[region][:, rng.permutation(8)[:2]], tol=rng.choice([0.0, 24.0], k))
        b.restart[v] = rng.choice([0.0, 2.0, 4.0], k)
    for s in range(56, 60):
        v = base + s
        b.add(v, network)
        b.add(v, base[:, None] + 8 + rng.permuted(np.tile(np.arange(30), (k, 1)), axis=1)[:, :2])
    vital = np.zeros(n, dtype=bool)
    vital[(base[:, None] + np.arange(38, 38 + _VITAL_PROCESSES)).ravel()] = True
    graph = b.graph()
    failures = [
        Failure(graph.ids[int(saas[0])], 0.0, 72.0),
        Failure(graph.ids[int(power[0])], 2.0, 8.0),
    ]
    return StandinGraph(graph, vital, failures)
