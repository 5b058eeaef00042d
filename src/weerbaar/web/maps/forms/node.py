"""The node form: the node's fields, its requirements and its impact.

A CISO fills in a business impact analysis here, so the page follows the
map file closely but in rows and columns rather than YAML: one row per
requirement (several members make a redundancy group) and one row per impact
value (``after`` empty for the costs per day of outage, otherwise the level
reached after a continuous outage of that long).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerbaar.model import NodeKind, parse_duration
from weerbaar.web.forms import NLFormMixin
from weerbaar.web.maps.forms.fields import (
    AMBIGUOUS,
    ID_HELP,
    NODE_KINDS,
    DurationField,
    ambiguous,
    class_only_criteria,
    criterion_choices,
    number,
    show_duration,
    show_number,
    split_ids,
)
from weerbaar.web.maps.problems import Path_, Spot, field_route

#: The node keys this form edits; any other key of a node is kept as it is.
NODE_KEYS = frozenset(
    {"id", "kind", "name", "party", "description", "restart", "location", "vital", "mtpd"}
    | {"rto", "rpo", "bbn", "served", "impact", "requires", "products"}
)
_DURATIONS = ("restart", "mtpd", "rto", "rpo")
CLASS_LETTERS = frozenset("ABCDE")


class NodeForm(NLFormMixin, forms.Form):
    id = forms.CharField(label=_("Id"), max_length=200, help_text=ID_HELP)
    name = forms.CharField(label=_("Naam"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=NODE_KINDS, initial=NodeKind.SYSTEM.value)
    party = forms.ChoiceField(label=_("Partij"), required=False, help_text=_("Wie dit beheert."))
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    restart = DurationField(
        uncertain=True,
        label=_("Hersteltijd"),
        help_text=_("Tijd om weer op gang te komen nadat de oorzaak weg is, bijvoorbeeld 4h."),
    )
    lat = forms.FloatField(label=_("Breedtegraad"), required=False, localize=True)
    lon = forms.FloatField(label=_("Lengtegraad"), required=False, localize=True)
    vital = forms.BooleanField(label=_("Vitaal proces"), required=False)
    mtpd = DurationField(label=_("MTPD (maximaal toelaatbare uitvalduur)"))
    rto = DurationField(label=_("RTO (hersteltijddoelstelling)"))
    rpo = DurationField(label=_("RPO (maximaal dataverlies)"))
    bbn = forms.TypedChoiceField(
        label=_("BBN (BIO basisbeveiligingsniveau)"),
        choices=[("", "—"), ("1", "1"), ("2", "2"), ("3", "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    served = forms.IntegerField(label=_("Aantal bediende mensen"), min_value=0, required=False)

    def __init__(
        self,
        *args: Any,
        parties: list[tuple[str, str]],
        own_party: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ChoiceField)
        if own_party is not None:
            # A chain partner keeps its nodes in its own name: the only choice.
            label = dict(parties).get(own_party, own_party)
            party.choices = [(own_party, label)]
            party.required = True
        else:
            party.choices = [("", "—"), *parties]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None):
            self.add_error("lon", _("Vul breedte- en lengtegraad allebei in, of allebei niet."))
        return cleaned


class RequirementForm(NLFormMixin, forms.Form):
    members = forms.CharField(
        label=_("Heeft nodig"),
        required=False,
        max_length=2000,
        help_text=_("Id van een knooppunt; meerdere id's met komma's vormen een redundantiegroep."),
        widget=forms.TextInput(attrs={"list": "wb-node-ids", "size": 30}),
    )
    need = forms.IntegerField(
        label=_("Aantal nodig"),
        min_value=1,
        required=False,
        help_text=_("Bij een groep: hoeveel er moeten werken (leeg is 1)."),
        widget=forms.NumberInput(attrs={"size": 3}),
    )
    tolerance = DurationField(
        uncertain=True,
        label=_("Tolerantie"),
        help_text=_("Hoe lang de uitval zonder gevolgen blijft (leeg is 0)."),
    )


class ImpactRowForm(NLFormMixin, forms.Form):
    after = DurationField(
        label=_("Na"),
        help_text=_("Leeg: per dag van de uitval. Anders: na een uitval van zo lang."),
    )
    criterion = forms.ChoiceField(label=_("Criterium"), required=False)
    value = forms.CharField(
        label=_("Waarde"),
        required=False,
        max_length=40,
        help_text=_("Een aantal in de eenheid van het criterium, of een klasse A-E."),
        widget=forms.TextInput(attrs={"size": 10}),
    )

    def __init__(self, *args: Any, criteria: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *criteria]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        criterion, text = cleaned.get("criterion"), (cleaned.get("value") or "").strip()
        if not criterion and not text:
            return cleaned  # an empty row: nothing to store
        if not criterion:
            self.add_error("criterion", _("Kies een criterium."))
            return cleaned
        if not text:
            self.add_error("value", _("Vul een waarde in."))
            return cleaned
        if ambiguous(text):
            self.add_error("value", AMBIGUOUS)
            return cleaned
        amount = number(text)
        letter = text.upper()
        if criterion in class_only_criteria():
            if letter not in CLASS_LETTERS:
                self.add_error("value", _("Dit criterium kent alleen een klasse A-E."))
            elif not cleaned.get("after"):
                self.add_error("after", _("Een klasse hoort bij een moment, niet per dag."))
            cleaned["value"] = letter
        elif amount is not None:
            cleaned["value"] = amount
        elif letter in CLASS_LETTERS and cleaned.get("after"):
            cleaned["value"] = letter
        else:
            self.add_error("value", _("Vul een aantal in (of na een moment een klasse A-E)."))
        return cleaned


class ProductForm(NLFormMixin, forms.Form):
    """A product the node runs; the map loader checks the CPE and purl (docs/advisories.md)."""

    cpe = forms.CharField(
        label=_("CPE"),
        required=False,
        max_length=1000,
        help_text=_(
            "CPE 2.3-naam, bijvoorbeeld cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*:*."
        ),
        widget=forms.TextInput(attrs={"size": 30}),
    )
    purl = forms.CharField(
        label=_("Package URL"),
        required=False,
        max_length=1000,
        help_text=_("Bijvoorbeeld pkg:composer/drupal/core@10.2.3."),
        widget=forms.TextInput(attrs={"size": 20}),
    )
    vendor = forms.CharField(
        label=_("Leverancier"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"size": 14}),
    )  # fmt: skip
    product = forms.CharField(
        label=_("Product"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"size": 14}),
    )  # fmt: skip
    version = forms.CharField(
        label=_("Versie"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"size": 8}),
    )  # fmt: skip


#: The product keys, in the file's order.
PRODUCT_KEYS = ("cpe", "purl", "vendor", "product", "version")

RequirementFormSet = forms.formset_factory(RequirementForm, extra=2, can_delete=True)
ProductFormSet = forms.formset_factory(ProductForm, extra=1, can_delete=True)
ImpactFormSet = forms.formset_factory(ImpactRowForm, extra=2, can_delete=True)


def node_initial(entry: dict[str, Any]) -> dict[str, Any]:
    """The node form's initial values from a node of the map data."""
    location = entry.get("location") or {}
    initial = {key: entry.get(key, "") for key in ("id", "name", "description")}
    initial |= {key: show_duration(entry.get(key)) for key in _DURATIONS}
    return initial | {
        "kind": entry.get("kind", NodeKind.SYSTEM.value),
        "party": entry.get("party") or "",
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "vital": bool(entry.get("vital")),
        "bbn": entry.get("bbn"),
        "served": entry.get("served"),
    }


def requirement_initial(entry: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for req in entry.get("requires", []):
        if isinstance(req, str):
            req = {"node": req}
        members = [req["node"]] if "node" in req else list(req.get("any", []))
        rows.append(
            {
                "members": ", ".join(str(m) for m in members),
                "need": req.get("need"),
                "tolerance": show_duration(req.get("tolerance")),
            }
        )
    return rows


def impact_initial(entry: dict[str, Any]) -> list[dict[str, Any]]:
    impact = entry.get("impact") or {}
    rows = [
        {"after": "", "criterion": key, "value": show_number(value)}
        for key, value in (impact.get("per_day") or {}).items()
    ]
    for step in impact.get("steps") or []:
        after = show_duration(step.get("after"))
        rows += [
            {"after": after, "criterion": key, "value": show_number(value)}
            for key, value in step.items()
            if key != "after"
        ]
    return rows


def product_initial(entry: dict[str, Any]) -> list[dict[str, Any]]:
    products = entry.get("products")
    if not isinstance(products, list):
        return []
    return [{k: str(p.get(k) or "") for k in PRODUCT_KEYS} for p in products if isinstance(p, dict)]


def _impact_keys(entry: dict[str, Any]) -> list[str]:
    return [row["criterion"] for row in impact_initial(entry)]


class NodeEditor:
    """The forms of one node page, turned into a node of the map data and back.

    Call :meth:`is_valid`, then :meth:`entry`; :meth:`route` then says where a
    problem of the map loader belongs (see :mod:`weerbaar.web.maps.problems`).
    """

    def __init__(
        self,
        data: Any = None,
        *,
        entry: dict[str, Any] | None = None,
        parties: list[tuple[str, str]],
        own_party: str | None = None,
    ) -> None:
        entry = entry or {}
        initial = node_initial(entry) if entry else {"party": own_party or ""}
        self.form = NodeForm(data, initial=initial, parties=parties, own_party=own_party)
        self.requirements = RequirementFormSet(
            data, initial=requirement_initial(entry), prefix="req"
        )
        self.impact = ImpactFormSet(
            data,
            initial=impact_initial(entry),
            prefix="impact",
            form_kwargs={"criteria": criterion_choices(_impact_keys(entry))},
        )
        self.products = ProductFormSet(data, initial=product_initial(entry), prefix="product")
        self._requires: list[forms.Form] = []
        self._products: list[forms.Form] = []
        self._per_day: dict[str, forms.Form] = {}
        self._steps: list[dict[str, forms.Form]] = []

    @property
    def formsets(self) -> list[forms.BaseFormSet]:  # type: ignore[type-arg]
        return [self.requirements, self.impact, self.products]

    def is_valid(self) -> bool:
        valid = [
            self.form.is_valid(),
            self.requirements.is_valid(),
            self.impact.is_valid(),
            self.products.is_valid(),
        ]
        return all(valid) and self._check_impact()

    def _kept(self, formset: forms.BaseFormSet) -> list[forms.Form]:  # type: ignore[type-arg]
        # Existing rows count as they are; extra rows only when filled in.
        initial = formset.initial_form_count()
        return [
            f
            for i, f in enumerate(formset.forms)
            if (i < initial or f.has_changed()) and not f.cleaned_data.get("DELETE")
        ]

    def _check_impact(self) -> bool:
        # A criterion once per day and once per moment: the file has one key for each.
        self._per_day = {}
        steps: dict[float, dict[str, forms.Form]] = {}
        ok = True
        for f in self._kept(self.impact):
            c = f.cleaned_data
            if not c.get("criterion"):
                continue
            after = c.get("after") or ""
            slot = self._per_day if not after else steps.setdefault(parse_duration(after), {})
            if c["criterion"] in slot:
                f.add_error("criterion", _("Dit criterium staat al op dit moment."))
                ok = False
            slot[c["criterion"]] = f
        self._steps = [steps[hours] for hours in sorted(steps)]
        return ok

    def entry(self, old: dict[str, Any] | None = None) -> dict[str, Any]:
        """The node as map data; keys this form does not know are kept from ``old``."""
        c = self.form.cleaned_data
        out: dict[str, Any] = {"id": c["id"].strip(), "kind": c["kind"]}
        for key in ("name", "party", "description"):
            if c.get(key):
                out[key] = c[key].strip()
        if c.get("restart"):
            out["restart"] = c["restart"]
        if c.get("lat") is not None and c.get("lon") is not None:
            out["location"] = {"lat": c["lat"], "lon": c["lon"]}
        if c.get("vital"):
            out["vital"] = True
        for key in ("mtpd", "rto", "rpo"):
            if c.get(key):
                out[key] = c[key]
        for key in ("bbn", "served"):
            if c.get(key) is not None:
                out[key] = c[key]
        impact = self._impact_entry()
        if impact:
            out["impact"] = impact
        products = self._products_entry()
        if products:
            out["products"] = products
        out.update({k: v for k, v in (old or {}).items() if k not in NODE_KEYS})
        requires = self._requires_entry()
        if requires:
            out["requires"] = requires
        return out

    def _requires_entry(self) -> list[Any]:
        self._requires = []
        out: list[Any] = []
        for f in self._kept(self.requirements):
            c = f.cleaned_data
            members = split_ids(c.get("members") or "")
            if not members:
                continue  # an emptied row removes the requirement
            req: dict[str, Any] = {"node": members[0]} if len(members) == 1 else {"any": members}
            if c.get("need") not in (None, 1):  # 1 is the default; the file omits it
                req["need"] = c["need"]
            if c.get("tolerance"):
                req["tolerance"] = c["tolerance"]
            out.append(members[0] if list(req) == ["node"] else req)
            self._requires.append(f)
        return out

    def _products_entry(self) -> list[dict[str, str]]:
        self._products = []
        out = []
        for f in self._kept(self.products):
            row = {k: (f.cleaned_data.get(k) or "").strip() for k in PRODUCT_KEYS}
            row = {k: v for k, v in row.items() if v}
            if not row:
                continue  # an emptied row removes the product
            out.append(row)
            self._products.append(f)
        return out

    def _impact_entry(self) -> dict[str, Any]:
        impact: dict[str, Any] = {}
        if self._per_day:
            impact["per_day"] = {k: f.cleaned_data["value"] for k, f in self._per_day.items()}
        steps = []
        for step in self._steps:
            first = next(iter(step.values()))
            values = {k: f.cleaned_data["value"] for k, f in step.items()}
            steps.append({"after": first.cleaned_data["after"], **values})
        if steps:
            impact["steps"] = steps
        return impact

    def route(self, rest: Path_) -> Spot | None:
        """Where a problem at ``rest`` (the path inside this node) belongs."""
        if rest[:1] == ("requires",):
            return self._route_requirement(rest[1:])
        if rest[:1] == ("impact",):
            return self._route_impact(rest[1:])
        if rest[:1] == ("products",):
            index = rest[1] if len(rest) > 1 else None
            if isinstance(index, int) and index < len(self._products):
                key = rest[2] if len(rest) > 2 else None
                return Spot(self._products[index], key if key in PRODUCT_KEYS else None)
            return Spot(self.form)
        if rest[:1] == ("location",):
            return Spot(self.form, "lon" if rest[1:2] == ("lon",) else "lat")
        return field_route(self.form)(rest)

    def _route_requirement(self, rest: Path_) -> Spot:
        if not rest or not isinstance(rest[0], int) or rest[0] >= len(self._requires):
            return Spot(self.form)
        sub = rest[1] if len(rest) > 1 else "members"
        return Spot(self._requires[rest[0]], sub if sub in ("need", "tolerance") else "members")

    def _route_impact(self, rest: Path_) -> Spot:
        if rest[:1] == ("per_day",) and len(rest) > 1 and rest[1] in self._per_day:
            return Spot(self._per_day[str(rest[1])], "value")
        index = rest[1] if rest[:1] == ("steps",) and len(rest) > 1 else None
        if isinstance(index, int) and index < len(self._steps):
            step = self._steps[index]
            key = rest[2] if len(rest) > 2 else None
            if key in step:
                return Spot(step[str(key)], "value")
            first = next(iter(step.values()))
            return Spot(first, "after" if key == "after" else None)
        return Spot(self.form)
