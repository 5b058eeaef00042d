"""Dependency facts from a map and the supplier concentration over members."""

from __future__ import annotations

from weerbaar.model import parse_map
from weerbaar.scale.generate import generate_map
from weerbaar.sharing.detail import DependencyFact
from weerbaar.sharing.regional import concentration, dependency_facts, facts_by_municipality
from weerbaar.sharing.tlp import TLP

MAP = """
weerbaar: 1
parties:
  - {id: lev, name: Hosting B.V., kind: leverancier}
  - {id: isp, name: Net BV, kind: telecomaanbieder}
  - {id: g, kind: gemeente}
nodes:
  - {id: suite, party: lev}
  - {id: lijn, party: isp}
  - {id: lijn2}
  - {id: wmo, name: Wmo, party: g, vital: true, requires: [suite]}
  - {id: loket, name: Loket, party: g, vital: true, requires: [{any: [lijn, lijn2]}]}
"""


def test_it_states_which_supplier_takes_down_which_vital_processes() -> None:
    facts = dependency_facts(parse_map(MAP))
    # The line has an alternative: Net BV's failure takes nothing down for good.
    assert facts == [DependencyFact("Hosting B.V.", "leverancier", ("Wmo",))]


def fact(supplier: str, n: int) -> DependencyFact:
    return DependencyFact(supplier, "leverancier", tuple(f"p{i}" for i in range(n)))


def test_it_counts_members_per_supplier_across_spellings() -> None:
    facts = {
        "A": [fact("Hosting B.V.", 2)],
        "B": [fact("hosting bv", 3)],
        "C": [fact("Hosting BV", 1), fact("Alleen C", 5)],
    }
    labels = {"A": TLP.GREEN, "B": TLP.AMBER, "C": TLP.CLEAR}
    result = concentration(facts, labels, 3)
    assert result.contributors == 3
    [hosting] = result.suppliers  # "Alleen C" has one member: withheld
    assert (hosting.members, hosting.of, hosting.processes, hosting.named) == (3, 3, 6, ("A", "C"))


def test_it_shows_nothing_when_fewer_than_k_members_share() -> None:
    assert concentration({"A": [fact("X", 1)], "B": [fact("X", 1)]}, {}, 3).suppliers == ()


def test_it_splits_a_generated_map_into_its_municipalities() -> None:
    by = facts_by_municipality(generate_map(3, seed=7))
    assert len(by) == 3
    result = concentration(by, {}, 3)
    assert result.contributors == 3 and result.suppliers
    assert all(s.members == 3 and s.named == () for s in result.suppliers)
