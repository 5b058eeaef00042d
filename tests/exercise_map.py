"""A small map for the exercise tests: a town hall on power and a supplier."""

from __future__ import annotations

from weerbaar.model import RiskMap, parse_map

MAP = """\
weerbaar: 1
name: Gemeente Klein
horizon: 10d
parties:
  - {id: gemeente, kind: gemeente, name: Gemeente Klein}
  - {id: sds, kind: leverancier, name: Sociaal Software BV, owner: it}
nodes:
  - {id: stroom, kind: infrastructure, name: Stroom, owner: it}
  - id: netwerk
    kind: infrastructure
    name: Netwerk
    requires: [{node: stroom, tolerance: 2h}]
    owner: it
  - {id: suite, kind: system, name: Suite sociaal domein, party: sds, requires: [netwerk]}
  - {id: backup, kind: system, name: Reservesuite}
  - id: uitkeringen
    kind: process
    name: Uitkeringen
    vital: true
    served: 4000
    mtpd: 2d
    restart: 1h
    requires: [suite]
  - id: loket
    kind: process
    name: Loket
    vital: true
    served: 30000
    mtpd: 8h
    requires: [{node: netwerk, tolerance: 1h}]
scenarios:
  - id: stroom
    name: Stroomstoring
    theme: stroomstoring
    failures: [{node: stroom, duration: 6h}]
  - id: ransom
    name: Ransomware bij de leverancier
    theme: ransomware
    failures: [{node: suite, duration: 4d}]
measures:
  - id: reserve
    name: Reservesuite
    changes:
      - add_alternative: {node: uitkeringen, requirement: suite, alternative: backup}
"""


def small_map() -> RiskMap:
    return parse_map(MAP, "klein.yaml")
