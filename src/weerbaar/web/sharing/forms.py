"""The forms of the sharing pages: what is shared, under which label, with whom.

The recipients a label takes are checked by the pure rule
(:func:`weerbaar.sharing.disclosure.problems`) and reported on the field
concerned; nothing filled in is dropped silently.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from weerbaar.interop.records import Observable
from weerbaar.sharing.disclosure import Holding, problems
from weerbaar.sharing.tlp import TLP
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.maps.models import RiskMapRecord, Share
from weerbaar.web.sharing.models import (
    MAP_TLP_CHOICES,
    Community,
    ItemKind,
    MapDetailChoice,
)

#: How each misfit of recipients and label is told, by (field, code).
MISFITS = {
    ("recipient_users", "missing"): _("Bij TLP:RED noemt u ten minste één persoon."),
    ("recipient_users", "unused"): _(
        "Alleen bij TLP:RED noemt u personen; kies TLP:RED of laat dit leeg."
    ),
    ("recipient_organisations", "missing"): _(
        "Bij TLP:AMBER noemt u ten minste één organisatie; alleen voor de eigen organisatie "
        "kiest u TLP:AMBER+STRICT."
    ),
    ("recipient_organisations", "unused"): _(
        "Alleen bij TLP:AMBER noemt u organisaties; kies TLP:AMBER of laat dit leeg."
    ),
    ("recipient_organisations", "own"): _("De eigen organisatie ziet haar items altijd."),
    ("community", "missing"): _("TLP:GREEN deelt u met een gemeenschap; kies er een."),
}

TLP_HELP = {
    TLP.CLEAR: _("iedereen"),
    TLP.GREEN: _("de leden van de gekozen gemeenschap"),
    TLP.AMBER: _("de eigen organisatie en de organisaties die u noemt"),
    TLP.AMBER_STRICT: _("alleen de eigen organisatie"),
    TLP.RED: _("alleen de personen die u noemt (en uzelf)"),
}


def tlp_choices() -> list[tuple[str, Any]]:
    return [(t.value, f"{t.label} — {TLP_HELP[t]}") for t in TLP]


def communities_of(organisation: Organisation) -> QuerySet[Community]:
    return Community.objects.filter(memberships__organisation=organisation).distinct()


def known_organisations(organisation: Organisation) -> QuerySet[Organisation]:
    """Organisations the owner deals with: fellow community members and its map partners."""
    fellows = Q(community_memberships__community__in=communities_of(organisation))
    partners = Q(
        pk__in=Share.objects.filter(riskmap__organisation=organisation).values("organisation")
    )
    return Organisation.objects.filter(fellows | partners).exclude(pk=organisation.pk).distinct()


def known_people(organisation: Organisation) -> QuerySet[Any]:
    orgs = known_organisations(organisation).values("pk")
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__organisation__in=orgs) | Q(memberships__organisation=organisation)
        )
        .distinct()
        .order_by("username")
    )


class PersonChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        orgs = ", ".join(m.organisation.name for m in obj.memberships.all())
        return f"{obj.get_full_name() or obj.username} ({orgs})"


class ShareForm(NLFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=300)
    body = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    value = forms.CharField(
        label=_("Waarde van de indicator"),
        max_length=500,
        required=False,
        help_text=_("bij een indicator: het adres, de domeinnaam of de hash"),
    )
    tlp = forms.ChoiceField(label=_("TLP-label"), widget=forms.RadioSelect)
    community = forms.ModelChoiceField(
        label=_("Gemeenschap"), queryset=Community.objects.none(), required=False
    )
    recipient_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties (bij TLP:AMBER)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_users = PersonChoice(
        label=_("Personen (bij TLP:RED)"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, owner: Organisation, *args: Any, fixed_kind: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        tlp: Any = self.fields["tlp"]
        tlp.choices = tlp_choices()
        community: Any = self.fields["community"]
        community.queryset = communities_of(owner)
        orgs: Any = self.fields["recipient_organisations"]
        orgs.queryset = known_organisations(owner)
        people: Any = self.fields["recipient_users"]
        people.queryset = known_people(owner).prefetch_related("memberships__organisation")
        if fixed_kind is not None:
            kind: Any = self.fields["kind"]
            kind.choices = [(k, v) for k, v in ItemKind.choices if k == fixed_kind]
            kind.initial = fixed_kind

    def clean_value(self) -> str:
        text = str(self.cleaned_data.get("value", "")).strip()
        if not text:
            return ""
        try:
            # Typed once, exported as what it is: the formats need the kind.
            return Observable.guess(text).value
        except ValueError:
            raise forms.ValidationError(
                _("Geen IP-adres, URL, domeinnaam of MD5-, SHA-1- of SHA-256-hash."),
                code="invalid",
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ItemKind.INDICATOR and not data.get("value"):
            self.add_error("value", _("Een indicator heeft een waarde."))
        if data.get("value") and data.get("kind") != ItemKind.INDICATOR:
            self.add_error("value", _("Alleen een indicator heeft een waarde; laat dit leeg."))
        if "tlp" not in data:
            return data
        community = data.get("community")
        holding = Holding(
            tlp=TLP(data["tlp"]),
            owner=self.owner.pk,
            community=community.pk if community is not None else None,
            recipient_organisations=frozenset(
                o.pk for o in data.get("recipient_organisations", [])
            ),
            recipient_users=frozenset(u.pk for u in data.get("recipient_users", [])),
        )
        for misfit in problems(holding):
            self.add_error(misfit.field, MISFITS[(misfit.field, misfit.code)])
        return data


class RelabelForm(NLFormMixin, forms.Form):
    tlp = forms.ChoiceField(label=_("Nieuw label"), widget=forms.RadioSelect)
    community = ShareForm.base_fields["community"]
    recipient_organisations = ShareForm.base_fields["recipient_organisations"]
    recipient_users = ShareForm.base_fields["recipient_users"]
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat een lager label het item aan meer mensen toont."), required=False
    )

    def __init__(self, owner: Organisation, current: TLP, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.current = current
        tlp: Any = self.fields["tlp"]
        tlp.choices = [c for c in tlp_choices() if c[0] != current.value]
        community: Any = self.fields["community"]
        community.queryset = communities_of(owner)
        orgs: Any = self.fields["recipient_organisations"]
        orgs.queryset = known_organisations(owner)
        people: Any = self.fields["recipient_users"]
        people.queryset = known_people(owner).prefetch_related("memberships__organisation")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "tlp" not in data:
            return data
        new = TLP(data["tlp"])
        if new.rank < self.current.rank and not data.get("confirm"):
            self.add_error("confirm", _("Bevestig dat u het label verlaagt."))
        community = data.get("community")
        holding = Holding(
            tlp=new,
            owner=self.owner.pk,
            community=community.pk if community is not None else None,
            recipient_organisations=frozenset(
                o.pk for o in data.get("recipient_organisations", [])
            ),
            recipient_users=frozenset(u.pk for u in data.get("recipient_users", [])),
        )
        for misfit in problems(holding):
            self.add_error(misfit.field, MISFITS[(misfit.field, misfit.code)])
        return data


class PolicyForm(NLFormMixin, forms.Form):
    detail = forms.ChoiceField(
        label=_("Wat deelt u van uw kaart met deze gemeenschap?"),
        choices=MapDetailChoice.choices,
        widget=forms.RadioSelect,
    )
    riskmap = forms.ModelChoiceField(
        label=_("Risicokaart"), queryset=RiskMapRecord.objects.none(), required=False
    )
    map_tlp = forms.ChoiceField(
        label=_("Label van de kaartgegevens"),
        choices=MAP_TLP_CHOICES,
        help_text=_(
            "TLP:GREEN of TLP:CLEAR: de gemeenschap mag uw organisatie noemen bij een regionaal "
            "cijfer. TLP:AMBER: uw gegevens tellen alleen anoniem mee."
        ),
    )

    def __init__(self, owner: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        riskmap: Any = self.fields["riskmap"]
        riskmap.queryset = RiskMapRecord.objects.filter(organisation=owner)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("detail", MapDetailChoice.NOTHING) != MapDetailChoice.NOTHING and not data.get(
            "riskmap"
        ):
            self.add_error("riskmap", _("Kies de kaart waarvan u deelt."))
        if data.get("detail") == MapDetailChoice.NOTHING and data.get("riskmap"):
            self.add_error("riskmap", _("Wie niets deelt, kiest geen kaart; laat dit leeg."))
        return data
