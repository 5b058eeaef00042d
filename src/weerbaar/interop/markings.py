"""TLP 2.0 in STIX 2.1: the official marking definitions and their extension.

OASIS publishes one marking-definition object per TLP 2.0 label, with a
fixed id, created 2022-10-01, carrying the property extension
``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`` with
``tlp_2_0`` set to the label (cti-stix-common-objects,
``extension-definition-specifications/tlp-2.0``). The ``stix2`` library
ships only the TLP 1.0 definitions, so the five objects are built here from
those published ids, never made up: a receiver recognises a label by its id.

On import the TLP 1.0 definitions (``stix2``'s ``TLP_WHITE`` …) are read
too, as FIRST maps them: WHITE became CLEAR, the others kept their name.

Examples
--------
>>> MARKINGS[TLP.AMBER_STRICT].id
'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'
>>> label_of_marking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9")
<TLP.CLEAR: 'clear'>
"""

from __future__ import annotations

from stix2 import v21

from weerbaar.sharing.tlp import TLP

#: The id of the TLP 2.0 property extension of marking definitions.
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

#: The published ids of the TLP 2.0 marking definitions.
TLP2_IDS = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

#: TLP 1.0, as the ``stix2`` library defines it, read on import only.
TLP1_IDS = {
    v21.TLP_WHITE.id: TLP.CLEAR,
    v21.TLP_GREEN.id: TLP.GREEN,
    v21.TLP_AMBER.id: TLP.AMBER,
    v21.TLP_RED.id: TLP.RED,
}

MARKINGS = {
    tlp: v21.MarkingDefinition(
        id=marking_id,
        created="2022-10-01T00:00:00.000Z",
        name=tlp.label,
        extensions={TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.value}},
    )
    for tlp, marking_id in TLP2_IDS.items()
}

_BY_ID = {marking_id: tlp for tlp, marking_id in TLP2_IDS.items()} | TLP1_IDS


def label_of_marking(marking_id: str) -> TLP | None:
    """The TLP label a marking-definition id stands for; None when it is no TLP marking."""
    return _BY_ID.get(marking_id)


def is_tlp_marking(marking_id: str) -> bool:
    return marking_id in _BY_ID
