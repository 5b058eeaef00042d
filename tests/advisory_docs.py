"""Small CSAF documents for the advisory tests, built in code."""

from __future__ import annotations

import copy
from typing import Any

MAP = """\
weerbaar: 1
nodes:
  - id: stroom
    kind: infrastructure
  - id: gateway
    requires: [stroom]
    products:
      - cpe: "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"
  - id: gateway-2
    requires: [stroom]
    products:
      - vendor: Citrix Systems, Inc.
        product: NetScaler ADC
        version: "13.1-51.15"
  - id: zaken
    products:
      - vendor: Zaakgericht Werken
        product: ZaakDossier
  - id: loket
    kind: process
    vital: true
    requires: [{any: [gateway, gateway-2]}]
  - id: archief
    kind: process
    vital: true
    requires: [zaken]
"""


def document(**changes: Any) -> dict[str, Any]:
    """An advisory on NetScaler ADC: 13.1 before 13.1-51.15 affected, 13.1-51.15 fixed."""
    doc: dict[str, Any] = {
        "document": {
            "category": "csaf_security_advisory",
            "csaf_version": "2.0",
            "title": "Kwetsbaarheid in NetScaler ADC",
            "aggregate_severity": {"text": "Urgent"},
            "publisher": {"category": "coordinator", "name": "NCSC", "namespace": "https://x"},
            "tracking": {
                "id": "NCSC-2099-0001",
                "version": "1",
                "status": "final",
                "initial_release_date": "2099-01-01T00:00:00Z",
                "current_release_date": "2099-01-01T00:00:00Z",
            },
        },
        "product_tree": {
            "branches": [
                {
                    "category": "vendor",
                    "name": "Citrix",
                    "branches": [
                        {
                            "category": "product_name",
                            "name": "NetScaler ADC",
                            "branches": [
                                {
                                    "category": "product_version_range",
                                    "name": "vers:generic/>=13.1|<13.1-51.15",
                                    "product": {"name": "ADC 13.1 oud", "product_id": "P1"},
                                },
                                {
                                    "category": "product_version",
                                    "name": "13.1-51.15",
                                    "product": {"name": "ADC 13.1-51.15", "product_id": "P2"},
                                },
                            ],
                        }
                    ],
                }
            ]
        },
        "vulnerabilities": [
            {
                "cve": "CVE-2099-0001",
                "product_status": {"known_affected": ["P1"], "fixed": ["P2"]},
                "scores": [
                    {
                        "products": ["P1"],
                        "cvss_v3": {
                            "version": "3.1",
                            "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                        },
                    }
                ],
            }
        ],
    }
    doc = copy.deepcopy(doc)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target: Any = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is None:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return doc
