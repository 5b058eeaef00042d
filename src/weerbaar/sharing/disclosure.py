"""Who may see a shared item: TLP 2.0 as one rule.

In Weerbaar an item is *held* by the organisation that shared it (the owner)
and disclosed by the platform on the owner's behalf, so the label says whom
the platform may show it to:

========================  =====================================================
label                     who sees the item
========================  =====================================================
``TLP:RED``               the person who shared it and the people it names —
                          individuals, not their organisations (not even the
                          owner's own colleagues unless named)
``TLP:AMBER+STRICT``      the owner organisation only
``TLP:AMBER``             the owner organisation and the organisations the
                          sharer names (its "clients" in TLP's words)
``TLP:GREEN``             the owner organisation and every member organisation
                          of the item's community
``TLP:CLEAR``             anyone
========================  =====================================================

"Sees" includes the item's existence: a list, a count, a search hit or an
error message that reveals an item discloses it. :func:`may_see` is the
definition; the database query in ``weerbaar.web.sharing.visibility`` is
tested to select exactly the items this function allows.

Which named recipients a label takes is fixed too (:func:`problems`): RED
names people, AMBER names organisations, GREEN needs a community, and
nothing a sharer fills in is silently ignored by the label it chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from weerbaar.sharing.tlp import TLP


@dataclass(frozen=True)
class Holding:
    """What the disclosure rule needs to know of one shared item (ids only)."""

    tlp: TLP
    owner: int
    author: int | None = None
    community: int | None = None
    recipient_organisations: frozenset[int] = field(default_factory=frozenset)
    recipient_users: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a person (``user``) or an organisation as a whole (``user=None``).

    ``organisations`` are those the person works for, in any role;
    ``communities`` those any of these organisations is a member of. An
    organisation as a whole (a feed token) never sees RED: RED is for
    individuals.
    """

    user: int | None = None
    organisations: frozenset[int] = field(default_factory=frozenset)
    communities: frozenset[int] = field(default_factory=frozenset)


#: Anyone at all: sees CLEAR only.
NOBODY = Viewer()


def may_see(item: Holding, viewer: Viewer) -> bool:
    """May ``viewer`` see ``item`` (its content, its title, even that it exists)?"""
    if item.tlp is TLP.CLEAR:
        return True
    if item.tlp is TLP.RED:
        return viewer.user is not None and (
            viewer.user == item.author or viewer.user in item.recipient_users
        )
    if item.owner in viewer.organisations:
        return True
    if item.tlp is TLP.AMBER:
        return not item.recipient_organisations.isdisjoint(viewer.organisations)
    if item.tlp is TLP.GREEN:
        return item.community is not None and item.community in viewer.communities
    return False  # AMBER+STRICT: the owner organisation only


class Misfit(NamedTuple):
    """A way the recipients do not fit the label: ``field``, a ``code`` and a message.

    ``code`` is ``missing`` (the label needs this recipient field filled),
    ``unused`` (the label does not use it) or ``own`` (the own organisation
    named as a recipient), for interfaces that word the message themselves.
    """

    field: str
    code: str
    message: str


def problems(item: Holding) -> list[Misfit]:
    """Each way the recipients do not fit the label.

    Fields: ``recipient_users``, ``recipient_organisations``, ``community``.
    A RED item must name at least one person; an AMBER item at least one
    organisation; a GREEN item its community. Recipients a label does not
    use are refused rather than ignored, so that the sharer never believes
    someone will see an item who will not (or the reverse).
    """
    found: list[Misfit] = []
    uses_people = item.tlp is TLP.RED
    uses_organisations = item.tlp is TLP.AMBER
    if uses_people and not item.recipient_users:
        found.append(
            Misfit("recipient_users", "missing", "TLP:RED needs at least one named person")
        )
    if not uses_people and item.recipient_users:
        found.append(
            Misfit(
                "recipient_users",
                "unused",
                f"{item.tlp.label} does not name people; only TLP:RED does",
            )
        )
    if uses_organisations and not item.recipient_organisations:
        found.append(
            Misfit(
                "recipient_organisations",
                "missing",
                "TLP:AMBER needs at least one named organisation; "
                "for the own organisation only, choose TLP:AMBER+STRICT",
            )
        )
    if not uses_organisations and item.recipient_organisations:
        found.append(
            Misfit(
                "recipient_organisations",
                "unused",
                f"{item.tlp.label} does not name organisations; only TLP:AMBER does",
            )
        )
    if item.tlp is TLP.GREEN and item.community is None:
        found.append(
            Misfit("community", "missing", "TLP:GREEN is shared with a community; choose one")
        )
    if uses_organisations and item.owner in item.recipient_organisations:
        found.append(
            Misfit(
                "recipient_organisations", "own", "the own organisation always sees its AMBER items"
            )
        )
    return found


def may_relabel(item: Holding, viewer: Viewer, *, shares_for_owner: bool) -> bool:
    """May ``viewer`` change the label of ``item`` (lowering included)?

    Only the owner: a person of the owner organisation whose role may share
    for it (``shares_for_owner``) and who may see the item. A recipient never
    may, whatever its role: lowering a label would disclose someone else's
    information.
    """
    return (
        shares_for_owner
        and viewer.user is not None
        and item.owner in viewer.organisations
        and may_see(item, viewer)
    )


def is_disclosure(item: Holding, viewer: Viewer) -> bool:
    """Is showing ``item`` to ``viewer`` a disclosure outside the owner (to be audited)?"""
    return item.owner not in viewer.organisations
