"""Shared items as MISP events, built with PyMISP.

One item is one event: ``info`` is the title, ``Orgc`` the owner, the text
an event report, the label a ``tlp:*`` tag and the kind a
``weerbaar:kind="…"`` tag. What the event holds depends on the kind:

================  ==============================================================
item              MISP content
================  ==============================================================
indicator         ``ip-dst``, ``domain`` and ``url`` attributes (``to_ids``),
                  file hashes in one ``file`` object
advisory impact   a ``vulnerability`` attribute per CVE
dependency fact   an ``organization`` object (name: the supplier, role
                  ``supplier``, type-of-organization: its kind) and a ``text``
                  attribute per vital process (comment ``vital process``)
================  ==============================================================

MISP has no link from one event to another that Weerbaar could use for
``refs``; they travel in STIX only.

Distribution (who a receiving MISP instance may pass the event on to) is
derived from the label and the community (:func:`distribution`).
The event's uuid is the item's; every uuid inside it is derived from it
(``uuid5``) and every timestamp is the item's, so the same item is the same
event on every export.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pymisp import Distribution, MISPAttribute, MISPEvent, MISPObject, MISPOrganisation

from weerbaar.interop.records import Item, Kind, ObservableKind, derived
from weerbaar.sharing.tlp import TLP

#: The namespace of the machine tag naming an item's kind.
KIND_TAG = "weerbaar:kind"

ATTRIBUTE_TYPE = {
    ObservableKind.IPV4: "ip-dst",
    ObservableKind.IPV6: "ip-dst",
    ObservableKind.DOMAIN: "domain",
    ObservableKind.URL: "url",
}

PROCESS_COMMENT = "vital process"


def distribution(tlp: TLP, community: str | None) -> Distribution:
    """The MISP distribution level for an item with ``tlp`` shared in ``community``.

    ==================  ========================  ====================================
    label               distribution              why
    ==================  ========================  ====================================
    CLEAR               all communities (3)       anyone may see it
    GREEN, community    this community only (1)   the community is the audience
    GREEN, none         your organisation (0)     no audience named: keep it in
    AMBER               your organisation (0)     the recipient organisation only
    AMBER+STRICT        your organisation (0)     never beyond an organisation
    RED                 your organisation (0)     named people only: MISP has no
                                                  finer level, so the strictest
    ==================  ========================  ====================================
    """
    if tlp is TLP.CLEAR:
        return Distribution.all_communities
    if tlp is TLP.GREEN and community:
        return Distribution.this_community_only
    return Distribution.your_organisation_only


def event_uuid(item: Item) -> str:
    """The event's uuid: the item's own, so a feed's event file is found by the item."""
    return str(item.uuid)


def _stamp(when: datetime) -> datetime:
    return when.astimezone(UTC)


def event(item: Item) -> MISPEvent:
    """The MISP event of one item."""
    ev = MISPEvent()
    ev.uuid = event_uuid(item)
    ev.info = item.title
    ev.date = item.created.date()
    ev.analysis = 2  # completed: Weerbaar shares what is known, not work in progress
    ev.threat_level_id = 4  # undefined: the label, not a threat level, says how careful to be
    ev.distribution = distribution(item.tlp, item.community).value
    ev.published = True
    org = MISPOrganisation()
    org.name = item.owner.name
    org.uuid = str(item.owner.uuid)
    ev.Orgc = org
    ev.add_tag(item.tlp.tag)
    ev.add_tag(f'{KIND_TAG}="{item.kind.value}"')
    for tag in item.tags:
        ev.add_tag(tag)
    if item.body:
        ev.add_event_report(
            name=item.title, content=item.body, uuid=str(derived("misp", "report", item.uuid))
        )
    for n, obs in enumerate(item.observables):
        if obs.kind in ATTRIBUTE_TYPE:
            _attribute(ev, item, f"obs/{n}", ATTRIBUTE_TYPE[obs.kind], obs.value, to_ids=True)
    hashes = [o for o in item.observables if o.kind.is_hash]
    if hashes:
        obj = MISPObject("file", standalone=False)
        obj.uuid = str(derived("misp", "object", item.uuid, "file"))
        for n, obs in enumerate(hashes):
            obj.add_attribute(obs.kind.value, value=obs.value, to_ids=True)
            obj.attributes[-1].uuid = str(derived("misp", "attribute", item.uuid, f"file/{n}"))
        ev.add_object(obj)
    for n, cve in enumerate(item.cves):
        _attribute(ev, item, f"cve/{n}", "vulnerability", cve)
    if item.kind is Kind.DEPENDENCY_FACT and item.dependency is not None:
        dep = item.dependency
        obj = MISPObject("organization", standalone=False)
        obj.uuid = str(derived("misp", "object", item.uuid, "organization"))
        obj.add_attribute("name", value=dep.supplier)
        obj.add_attribute("role", value="supplier")
        if dep.kind:
            obj.add_attribute("type-of-organization", value=dep.kind)
        for n, attr in enumerate(obj.attributes):
            attr.uuid = str(derived("misp", "attribute", item.uuid, f"organization/{n}"))
        ev.add_object(obj)
        for n, process in enumerate(dep.processes):
            _attribute(ev, item, f"process/{n}", "text", process, comment=PROCESS_COMMENT)
    _fix_times(ev, _stamp(item.modified))
    return ev


def _attribute(
    ev: MISPEvent,
    item: Item,
    key: str,
    kind: str,
    value: str,
    *,
    to_ids: bool = False,
    comment: str = "",
) -> MISPAttribute:
    ev.add_attribute(kind, value, to_ids=to_ids, comment=comment)
    attr: MISPAttribute = ev.attributes[-1]
    attr.uuid = str(derived("misp", "attribute", item.uuid, key))
    return attr


def _fix_times(ev: MISPEvent, when: datetime) -> None:
    # PyMISP stamps "now" on everything it creates; the item's own time keeps
    # the export the same on every run (and tells a puller what is new).
    # Everything inside the event inherits the event's distribution.
    ev.timestamp = when
    ev.publish_timestamp = when
    parts = [*ev.attributes, *ev.objects, *ev.event_reports]
    parts += [attr for obj in ev.objects for attr in obj.attributes]
    for part in parts:
        part.timestamp = when
        part.distribution = Distribution.inherit.value
