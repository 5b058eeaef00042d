"""Organisations, people and their roles.

A municipality is an organisation; so is every chain partner. A user works
for an organisation in one role. What a role may do is decided in one place,
:func:`Role.can`, so every page and API call asks the same question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from weerbaar.model.riskmap import PartyKind


class Action(models.TextChoices):
    VIEW = "view", _("bekijken")
    ANALYSE = "analyse", _("analyses van de hele kaart bekijken")
    EDIT_MAP = "edit-map", _("kaart wijzigen")
    EDIT_OWN_NODES = "edit-own-nodes", _("eigen knooppunten wijzigen")
    RUN = "run", _("scenario's doorrekenen")
    MANAGE = "manage", _("gebruikers en delen beheren")
    ACCOUNT = "account", _("verantwoording en zelfevaluatie bekijken")
    ASSESS = "assess", _("zelfevaluatie en verbeterplan wijzigen")
    SHARE = "share", _("namens de organisatie delen (TLP) en labels verlagen")
    INCIDENTS = "incidents", _("incidenten bekijken")
    RESPOND = "respond", _("incidenten registreren en bijwerken")


class Role(models.TextChoices):
    BEHEERDER = "beheerder", _("Beheerder")
    CISO = "ciso", _("CISO")
    ADVISEUR_OOV = "adviseur-oov", _("Adviseur OOV")
    CRISISCOORDINATOR = "crisiscoordinator", _("Crisiscoördinator")
    BESTUURDER = "bestuurder", _("Bestuurder")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")

    def can(self, action: Action) -> bool:
        return action in _ALLOWED[self]


_READERS = {Action.VIEW, Action.ANALYSE, Action.ACCOUNT}
# Sharing outside the organisation (weerbaar.web.sharing) speaks for it: the
# people who edit and run its map may, the college (reads only) may not.
_EDITORS = {*_READERS, Action.EDIT_MAP, Action.EDIT_OWN_NODES, Action.RUN, Action.SHARE}
#: Incidents stay within the organisation: its crisis team registers and
#: updates them, the college reads them, a chain partner sees none.
_RESPONDERS = {Action.INCIDENTS, Action.RESPOND}
_ALLOWED: dict[Role, set[Action]] = {
    # The self-assessment under the BIO is the CISO's (and the beheerder's).
    Role.BEHEERDER: {*_EDITORS, *_RESPONDERS, Action.MANAGE, Action.ASSESS},
    Role.CISO: {*_EDITORS, *_RESPONDERS, Action.ASSESS},
    Role.ADVISEUR_OOV: {*_EDITORS, *_RESPONDERS},
    Role.CRISISCOORDINATOR: {*_EDITORS, *_RESPONDERS},
    # The college reads dashboards and reports and decides; it changes nothing.
    Role.BESTUURDER: {*_READERS, Action.INCIDENTS},
    # A chain partner runs nothing on a municipality's map and edits only
    # the nodes of its own organisation; the municipality's accountability
    # (assessments, evidence) never crosses organisations. Its people share
    # on behalf of their own organisation.
    Role.KETENPARTNER: {Action.VIEW, Action.ANALYSE, Action.EDIT_OWN_NODES, Action.SHARE},
}


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(
        _("soort"),
        max_length=40,
        choices=[(k.value, k.value) for k in PartyKind],
        default=PartyKind.GEMEENTE.value,
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
