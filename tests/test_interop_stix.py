"""STIX 2.1 export and import of shared items (weerbaar.interop.stix, .stiximport)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from stix2validator import ValidationOptions, validate_string

from interop_items import DORP, items
from weerbaar.interop.markings import MARKINGS, TLP2_EXTENSION
from weerbaar.interop.records import ImportRefused, Kind
from weerbaar.interop.stix import bundle, stix_id
from weerbaar.interop.stiximport import read_bundle
from weerbaar.sharing.tlp import TLP


def exported() -> dict[str, Any]:
    return json.loads(bundle(items()).serialize())


def by_type(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in doc["objects"] if o["type"] == kind]


def test_it_exports_a_bundle_the_stix2_validator_accepts() -> None:
    result = validate_string(bundle(items()).serialize(), ValidationOptions(version="2.1"))
    assert result.is_valid, [e.message for e in result.errors]


def test_it_makes_every_kind_its_stix_object() -> None:
    doc = exported()
    types = {o["id"].split("--")[0] for o in doc["objects"]}
    assert {
        "incident",
        "indicator",
        "note",
        "report",
        "infrastructure",
        "identity",
        "relationship",
        "marking-definition",
        "extension-definition",
    } <= types
    (indicator,) = by_type(doc, "indicator")
    assert indicator["pattern"].startswith("[ipv4-addr:value = '192.0.2.7'] OR [domain-name")
    (report,) = by_type(doc, "report")
    assert report["labels"] == ["exercise-report"]


def test_it_marks_every_object_with_the_official_tlp2_definition() -> None:
    doc = exported()
    for obj in doc["objects"]:
        if obj["type"] not in ("marking-definition", "identity", "extension-definition"):
            assert len(obj["object_marking_refs"]) == 1
    red = next(o for o in doc["objects"] if o.get("name") == "TLP:RED")
    assert red["id"] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    assert red["extensions"][TLP2_EXTENSION] == {
        "extension_type": "property-extension",
        "tlp_2_0": "red",
    }
    (incident,) = [o for o in by_type(doc, "incident") if o["name"].startswith("Ransomware")]
    assert incident["object_marking_refs"] == [MARKINGS[TLP.AMBER].id]


def test_it_gives_the_same_ids_on_every_export() -> None:
    assert bundle(items()).serialize() == bundle(items()).serialize()
    first = items()[0]
    assert stix_id(first) == f"incident--{first.uuid}"


def test_it_refers_only_to_items_in_the_same_bundle() -> None:
    # The lesson is about the AMBER incident; without it, no reference may betray it.
    without = [i for i in items() if i.kind is not Kind.INCIDENT]
    doc = json.loads(bundle(without).serialize())
    serialized = json.dumps(doc)
    assert stix_id(items()[0]) not in serialized
    (lesson,) = [n for n in by_type(doc, "note") if n["labels"] == ["lesson"]]
    assert lesson["object_refs"][0].startswith("identity--")


def test_it_reads_its_own_export_back() -> None:
    again = read_bundle(bundle(items()).serialize(), "b.json", default_owner=DORP)
    original = {i.title: i for i in items()}
    assert len(again) == len(original)
    for item in again:
        before = original[item.title]
        assert (
            item.kind,
            item.tlp,
            item.body,
            item.owner.name,
            item.observables,
            item.dependency,
            item.cves,
            item.created,
        ) == (
            before.kind,
            before.tlp,
            before.body,
            before.owner.name,
            before.observables,
            before.dependency,
            before.cves,
            before.created,
        )
    lesson = next(i for i in again if i.kind is Kind.LESSON)
    incident = next(i for i in again if i.title.startswith("Ransomware"))
    assert lesson.refs == (incident.uuid,)


def test_it_refuses_an_object_it_cannot_map_and_says_where() -> None:
    doc = exported()
    doc["objects"].append(
        {
            "type": "malware",
            "spec_version": "2.1",
            "id": "malware--3f9c9e5e-b3b8-4e4f-8a2f-2a1f7f2a9f1a",
            "created": "2026-01-01T00:00:00.000Z",
            "modified": "2026-01-01T00:00:00.000Z",
            "name": "Qakbot",
            "is_family": True,
        }
    )
    with pytest.raises(ImportRefused) as refused:
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)
    last = len(doc["objects"]) - 1
    assert str(refused.value) == (
        f"b.json: objects[{last}] (malware--3f9c9e5e-b3b8-4e4f-8a2f-2a1f7f2a9f1a): "
        "type 'malware' has no shared item it can become"
    )


def test_it_refuses_a_property_it_would_otherwise_drop() -> None:
    doc = exported()
    (indicator,) = by_type(doc, "indicator")
    indicator["valid_until"] = "2027-01-01T00:00:00Z"
    with pytest.raises(ImportRefused, match="Weerbaar cannot keep valid_until"):
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)


def test_it_refuses_an_unmarked_object_unless_a_label_is_chosen() -> None:
    doc = exported()
    for obj in doc["objects"]:
        obj.pop("object_marking_refs", None)
    with pytest.raises(ImportRefused, match="has no TLP marking"):
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)
    chosen = read_bundle(json.dumps(doc), "b.json", default_owner=DORP, default_tlp=TLP.AMBER)
    assert {i.tlp for i in chosen} == {TLP.AMBER}


def test_it_refuses_a_pattern_it_cannot_keep_as_observables() -> None:
    doc = exported()
    (indicator,) = by_type(doc, "indicator")
    indicator["pattern"] = "[ipv4-addr:value = '192.0.2.7'] FOLLOWEDBY [domain-name:value = 'a.nl']"
    with pytest.raises(ImportRefused, match="uses FOLLOWEDBY"):
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)


def test_it_reports_schema_errors_with_their_object() -> None:
    doc = exported()
    doc["objects"][-1]["created"] = "gisteren"
    with pytest.raises(ImportRefused) as refused:
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)
    assert f"objects[{len(doc['objects']) - 1}]" in str(refused.value)
    assert "gisteren" in str(refused.value)


def test_it_reads_tlp1_markings_as_their_tlp2_labels() -> None:
    doc = exported()
    for obj in doc["objects"]:
        if "object_marking_refs" in obj:
            obj["object_marking_refs"] = [
                "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
            ]
    assert {i.tlp for i in read_bundle(json.dumps(doc), "b.json", default_owner=DORP)} == {
        TLP.CLEAR
    }


def test_it_refuses_stix_2_0() -> None:
    doc = exported()
    doc["objects"][0]["spec_version"] = "2.0"
    with pytest.raises(ImportRefused, match=r"only STIX 2\.1 is read"):
        read_bundle(json.dumps(doc), "b.json", default_owner=DORP)
